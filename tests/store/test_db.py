"""Opening the user database: WAL, migrations, damaged files kept aside, unusable folders."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from painref.errors import PainRefError
from painref.store import db as store_db
from painref.store.bookmarks import BookmarkStore
from painref.store.db import (
    MIGRATION_SET,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    StoreError,
    StoreUnavailable,
    UserStore,
)
from painref.store.history import HistoryStore
from painref.store.lecture_sets import LectureSetStore
from painref.store.notes import NoteStore

from ..conftest import ROOT

CORRUPT_NAME = re.compile(r"^user\.db\.corrupt-\d{8}-\d{6}(-\d+)?$")


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def _corrupt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


# -- opening ------------------------------------------------------------------------------


def test_open_creates_folder_and_database(user_db_path: Path) -> None:
    assert not user_db_path.parent.exists()
    with UserStore.open(user_db_path) as store:
        assert user_db_path.is_file()
        assert store.path == user_db_path
        assert store.recovered_from is None


def test_open_uses_wal_and_full_sync(store: UserStore) -> None:
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # FULL is 2.
    assert store.connection.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_migrations_table_records_every_migration(store: UserStore, user_db_path: Path) -> None:
    names = [name for name, _ in MIGRATIONS]
    assert store.applied_migrations() == names
    rows = store.connection.execute(
        f"SELECT migration_set, name, applied_at FROM {MIGRATIONS_TABLE} ORDER BY id"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(MIGRATION_SET, n) for n in names]
    assert all(r[2] for r in rows)
    assert {"bookmarks", "history", "lecture_sets", "lecture_set_items", "notes"} <= _tables(
        user_db_path
    )


def test_reopening_applies_nothing_twice(user_db_path: Path) -> None:
    UserStore.open(user_db_path).close()
    with UserStore.open(user_db_path) as store:
        count = store.connection.execute(f"SELECT count(*) FROM {MIGRATIONS_TABLE}").fetchone()[0]
        assert count == len(MIGRATIONS)
        assert store.recovered_from is None


def test_pending_migrations_are_applied_to_an_older_database(user_db_path: Path) -> None:
    """A database from before lecture sets gets them (and notes), and keeps its bookmarks."""
    with UserStore.open(user_db_path) as store:
        BookmarkStore(store).add("epidural-steroid-injection", "Epidural steroid injection")
        store.connection.execute("DROP TABLE notes")
        store.connection.execute("DROP TABLE lecture_set_items")
        store.connection.execute("DROP TABLE lecture_sets")
        store.connection.execute(
            f"DELETE FROM {MIGRATIONS_TABLE} WHERE name IN ('m002_lecture_sets', 'm003_notes')"
        )
    with UserStore.open(user_db_path) as store:
        assert store.recovered_from is None
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert BookmarkStore(store).contains("epidural-steroid-injection")
        assert {"lecture_sets", "notes"} <= _tables(user_db_path)


def test_a_database_made_before_notes_gets_them_and_keeps_everything(
    user_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made by the PainRef before notes (migrations m001 and m002 only), then opened by this
    one: m003 adds the notes table; bookmarks, history and lecture sets are as they were."""
    assert [name for name, _ in MIGRATIONS][:3] == [
        "m001_bookmarks_history",
        "m002_lecture_sets",
        "m003_notes",
    ]
    with monkeypatch.context() as before_notes:
        before_notes.setattr(store_db, "MIGRATIONS", MIGRATIONS[:2])
        with UserStore.open(user_db_path) as store:
            BookmarkStore(store).add("nerve-block", "Nerve block")
            HistoryStore(store).visit("nerve-block", "Nerve block")
            lectures = LectureSetStore(store)
            lectures.add_item(lectures.create("Spine").id, "nerve-block", "Nerve block")
            assert store.applied_migrations() == ["m001_bookmarks_history", "m002_lecture_sets"]
    assert "notes" not in _tables(user_db_path)
    with UserStore.open(user_db_path) as store:
        assert store.recovered_from is None
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert [b.location for b in BookmarkStore(store).list()] == ["nerve-block"]
        assert [v.location for v in HistoryStore(store).recent()] == ["nerve-block"]
        assert [s.name for s in LectureSetStore(store).list()] == ["Spine"]
        notes = NoteStore(store)
        assert notes.list() == []
        notes.set("nerve-block", "Nerve block", "a note")
    with UserStore.open(user_db_path) as store:
        assert [n.text for n in NoteStore(store).list()] == ["a note"]


