"""Reading a department's local layer database: its pages, and its notes as annotations.

A local layer (built by content/local_builder.py) is opened read-only and checked before
use: a missing, damaged or foreign file, or one made by a newer PainRef, is a DatabaseError
in one line that says what to do, never a bare sqlite3 error. Its notes become
content/annotations.py Annotations, judged on the day given (overdue) and against the
published Library given (drift: the value a note was approved against has changed since).
Import-light (sqlite3, json and the standard library): on the start-up path.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painref.content.annotations import LOCAL, Annotation, Drift, Target, overdue
from painref.content.dbfile import (
    SQLITE_HEADER,
    checked_meta,
    file_identity,
    forget_checked,
    one_line,
    remember_checked,
)
from painref.content.fingerprint import digest, published_values
from painref.errors import DatabaseError, PainRefError, UnknownTopicError

if TYPE_CHECKING:
    from painref.content.library import Library

LOCAL_SCHEMA_VERSION = 1
"""The local layer schema this PainRef writes and reads."""
LAYER_KIND = "painref-local-layer"
"""The meta table's kind: what tells a local layer from a published content database."""
LABEL = "Local protocol: {name}"

_WHAT_TO_DO = "rebuild it (`painref pack build local`) or ask IT to reinstall the local layer"
_META_KEYS = (
    "layer_id",
    "layer_name",
    "layer_version",
    "built",
    "content_version",
    "source_hash",
)
_PAGE_COLUMNS = (
    "id, title, summary_html, summary_text, body_html, body_text, author, approved, "
    "review_due, aliases, related"
)
_NOTE_COLUMNS = (
    "id, page, field, drug, title, author, approved, review_due, body_html, body_text, "
    "published_text, published_sha256"
)


@dataclass(frozen=True)
class LocalLayerMeta:
    """What a local layer database says about itself."""

    id: str
    name: str
    """The department, as labels show it ("Local protocol: <name>")."""
    version: str
    built: str
    """When it was built, ISO 8601 in UTC (SOURCE_DATE_EPOCH when set)."""
    content_version: str
    """The published content version its notes were written against."""
    schema_version: int
    contact: str = ""
    source_hash: str = ""
    pages: int = 0
    notes: int = 0

    @property
    def label(self) -> str:
        """ "Local protocol: <name>", as every local note and page is marked."""
        return LABEL.format(name=self.name)


@dataclass(frozen=True)
class LocalPage:
    """A department's own page, ready to draw (its Markdown already rendered, safely)."""

    id: str
    title: str
    summary_html: str
    summary_text: str
    body_html: str
    body_text: str
    author: str
    approved: date
    review_due: date
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    """Published page ids."""
    layer_name: str

    @property
    def label(self) -> str:
        return LABEL.format(name=self.layer_name)

    def overdue(self, today: date) -> bool:
        """The page's review date has passed on today."""
        return overdue(self.review_due, today)


