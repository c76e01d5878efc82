"""The read-only library: lists, pages, ladders, and a clear error for any broken file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from painref.content.library import Library
from painref.errors import DatabaseError, UnknownTopicError


def test_categories_count_their_topics(small_library: Library) -> None:
    cats = {c.id: c.topic_count for c in small_library.categories()}
    assert cats == {"injections": 1, "neuromodulation": 1, "conservative-care": 1}


def test_topics_in_sidebar_order_and_conditions_apart(small_library: Library) -> None:
    assert [t.id for t in small_library.topics()] == [
        "alpha-injection",
        "gamma-stimulator",
        "beta-therapy",
    ]
    assert [t.id for t in small_library.topics("injections")] == ["alpha-injection"]
    assert [c.id for c in small_library.conditions()] == ["back-pain", "lonely-condition"]


def test_topic_detail(small_library: Library) -> None:
    d = small_library.topic("alpha-injection")
    assert d.title == "Alpha injection"
    assert d.summary.abbreviations == ("AI",)
    assert d.summary.category_title == "Injections"
    duration = d.attribute("time")
    assert duration.display() == "5 minutes"
    assert duration.values[0].refs == (1,)
    assert d.attribute("anesthesia").display() == "not reported"
    assert not d.attribute("anesthesia").reported
    assert [r.name for r in d.complications] == ["Epidural hematoma", "Infection"]
    assert [c.id for c in d.conditions] == ["back-pain"]
    assert d.conditions[0].note == "most often lumbar"
    assert [r.id for r in d.related] == ["gamma-stimulator"]
    assert [(r.number, r.url) for r in d.references] == [(1, "https://example.org/a"), (2, None)]
    assert d.reviewed == "2026-01-02"


def test_conflicting_values_are_flagged(small_library: Library) -> None:
    invasiveness = small_library.topic("gamma-stimulator").attribute("invasiveness")
    assert invasiveness.conflicting
    assert [v.value for v in invasiveness.values] == ["Moderate", "Non-invasive"]
    assert not small_library.topic("alpha-injection").attribute("invasiveness").conflicting


def test_condition_ladder_runs_least_to_most_invasive(small_library: Library) -> None:
    d = small_library.topic("back-pain")
    assert d.summary.is_condition
    assert [r.topic.id for r in d.ladder] == ["beta-therapy", "alpha-injection", "gamma-stimulator"]
    assert [c.id for c in d.conditions] == ["alpha-injection", "beta-therapy", "gamma-stimulator"]
    assert small_library.topic("lonely-condition").ladder == ()


def test_unknown_id(small_library: Library) -> None:
    with pytest.raises(UnknownTopicError, match="no topic with id 'nope'"):
        small_library.topic("nope")


def _broken(tmp_path: Path, small_db_path: Path, how: str) -> Path:
    path = tmp_path / "painref.db"
    if how == "missing":
        return path
    if how == "empty":
        path.write_bytes(b"")
    elif how == "not-sqlite":
        path.write_text("just some text, not a database\n" * 50)
    elif how == "truncated":
        data = small_db_path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif how == "corrupt":
        data = bytearray(small_db_path.read_bytes())
        for i in range(4096, min(len(data), 4096 * 6)):
            data[i] = 0xA5
        path.write_bytes(bytes(data))
    elif how == "other-schema":
        shutil.copy(small_db_path, path)
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    elif how == "foreign-sqlite":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (x)")
    elif how == "directory":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("missing", "is missing"),
        ("empty", "is empty"),
        ("not-sqlite", "is not a PainRef database (not an SQLite file)"),
        ("truncated", "is damaged"),
        ("corrupt", "is damaged"),
        ("other-schema", "has schema version 999"),
        ("foreign-sqlite", "is not a PainRef database (it has no meta table)"),
        ("directory", "is a folder"),
    ],
)
def test_broken_database_is_a_clear_error(
    tmp_path: Path, small_db_path: Path, how: str, message: str
) -> None:
    path = _broken(tmp_path, small_db_path, how)
    with pytest.raises(DatabaseError) as info:
        Library.open(path).categories()
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_opens_read_only_from_a_read_only_folder(tmp_path: Path, small_db_path: Path) -> None:
    folder = tmp_path / "install"
    folder.mkdir()
    shutil.copy(small_db_path, folder / "painref.db")
    (folder / "painref.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        library = Library.open(folder / "painref.db")
        assert library.topic("alpha-injection").title == "Alpha injection"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            library.connection.execute("DELETE FROM topics")
        library.close()
        assert sorted(p.name for p in folder.iterdir()) == ["painref.db"]
    finally:
        folder.chmod(0o755)


def test_a_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    loop = tmp_path / "painref.db"
    loop.symlink_to(tmp_path / "other.db")
    (tmp_path / "other.db").symlink_to(loop)
    with pytest.raises(DatabaseError, match="is a symbolic link loop"):
        Library.open(loop)


def _damaged_copy(tmp_path: Path, small_db_path: Path, *sql: str) -> Library:
    path = tmp_path / "damaged.db"
    shutil.copy(small_db_path, path)
    with sqlite3.connect(path) as conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()
    return Library.open(path)  # quick_check passes: the damage is inside the values


@pytest.mark.parametrize(
    ("sql", "call", "message"),
    [
        ("UPDATE attributes SET refs = '[1,'", "topic", "not valid JSON"),
        ("""UPDATE complications SET refs = '["one"]'""", "topic", "not a list of numbers"),
        ("UPDATE complications SET refs = '[1e400]'", "topic", "not a list of numbers"),
        ("UPDATE topics SET aliases = '5'", "topic", "not a list of names"),
        ("UPDATE topics SET abbreviations = 'null'", "all_pages", "not a list of names"),
        ("UPDATE categories SET ladder_step = 'two'", "ladder", "not a whole number"),
        ("UPDATE categories SET ladder_step = 'two'", "categories", "not a whole number"),
        ("DELETE FROM attribute_defs WHERE key = 'invasiveness'", "ladder", "lack invasiveness"),
        ("UPDATE topic_sources SET number = 'x'", "topic", "not a whole number"),
        ("UPDATE attributes SET value = CAST(x'80ff' AS TEXT)", "topic", "cannot be read"),
    ],
)
def test_damaged_values_are_a_database_error(
    tmp_path: Path, small_db_path: Path, sql: str, call: str, message: str
) -> None:
    library = _damaged_copy(tmp_path, small_db_path, sql)
    calls = {
        "topic": lambda: library.topic("alpha-injection"),
        "ladder": lambda: library.topic("back-pain"),
        "all_pages": library.all_pages,
        "categories": library.categories,
    }
    with pytest.raises(DatabaseError) as info:
        calls[call]()
    assert message in str(info.value)
    assert str(library.path) in str(info.value)
    assert "\n" not in str(info.value)
    library.close()
