"""Search relevance: realistic queries, each with the page that must rank near the top.

The queries live in relevance_queries.yaml (written from the seed documents and CONTENT.md
section (a), as people type them, not from the pages' aliases). All of them run once, through
one SearchService, in a module-scoped fixture. Each query is its own strict test, so one
regression cannot hide under the overall rate; the known misses are strict xfails with their
reason (a miss that starts passing fails too, so the list stays true). test_relevance_pass_rate
still reports the pass rate by kind, with every failing query and what came back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from painref.content.library import Library
from painref.search.service import SearchService

QUERIES_FILE = Path(__file__).with_name("relevance_queries.yaml")
MIN_QUERIES = 70
MIN_PASS_RATE = 0.95
KINDS = (
    "exact",
    "abbreviation",
    "lay",
    "condition",
    "fact",
    "practice",
    "misspelling",
    "partial",
    "question",
    "region",
    "drug",
    "emergency",
)


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    expectations: tuple[tuple[str, int], ...]
    """(page id, top): each page must rank within the first `top` results."""

    @property
    def expect(self) -> str:
        return self.expectations[0][0]

    @property
    def depth(self) -> int:
        return max(top for _, top in self.expectations)


@dataclass(frozen=True)
class Outcome:
    case: Case
    found: tuple[str, ...]
    """The ids that came back, best first (up to the case's depth)."""
    error: str | None = None

    @property
    def missing(self) -> tuple[tuple[str, int], ...]:
        if self.error is not None:
            return self.case.expectations
        return tuple((e, top) for e, top in self.case.expectations if e not in self.found[:top])

    @property
    def passed(self) -> bool:
        return not self.missing

    def describe(self) -> str:
        wanted = ", ".join(f"{e}@{top}" for e, top in self.missing)
        got = f"ERROR {self.error}" if self.error else (", ".join(self.found) or "(nothing)")
        return f"[{self.case.kind}] {self.case.query!r}: want {wanted}; got {got}"


def _load_cases() -> list[Case]:
    raw = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    assert isinstance(raw, list), f"{QUERIES_FILE.name}: expected a list of entries"
    cases = []
    for entry in raw:
        expectations = [(str(entry["expect"]), int(entry["top"]))]
        expectations += [(str(a["expect"]), int(a["top"])) for a in entry.get("also", [])]
        cases.append(Case(str(entry["query"]), str(entry["kind"]), tuple(expectations)))
    return cases


CASES = _load_cases()
KNOWN_MISSES = {
    "numbing injection for nerve pain": (
        "nerve-block ranks 4th: no name of the page is typed ('nerve pain', not 'nerve block'), "
        "and the last word, 'pain', starts page names such as 'pain pump' and 'pain "
        "management', whose prefix boost lifts those pages above it"
    ),
    # Misses since issue 16 added 33 pages, each measured on that content:
    "injection with my own blood": (
        "platelet-rich-plasma ranks about 6th: the new epidural blood patch page (also an "
        "injection of the patient's own blood) and the epidural hematoma page, whose text is "
        "full of both words, now rank above it; no name of the page is typed"
    ),
    "slipped disc": (
        "herniated-disc is first, but epidural-steroid-injection, wanted within 5, falls to "
        "about 5th-6th behind discography and the new disc decompression and caudal pages"
    ),
    "facet arthritis": (
        "facet-joint-pain is first, but medial-branch-block, wanted within 5, falls to about "
        "5th-6th behind the new intra-articular facet and third occipital nerve pages"
    ),
    "headache at the back of my head": (
        "occipital-neuralgia ranks about 8th: 'headache' is the Headache condition's whole "
        "name, and the head region's pages with more of the query's words come first"
    ),
    "burning pain in my feet": (
        "peripheral-neuropathic-pain ranks about 6th: leg-and-foot pages whose text says "
        "'burning' more often (meralgia, sympathetic blocks) come first"
    ),
}
"""Queries that miss today, with why: query text -> reason."""


def _params() -> list[object]:
    return [
        pytest.param(
            case,
            id=f"{case.kind}:{case.query}",
            marks=(
                [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[case.query])]
                if case.query in KNOWN_MISSES
                else []
            ),
        )
        for case in CASES
    ]


@pytest.fixture(scope="module")
def outcomes(real_library: Library) -> dict[str, Outcome]:
    """Every query, run once through one service: query text -> outcome."""
    service = SearchService(real_library)
    results: dict[str, Outcome] = {}
    for case in CASES:
        try:
            hits = service.search(case.query, limit=case.depth)
        except Exception as exc:  # a crash counts against the rate, like a miss
            results[case.query] = Outcome(case, (), f"{type(exc).__name__}: {exc}")
        else:
            results[case.query] = Outcome(case, tuple(hit.id for hit in hits))
    return results


@pytest.fixture(scope="module")
def page_ids(real_library: Library) -> set[str]:
    rows = real_library.connection.execute("SELECT id FROM topics").fetchall()
    return {str(row[0]) for row in rows}


def test_query_set_is_well_formed(page_ids: set[str]) -> None:
    assert len(CASES) >= MIN_QUERIES, f"only {len(CASES)} queries; want at least {MIN_QUERIES}"
    queries = [case.query for case in CASES]
    duplicates = sorted({q for q in queries if queries.count(q) > 1})
    assert not duplicates, f"duplicate queries: {duplicates}"
    assert {case.kind for case in CASES} == set(KINDS), "every kind should be covered"
    assert set(KNOWN_MISSES) <= set(queries), "a known miss is not in the query set"
    for case in CASES:
        assert case.kind in KINDS, f"{case.query!r}: unknown kind {case.kind!r}"
        assert case.query.strip(), "empty query"
        for expect, top in case.expectations:
            assert expect in page_ids, f"{case.query!r}: {expect!r} is not a page id"
            assert top >= 1, f"{case.query!r}: top must be at least 1, got {top}"


@pytest.mark.parametrize("case", _params())
def test_query(
    case: Case,
    outcomes: dict[str, Outcome],
    record_property: Callable[[str, object], None],
) -> None:
    """Each expected page ranks within its top (recorded as the junit property
    "relevance" too)."""
    outcome = outcomes[case.query]
    record_property("relevance", "pass" if outcome.passed else "fail")
    record_property("relevance_found", " ".join(outcome.found))
    assert outcome.passed, outcome.describe()


def test_relevance_pass_rate(outcomes: dict[str, Outcome]) -> None:
    results = list(outcomes.values())
    failures = [o for o in results if not o.passed]
    rate = 1 - len(failures) / len(results)
    lines = [f"relevance: {len(results) - len(failures)}/{len(results)} passed ({rate:.1%})"]
    for kind in KINDS:
        of_kind = [o for o in results if o.case.kind == kind]
        passed = sum(o.passed for o in of_kind)
        lines.append(f"  {kind:<12} {passed:>3}/{len(of_kind)}")
    if failures:
        lines.append("failing queries:")
        lines += [f"  {o.describe()}" for o in failures]
    report = "\n".join(lines)
    print(report)  # noqa: T201 -- the summary, shown with -s or -rA
    assert rate >= MIN_PASS_RATE, f"pass rate below {MIN_PASS_RATE:.0%}\n{report}"
