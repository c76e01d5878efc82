"""Building a local layer: what its database holds, byte-identical rebuilds, atomic writes."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from painref.content.library import Library
from painref.content.local_builder import build_local_layer
from painref.content.local_layer import LAYER_KIND, LOCAL_SCHEMA_VERSION
from painref.errors import ContentError, PainRefError
from tests.local_fixtures import TEST_LAYER, build_published, write_local_source

from ..conftest import ROOT


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library.open(build_published(tmp_path_factory.mktemp("published")))
    yield library
    library.close()


PAGES = {
    "fasting": {
        "title": "Fasting before sedation",
        "aliases": ["nil by mouth", "NPO"],
        "summary": "How long to fast before **sedation** (test).",
        "body": "## Rules\n\nNo solid food for 6 hours; see <https://intranet.example/fasting>.",
    },
    "escort": {"title": "Driving and escort", "body": "An adult collects the patient."},
}
NOTES = {
    "alpha-time": {
        "attach": {"page": "alpha-injection", "field": "time"},
        "title": "Book 30 minutes",
        "body": "Book a **30-minute** slot.",
    },
    "alpha-onset": {"attach": {"page": "alpha-injection", "field": "relief-onset"}},
    "apixaban": {"attach": {"drug": "apixaban"}},
}


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_builds_meta_pages_notes_and_index(
    tmp_path: Path, published: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = write_local_source(tmp_path / "src", pages=PAGES, notes=NOTES)
    db = tmp_path / "out" / "local.db"
    meta = build_local_layer(source, published, db)
    assert (meta.id, meta.name, meta.version) == ("test-layer", "Test Pain Service", "2026.12.1")
    assert meta.built == "2026-01-01T00:00:00+00:00"
    assert meta.content_version == published.meta.content_version == "2026.11.1"
    assert meta.schema_version == LOCAL_SCHEMA_VERSION == 1
    assert (meta.pages, meta.notes) == (2, 3)
    stored = dict(rows(db, "SELECT key, value FROM meta"))
    assert stored == {
        "kind": LAYER_KIND,
        "schema_version": "1",
        "layer_id": "test-layer",
        "layer_name": "Test Pain Service",
        "layer_version": "2026.12.1",
        "contact": "",
        "built": "2026-01-01T00:00:00+00:00",
        "content_version": "2026.11.1",
        "source_hash": meta.source_hash,
    }
    # Pages by title; Markdown rendered as data/'s is.
    pages = rows(db, "SELECT id, summary_html, body_html, aliases FROM pages ORDER BY position")
    assert [p[0] for p in pages] == ["escort", "fasting"]
    assert pages[1][1] == "How long to fast before <strong>sedation</strong> (test)."
    assert '<p class="h2">Rules</p>' in str(pages[1][2])
    assert '<a href="https://intranet.example/fasting">' in str(pages[1][2])
    assert pages[1][3] == '["nil by mouth", "NPO"]'
    # Each note with the published value it was written against, and that value's hash.
    notes = rows(
        db,
        "SELECT id, page, field, drug, title, body_html, published_text, published_sha256 "
        "FROM notes ORDER BY position",
    )
    assert [n[:5] for n in notes] == [
        ("alpha-onset", "alpha-injection", "relief-onset", None, ""),
        ("alpha-time", "alpha-injection", "time", None, "Book 30 minutes"),
        ("apixaban", None, None, "apixaban", ""),
    ]
    assert notes[1][5] == "<p>Book a <strong>30-minute</strong> slot.</p>\n"
    assert notes[1][6] == "5 minutes"
    assert notes[1][7] == hashlib.sha256(b"5 minutes").hexdigest()
    assert notes[0][6:] == (None, None)  # the page does not report an onset
    assert str(notes[2][6]).startswith("Apixaban\nHigh risk: stop 3 days before;")
    # The search index: titles, aliases, summaries and bodies.
    for word, found in [("fasting", "fasting"), ("npo", "fasting"), ("collects", "escort")]:
        assert rows(db, f"SELECT id FROM local_fts WHERE local_fts MATCH '{word}'") == [(found,)]


def test_same_sources_same_bytes(
    tmp_path: Path, published: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = write_local_source(tmp_path / "src", pages=PAGES, notes=NOTES)
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build_local_layer(source, published, first)
    build_local_layer(source, published, second)
    assert first.read_bytes() == second.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")
    build_local_layer(source, published, second)
    assert first.read_bytes() != second.read_bytes()


def test_the_source_hash_follows_the_sources(tmp_path: Path, published: Library) -> None:
    source = write_local_source(tmp_path / "src", notes=NOTES)
    first = build_local_layer(source, published, tmp_path / "a.db").source_hash
    note = source / "notes" / "apixaban.md"
    note.write_text(note.read_text().replace("fictional", "fictional."))
    assert build_local_layer(source, published, tmp_path / "a.db").source_hash != first
    note.write_bytes(note.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    second = build_local_layer(source, published, tmp_path / "b.db").source_hash
    note.write_bytes(note.read_bytes().replace(b"\r\n", b"\n"))
    assert build_local_layer(source, published, tmp_path / "c.db").source_hash == second


def test_a_failed_build_keeps_the_previous_layer(tmp_path: Path, published: Library) -> None:
    source = write_local_source(tmp_path / "src", notes=NOTES)
    db = tmp_path / "out" / "local.db"
    build_local_layer(source, published, db)
    before = db.read_bytes()
    write_local_source(source, notes={"bad": {"attach": {"page": "nowhere"}}})
    with pytest.raises(ContentError, match="unknown published page 'nowhere'"):
        build_local_layer(source, published, db)
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir()] == ["local.db"]


def test_a_crash_while_writing_leaves_no_partial_file(
    tmp_path: Path, published: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_local_source(tmp_path / "src", notes=NOTES)
    db = tmp_path / "out" / "local.db"
    build_local_layer(source, published, db)
    before = db.read_bytes()

    def explode(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("painref.content.local_builder._write_file", explode)
    with pytest.raises(PainRefError, match=r"cannot write the local layer .*: disk I/O error"):
        build_local_layer(source, published, db)
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir()] == ["local.db"]


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path, published: Library) -> None:
    source = write_local_source(tmp_path / "src", notes=NOTES)
    (tmp_path / "out.db").mkdir()
    with pytest.raises(PainRefError, match="it is a folder; give a file name inside it"):
        build_local_layer(source, published, tmp_path / "out.db")


def test_the_test_layer_builds_against_the_real_content(
    tmp_path: Path, real_library: Library
) -> None:
    db = tmp_path / "layer.db"
    meta = build_local_layer(TEST_LAYER, real_library, db)
    assert (meta.name, meta.pages, meta.notes) == ("Test Hospital Pain Service", 1, 5)
    recorded = dict(rows(db, "SELECT id, published_text FROM notes"))
    assert str(recorded["esi-repeat-interval"]).startswith("1-2 repeats, 2-4 weeks apart")
    assert str(recorded["esi-sedation"]).startswith("None or minimal")
    assert recorded["esi-booking"] == "Epidural steroid injection"


def test_the_documented_example_builds_against_the_real_content(
    tmp_path: Path, real_library: Library
) -> None:
    """docs/local-example/ stays valid: a department starts from it."""
    example = ROOT / "docs" / "local-example"
    db = tmp_path / "example.db"
    meta = build_local_layer(example, real_library, db)
    assert meta.name.endswith("(example only, not clinical guidance)")
    assert (meta.pages, meta.notes) == (2, 4)
    for (body,) in rows(db, "SELECT body_text FROM notes"):
        assert "Example only, not clinical guidance." in str(body)
