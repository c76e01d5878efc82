"""The user's own database: opening it safely, recovering from damage, versioned migrations.

This is never the bundled content database and never lives in the install folder: the caller
passes the path (``paths.user_data_dir() / "user.db"`` in the app). Import-light on purpose
(sqlite3 only): sqlite-utils is imported only when a migration is pending.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from painref.errors import PainRefError

if TYPE_CHECKING:
    from sqlite_utils.db import Database

MIGRATION_SET = "painref-user"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.migrations.Migrations.migrations_table
CORRUPT_SUFFIX = ".corrupt-"
BUSY_TIMEOUT_S = 5.0
"""How long a write waits for another program's lock before it fails."""
STARTUP_BUSY_TIMEOUT_S = 1.0
"""How long each step of opening waits: start-up must not freeze behind another program."""

# Errors that say "this file or folder cannot be used right now", as opposed to "this file
# is damaged": they must never cause a file to be moved aside.
_UNAVAILABLE_ERRORS = (
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_PERM",
    "SQLITE_IOERR",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_AUTH",
    "SQLITE_NOLFS",
)
_WHAT = "bookmarks, notes, history and lecture sets"


class StoreError(PainRefError):
    """The user database could not do what was asked (a write failed, a file is bad)."""


class StoreUnavailable(StoreError):
    """The user database cannot be opened or written; the app runs without saving."""


class ImportFileError(StoreError):
    """A bookmarks or lecture-set file to import is unreadable or malformed."""


class LectureSetError(StoreError):
    """No lecture set has that id, or a name is empty or already taken."""


class NoteError(StoreError):
    """A note cannot be kept as given: too long, not valid text, or not on a page."""


class _Damaged(Exception):
    """Internal: the file is not a usable user database and should be moved aside."""


def now_iso() -> str:
    """The current time as ISO 8601 in UTC, to the second (what the tables store)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class UserStore:
    """An open user database; the bookmark, note, history and lecture-set stores share one.

    Attributes:
        path: the database file.
        connection: the sqlite3 connection, in autocommit mode; write through
            ``transaction()`` so every change is one transaction.
        recovered_from: where a damaged file was moved aside when this one was created in its
            place, so the UI can tell the person; None normally.
    """

    def __init__(
        self, connection: sqlite3.Connection, path: Path, recovered_from: Path | None = None
    ) -> None:
        self.connection = connection
        self.path = path
        self.recovered_from = recovered_from

    @classmethod
    def open(cls, path: Path) -> UserStore:
        """Open the user database at path, creating its folder and the file if needed.

        A file that is not a database, fails ``PRAGMA integrity_check`` or cannot be migrated
        is renamed to ``<name>.corrupt-YYYYmmdd-HHMMSS`` (with its -wal and -shm) and a fresh
        database is created; ``recovered_from`` then names the renamed file.

        Raises:
            StoreUnavailable: the folder or file cannot be created or written, the file was
                made by a newer PainRef, or a damaged file could not be moved aside.
        """
        path = Path(path)
        _prepare_folder(path)
        try:
            return cls(_connect_checked(path), path)
        except _Damaged:
            pass
        moved = _move_aside(path)
        try:
            connection = _connect_checked(path)
        except _Damaged as exc:
            raise StoreUnavailable(
                f"cannot create a new database for your {_WHAT} at {path} ({exc}); "
                "PainRef will run without saving them"
            ) from None
        return cls(connection, path, recovered_from=moved)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one transaction: committed at the end, rolled back on error.

        Raises:
            StoreError: the change could not be saved (disk full, file locked by another
                program, read-only, a damaged file); nothing was changed. No sqlite3 error
                leaves this block: callers (the window's slots) catch PainRefError.
        """
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                _rollback(connection)
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(connection)
            raise StoreError(f"could not save to {self.path}: {_explain(exc)}") from None
        except UnicodeDecodeError:
            _rollback(connection)
            raise StoreError(f"could not save to {self.path}: the file is damaged") from None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run reads; any sqlite3 error becomes a StoreError.

        Raises:
            StoreError: the database could not be read (locked, damaged, a disk error).
        """
        try:
            yield self.connection
        except sqlite3.Error as exc:
            raise StoreError(f"could not read {self.path}: {_explain(exc)}") from None
        except UnicodeDecodeError:  # SQLite's message quotes bytes that are not UTF-8
            raise StoreError(f"could not read {self.path}: the file is damaged") from None

    def applied_migrations(self) -> list[str]:
        """The names of the migrations this database has had, in order."""
        with self.reading() as connection:
            return _applied(connection)


def _rollback(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:
        # SQLite may have rolled back itself (e.g. after SQLITE_FULL or an I/O error).
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def _explain(exc: sqlite3.Error) -> str:
    """SQLite's error as one line a person can act on."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = " ".join(str(exc).split())
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        return f"the disk may be full or failing ({text})"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"it is in use by another program ({text}); close it and try again"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH")):
        return f"it cannot be written ({text})"
    return text


