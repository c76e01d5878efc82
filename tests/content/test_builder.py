"""The builder writes every table, indexes for search, and never leaves a broken file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from painref.content.builder import build_database
from painref.content.loader import source_hash
from painref.content.version import SCHEMA_VERSION
from painref.errors import ContentError, PainRefError

from ..conftest import TEST_DATA


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_builds_tables_links_metadata_and_index(tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    report = build_database(TEST_DATA, db)
    assert (report.topics, report.conditions, report.references) == (3, 2, 3)
    meta = dict(_rows(db, "SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert meta["content_version"] == "2026.11.1"
    assert meta["source_hash"] == source_hash(TEST_DATA)
    assert meta["build_time"].startswith("20")
    tables = {r[0] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "topics",
        "categories",
        "attributes",
        "attribute_defs",
        "items",
        "medications",
        "complications",
        "evidence",
        "seed_claims",
        "benefits",
        "source_notes",
        "topic_conditions",
        "related",
        "sources",
        "topic_sources",
        "topics_fts",
        "meta",
    } <= tables
    assert _rows(db, "SELECT topic_id, condition_id FROM topic_conditions ORDER BY topic_id") == [
        ("alpha-injection", "back-pain"),
        ("beta-therapy", "back-pain"),
        ("gamma-stimulator", "back-pain"),
    ]
    # The FTS index covers title, names, conditions, summary and body.
    hits = _rows(
        db,
        "SELECT t.id FROM topics_fts JOIN topics t ON t.rowid = topics_fts.rowid "
        "WHERE topics_fts MATCH 'zebracorn'",
    )
    assert hits == [("alpha-injection",)]
    assert _rows(
        db,
        "SELECT t.id FROM topics_fts JOIN topics t ON t.rowid = topics_fts.rowid "
        "WHERE topics_fts MATCH 'lumbago' ORDER BY t.id",
    ) == [("alpha-injection",), ("back-pain",), ("beta-therapy",), ("gamma-stimulator",)]


def test_references_are_numbered_by_first_citation(tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    build_database(TEST_DATA, db)
    assert _rows(
        db,
        "SELECT source_id, number FROM topic_sources WHERE topic_id = "
        "'gamma-stimulator' ORDER BY number",
    ) == [("src-b", 1), ("src-c", 2)]
    body = _rows(db, "SELECT body_html, body_text FROM topics WHERE id = 'gamma-stimulator'")[0]
    assert '<sup><a href="#ref-1">[1]</a></sup>' in str(body[0])
    assert "[@" not in str(body[0])
    assert "[@" not in str(body[1])
    assert "Pulses interfere with pain signals on their way to the brain [1]." in str(body[1])


def test_html_in_a_summary_is_escaped(tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    build_database(TEST_DATA, db)
    (summary_html,) = _rows(db, "SELECT summary_html FROM topics WHERE id = 'beta-therapy'")[0]
    assert "<script>" not in str(summary_html)
    assert "&lt;script&gt;" in str(summary_html)


def test_same_sources_same_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build_database(TEST_DATA, first)
    build_database(TEST_DATA, second)
    assert first.read_bytes() == second.read_bytes()


def test_failed_build_keeps_the_previous_database(test_data_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    build_database(test_data_copy, db)
    before = db.read_bytes()
    topic = test_data_copy / "topics" / "alpha-injection.md"
    topic.write_text(topic.read_text().replace("category: injections", "category: nowhere"))
    with pytest.raises(ContentError):
        build_database(test_data_copy, db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["out.db"]


def test_crash_while_writing_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "out" / "out.db"
    build_database(TEST_DATA, db)
    before = db.read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("painref.content.builder._write", explode)
    with pytest.raises(RuntimeError):
        build_database(TEST_DATA, db)
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir()] == ["out.db"]


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "is-a-file"
    target.write_text("x")
    with pytest.raises(PainRefError, match="cannot write the database"):
        build_database(TEST_DATA, target / "out.db")


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_output_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "real.db"
    target.write_bytes(b"keep me")
    output = tmp_path / "out.db"
    if kind == "folder":
        output.mkdir()
    else:
        output.symlink_to(target)
    reason = {"folder": "a folder", "symlink": "a symbolic link"}[kind]
    with pytest.raises(PainRefError, match=f"cannot write the database .*out.db: it is {reason}"):
        build_database(TEST_DATA, output)
    assert target.read_bytes() == b"keep me"
    assert output.is_dir() if kind == "folder" else output.is_symlink()


def test_source_date_epoch_must_be_a_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    with pytest.raises(PainRefError, match="SOURCE_DATE_EPOCH='tomorrow'"):
        build_database(TEST_DATA, tmp_path / "out.db")
    assert not list(tmp_path.glob("*.db")) and not list(tmp_path.glob(".*.tmp"))
