"""Is a file a usable PainRef content database? The checks made when it is opened.

Each failure is a DatabaseError in one line that names the file and what to do: missing,
a folder, a link loop, unreadable, empty, not SQLite, damaged, foreign or of another schema.
"""

from __future__ import annotations

import errno
import sqlite3
import stat
from pathlib import Path

from painref.content.version import SCHEMA_VERSION
from painref.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"


def one_line(text: str) -> str:
    """SQLite's multi-line reports (quick_check) as one line."""
    return " ".join(text.split())


def check_file(path: Path) -> None:
    """Raises DatabaseError, in one line a person can act on, unless path is an SQLite file."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DatabaseError(
                f"the PainRef database {path} is a symbolic link loop; point it at the "
                "database file, reinstall PainRef or run `painref build-db`"
            ) from None
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise DatabaseError(
                f"the PainRef database {path} cannot be read: {exc.strerror or exc}"
            ) from None
    if not path.exists():
        raise DatabaseError(
            f"the PainRef database {path} is missing; reinstall PainRef "
            "or, in a source checkout, run `painref build-db`"
        )
    if path.is_dir():
        raise DatabaseError(f"the PainRef database {path} is a folder, not a database file")
    if not stat.S_ISREG(path.stat().st_mode):  # a pipe would block the read below for ever
        raise DatabaseError(
            f"the PainRef database {path} is not a regular file (a pipe, a device or a socket)"
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"the PainRef database {path} cannot be read: {exc.strerror}") from None
    if not header:
        raise DatabaseError(
            f"the PainRef database {path} is empty; reinstall PainRef or run `painref build-db`"
        )
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a PainRef database (not an SQLite file)")


def read_meta(connection: sqlite3.Connection, path: Path) -> tuple[int, str, str, str]:
    """(schema version, content version, build time, source hash) after an integrity check;
    DatabaseError for a damaged, foreign or other-version database."""
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(str(check[0] if check else "no answer"))
        rows = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        message = one_line(str(exc))
        if "no such table" in message:
            raise DatabaseError(
                f"{path} is not a PainRef database (it has no meta table)"
            ) from None
        raise DatabaseError(
            f"the PainRef database {path} is damaged ({message}); reinstall "
            "PainRef or run `painref build-db`"
        ) from None
    try:
        version = int(rows["schema_version"])
        meta = (
            version,
            str(rows["content_version"]),
            str(rows["build_time"]),
            str(rows["source_hash"]),
        )
    except (KeyError, ValueError, TypeError):
        raise DatabaseError(
            f"{path} is not a PainRef database (its metadata is incomplete)"
        ) from None
    if version != SCHEMA_VERSION:
        raise DatabaseError(
            f"the PainRef database {path} has schema version {version}, but this "
            f"PainRef reads version {SCHEMA_VERSION}; install a matching "
            "database or run `painref build-db`"
        )
    return meta


def content_version(path: Path) -> str | None:
    """A content database's version from its meta table, read-only and unchecked (a cheap
    look for the start-up path, not the checks read_meta makes); None when it cannot be
    read."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(row[0]) if row else None