# -- opening ------------------------------------------------------------------------------


def _prepare_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(
            f"cannot create the folder {folder} for your {_WHAT} "
            f"({exc.strerror or exc}); PainRef will run without saving them. Make sure it "
            "can be created, or set PAINREF_USER_DIR to a folder you can write to"
        ) from None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreUnavailable(
                f"{path} is a symbolic link loop, not a database file; remove it so PainRef "
                f"can save your {_WHAT} there. PainRef will run without saving them"
            ) from None
    if path.is_dir():
        raise StoreUnavailable(
            f"{path} is a folder, not a database file; move it away so PainRef can save "
            f"your {_WHAT} there. PainRef will run without saving them"
        )
    if not os.access(folder, os.W_OK | os.X_OK) or (
        path.exists() and not os.access(path, os.R_OK | os.W_OK)
    ):
        raise StoreUnavailable(
            f"cannot write to {path if path.exists() else folder}; PainRef will run without "
            f"saving your {_WHAT}. Allow writing there, or set PAINREF_USER_DIR to a folder "
            "you can write to"
        )


def _is_unavailable(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_UNAVAILABLE_ERRORS)


def _unavailable(path: Path, exc: sqlite3.Error) -> StoreUnavailable:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreUnavailable(
            f"{path}, where your {_WHAT} are saved, is in use by another program; PainRef "
            "will run without saving them. Close that program and start PainRef again"
        )
    return StoreUnavailable(
        f"cannot open {path} to save your {_WHAT} ({_explain(exc)}); PainRef will run "
        "without saving them. Close other programs using it and check the disk has space "
        "and can be written"
    )