def test_data_persists_across_close_and_reopen(user_db_path: Path) -> None:
    with UserStore.open(user_db_path) as store:
        BookmarkStore(store).add("nerve-block", "Nerve block")
    with UserStore.open(user_db_path) as store:
        assert [b.location for b in BookmarkStore(store).list()] == ["nerve-block"]


# -- transactions -------------------------------------------------------------------------


def test_transaction_rolls_back_on_error(store: UserStore) -> None:
    def insert_then_fail() -> None:
        with store.transaction() as connection:
            connection.execute(
                "INSERT INTO bookmarks (location, title, created) VALUES ('a', 'A', 'now')"
            )
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        insert_then_fail()
    assert not store.connection.in_transaction
    assert store.connection.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 0


def test_a_locked_database_is_a_store_error(
    user_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.0)
    with UserStore.open(user_db_path) as store:
        other = sqlite3.connect(user_db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError, match="could not save"):
                BookmarkStore(store).add("nerve-block", "Nerve block")
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert not store.connection.in_transaction
        assert BookmarkStore(store).add("nerve-block", "Nerve block")


# -- damaged files ------------------------------------------------------------------------


def _assert_recovered(store: UserStore, user_db_path: Path, original: bytes) -> None:
    moved = store.recovered_from
    assert moved is not None
    assert moved.parent == user_db_path.parent
    assert CORRUPT_NAME.match(moved.name), moved.name
    assert moved.read_bytes() == original
    assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert BookmarkStore(store).list() == []
    assert BookmarkStore(store).add("nerve-block", "Nerve block")


def test_a_file_that_is_not_a_database_is_kept_aside(user_db_path: Path) -> None:
    user_db_path.parent.mkdir(parents=True)
    garbage = b"these are not the bytes of a database\n" * 200
    user_db_path.write_bytes(garbage)
    with UserStore.open(user_db_path) as store:
        _assert_recovered(store, user_db_path, garbage)
    assert _integrity(user_db_path) == "ok"


def test_a_database_failing_integrity_check_is_kept_aside(user_db_path: Path) -> None:
    user_db_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(user_db_path, isolation_level=None)
    connection.executescript("CREATE TABLE t (a, b); CREATE INDEX i ON t (a);")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [(n, -n) for n in range(200)])
    # The index now claims to be on b while its entries are ordered by a.
    connection.execute("PRAGMA writable_schema=ON")
    connection.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX i ON t (b)' WHERE name = 'i'")
    connection.close()
    assert _integrity(user_db_path) != "ok"
    original = user_db_path.read_bytes()
    with UserStore.open(user_db_path) as store:
        _assert_recovered(store, user_db_path, original)


def test_a_database_that_cannot_be_migrated_is_kept_aside(user_db_path: Path) -> None:
    """Another program's database with a bookmarks table of its own."""
    user_db_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(user_db_path)
    connection.execute("CREATE TABLE bookmarks (url TEXT, folder INTEGER)")
    connection.execute("INSERT INTO bookmarks VALUES ('https://example.org', 1)")
    connection.commit()
    connection.close()
    original = user_db_path.read_bytes()
    with UserStore.open(user_db_path) as store:
        _assert_recovered(store, user_db_path, original)
    assert store.recovered_from is not None
    kept = sqlite3.connect(store.recovered_from)
    assert kept.execute("SELECT url FROM bookmarks").fetchall() == [("https://example.org",)]
    kept.close()


def test_wal_and_shm_files_move_with_the_damaged_database(user_db_path: Path) -> None:
    user_db_path.parent.mkdir(parents=True)
    user_db_path.write_bytes(b"not a database" * 100)
    wal = Path(f"{user_db_path}-wal")
    shm = Path(f"{user_db_path}-shm")
    wal.write_bytes(b"old wal")
    shm.write_bytes(b"old shm")
    with UserStore.open(user_db_path) as store:
        moved = store.recovered_from
        assert moved is not None
        # The -wal may hold the latest changes, so it is kept as it was; the -shm is only
        # an index SQLite rebuilds, so it just has to go along.
        assert Path(f"{moved}-wal").read_bytes() == b"old wal"
        assert Path(f"{moved}-shm").is_file()


