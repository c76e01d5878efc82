"""SQLite's integrity check (PRAGMA quick_check, which reads the whole file) runs once per
file identity, remembered in the user cache folder, and on demand; damage it would have
found still surfaces as the same one-line DatabaseError."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from painref import paths
from painref.content import dbfile
from painref.content import library as library_module
from painref.content.dbfile import CHECKS_FILE, file_identity, was_checked
from painref.content.library import Library
from painref.content.local_layer import LocalLayer
from painref.errors import DatabaseError

from .test_local_layer import built  # noqa: F401  (the module's layer fixture)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each quick_check run (by the content database and the local layer, both
    through dbfile)."""
    runs: list[str] = []

    def spy(connection: sqlite3.Connection) -> None:
        runs.append("check")
        real(connection)

    real = dbfile.quick_check
    monkeypatch.setattr(dbfile, "quick_check", spy)
    monkeypatch.setattr(library_module, "quick_check", spy)
    return runs


def _settled_copy(source: Path, target: Path) -> Path:
    """A copy of a database last modified an hour ago (a file written in the same tick as
    its check is never remembered: its identity could stay the same through a change)."""
    shutil.copy(source, target)
    old = time.time() - 3600
    os.utime(target, (old, old))
    return target


def _open_and_close(path: Path, **kwargs: bool | None) -> None:
    Library.open(path, **kwargs).close()


def test_an_unchanged_database_is_checked_once(
    tmp_path: Path, small_db_path: Path, checks: list[str]
) -> None:
    db = _settled_copy(small_db_path, tmp_path / "painref.db")
    _open_and_close(db)
    assert checks == ["check"]
    _open_and_close(db)
    _open_and_close(db)
    assert checks == ["check"]
    assert (paths.user_cache_dir() / CHECKS_FILE).is_file()


def test_a_changed_or_other_database_is_checked_again(
    tmp_path: Path, small_db_path: Path, checks: list[str]
) -> None:
    db = _settled_copy(small_db_path, tmp_path / "painref.db")
    _open_and_close(db)
    other = _settled_copy(small_db_path, tmp_path / "other.db")
    _open_and_close(other)
    assert len(checks) == 2
    os.utime(db, (time.time() - 60, time.time() - 60))  # modified since
    _open_and_close(db)
    assert len(checks) == 3
    _open_and_close(db)
    assert len(checks) == 3


def test_a_database_written_just_now_is_not_remembered(
    tmp_path: Path, small_db_path: Path, checks: list[str]
) -> None:
    db = tmp_path / "painref.db"
    shutil.copy(small_db_path, db)
    os.utime(db)  # now: a change in the same clock tick would keep its identity
    _open_and_close(db)
    _open_and_close(db)
    assert checks == ["check", "check"]


def test_asking_for_the_check_runs_it_and_false_skips_it(
    tmp_path: Path, small_db_path: Path, checks: list[str]
) -> None:
    db = _settled_copy(small_db_path, tmp_path / "painref.db")
    _open_and_close(db, check=False)
    assert checks == []
    _open_and_close(db, check=True)
    _open_and_close(db, check=True)
    assert checks == ["check", "check"]
    _open_and_close(db)  # passed when asked: remembered too
    assert len(checks) == 2
    library = Library.open(db)
    library.verify()
    library.close()
    assert len(checks) == 3


def test_an_unwritable_cache_folder_means_a_check_every_time(
    tmp_path: Path, small_db_path: Path, checks: list[str]
) -> None:
    cache = paths.user_cache_dir()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder should be", encoding="utf-8")
    db = _settled_copy(small_db_path, tmp_path / "painref.db")
    _open_and_close(db)
    _open_and_close(db)
    assert checks == ["check", "check"]


def test_a_garbled_record_is_ignored(
    tmp_path: Path, small_db_path: Path, checks: list[str]
) -> None:
    record = paths.user_cache_dir() / CHECKS_FILE
    record.parent.mkdir(parents=True)
    record.write_bytes(b"\xff{not json")
    db = _settled_copy(small_db_path, tmp_path / "painref.db")
    _open_and_close(db)
    _open_and_close(db)
    assert checks == ["check"]


def _corrupt_in_place(db: Path) -> None:
    """Overwrite pages in the middle of the file, keeping its size and modification time."""
    info = os.stat(db)
    with db.open("r+b") as handle:
        handle.seek(info.st_size // 4)
        handle.write(b"\xff" * (info.st_size // 2))
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_damaged_database_is_not_remembered(
    tmp_path: Path, real_db_path: Path, checks: list[str]
) -> None:
    db = _settled_copy(real_db_path, tmp_path / "painref.db")
    version = Library.open(db, check=False).meta.content_version
    _corrupt_in_place(db)
    for _ in range(2):
        with pytest.raises(DatabaseError, match="is damaged"):
            Library.open(db)
    assert len(checks) == 2
    assert not was_checked(file_identity(db, version))


def _remembered_then_damaged(tmp_path: Path, real_db_path: Path) -> Path:
    """A database that passed its check, then was damaged without its identity changing
    (as a failing disk can): what the skipped check would have found."""
    db = _settled_copy(real_db_path, tmp_path / "painref.db")
    _open_and_close(db)
    version = Library.open(db, check=False).meta.content_version
    _corrupt_in_place(db)
    dbfile.remember_checked(db, file_identity(db, version), version)
    assert was_checked(file_identity(db, version))
    return db


def _read_every_page(library: Library) -> None:
    for summary in library.topics():
        library.topic(summary.id)


def test_damage_found_by_a_query_is_the_usual_error_and_the_next_open_checks(
    tmp_path: Path, real_db_path: Path, checks: list[str]
) -> None:
    db = _remembered_then_damaged(tmp_path, real_db_path)
    del checks[:]
    library = Library.open(db)  # not read through: the record says it passed
    assert checks == []
    with pytest.raises(DatabaseError) as info:
        _read_every_page(library)
    message = str(info.value)
    assert message.startswith(f"the PainRef database {db} cannot be read (")
    assert message.endswith("; reinstall PainRef or run `painref build-db`")
    assert "\n" not in message
    library.close()
    with pytest.raises(DatabaseError, match="is damaged"):
        Library.open(db)  # forgotten: checked again, and refused at once
    assert checks == ["check"]


def test_verify_finds_what_the_open_skipped(tmp_path: Path, real_db_path: Path) -> None:
    db = _remembered_then_damaged(tmp_path, real_db_path)
    library = Library.open(db)
    with pytest.raises(DatabaseError, match=f"the PainRef database {db} is damaged"):
        library.verify()
    library.close()
    with pytest.raises(DatabaseError, match="is damaged"):
        Library.open(db, check=True)


def test_a_local_layer_is_checked_once(
    built: tuple[Library, Path],  # noqa: F811
    tmp_path: Path,
    checks: list[str],
) -> None:
    layer = _settled_copy(built[1], tmp_path / "local.db")
    opens: list[Callable[[], LocalLayer]] = [
        lambda: LocalLayer.open(layer),
        lambda: LocalLayer.open(layer),
        lambda: LocalLayer.open(layer, check=True),
    ]
    for open_layer in opens:
        open_layer().close()
    assert checks == ["check", "check"]
    _corrupt_in_place(layer)
    with pytest.raises(DatabaseError, match=r"local layer .* is damaged"):
        LocalLayer.open(layer)