def _connect_checked(path: Path) -> sqlite3.Connection:
    """Check an existing file, connect, migrate and switch to WAL.

    Raises:
        _Damaged: the file is not a usable user database.
        StoreUnavailable: the file cannot be opened or written right now.
    """
    _check_existing(path)
    try:
        # isolation_level=None: no implicit transactions; transaction() says where they are.
        connection = sqlite3.connect(path, timeout=STARTUP_BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise _unavailable(path, exc) from None
    try:
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        # Migrations first: one that fails is rolled back and leaves the file as it was.
        _migrate(connection)
        _check_tables(connection)
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        # Opened: from now on a write waits longer for another program than start-up did.
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    except sqlite3.Error as exc:
        connection.close()
        if _is_unavailable(exc):
            raise _unavailable(path, exc) from None
        raise _Damaged(str(exc)) from None
    except UnicodeDecodeError:
        connection.close()
        raise _Damaged("its structure is damaged (names that are not UTF-8)") from None
    except BaseException:
        connection.close()
        raise
    return connection


def _check_existing(path: Path) -> None:
    """Check a file's integrity through a read-only connection.

    Read-only, because closing a read-write connection to a damaged file can delete its
    -wal file (which may hold the latest changes) before it is moved aside.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=STARTUP_BUSY_TIMEOUT_S
        )
    except sqlite3.Error as exc:
        raise _unavailable(path, exc) from None
    # A damaged file's report can quote bytes that are not UTF-8.
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise _Damaged(" ".join("; ".join(str(p) for p in problems[:3]).split()))
        _check_not_newer(connection, path)
        _check_tables(connection)
    except sqlite3.Error as exc:
        if _is_unavailable(exc):
            raise _unavailable(path, exc) from None
        raise _Damaged(str(exc)) from None
    except UnicodeDecodeError:
        # SQLite's message quotes a damaged name that is not UTF-8.
        raise _Damaged("its structure is damaged (names that are not UTF-8)") from None
    finally:
        connection.close()


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal and -shm) so nothing is lost; return the name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{CORRUPT_SUFFIX}{stamp}")
    n = 1
    while any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm")):
        n += 1
        target = path.with_name(f"{path.name}{CORRUPT_SUFFIX}{stamp}-{n}")
    try:
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                source.rename(f"{target}{suffix}")
    except OSError as exc:
        raise StoreUnavailable(
            f"the database of your {_WHAT}, {path}, is damaged and could not be moved aside "
            f"({exc.strerror or exc}); PainRef will run without saving them. Move or delete "
            "that file to start afresh"
        ) from None
    return target


# -- migrations ---------------------------------------------------------------------------
# Append only: a released migration is never edited or removed, because databases out there
# have recorded its name. Each runs with the record of having run, and all pending ones
# in one transaction (see _migrate).


def _m001_bookmarks_history(db: Database) -> None:
    db.execute(
        "CREATE TABLE bookmarks ("
        " location TEXT PRIMARY KEY NOT NULL,"
        " title TEXT NOT NULL,"
        " created TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE history ("
        " location TEXT PRIMARY KEY NOT NULL,"
        " title TEXT NOT NULL,"
        " visited TEXT NOT NULL,"
        " seq INTEGER NOT NULL)"
    )
    db.execute("CREATE INDEX history_seq ON history (seq)")


def _m002_lecture_sets(db: Database) -> None:
    db.execute(
        "CREATE TABLE lecture_sets ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
        " created TEXT NOT NULL,"
        " modified TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE lecture_set_items ("
        " set_id INTEGER NOT NULL REFERENCES lecture_sets (id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL,"
        " location TEXT NOT NULL,"
        " title TEXT NOT NULL,"
        " PRIMARY KEY (set_id, position))"
    )


def _m003_notes(db: Database) -> None:
    # Newest change first is ORDER BY modified DESC, seq DESC: seq (a change counter)
    # orders two changes made in the same second. location is the page's stored form, as
    # a bookmark's is.
    db.execute(
        "CREATE TABLE notes ("
        " location TEXT PRIMARY KEY NOT NULL,"
        " title TEXT NOT NULL,"
        " text TEXT NOT NULL,"
        " created TEXT NOT NULL,"
        " modified TEXT NOT NULL,"
        " seq INTEGER NOT NULL)"
    )
    db.execute("CREATE INDEX notes_modified ON notes (modified, seq)")


MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = [
    ("m001_bookmarks_history", _m001_bookmarks_history),
    ("m002_lecture_sets", _m002_lecture_sets),
    ("m003_notes", _m003_notes),
]


def _applied(connection: sqlite3.Connection) -> list[str]:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = connection.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def _check_not_newer(connection: sqlite3.Connection, path: Path) -> None:
    """A newer PainRef's database is kept as it is, not treated as damage."""
    known = {name for name, _ in MIGRATIONS}
    unknown = [name for name in _applied(connection) if name not in known]
    if unknown:
        raise StoreUnavailable(
            f"{path} was made by a newer version of PainRef; update PainRef to use your "
            f"{_WHAT}. This version will run without saving them"
        )


# The tables and columns each migration leaves, for the check on opening: a file whose
# migrations are recorded but whose tables are gone or changed (a DB browser, a partial
# restore) is damaged, and is kept aside like any other damaged file.
EXPECTED_TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "m001_bookmarks_history": {
        "bookmarks": ("location", "title", "created"),
        "history": ("location", "title", "visited", "seq"),
    },
    "m002_lecture_sets": {
        "lecture_sets": ("id", "name", "created", "modified"),
        "lecture_set_items": ("set_id", "position", "location", "title"),
    },
    "m003_notes": {
        "notes": ("location", "title", "text", "created", "modified", "seq"),
    },
}


def _check_tables(connection: sqlite3.Connection) -> None:
    """Check that the tables of every recorded migration are there, with their columns.

    Raises:
        _Damaged: a table or a column is missing.
    """
    for name in _applied(connection):
        for table, columns in EXPECTED_TABLES.get(name, {}).items():
            found = {
                str(row[0])
                for row in connection.execute("SELECT name FROM pragma_table_info(?)", [table])
            }
            if not found:
                raise _Damaged(f"the table {table} is missing")
            absent = [c for c in columns if c not in found]
            if absent:
                raise _Damaged(f"the table {table} lacks {', '.join(absent)}")


def _migrate(connection: sqlite3.Connection) -> None:
    """Apply pending migrations with sqlite-utils (imported only when one is pending)."""
    applied = set(_applied(connection))
    if all(name in applied for name, _ in MIGRATIONS):
        return
    from sqlite_utils.db import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, function in MIGRATIONS:
        migrations(name=name)(function)
    db = Database(connection, recursive_triggers=False, execute_plugins=False)
    # One outer transaction (each migration nests in a savepoint): a failed upgrade leaves
    # the file as it was, migrations table included. So no migration may be transactional=False.
    with db.atomic():
        migrations.apply(db)
