"""Search ranking, pinned rule by rule on small purpose-built databases.

The score of a hit is the sum of: a name boost (the query is, contains or starts a page
name), a bonus when every word matched, and FTS5's bm25 with a weight per column plus the
bm25 of the page's clinical detail. Each test below isolates one of these terms and states
its value, so changing a weight, a boost, a stop word or the OR fallback fails a test here
(docs/search-ranking.md says why each value is what it is, and how that was checked).

Tests compare the service's score with SQLite's own bm25 over the same database, so they
pin the service's weights without restating FTS5's formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from painref.content.library import Library
from painref.search.query import tokens
from painref.search.service import SearchService
from tests.search.corpus import library_for, page

PINNED_COLUMN_WEIGHTS = {
    "title": 10.0,
    "names": 8.0,
    "conditions_text": 3.0,
    "summary_text": 2.0,
    "facts_text": 1.5,
    "body_text": 1.0,
    "practice_names": 10.0,
}
"""bm25 weight of each topics_fts column, in column order."""
PINNED_DETAILS_WEIGHT = 1.0
ALL_WORDS_BONUS = 50.0
EXACT_NAME = 1000.0
TITLE_OVER_ALIAS = 10.0
CONTAINED_NAME = 200.0
PREFIX_NAME = 120.0
NO_PAGE_HAS = "999999"
"""A word no page has (digits are never corrected): with it, no page matches every word,
so the OR fallback answers, without the all-words bonus and without a name boost."""

_STOP_TEXT = """
a about after again all am an and any are as at be been before being both but by can
could did do does doing done during each explain for from further get gets got had has
have having he her here his how i if in into is it its itself just me mean means more
most my no nor not of off on once only or other our out over own same she should so some
such tell than that the their them then there these they this those through to too under
until up use used uses using very was we were what when where which while who whom why
will with would you your
"""
PINNED_STOP_WORDS = frozenset(_STOP_TEXT.split())
"""Question and function words set aside before searching (a query of nothing but these
is searched as typed)."""

TRIAL = {
    "kind": "trial",
    "year": 2014,
    "population": "adults",
    "direction": "for",
    "strength": "good",
    "statement": "Helped.",
    "refs": ["src-a"],
}

# One page per column, each with its own made-up word found in that column only.
COLUMN_PAGES = [
    page("p-title", "Tivolo page"),
    page("p-names", "Names page", aliases=["namoro alias"]),
    page("p-conditions", "Conditions page", conditions=[{"id": "condoro-ache", "refs": ["src-a"]}]),
    page("p-summary", "Summary page", summary="The summoro summary [@src-a]."),
    page("p-facts", "Facts page", benefits=[{"text": "Factoro relief", "refs": ["src-a"]}]),
    page("p-body", "Body page", body="The bodoro body [@src-a]."),
    page("p-practice", "Practice page", evidence=[{"body": "PRACTORO trial", **TRIAL}]),
    page(
        "p-details", "Details page", technique=[{"text": "Detailoro placement", "refs": ["src-a"]}]
    ),
]
COLUMN_CONDITION = {
    "id": "condoro-ache",
    "title": "Condoro ache",
    "summary": "A condition [@src-a].",
    "refs": ["src-a"],
    "reviewed": "2026-01-02",
}
COLUMN_WORDS = {
    "title": ("p-title", "tivolo"),
    "names": ("p-names", "namoro"),
    "conditions_text": ("p-conditions", "condoro"),
    "summary_text": ("p-summary", "summoro"),
    "facts_text": ("p-facts", "factoro"),
    "body_text": ("p-body", "bodoro"),
    "practice_names": ("p-practice", "practoro"),
}

# A page with a title, an abbreviation and a two-word-longer alias, and filler pages so that
# its words are rare (bm25 gives words on half the rows or more almost no weight).
NAME_PAGES = [
    page(
        "fenwick-block",
        "Fenwick block",
        aliases=["larkspur nerve block"],
        body="The quorral approach [@src-a].",
    ),
    *(page(f"filler-{n}", f"Filler page {n}") for n in ("one", "two", "three", "four")),
]


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with library_for(
        tmp_path_factory.mktemp("columns"), COLUMN_PAGES, conditions=[COLUMN_CONDITION]
    ) as library:
        yield library


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with library_for(tmp_path_factory.mktemp("names"), NAME_PAGES) as library:
        yield library


def score(library: Library, text: str, topic_id: str) -> float:
    """The service's score for topic_id on text (typed to the end: no prefix match)."""
    hits = SearchService(library).query(text, prefix_last=False).hits
    found = {hit.id: hit.score for hit in hits}
    assert topic_id in found, f"{topic_id} not found for {text!r}: {list(found)}"
    return found[topic_id]


