"""Damaged copies of the content database and of a user database, for fault tests.

A plain module, not a fixture file: the CLI fault tests and the GUI fault tests both build
their cases from it. Every case is deterministic (bit flips use a seeded RNG), so a failure
names a case that can be rebuilt and looked at.

API:
    content_db_cases(tmp_dir, source=None) -> list[tuple[str, Path]]
        Damaged copies of the content database (``source``, by default
        ``painref.paths.bundled_db()``), each a file (or, for a few cases, a folder or a
        missing path) under tmp_dir. Names are unique and stable, e.g. "drop_names",
        "bad_json_attributes_refs", "bitflip_07".
    user_db_cases(tmp_dir) -> list[tuple[str, Path]]
        Damaged user databases, each a path ``tmp_dir/<name>/user.db`` (so each has a folder
        of its own for the ``.corrupt-*`` file a recovery leaves). The path is what
        ``UserStore.open`` / ``UserData.open`` take; set PAINREF_USER_DIR to its parent to
        damage the app's user database.
    CONTENT_CASE_NAMES, USER_CASE_NAMES: the case names, in order, without building anything
        (for pytest ids).

Content cases pass the cheap checks (a file with the SQLite header) in most cases; many
pass ``PRAGMA quick_check`` too, which is the point: values inside rows are damaged.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from painref.content.tables import DATABASE_TABLES
from painref.paths import bundled_db

SEED = 20261121
BITFLIP_COPIES = 20
BITS_PER_COPY = 8
PAGE_SIZE = 4096

# Every table of the content database (the FTS5 shadow tables included).
CONTENT_TABLES = DATABASE_TABLES
# (table, column) pairs holding JSON.
JSON_COLUMNS = (
    ("topics", "aliases"),
    ("topics", "abbreviations"),
    ("topics", "not_applicable"),
    ("attributes", "refs"),
    ("items", "refs"),
    ("medications", "refs"),
    ("complications", "refs"),
    ("evidence", "refs"),
    ("seed_claims", "refs"),
    ("benefits", "refs"),
    ("source_notes", "refs"),
    ("safety_notices", "refs"),
    ("topic_conditions", "refs"),
)
BAD_JSON = (
    ("truncated", "'[1,'"),
    ("object", """'{"a": 1}'"""),
    ("number", "'5'"),
    ("null", "'null'"),
    ("nested_null", "'[null]'"),
    ("huge", "'[1e400]'"),
)
# (table, column) pairs of text that gets bytes that are not UTF-8.
TEXT_COLUMNS = (
    ("topics", "title"),
    ("topics", "body_text"),
    ("topics", "body_html"),
    ("topics", "summary_text"),
    ("categories", "title"),
    ("attributes", "value"),
    ("attribute_defs", "label"),
    ("complications", "name"),
    ("sources", "title"),
    ("names", "norm"),
    ("terms", "term"),
    ("synonyms", "term"),
    ("meta", "value"),
)
TRUNCATE_AT = (100, PAGE_SIZE, 10 * PAGE_SIZE, "half", "less_one_page")

_SQL_CASES: list[tuple[str, str]] = [
    *((f"drop_{t}", f"DROP TABLE IF EXISTS {t}") for t in CONTENT_TABLES),
    ("delete_fts_data", "DELETE FROM topics_fts_data"),
    ("delete_fts_idx", "DELETE FROM topics_fts_idx"),
    ("delete_fts_docsize", "DELETE FROM topics_fts_docsize"),
    ("delete_fts_config", "DELETE FROM topics_fts_config"),
    *(
        (f"bad_json_{table}_{column}_{kind}", f"UPDATE {table} SET {column} = {value}")
        for table, column in JSON_COLUMNS
        for kind, value in BAD_JSON
    ),
    ("refs_not_integers", """UPDATE attributes SET refs = '["one", "two"]'"""),
    ("refs_blob", "UPDATE complications SET refs = x'00ff'"),
    ("evidence_year_text", "UPDATE evidence SET year = 'recent'"),
    ("ladder_step_text", "UPDATE categories SET ladder_step = 'second'"),
    ("ladder_step_null", "UPDATE categories SET ladder_step = NULL"),
    ("source_number_text", "UPDATE topic_sources SET number = 'x'"),
    ("synonym_group_text", "UPDATE synonyms SET grp = 'x'"),
    ("term_freq_text", "UPDATE terms SET freq = 'many'"),
    ("title_null", "UPDATE topics SET title = NULL"),
    ("body_null", "UPDATE topics SET body_html = NULL, body_text = NULL, summary_html = NULL"),
    ("values_integers", "UPDATE attributes SET value = 7, note = 3.5"),
    *(
        (
            f"bad_utf8_{table}_{column}",
            f"UPDATE {table} SET {column} = CAST(x'80ff41' AS TEXT) || rowid",
        )
        for table, column in TEXT_COLUMNS
    ),
    ("missing_attribute_rows", "DELETE FROM attributes"),
    ("missing_attribute_def_invasiveness", "DELETE FROM attribute_defs WHERE key = 'invasiveness'"),
    (
        "missing_attribute_def_duration",
        "DELETE FROM attribute_defs WHERE key = 'time'",
    ),
    ("missing_attribute_defs_all", "DELETE FROM attribute_defs"),
    ("missing_categories_rows", "DELETE FROM categories"),
    ("missing_topic_sources_target", "DELETE FROM sources"),
    ("missing_names_rows", "DELETE FROM names"),
    # SQLite quotes the broken name in its error message, which is then not UTF-8 either.
    (
        "bad_utf8_schema",
        "PRAGMA writable_schema=ON; UPDATE sqlite_master SET "
        "name = CAST(x'7269736bf4ff' AS TEXT), sql = 'CREATE TABLE x (' WHERE name = 'complications'",
    ),
]
_FILE_CASES = (
    "meta_only",
    *(f"bitflip_{n:02d}" for n in range(BITFLIP_COPIES)),
    *(f"truncated_{at}" for at in TRUNCATE_AT),
    "zeroed_page_2",
    "zeroed_page_middle",
    "zeroed_last_page",
)
CONTENT_CASE_NAMES: tuple[str, ...] = (*(name for name, _ in _SQL_CASES), *_FILE_CASES)

USER_CASE_NAMES: tuple[str, ...] = (
    "random_bytes",
    "text",
    "truncated_100",
    "truncated_page",
    "truncated_half",
    "zeroed_page",
    "bitflips",
    "zero_length",
    "another_schema",
    "newer_migration",
    "directory",
    "dropped_bookmarks",
    "dropped_history",
    "dropped_lecture_sets",
    "dropped_lecture_set_items",
    "bookmarks_missing_column",
)


# -- content databases ----------------------------------------------------------------------


def content_db_cases(tmp_dir: Path, source: Path | None = None) -> list[tuple[str, Path]]:
    """Damaged copies of the content database at source, written under tmp_dir.

    Args:
        tmp_dir: an existing, empty-enough folder; one file per case is written in it.
        source: a good content database; by default the bundled one.

    Returns:
        (name, path) per case, in CONTENT_CASE_NAMES order.
    """
    source = Path(source) if source is not None else bundled_db()
    tmp_dir = Path(tmp_dir)
    good = source.read_bytes()
    cases: list[tuple[str, Path]] = []
    for name, sql in _SQL_CASES:
        cases.append((name, _sql_copy(good, tmp_dir / f"{name}.db", sql)))
    cases.append(("meta_only", _meta_only(source, tmp_dir / "meta_only.db")))
    rng = random.Random(SEED)
    for n in range(BITFLIP_COPIES):
        cases.append((f"bitflip_{n:02d}", _bitflip(good, tmp_dir / f"bitflip_{n:02d}.db", rng)))
    for at in TRUNCATE_AT:
        if at == "half":
            size = len(good) // 2
        elif at == "less_one_page":
            size = len(good) - PAGE_SIZE
        else:
            assert isinstance(at, int)
            size = at
        path = tmp_dir / f"truncated_{at}.db"
        path.write_bytes(good[:size])
        cases.append((f"truncated_{at}", path))
    pages = len(good) // PAGE_SIZE
    for name, page in (
        ("zeroed_page_2", 1),
        ("zeroed_page_middle", pages // 2),
        ("zeroed_last_page", pages - 1),
    ):
        cases.append((name, _zero_page(good, tmp_dir / f"{name}.db", page)))
    assert tuple(name for name, _ in cases) == CONTENT_CASE_NAMES
    return cases


def _sql_copy(good: bytes, path: Path, sql: str) -> Path:
    path.write_bytes(good)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.executescript(sql)
    finally:
        connection.close()
    return path


def _meta_only(source: Path, path: Path) -> Path:
    with sqlite3.connect(source) as good:
        rows = good.execute("SELECT key, value FROM meta").fetchall()
    connection = sqlite3.connect(path)
    try:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.executemany("INSERT INTO meta VALUES (?, ?)", rows)
        connection.commit()
    finally:
        connection.close()
    return path


def _bitflip(good: bytes, path: Path, rng: random.Random, bits: int = BITS_PER_COPY) -> Path:
    data = bytearray(good)
    for _ in range(bits):
        offset = rng.randrange(len(data))
        data[offset] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    return path


def _zero_page(good: bytes, path: Path, page: int) -> Path:
    data = bytearray(good)
    data[page * PAGE_SIZE : (page + 1) * PAGE_SIZE] = bytes(PAGE_SIZE)
    path.write_bytes(bytes(data))
    return path


# -- user databases -------------------------------------------------------------------------


def good_user_db(path: Path) -> Path:
    """A user database with a bookmark, a visit and a lecture set, created at path."""
    from painref.store.user import UserData

    path.parent.mkdir(parents=True, exist_ok=True)
    data = UserData.open(path)
    assert data.bookmarks and data.history and data.lecture_sets, data.problem
    data.bookmarks.add("epidural-steroid-injection", "Epidural steroid injection")
    data.history.visit("epidural-steroid-injection", "Epidural steroid injection")
    lecture = data.lecture_sets.create("Spine")
    data.lecture_sets.add_item(lecture.id, "epidural-steroid-injection", "ESI")
    data.close()
    # One file: fold the WAL into the database so byte-level damage hits the real content.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    return path


def user_db_cases(tmp_dir: Path) -> list[tuple[str, Path]]:
    """Damaged user databases, each ``tmp_dir/<name>/user.db``.

    Returns:
        (name, path) per case, in USER_CASE_NAMES order.
    """
    tmp_dir = Path(tmp_dir)
    template = good_user_db(tmp_dir / "_good" / "user.db")
    good = template.read_bytes()
    rng = random.Random(SEED + 1)
    makers: dict[str, Callable[[Path], None]] = {
        "random_bytes": lambda p: p.write_bytes(rng.randbytes(len(good))),
        "text": lambda p: p.write_text("bookmarks:\n- epidural-steroid-injection\n" * 50),
        "truncated_100": lambda p: p.write_bytes(good[:100]),
        "truncated_page": lambda p: p.write_bytes(good[:PAGE_SIZE]),
        "truncated_half": lambda p: p.write_bytes(good[: len(good) // 2]),
        "zeroed_page": lambda p: _zero_page(good, p, 1),
        "bitflips": lambda p: _bitflip(good, p, rng, 64),
        "zero_length": lambda p: p.write_bytes(b""),
        "another_schema": _another_schema,
        "newer_migration": lambda p: _user_sql(
            good,
            p,
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('painref-user', 'm999_from_the_future', '2099-01-01')",
        ),
        "directory": lambda p: p.mkdir(),
        "dropped_bookmarks": lambda p: _user_sql(good, p, "DROP TABLE bookmarks"),
        "dropped_history": lambda p: _user_sql(good, p, "DROP TABLE history"),
        "dropped_lecture_sets": lambda p: _user_sql(
            good, p, "DROP TABLE lecture_set_items; DROP TABLE lecture_sets"
        ),
        "dropped_lecture_set_items": lambda p: _user_sql(good, p, "DROP TABLE lecture_set_items"),
        "bookmarks_missing_column": lambda p: _user_sql(
            good, p, "ALTER TABLE bookmarks DROP COLUMN created"
        ),
    }
    assert tuple(makers) == USER_CASE_NAMES
    cases = []
    for name, make in makers.items():
        path = tmp_dir / name / "user.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        cases.append((name, path))
    shutil.rmtree(template.parent)
    return cases


def _user_sql(good: bytes, path: Path, script: str) -> None:
    path.write_bytes(good)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.executescript(script)
    finally:
        connection.close()


def _another_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
        connection.commit()
    finally:
        connection.close()
