"""Body regions: every page tagged, a body part finds its pages, and a body part is never
"corrected" into another word (issue 16; data/regions.yaml)."""

from __future__ import annotations

import pytest
import yaml

from painref.content.library import Library
from painref.search.service import SearchService

from ..conftest import REAL_DATA

REGIONS = yaml.safe_load((REAL_DATA / "regions.yaml").read_text(encoding="utf-8"))
ISSUE_REGIONS = {
    "head-face",
    "neck",
    "shoulder-arm",
    "chest-wall",
    "abdomen",
    "low-back",
    "pelvis-groin",
    "buttock-hip",
    "knee",
    "leg-foot",
    "whole-body",
}


def test_the_regions_are_the_issue_s() -> None:
    assert {r["id"] for r in REGIONS} == ISSUE_REGIONS


def test_every_topic_and_condition_has_a_region(real_library: Library) -> None:
    tagged = {p.id for r in real_library.regions() for p in r.pages}
    pages = real_library.topics(include_tools=False) + real_library.conditions()
    assert sorted(p.id for p in pages if p.id not in tagged) == []


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("knee pain", "knee"),
        ("leg pain", "leg-foot"),
        ("arm pain", "shoulder-arm"),
        ("shoulder pain", "shoulder-arm"),
        ("hand pain", "shoulder-arm"),
        ("tailbone", "pelvis-groin"),
        ("buttock", "buttock-hip"),
        ("jaw pain", "head-face"),
        ("groin pain", "pelvis-groin"),
        ("chest wall pain", "chest-wall"),
        ("belly pain", "abdomen"),
        ("neck pain", "neck"),
        ("widespread pain", "whole-body"),
    ],
)
def test_a_body_part_finds_its_pages_first(real_library: Library, query: str, region: str) -> None:
    pages = {p.id for r in real_library.regions() if r.id == region for p in r.pages}
    top = min(3, len(pages))
    hits = [h.id for h in SearchService(real_library).search(query, top)]
    assert len(hits) == top and set(hits) <= pages, hits


@pytest.mark.parametrize("word", sorted({w for r in REGIONS for w in r["words"] if " " not in w}))
def test_a_body_part_is_never_corrected(real_library: Library, word: str) -> None:
    outcome = SearchService(real_library).query(f"{word} pain", 3, prefix_last=False)
    assert outcome.corrected is None, outcome.corrected


def test_a_word_is_never_corrected_into_a_stop_word(real_library: Library) -> None:
    """ "hand" once became "and" (ux.md D3): a stop word is not a spelling."""
    service = SearchService(real_library)
    for typed in ("hnad pain", "andd pain", "thee knee"):
        corrected = service.query(typed, 3, prefix_last=False).corrected or ""
        assert not {"and", "the", "an", "a"} & set(corrected.split()), (typed, corrected)


@pytest.mark.parametrize(
    ("typed", "page"),
    [("radiofrequency", "radiofrequency-ablation"), ("radiofreq", "radiofrequency-ablation")],
)
def test_a_title_being_typed_beats_aliases_that_start_the_same(
    real_library: Library, typed: str, page: str
) -> None:
    """Six pages have a name starting "radiofrequency" since issue 16; the one whose title
    does comes first (the window's smoke test types exactly this)."""
    assert SearchService(real_library).query(typed, 3, prefix_last=True).hits[0].id == page