def test_two_damaged_files_are_both_kept(user_db_path: Path) -> None:
    user_db_path.parent.mkdir(parents=True)
    moved = []
    for text in (b"first damaged file" * 100, b"second damaged file" * 100):
        user_db_path.write_bytes(text)
        with UserStore.open(user_db_path) as store:
            assert store.recovered_from is not None
            moved.append(store.recovered_from)
    assert moved[0] != moved[1]
    assert [p.read_bytes()[:6] for p in moved] == [b"first ", b"second"]
    assert _corrupt_files(user_db_path.parent) == sorted(moved)


def test_an_empty_file_becomes_a_database(user_db_path: Path) -> None:
    user_db_path.parent.mkdir(parents=True)
    user_db_path.touch()
    with UserStore.open(user_db_path) as store:
        assert store.recovered_from is None
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]


def test_a_newer_database_is_left_alone(user_db_path: Path) -> None:
    with UserStore.open(user_db_path) as store:
        BookmarkStore(store).add("nerve-block", "Nerve block")
        store.connection.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [MIGRATION_SET, "m999_from_the_future", "2100-01-01"],
        )
    with pytest.raises(StoreUnavailable, match="newer version of PainRef"):
        UserStore.open(user_db_path)
    assert _corrupt_files(user_db_path.parent) == []
    connection = sqlite3.connect(user_db_path)
    assert connection.execute("SELECT location FROM bookmarks").fetchall() == [("nerve-block",)]
    connection.close()


# -- unusable places ----------------------------------------------------------------------


def test_a_folder_that_cannot_be_created_is_unavailable(tmp_path: Path) -> None:
    # Tests run as root, where permissions do not stop writes; a file in the way does.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file")
    with pytest.raises(StoreUnavailable) as info:
        UserStore.open(blocker / "painref" / "user.db")
    message = str(info.value)
    assert str(blocker / "painref") in message
    assert "without saving" in message
    assert isinstance(info.value, PainRefError)
    assert blocker.read_text() == "a regular file"


def test_a_file_as_the_folder_itself_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "painref"
    blocker.write_text("a regular file")
    with pytest.raises(StoreUnavailable, match="without saving"):
        UserStore.open(blocker / "user.db")


def test_a_folder_in_place_of_the_file_is_unavailable(user_db_path: Path) -> None:
    user_db_path.mkdir(parents=True)
    with pytest.raises(StoreUnavailable, match="is a folder"):
        UserStore.open(user_db_path)
    assert user_db_path.is_dir()
    assert _corrupt_files(user_db_path.parent) == []


# -- import weight and layering -----------------------------------------------------------


