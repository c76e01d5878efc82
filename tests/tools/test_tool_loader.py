"""A broken tool file is named with its field and reason; a damaged stored tool page is a
DatabaseError; nothing half-built is left."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from painref.content.builder import build_database
from painref.content.library import Library
from painref.errors import ContentError, DatabaseError, PainRefError
from painref.tools.anticoag import Planner

from .conftest import tools_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return tools_corpus(tmp_path / "data")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "antithrombotics",
            "hold: 7 days, restart: 24 hours",
            "hold: a week, restart: 24 hours",
            "hold 'a week': expected a duration",
        ),
        ("antithrombotics", "hold: 4-5 days", "hold: 5-4 days", "from the shorter to the longer"),
        (
            "antithrombotics",
            "restart: 12-24 hours}\n    intermediate",
            "restart: continue}\n    intermediate",
            "restart 'continue'",
        ),
        ("antithrombotics", "refs: [src-c]}]", "refs: [nowhere]}]", "unknown reference 'nowhere'"),
        (
            "antithrombotics",
            "pages: [gamma-stimulator]",
            "pages: [no-such-page]",
            "unknown topic 'no-such-page'",
        ),
        (
            "antithrombotics",
            "class: direct-oral-anticoagulants\n    low",
            "class: vitamins\n    low",
            "class 'vitamins' is not in classes",
        ),
        (
            "antithrombotics",
            "id: blood-thinners",
            "id: alpha-injection",
            "page id 'alpha-injection' is already used",
        ),
        (
            "local-anesthetics",
            "        use: true\n  - id: bupivacaine",
            "        use: false\n  - id: bupivacaine",
            "exactly one entry must have use: true",
        ),
        ("local-anesthetics", "mg_per_kg: 4.5", "mg_per_kg: -4.5", "greater than 0"),
        (
            "last",
            "bolus_ml_per_kg: 1.5\n    bolus_over: 2-3 min",
            "bolus_ml_per_kg: 150\n    bolus_over: 2-3 min",
            "less than or equal to 5",
        ),
        ("corticosteroids", "particulate: true", "particulate: maybe", "particulate"),
        (
            "corticosteroids",
            "aliases: [dexamethasone]",
            "aliases: [Alpha injection]",
            "is used by both",
        ),
    ],
)
def test_a_broken_tool_file_is_named_with_its_field(
    corpus: Path, tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(corpus / "tools" / f"{file}.yaml", old, new)
    with pytest.raises(ContentError, match="tools") as caught:
        build_database(corpus, tmp_path / "out.db")
    assert message in str(caught.value)
    assert not (tmp_path / "out.db").exists()


def test_an_unknown_tool_file_is_refused(corpus: Path, tmp_path: Path) -> None:
    (corpus / "tools" / "vitamins.yaml").write_text("page: {}\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"vitamins\.yaml: not a tool file PainRef knows"):
        build_database(corpus, tmp_path / "out.db")


def test_tool_pages_need_their_category(corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "categories.yaml", "- id: tools", "- id: tools-gone")
    with pytest.raises(ContentError, match="the tool pages need a category with id 'tools'"):
        build_database(corpus, tmp_path / "out.db")


def test_a_database_without_tools_says_so(small_library: Library) -> None:
    with pytest.raises(PainRefError, match="has no blood-thinner intervals"):
        Planner.from_library(small_library)


@pytest.mark.parametrize(
    ("table", "value"),
    [("tool_pages", "{not json"), ("tool_pages", '{"id": 1}'), ("tool_data", '{"page": 5}')],
)
def test_damaged_tool_rows_are_database_errors(
    tools_db_path: Path, tmp_path: Path, table: str, value: str
) -> None:
    copy = tmp_path / "damaged.db"
    copy.write_bytes(tools_db_path.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute(f"UPDATE {table} SET json = ?", [value])
    library = Library.open(copy)
    try:
        read = (
            (lambda: library.tool_page("antiplatelet-drugs"))
            if table == "tool_pages"
            else (lambda: Planner.from_library(library))
        )
        with pytest.raises(DatabaseError, match="damaged"):
            read()
    finally:
        library.close()