def bm25(library: Library, expression: str, topic_id: str, weights: dict[str, float]) -> float:
    """SQLite's bm25 for one page of topics_fts, with weights by column name (others 0)."""
    vector = ", ".join(str(weights.get(column, 0.0)) for column in PINNED_COLUMN_WEIGHTS)
    row = library.connection.execute(
        f"SELECT -bm25(topics_fts, {vector}) FROM topics_fts JOIN topics t "
        "ON t.rowid = topics_fts.rowid WHERE topics_fts MATCH ? AND t.id = ?",
        [expression, topic_id],
    ).fetchone()
    return float(row[0]) if row else 0.0


def details_bm25(library: Library, expression: str, topic_id: str) -> float:
    row = library.connection.execute(
        "SELECT -bm25(details_fts) FROM details_fts JOIN details d "
        "ON d.rowid = details_fts.rowid WHERE details_fts MATCH ? AND d.topic_id = ?",
        [expression, topic_id],
    ).fetchone()
    return float(row[0]) if row else 0.0


def text_score(library: Library, words: list[str], topic_id: str) -> float:
    """What the text of a page scores when every word matched (names and bonus aside)."""
    expression = " AND ".join(f'"{w}"' for w in words)
    return bm25(library, expression, topic_id, PINNED_COLUMN_WEIGHTS) + (
        PINNED_DETAILS_WEIGHT * details_bm25(library, expression, topic_id)
    )


# -- field weights ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "weight"),
    list(PINNED_COLUMN_WEIGHTS.items()),
    ids=[f"{c}={w:g}" for c, w in PINNED_COLUMN_WEIGHTS.items()],
)
def test_a_word_counts_with_the_weight_of_its_column(
    columns: Library, column: str, weight: float
) -> None:
    """A title or practice-name hit counts ten times a body hit, a name eight times, a
    linked condition three, the summary two, the short facts one and a half."""
    topic_id, word = COLUMN_WORDS[column]
    expression = f'"{word}"'
    expected = bm25(columns, expression, topic_id, {column: weight})
    if column == "practice_names":  # a trial is named in the practice names and its detail
        expected += PINNED_DETAILS_WEIGHT * details_bm25(columns, expression, topic_id)
    assert expected > 0
    assert score(columns, f"{word} {NO_PAGE_HAS}", topic_id) == pytest.approx(expected)


def test_a_word_in_the_clinical_detail_counts_with_its_own_weight(columns: Library) -> None:
    """The detail (technique, contraindications, doses...) is a second table whose bm25 is
    added at weight 1, so a long page's detail does not drown its name and summary."""
    expected = PINNED_DETAILS_WEIGHT * details_bm25(columns, '"detailoro"', "p-details")
    assert expected > 0
    assert score(columns, f"detailoro {NO_PAGE_HAS}", "p-details") == pytest.approx(expected)


def test_a_title_hit_outranks_a_body_hit(columns: Library) -> None:
    hits = SearchService(columns).query("tivolo bodoro", prefix_last=False).hits
    assert [h.id for h in hits][:2] == ["p-title", "p-body"]


# -- the all-words bonus and the OR fallback ----------------------------------------------------


def test_matching_every_word_is_worth_a_bonus(columns: Library) -> None:
    """A page with every word gets 50 on top of its bm25: one lone word the page has
    scores exactly that much more than the same word beside a word no page has."""
    alone = score(columns, "bodoro", "p-body")
    with_unknown = score(columns, f"bodoro {NO_PAGE_HAS}", "p-body")
    assert alone - with_unknown == pytest.approx(ALL_WORDS_BONUS)
    assert with_unknown == pytest.approx(bm25(columns, '"bodoro"', "p-body", {"body_text": 1.0}))


