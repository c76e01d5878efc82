"""The exact names kept with the pages for `painref WORDS`' first frame agree with the full
search."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from painref.content.library import Library
from painref.search.quick import exact_names, norm
from painref.search.service import SearchService


def every_page(database: Path) -> list[str]:
    """Every page's id: topics, conditions and tools."""
    connection = sqlite3.connect(database)
    ids = [str(i) for (i,) in connection.execute("SELECT DISTINCT topic_id FROM names")]
    connection.close()
    return ids


def test_a_title_or_an_abbreviation_is_found(real_db_path: Path) -> None:
    names = exact_names(real_db_path, ["epidural-steroid-injection"])
    assert names[norm("Epidural steroid injection")] == "epidural-steroid-injection"
    assert names[norm("  ESI ")] == "epidural-steroid-injection"


def test_an_alias_or_a_shared_name_is_left_to_the_full_search(real_db_path: Path) -> None:
    names = exact_names(real_db_path, every_page(real_db_path))
    assert norm("cortisone shot in the back") not in names  # an alias
    assert norm("pain medicine") not in names  # an alias, which the search ranks lower
    assert norm("back pain") not in names


@pytest.mark.parametrize("text", ["", "   ", "!!"])
def test_no_words_is_no_name(real_db_path: Path, text: str) -> None:
    assert norm(text) not in exact_names(real_db_path, every_page(real_db_path))


def test_a_missing_or_damaged_database_gives_no_names(tmp_path: Path, real_db_path: Path) -> None:
    page = ["epidural-steroid-injection"]
    assert exact_names(tmp_path / "absent.db", page) == {}
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert exact_names(tmp_path / "junk.db", page) == {}
    copy = tmp_path / "copy.db"
    shutil.copy(real_db_path, copy)
    connection = sqlite3.connect(copy)
    connection.execute("DROP TABLE names")
    connection.commit()
    connection.close()
    assert exact_names(copy, page) == {}
    assert exact_names(real_db_path, []) == {}


def test_every_exact_name_is_the_full_searchs_best_match(real_db_path: Path) -> None:
    names = exact_names(real_db_path, every_page(real_db_path))
    assert len(names) > 100
    library = Library.open(real_db_path)
    service = SearchService(library)
    for name, page in names.items():
        hits = service.search(name, 1)
        assert hits and hits[0].id == page, name
    library.close()


def test_the_names_of_some_pages_are_those_pages_share_of_all(real_db_path: Path) -> None:
    every = exact_names(real_db_path, every_page(real_db_path))
    some = exact_names(real_db_path, ["epidural-steroid-injection", "home", "compare:a,b"])
    assert some == {n: p for n, p in every.items() if p == "epidural-steroid-injection"}
