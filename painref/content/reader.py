"""Reading the bundled database's rows and decoding their values, or saying it is damaged.

The base of the Library: a read-only connection, the queries' error handling, and the
decoding of each column the builder writes (whole numbers, JSON lists of reference numbers
and of names, optional text). Whatever a damaged file holds, a read here either returns the
value the builder would have written or raises a DatabaseError that names the file and what
is wrong; nothing else escapes. Import-light (sqlite3 and json only): on the start-up path.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from painref.content.dbfile import one_line
from painref.errors import DatabaseError


class DatabaseReader:
    """A connection to the bundled database and the checked decoding of its values."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._tables: set[str] | None = None

    def _query(
        self, sql: str, args: list[object] | None = None, table: str | None = None
    ) -> list[tuple[Any, ...]]:
        if table is not None and not self._has_table(table):
            return []  # an optional table that no topic needed
        try:
            return self.connection.execute(sql, args or []).fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            # UnicodeDecodeError: SQLite's message quotes a damaged name that is not UTF-8.
            raise DatabaseError(
                f"the PainRef database {self.path} cannot be read ({one_line(str(exc))}); "
                "reinstall PainRef or run `painref build-db`"
            ) from None

    def damaged(self, what: str) -> DatabaseError:
        """The error for a value in the database that is not what the builder writes."""
        return DatabaseError(
            f"the PainRef database {self.path} is damaged: {one_line(what)}; "
            "reinstall PainRef or run `painref build-db`"
        )

    def _int(self, raw: object, what: str) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            return int(raw)
        raise self.damaged(f"{what}: not a whole number ({_shown(raw)})")

    def _json(self, raw: object, what: str) -> object:
        if not isinstance(raw, str):
            raise self.damaged(f"{what}: not JSON text ({_shown(raw)})")
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise self.damaged(f"{what}: not valid JSON ({_shown(raw)})") from None

    def _refs(self, raw: object, what: str) -> tuple[int, ...]:
        numbers = self._json(raw, f"the reference numbers of {what}")
        if not isinstance(numbers, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in numbers
        ):
            raise self.damaged(
                f"the reference numbers of {what}: not a list of numbers ({_shown(raw)})"
            )
        return tuple(numbers)

    def _strings(self, raw: object, what: str) -> tuple[str, ...]:
        values = self._json(raw, what)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.damaged(f"{what}: not a list of names ({_shown(raw)})")
        return tuple(values)

    def _has_table(self, name: str) -> bool:
        if self._tables is None:
            self._tables = {
                str(r[0])
                for r in self._query(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            }
        return name in self._tables


def as_text(value: object) -> str:
    """A text column as str; NULL (which the builder never writes) as ''."""
    return "" if value is None else str(value)


def as_optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _shown(raw: object) -> str:
    """A damaged value, cut short, for a message."""
    written = repr(raw)
    return written if len(written) <= 40 else written[:37] + "..."
