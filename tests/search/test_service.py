"""The search service on the small test database: safety, ranking, synonyms, typos, snippets."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painref.cli import main
from painref.content.library import Library
from painref.errors import DatabaseError
from painref.search.service import SearchService


@pytest.fixture
def service(small_library: Library) -> SearchService:
    return SearchService(small_library)


def ids(service: SearchService, text: str, limit: int = 10) -> list[str]:
    return [h.id for h in service.search(text, limit)]


def test_exact_title_and_abbreviation_come_first(service: SearchService) -> None:
    assert ids(service, "gamma stimulator")[0] == "gamma-stimulator"
    assert ids(service, "AI")[0] == "alpha-injection"
    assert ids(service, "alpha shot")[0] == "alpha-injection"


def test_prefix_on_the_word_being_typed(service: SearchService) -> None:
    assert ids(service, "zebrac")[0] == "alpha-injection"
    assert service.query("zebrac ", prefix_last=None).hits == []


def test_a_name_being_typed_matches_through_its_synonyms(service: SearchService) -> None:
    """ "Back pain" is stored with pain folded to its synonym group ("back ache"): the word
    being typed, "pa", must still complete it, as typing does in the window."""
    hits = service.search("back pa", 5)
    assert hits[0].id == "back-pain"
    assert hits[0].score >= 1000  # the whole name, not a tie broken by the alphabet


def test_clinical_detail_finds_its_page(service: SearchService) -> None:
    """Drugs, contraindications and trials live in the details index and still find the page."""
    assert [h.id for h in service.search("quillomethasone", 3)][:1] == ["alpha-injection"]
    assert "alpha-injection" in [h.id for h in service.search("anticoagulant", 3)]
    hit = service.search("LESS trial", 3)[0]
    assert hit.id == "alpha-injection"


def test_body_only_word(service: SearchService) -> None:
    assert ids(service, "zebracorn") == ["alpha-injection"]


def test_question_words_do_not_drown_the_signal(service: SearchService) -> None:
    assert ids(service, "what is the zebracorn in an alpha injection?")[0] == "alpha-injection"


def test_condition_finds_its_page_and_its_procedures(service: SearchService) -> None:
    found = ids(service, "back pain")
    assert found[0] == "back-pain"
    assert {"alpha-injection", "gamma-stimulator", "beta-therapy"} <= set(found)
    assert ids(service, "lumbago")[0] == "back-pain"


def test_typo_is_corrected_and_reported(service: SearchService) -> None:
    outcome = service.query("zebracron", prefix_last=False)
    assert [h.id for h in outcome.hits] == ["alpha-injection"]
    assert outcome.corrected == "zebracorn"
    assert service.suggest("zebracorn") is None


def test_synonyms_widen_a_word(service: SearchService) -> None:
    # "jab" and "shot" are synonyms of "injection" in tests/data/synonyms.yaml.
    assert ids(service, "alpha jab")[0] == "alpha-injection"


def test_snippet_highlights_the_match(service: SearchService) -> None:
    (hit,) = service.search("zebracorn")
    (start, end), *_ = hit.highlights
    assert hit.snippet[start:end].lower() == "zebracorn"
    assert "\x02" not in hit.snippet


def test_scores_are_ordered(service: SearchService) -> None:
    hits = service.search("back pain")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "'",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b, 2)",
        "-",
        "*",
        "a*b",
        ":",
        "title:x",
        "^x",
        "{a b}",
        '"unbalanced',
        "back OR",
        "NOT back",
        "💉🩺",
        "\x00\x01\x02\x03",
        "\u202e\u200b",
        "é",
        "ß",
        "İstanbul",
        " ",
        "",
        "a" * 10_000,
        "back " * 3000,
        "SELECT * FROM topics; --",
    ],
)
def test_hostile_text_never_raises(service: SearchService, text: str) -> None:
    hits = service.search(text)
    assert isinstance(hits, list)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_text_never_raises(service: SearchService, text: str) -> None:
    for hit in service.search(text, limit=5):
        assert hit.id
        for start, end in hit.highlights:
            assert 0 <= start <= end <= len(hit.snippet)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=200).filter(lambda t: not t.startswith("-")))
def test_cli_search_json_is_always_valid(
    small_db_path: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(small_db_path))
    code = main(["search", "--json", "--", text])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    assert isinstance(json.loads(out), list)


@pytest.mark.parametrize(
    ("sql", "text"),
    [
        ("DELETE FROM topics_fts_data", "zebracorn"),  # sqlite3.DatabaseError, not Operational
        ("DELETE FROM topics_fts_docsize", "zebracorn"),
        ("DELETE FROM details_fts_data", "zebracorm"),  # read a row at a time (_in_details)
        ("UPDATE terms SET term = CAST(x'80ff' AS TEXT) || rowid", "zebracorm"),
        ("DROP TABLE terms", "zebracorm"),  # the word list is read on the first unknown word
        ("UPDATE terms SET freq = 'many'", "zebracorm"),
    ],
)
def test_a_damaged_search_index_is_a_database_error(
    tmp_path: Path, small_db_path: Path, sql: str, text: str
) -> None:
    path = tmp_path / "damaged.db"
    shutil.copy(small_db_path, path)
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    library = Library.open(path)
    service = SearchService(library)
    with pytest.raises(DatabaseError) as info:
        service.query(text)
    assert str(path) in str(info.value)
    library.close()


@pytest.mark.parametrize(
    "sql",
    ["DROP TABLE names", "UPDATE names SET norm = CAST(x'80ff' AS TEXT)", "DROP TABLE synonyms"],
)
def test_a_damaged_name_list_fails_at_construction(
    tmp_path: Path, small_db_path: Path, sql: str
) -> None:
    path = tmp_path / "damaged.db"
    shutil.copy(small_db_path, path)
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    library = Library.open(path)
    with pytest.raises(DatabaseError, match="search index is unusable"):
        SearchService(library)
    library.close()


def test_construction_reads_no_names_until_the_first_search(real_db_path: Path) -> None:
    """Start-up pays nothing that grows with the content: the names, synonyms and body
    regions are read at the first search (or when a window calls prepare)."""
    library = Library.open(real_db_path)
    statements: list[str] = []
    library.connection.set_trace_callback(statements.append)

    def read_names() -> bool:
        return any("FROM names WHERE rowid" in s for s in statements)

    service = SearchService(library)
    assert statements  # the search tables are looked at (a damaged one fails here)
    assert all(s.rstrip().endswith("LIMIT 1") for s in statements)
    assert not read_names()
    assert service.search("esi")[0].id == "epidural-steroid-injection"
    assert read_names()
    statements.clear()
    assert service.search("slipped disc")
    assert not read_names()  # once
    prepared = SearchService(library)
    prepared.prepare()
    statements.clear()
    assert prepared.resolve("Slipped disc") == service.resolve("slipped disc")
    assert not read_names()
    library.close()


def test_prepare_reads_a_slice_at_a_time(
    real_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window can prepare search in short idle slices; a search in between finishes the
    reading itself and finds the same pages."""
    from painref.search import service as service_module

    monkeypatch.setattr(service_module, "NAMES_AT_ONCE", 50)
    library = Library.open(real_db_path)
    names = library.connection.execute("SELECT count(*) FROM names").fetchone()[0]
    assert names > 3 * 50
    sliced = SearchService(library)
    slices = 1
    while not sliced.prepare(0):
        slices += 1
    assert slices > names // 50
    half = SearchService(library)
    assert not half.prepare(0)
    whole = SearchService(library)
    assert whole.prepare()
    for query in ("esi", "slipped disc", "steriod injection", "knee pain"):
        expected = [h.id for h in whole.search(query)]
        assert [h.id for h in sliced.search(query)] == expected
        assert [h.id for h in half.search(query)] == expected
    assert half.prepare()
    library.close()