def _modules_after(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_store_imports_neither_qt_nor_sqlite_utils() -> None:
    code = (
        "import sys; import painref.store.db, painref.store.bookmarks, "
        "painref.store.history, painref.store.lecture_sets, painref.store.notes, "
        "painref.store.user; "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlite_utils')))"
    )
    assert _modules_after(code) == "[]"


def test_opening_a_current_database_skips_sqlite_utils(user_db_path: Path) -> None:
    UserStore.open(user_db_path).close()
    code = (
        "import sys; from pathlib import Path; from painref.store.db import UserStore; "
        f"UserStore.open(Path({str(user_db_path)!r})).close(); "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlite_utils')))"
    )
    assert _modules_after(code) == "[]"


# -- crash safety -------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from painref.store.bookmarks import BookmarkStore
    from painref.store.db import UserStore

    bookmarks = BookmarkStore(UserStore.open(Path(sys.argv[2])))
    n = 0
    while True:
        location = f"topic-{n}"
        bookmarks.add(location, f"Topic {n}")
        print(location, flush=True)
        n += 1
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_sigkill_loses_no_committed_bookmark(user_db_path: Path) -> None:
    """Every bookmark reported as saved survives the process being killed mid-write."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(user_db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Only a guard against a hung child; the test itself waits for lines, not for time.
    guard = threading.Timer(120, child.kill)
    guard.start()
    try:
        assert child.stdout is not None
        printed: list[str] = []
        while len(printed) < 50:
            line = child.stdout.readline()
            assert line, f"child stopped early: {child.stderr.read() if child.stderr else ''}"
            printed.append(line.strip())
        child.send_signal(signal.SIGKILL)
        # Lines printed after the 50th but before the kill were committed too.
        printed.extend(line.strip() for line in child.stdout if line.strip())
        child.wait()
    finally:
        guard.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    assert printed[:3] == ["topic-0", "topic-1", "topic-2"]

    with UserStore.open(user_db_path) as store:
        assert store.recovered_from is None
        saved = {b.location for b in BookmarkStore(store).list()}
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    missing = [location for location in printed if location not in saved]
    assert missing == []
    assert _integrity(user_db_path) == "ok"


# -- structurally valid, but not ours any more (reliability review D5, D12) ---------------------


def _made_then(user_db_path: Path, sql: str) -> bytes:
    with UserStore.open(user_db_path) as store:
        BookmarkStore(store).add("nerve-block", "Nerve block")
    connection = sqlite3.connect(user_db_path, isolation_level=None)
    connection.executescript(sql)
    connection.close()
    return user_db_path.read_bytes()


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE bookmarks",
        "DROP TABLE history",
        "DROP TABLE lecture_set_items",
        "DROP TABLE notes",
        "ALTER TABLE bookmarks DROP COLUMN created",
        "ALTER TABLE notes DROP COLUMN text",
    ],
)
def test_a_database_missing_a_table_is_kept_aside(user_db_path: Path, sql: str) -> None:
    original = _made_then(user_db_path, sql)
    assert _integrity(user_db_path) == "ok"  # integrity_check alone lets it through
    with UserStore.open(user_db_path) as store:
        assert store.recovered_from is not None
        assert store.recovered_from.read_bytes() == original
        assert BookmarkStore(store).list() == []
        assert BookmarkStore(store).add("nerve-block", "Nerve block")


def test_a_table_dropped_while_open_is_a_store_error(store: UserStore, user_db_path: Path) -> None:
    other = sqlite3.connect(user_db_path, isolation_level=None)
    other.execute("DROP TABLE bookmarks")
    other.close()
    bookmarks = BookmarkStore(store)
    with pytest.raises(StoreError, match="no such table"):
        bookmarks.list()
    with pytest.raises(StoreError, match="no such table"):
        bookmarks.add("a", "A")
    with pytest.raises(StoreError):
        bookmarks.contains("a")
    assert not store.connection.in_transaction


def test_a_full_database_says_the_disk_may_be_full(store: UserStore) -> None:
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLITE_FULL soon
    bookmarks = BookmarkStore(store)

    def fill() -> None:
        for n in range(1000):
            bookmarks.add(f"page-{n}", "x" * 4000)

    with pytest.raises(StoreError, match="the disk may be full"):
        fill()


def test_a_lock_held_at_start_up_says_another_program_has_it(
    user_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painref.store.user import UserData

    with UserStore.open(user_db_path) as store:
        BookmarkStore(store).add("nerve-block", "Nerve block")
    other = sqlite3.connect(user_db_path, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode=DELETE")
        other.execute("BEGIN EXCLUSIVE")
        monkeypatch.setattr(store_db, "STARTUP_BUSY_TIMEOUT_S", 0.0)
        data = UserData.open(user_db_path)
        assert data.store is None
        assert data.problem is not None
        assert "is in use by another program" in data.problem
        assert "\n" not in data.problem
    finally:
        other.close()
    assert not _corrupt_files(user_db_path.parent)  # a lock is not damage


def test_start_up_waits_less_for_a_lock_than_a_write_does() -> None:
    assert store_db.STARTUP_BUSY_TIMEOUT_S * 2 <= 2.0 < store_db.BUSY_TIMEOUT_S


def test_a_symlink_loop_is_named_as_such(user_db_path: Path) -> None:
    user_db_path.parent.mkdir(parents=True)
    other = user_db_path.with_name("other.db")
    user_db_path.symlink_to(other)
    other.symlink_to(user_db_path)
    with pytest.raises(StoreUnavailable, match="symbolic link loop"):
        UserStore.open(user_db_path)