class LocalLayer:
    """A local layer database, open read-only.

    Every public method returns data or raises a PainRefError: DatabaseError when the file
    is damaged (with its path and what to do), UnknownTopicError for a page it lacks.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: LocalLayerMeta) -> None:
        self.connection = connection
        """Read-only; the search layer queries its FTS5 table local_fts(id, title, aliases,
        body)."""
        self.path = path
        self.meta = meta
        self._annotations: tuple[tuple[object, ...], tuple[Annotation, ...]] | None = None
        """The last annotations() answer, by the library and the day it was for."""

    @classmethod
    def open(cls, path: Path, *, check: bool | None = None) -> LocalLayer:
        """Open and check the local layer database at path.

        check: as Library.open's: True runs SQLite's integrity check of the whole file,
        False does not, None (the default) runs it once per file identity.

        Raises:
            DatabaseError: missing, not a database, damaged, not a local layer, or made by
                a newer PainRef.
        """
        path = Path(path)
        _check_file(path)
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise DatabaseError(
                f"cannot open the local layer {path}: {one_line(str(exc))}"
            ) from None
        try:
            meta = _read_meta(connection, path, check)
            layer = cls(connection, path, meta)
            # A file whose tables are not what the builder writes fails now, not mid-page.
            layer._query(f"SELECT {_PAGE_COLUMNS} FROM pages LIMIT 0")
            layer._query(f"SELECT {_NOTE_COLUMNS} FROM notes LIMIT 0")
            layer._query("SELECT id, title, aliases, body FROM local_fts LIMIT 0")
        except BaseException:
            connection.close()
            raise
        return layer

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> LocalLayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pages ---------------------------------------------------------------------------

    def pages(self) -> list[LocalPage]:
        """The layer's pages, by title."""
        return [
            self._page(row)
            for row in self._query(f"SELECT {_PAGE_COLUMNS} FROM pages ORDER BY position")
        ]

    def page(self, page_id: str) -> LocalPage:
        """One page of the layer.

        Raises:
            UnknownTopicError: the layer has no page with that id.
        """
        rows = self._query(f"SELECT {_PAGE_COLUMNS} FROM pages WHERE id = ?", [page_id])
        if not rows:
            raise UnknownTopicError(page_id)
        return self._page(rows[0])

    def has(self, page_id: str) -> bool:
        """True when the layer has a page with this id."""
        return bool(self._query("SELECT 1 FROM pages WHERE id = ?", [page_id]))

    # -- notes ---------------------------------------------------------------------------

    def annotations(self, library: Library, today: date) -> list[Annotation]:
        """Every note of the layer as an Annotation, in file-name order.

        overdue: its review date is before today. drift: the published value it names
        differs from the one recorded when the layer was built (approved_against is the
        content version then); a note whose page or drug is no longer published is kept,
        with drift whose now is "", so it is never silently lost.

        Raises:
            DatabaseError: this layer or the library is damaged.
        """
        key = (str(library.path), library.meta.source_hash, library.meta.build_time, today)
        if self._annotations is not None and self._annotations[0] == key:
            return list(self._annotations[1])
        rows = self._query(f"SELECT {_NOTE_COLUMNS} FROM notes ORDER BY position")
        targets = [
            Target(page=_optional(r[1]), field=_optional(r[2]), drug=_optional(r[3])) for r in rows
        ]
        current = published_values(library, targets)
        found = []
        for row, target in zip(rows, targets, strict=True):
            (note_id, _, _, _, title, author, approved, review_due) = row[:8]
            body_html, body_text, was, was_sha = row[8:]
            what = f"the note {_text(note_id)!r}"
            if not (target.page or target.drug):
                raise self._damaged(f"{what}: it is attached to nothing")
            was = _optional(was)
            if digest(was) != _optional(was_sha):
                raise self._damaged(f"{what}: its recorded published value fails its checksum")
            now = current[target]
            gone = now is None and target.page is not None and not library.has(target.page)
            drift = None
            if gone or digest(now) != was_sha:
                drift = Drift(
                    approved_against=self.meta.content_version, was=was or "", now=now or ""
                )
            due = self._date(review_due, what)
            found.append(
                Annotation(
                    kind=LOCAL,
                    id=_text(note_id),
                    target=target,
                    label=self.meta.label,
                    body_html=_text(body_html),
                    body_text=_text(body_text),
                    title=_text(title),
                    author=_text(author),
                    approved=self._date(approved, what),
                    review_due=due,
                    overdue=overdue(due, today),
                    drift=drift,
                )
            )
        self._annotations = (key, tuple(found))
        return found

    # -- internals -----------------------------------------------------------------------

    def _query(self, sql: str, args: list[object] | None = None) -> list[tuple[Any, ...]]:
        try:
            return self.connection.execute(sql, args or []).fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            meta = self.meta
            # Damaged where the open did not look: the next open checks the whole file.
            forget_checked(
                file_identity(self.path, [meta.id, meta.version, meta.built, meta.source_hash])
            )
            raise DatabaseError(
                f"the local layer {self.path} cannot be read ({one_line(str(exc))}); {_WHAT_TO_DO}"
            ) from None

    def _damaged(self, what: str) -> DatabaseError:
        return DatabaseError(f"the local layer {self.path} is damaged: {what}; {_WHAT_TO_DO}")

    def _date(self, raw: object, what: str) -> date:
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise self._damaged(f"{what}: {str(raw)[:20]!r} is not a date") from None

    def _strings(self, raw: object, what: str) -> tuple[str, ...]:
        try:
            values = json.loads(raw) if isinstance(raw, str) else None
        except (ValueError, RecursionError):
            values = None
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self._damaged(f"{what}: not a list of names")
        return tuple(values)

    def _page(self, row: tuple[Any, ...]) -> LocalPage:
        page_id = _text(row[0])
        what = f"the page {page_id!r}"
        return LocalPage(
            id=page_id,
            title=_text(row[1]),
            summary_html=_text(row[2]),
            summary_text=_text(row[3]),
            body_html=_text(row[4]),
            body_text=_text(row[5]),
            author=_text(row[6]),
            approved=self._date(row[7], what),
            review_due=self._date(row[8], what),
            aliases=self._strings(row[9], f"the aliases of {what}"),
            related=self._strings(row[10], f"the related pages of {what}"),
            layer_name=self.meta.name,
        )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _optional(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _check_file(path: Path) -> None:
    """DatabaseError, in one line a person can act on, unless path is an SQLite file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise DatabaseError(f"the local layer {path} is missing; {_WHAT_TO_DO}") from None
        if exc.errno == errno.ELOOP:
            raise DatabaseError(f"the local layer {path} is a symbolic link loop") from None
        raise DatabaseError(
            f"the local layer {path} cannot be read: {exc.strerror or exc}"
        ) from None
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"the local layer {path} is a folder, not a local layer file")
    if not stat.S_ISREG(mode):
        raise DatabaseError(
            f"the local layer {path} is not a regular file (a pipe, a device or a socket)"
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"the local layer {path} cannot be read: {exc.strerror}") from None
    if not header:
        raise DatabaseError(f"the local layer {path} is empty; {_WHAT_TO_DO}")
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a PainRef local layer (not an SQLite file)")


def _read_meta(
    connection: sqlite3.Connection, path: Path, check: bool | None = True
) -> LocalLayerMeta:
    """The layer's metadata, after SQLite's integrity check (check: as dbfile.read_meta's;
    a meta table that cannot be read is always checked first)."""

    def version_key(meta: dict[str, Any]) -> list[object]:
        return [meta.get(k) for k in ("layer_id", "layer_version", "built", "source_hash")]

    try:
        rows, identity, checking = checked_meta(connection, path, check, version_key)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        message = one_line(str(exc))
        if "no such table" in message:
            raise DatabaseError(
                f"{path} is not a PainRef local layer (it has no meta table)"
            ) from None
        raise DatabaseError(
            f"the local layer {path} is damaged ({message}); {_WHAT_TO_DO}"
        ) from None
    kind = rows.get("kind")
    if kind != LAYER_KIND:
        if kind is None and "layer_id" not in rows and "content_version" in rows:
            raise DatabaseError(
                f"{path} is PainRef's published content database, not a local layer"
            )
        raise DatabaseError(f"{path} is not a PainRef local layer")
    try:
        version = int(str(rows.get("schema_version")))
    except ValueError:
        raise DatabaseError(
            f"{path} is not a PainRef local layer (its schema version is not a number)"
        ) from None
    if version > LOCAL_SCHEMA_VERSION:
        raise DatabaseError(
            f"the local layer {path} was made by a newer PainRef (local layer schema "
            f"{version}; this PainRef reads {LOCAL_SCHEMA_VERSION}); update PainRef, or "
            "rebuild the layer with this version"
        )
    if version < LOCAL_SCHEMA_VERSION:
        raise DatabaseError(
            f"the local layer {path} has schema {version}, which this PainRef does not "
            f"read; {_WHAT_TO_DO}"
        )
    missing = [key for key in _META_KEYS if not isinstance(rows.get(key), str)]
    if missing:
        raise DatabaseError(
            f"the local layer {path} is damaged: its metadata lacks {', '.join(missing)}; "
            f"{_WHAT_TO_DO}"
        )
    if checking:
        remember_checked(path, identity, version_key(rows))
    return LocalLayerMeta(
        id=str(rows["layer_id"]),
        name=str(rows["layer_name"]),
        version=str(rows["layer_version"]),
        built=str(rows["built"]),
        content_version=str(rows["content_version"]),
        schema_version=version,
        contact=str(rows.get("contact") or ""),
        source_hash=str(rows["source_hash"]),
        pages=_count(connection, "pages"),
        notes=_count(connection, "notes"),
    )


def _count(connection: sqlite3.Connection, table: str) -> int:
    try:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    except sqlite3.DatabaseError:
        return 0  # the column checks after this name the damage
    return int(row[0]) if row else 0


def open_in_force() -> tuple[LocalLayer | None, str | None]:
    """The department's local layer in force (paths.local_layer_db), or why it cannot be
    shown; (None, None) when none is installed. Never raises: the published content is
    shown either way. The window, the command line and the planner share this."""
    from painref import paths

    path = paths.local_layer_db()
    if path is None:
        return None, None
    try:
        return LocalLayer.open(path), None
    except PainRefError as exc:
        return None, f"the local protocols cannot be shown: {exc}"