def test_when_no_page_has_every_word_any_word_finds_pages(columns: Library) -> None:
    """The OR fallback: no page has both words, so each page with either comes back."""
    hits = SearchService(columns).query("summoro bodoro", prefix_last=False).hits
    assert {h.id for h in hits} == {"p-summary", "p-body"}


def test_the_or_fallback_also_finds_pages_by_their_detail(columns: Library) -> None:
    hits = SearchService(columns).query(f"detailoro {NO_PAGE_HAS}", prefix_last=False).hits
    assert [h.id for h in hits] == ["p-details"]


def test_pages_with_every_word_rank_above_pages_with_some(tmp_path: Path) -> None:
    pages = [
        page("both", "Both page", body="Alder and birch [@src-a]."),
        page("alder-title", "Alder alder", summary="Alder alder alder [@src-a]."),
        *(page(f"filler-{n}", f"Filler page {n}") for n in ("one", "two", "three")),
    ]
    with library_for(tmp_path, pages) as library:
        hits = SearchService(library).query("alder birch", prefix_last=False).hits
    assert [h.id for h in hits] == ["both", "alder-title"]


# -- name boosts --------------------------------------------------------------------------------


def test_typing_a_title_exactly_adds_the_exact_name_boost(names: Library) -> None:
    """1000 for a whole name typed as the whole query, 10 more when it is the title."""
    text = score(names, "fenwick block", "fenwick-block") - ALL_WORDS_BONUS
    boost = text - text_score(names, ["fenwick", "block"], "fenwick-block")
    assert boost == pytest.approx(EXACT_NAME + TITLE_OVER_ALIAS)


def test_typing_an_alias_exactly_adds_the_exact_name_boost(names: Library) -> None:
    words = ["larkspur", "nerve", "block"]
    text = score(names, " ".join(words), "fenwick-block") - ALL_WORDS_BONUS
    assert text - text_score(names, words, "fenwick-block") == pytest.approx(EXACT_NAME)


def test_a_name_inside_a_longer_query_adds_its_share_of_the_contained_boost(
    names: Library,
) -> None:
    """The name covers two of three words: 200 x 2/3."""
    words = ["fenwick", "block", "quorral"]
    text = score(names, " ".join(words), "fenwick-block") - ALL_WORDS_BONUS
    boost = text - text_score(names, words, "fenwick-block")
    assert boost == pytest.approx(CONTAINED_NAME * 2 / 3)


def test_a_query_that_starts_a_name_adds_the_prefix_boost(names: Library) -> None:
    """ "larkspur nerve" is the start of "larkspur nerve block": 120 x 2/2."""
    words = ["larkspur", "nerve"]
    text = score(names, " ".join(words), "fenwick-block") - ALL_WORDS_BONUS
    assert text - text_score(names, words, "fenwick-block") == pytest.approx(PREFIX_NAME)


def test_a_name_started_at_the_end_of_a_query_adds_its_share(names: Library) -> None:
    """ "quorral larksp": the unfinished last word starts the alias, one of two words:
    120 x 1/2."""
    boosts = SearchService(names)._name_boosts(["quorral", "larksp"], True)
    assert boosts["fenwick-block"] == pytest.approx(PREFIX_NAME / 2)


def test_one_finished_common_word_at_the_end_does_not_start_a_name(names: Library) -> None:
    """ "quorral larkspur": one whole word at the end starts too many names to mean one (issue
    16: "... injection" and "... pain" began dozens); only text and contained names count."""
    words = ["quorral", "larkspur"]
    text = score(names, " ".join(words), "fenwick-block") - ALL_WORDS_BONUS
    assert text - text_score(names, words, "fenwick-block") == pytest.approx(0)


def test_a_name_outranks_pages_that_only_use_its_words(tmp_path: Path) -> None:
    pages = [
        page("wren-block", "Wren block"),
        page("wordy", "Wordy page", summary="Wren block, wren block, wren block [@src-a]."),
        *(page(f"filler-{n}", f"Filler page {n}") for n in ("one", "two", "three")),
    ]
    with library_for(tmp_path, pages) as library:
        hits = SearchService(library).query("wren block", prefix_last=False).hits
    assert [h.id for h in hits][:2] == ["wren-block", "wordy"]
    assert hits[0].score > EXACT_NAME


