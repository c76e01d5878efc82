"""The exact-name answer of `painref WORDS`' first frame agrees with the full search."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from painref.content.library import Library
from painref.search.quick import exact_names, exact_page, norm
from painref.search.service import SearchService

QUERIES = Path(__file__).parent / "relevance_queries.yaml"


def test_a_title_or_an_abbreviation_is_found(real_db_path: Path) -> None:
    assert exact_page(real_db_path, "Epidural steroid injection") == "epidural-steroid-injection"
    assert exact_page(real_db_path, "  esi ") == "epidural-steroid-injection"


def test_an_alias_is_left_to_the_full_search(real_db_path: Path) -> None:
    # "pain medicine" is an alias of one page, yet the search ranks another first.
    assert exact_page(real_db_path, "cortisone shot in the back") is None
    assert exact_page(real_db_path, "pain medicine") is None


@pytest.mark.parametrize("text", ["", "   ", "!!", "back pain and more words nobody uses"])
def test_no_exact_name_is_no_answer(real_db_path: Path, text: str) -> None:
    assert exact_page(real_db_path, text) is None


def test_a_missing_or_damaged_database_is_no_answer(tmp_path: Path, real_db_path: Path) -> None:
    assert exact_page(tmp_path / "absent.db", "ESI") is None
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert exact_page(tmp_path / "junk.db", "ESI") is None
    copy = tmp_path / "copy.db"
    shutil.copy(real_db_path, copy)
    connection = sqlite3.connect(copy)
    connection.execute("DROP TABLE names")
    connection.commit()
    connection.close()
    assert exact_page(copy, "ESI") is None


def test_every_exact_answer_is_the_full_searchs_best_match(real_db_path: Path) -> None:
    library = Library.open(real_db_path)
    service = SearchService(library)
    queries = [str(q["query"]) for q in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))]
    names = [
        str(n)
        for (n,) in library.connection.execute("SELECT name FROM names ORDER BY rowid").fetchall()
    ]
    checked = 0
    for text in [*queries, *names]:
        answer = exact_page(real_db_path, text)
        if answer is None:
            continue
        checked += 1
        hits = service.search(text, 1)
        assert hits and hits[0].id == answer, text
    assert checked > 100
    library.close()


def test_the_names_kept_with_the_pages_are_the_exact_answers(real_db_path: Path) -> None:
    library = Library.open(real_db_path)
    ids = [  # every page: topics, conditions and tools
        str(i) for (i,) in library.connection.execute("SELECT DISTINCT topic_id FROM names")
    ]
    names = [
        str(n)
        for (n,) in library.connection.execute("SELECT name FROM names ORDER BY rowid").fetchall()
    ]
    library.close()
    kept = exact_names(real_db_path, ids)
    assert kept["esi"] == "epidural-steroid-injection"
    assert "pain medicine" not in kept  # an alias: the full search decides
    for name in names:
        assert kept.get(norm(name)) == exact_page(real_db_path, name), name
    some = exact_names(real_db_path, ["epidural-steroid-injection", "home", "compare:a,b"])
    assert some == {n: p for n, p in kept.items() if p == "epidural-steroid-injection"}


def test_no_names_without_a_readable_database(tmp_path: Path, real_db_path: Path) -> None:
    assert exact_names(tmp_path / "absent.db", ["epidural-steroid-injection"]) == {}
    assert exact_names(real_db_path, []) == {}
