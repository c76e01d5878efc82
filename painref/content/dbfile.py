"""Is a file a usable PainRef content database? The checks made when it is opened.

Each failure is a DatabaseError in one line that names the file and what to do: missing,
a folder, a link loop, unreadable, empty, not SQLite, damaged, foreign or of another schema.

The header checks run on every open; SQLite's ``PRAGMA quick_check``, which reads the whole
file (0.45 s for 50,000 topics), runs once per file identity (its resolved path, device,
inode, size, modification and change times, and version), remembered in a small record in
the user cache folder (paths.user_cache_dir()), and whenever a caller asks for it (the
self-test, ``painref status``). A cache folder that cannot be written means a check on every
open, never an error. Damage the skipped check would have found surfaces at the first query
that meets it, as the readers' DatabaseError.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


CHECKS_FILE = "checked-databases.json"
"""The record, in paths.user_cache_dir(), of the file identities that passed quick_check."""
CHECKS_KEPT = 16
"""Identities remembered (the newest): the content database, a local layer, a few more."""
RACY_SECONDS = 2.0
"""A file modified less than this long before its check is not remembered: a write in the
same tick of the file system's clock could leave its identity unchanged."""


def quick_check(connection: sqlite3.Connection) -> None:
    """SQLite's integrity check of the whole file; sqlite3.DatabaseError unless it is ok."""
    check = connection.execute("PRAGMA quick_check").fetchone()
    if check is None or check[0] != "ok":
        raise sqlite3.DatabaseError(str(check[0] if check else "no answer"))


def file_identity(path: Path, version: object) -> str | None:
    """What tells this file, as it is now, from any other or from itself changed; None when
    it cannot be worked out (then the file is always checked)."""
    try:
        info = os.stat(path)
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return json.dumps(
        [
            str(resolved),
            info.st_dev,
            info.st_ino,
            info.st_size,
            info.st_mtime_ns,
            info.st_ctime_ns,
            str(version),
        ]
    )


def was_checked(identity: str | None) -> bool:
    """True when a file of this identity passed quick_check before (as far as the record in
    the cache folder says; an unreadable record says no)."""
    return identity is not None and identity in _checked()


def remember_checked(path: Path, identity: str | None, version: object) -> None:
    """Record that the file of this identity passed quick_check, unless it has changed since
    the identity was taken or was modified too recently to tell a later change. Never
    raises: a cache folder that cannot be written only means checking again next time."""
    if identity is None or file_identity(path, version) != identity:
        return
    try:
        if time.time() - os.stat(path).st_mtime < RACY_SECONDS:
            return
    except OSError:
        return
    known = [i for i in _checked() if i != identity]
    _write_checked([*known, identity][-CHECKS_KEPT:])


def forget_checked(identity: str | None) -> None:
    """Drop an identity from the record (a query found the file damaged after all), so that
    the next open checks it again and says so at once. Never raises."""
    known = _checked()
    if identity is not None and identity in known:
        _write_checked([i for i in known if i != identity])


def _checks_path() -> Path | None:
    """The record's path; None when the user folder cannot be worked out (no record)."""
    from painref import paths

    try:
        return paths.user_cache_dir() / CHECKS_FILE
    except Exception:  # a policy or environment problem: check every time
        return None


def _checked() -> list[str]:
    path = _checks_path()
    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(data, list):
        return []
    return [i for i in data if isinstance(i, str)]


def _write_checked(identities: list[str]) -> None:
    from painref.fsutil import replacing

    path = _checks_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temp:
            temp.write_text(json.dumps(identities, indent=0), encoding="utf-8")
    except (OSError, RuntimeError, ValueError):
        pass  # unwritable: every open checks the file, as before there was a record


def checked_meta(
    connection: sqlite3.Connection,
    path: Path,
    check: bool | None,
    version_of: Callable[[dict[str, Any]], object],
) -> tuple[dict[str, Any], str | None, bool]:
    """A database's meta table, after the integrity check check asks for (as read_meta
    says); (its rows, the file's identity, whether the check ran, to be remembered once
    the caller has accepted the file). version_of: what in the rows versions the file.

    Raises:
        sqlite3.DatabaseError, UnicodeDecodeError: damaged, or no meta table (the caller
            words the message for its kind of file).
    """
    try:
        rows = {str(k): v for k, v in connection.execute("SELECT key, value FROM meta")}
        failure: BaseException | None = None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        rows, failure = {}, exc
    identity = file_identity(path, version_of(rows)) if check is not False and rows else None
    checking = check is True or failure is not None or (check is None and not was_checked(identity))
    if checking:
        quick_check(connection)
    if failure is not None:
        raise failure
    return rows, identity, checking


def read_meta(
    connection: sqlite3.Connection, path: Path, check: bool | None = True
) -> tuple[int, str, str, str]:
    """(schema version, content version, build time, source hash); DatabaseError for a
    damaged, foreign or other-version database.

    check: True runs quick_check, False does not, None runs it unless this file's identity
    passed it before (and records it when it passes). A meta table that cannot be read is
    always checked first, so the message says damaged rather than foreign when it is.
    """
    try:
        rows, identity, checking = checked_meta(
            connection, path, check, lambda meta: meta.get("content_version")
        )
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
    if checking:
        remember_checked(path, identity, rows.get("content_version"))
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