# -- stop words ---------------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(PINNED_STOP_WORDS))
def test_a_stop_word_is_set_aside(columns: Library, word: str) -> None:
    outcome = SearchService(columns).query(f"{word} bodoro", prefix_last=False)
    assert outcome.words == ("bodoro",)
    assert [h.id for h in outcome.hits] == ["p-body"]
    assert outcome.hits[0].score == pytest.approx(score(columns, "bodoro", "p-body"))


def test_a_query_of_only_stop_words_is_searched_as_typed(columns: Library) -> None:
    assert SearchService(columns).query("what is the", prefix_last=False).words == (
        "what",
        "is",
        "the",
    )


def _words_people_search_for(real_library: Library) -> list[str]:
    """Every word the real content uses, and every word of the relevance queries."""
    found = {str(row[0]) for row in real_library.connection.execute("SELECT term FROM terms")}
    queries = yaml.safe_load(
        Path(__file__).with_name("relevance_queries.yaml").read_text(encoding="utf-8")
    )
    for entry in queries:
        found.update(tokens(str(entry["query"])))
    return sorted(found - PINNED_STOP_WORDS)


def test_no_other_word_is_set_aside(columns: Library, real_library: Library) -> None:
    """Every other word people may type is searched for: adding a stop word fails here."""
    service = SearchService(columns)
    words = _words_people_search_for(real_library)
    assert len(words) > 1000
    dropped = [
        word for word in words if len(service.query(f"{word} bodoro", prefix_last=False).words) != 2
    ]
    assert not dropped, f"set aside but not documented as stop words: {dropped}"


# -- typo correction against the whole content ---------------------------------------------------


def test_a_word_only_in_the_clinical_detail_is_not_corrected(tmp_path: Path) -> None:
    """The word list for typos comes from the topics index; a word that only the detail
    uses (a complication, a nerve) is still a word: "abscess" must not become "access"."""
    pages = [
        page(
            "risky",
            "Risky page",
            complications=[{"name": "Bad", "description": "An abscess.", "refs": ["src-a"]}],
        ),
        page("door", "Door page", summary="Vascular access [@src-a]."),
        *(page(f"filler-{n}", f"Filler page {n}") for n in ("one", "two", "three")),
    ]
    with library_for(tmp_path, pages) as library:
        outcome = SearchService(library).query("abscess", prefix_last=False)
    assert outcome.corrected is None
    assert [h.id for h in outcome.hits] == ["risky"]


def test_another_form_of_an_indexed_word_is_not_corrected_into_a_different_word(
    tmp_path: Path,
) -> None:
    """ "fainted" is not in the word list, but FTS5 finds it by its stem in "fainting": the
    correction "failed" would lose that page, so the word stands and the page is found."""
    pages = [
        page("faint", "Faint page", summary="A patient fainting on the table [@src-a]."),
        page("fail", "Fail page", summary="The block failed twice [@src-a]."),
        *(page(f"filler-{n}", f"Filler page {n}") for n in ("one", "two", "three")),
    ]
    with library_for(tmp_path, pages) as library:
        search = SearchService(library)
        assert search._vocab().correct("fainted") == "failed"  # what the word list alone says
        outcome = search.query("fainted", prefix_last=False)
    assert outcome.corrected is None
    assert [h.id for h in outcome.hits] == ["faint"]


def test_a_misspelling_sharing_a_detail_words_stem_is_still_corrected(tmp_path: Path) -> None:
    """FTS5 matches stems, so the detail is checked for the word as typed."""
    pages = [
        page("chiro", "Chiro page", summary="See a chiropractor [@src-a]."),
        page(
            "adjust",
            "Adjust page",
            technique=[{"text": "Chiropractic adjustment.", "refs": ["src-a"]}],
        ),
        *(page(f"filler-{n}", f"Filler page {n}") for n in ("one", "two", "three")),
    ]
    with library_for(tmp_path, pages) as library:
        outcome = SearchService(library).query("chiropracter", prefix_last=False)
    assert outcome.corrected == "chiropractor"
