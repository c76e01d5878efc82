"""Locations: parsed and written in one place, reading what the user database stores."""

from __future__ import annotations

import pytest

from painref.location import HOME, Kind, Location, compare_ids, compare_location


@pytest.mark.parametrize(
    ("text", "kind", "ids"),
    [
        ("home", Kind.HOME, ()),
        (" home ", Kind.HOME, ()),
        ("alpha-injection", Kind.TOPIC, ("alpha-injection",)),
        ("topic:alpha-injection", Kind.TOPIC, ("alpha-injection",)),
        ("condition:back-pain", Kind.CONDITION, ("back-pain",)),
        ("compare:a,b", Kind.COMPARE, ("a", "b")),
        ("compare:a,b, c,", Kind.COMPARE, ("a", "b", "c")),
        (" compare:a,b ", Kind.COMPARE, ("a", "b")),
        ("compare:", Kind.COMPARE, ()),
    ],
)
def test_parse(text: str, kind: Kind, ids: tuple[str, ...]) -> None:
    location = Location.parse(text)
    assert location.kind is kind
    assert location.ids == ids


@pytest.mark.parametrize(
    "stored", ["home", "alpha-injection", "back-pain", "compare:a,b", "compare:a,b,c,d"]
)
def test_what_is_stored_today_reads_back_the_same(stored: str) -> None:
    """Bookmarks, history and lecture sets keep these strings: they must not change."""
    assert str(Location.parse(stored)) == stored


def test_prefixed_pages_are_written_as_bare_ids() -> None:
    assert str(Location.parse("topic:alpha-injection")) == "alpha-injection"
    assert str(Location.parse("condition:back-pain")) == "back-pain"


def test_properties() -> None:
    assert HOME.is_home and HOME.page_id is None and not HOME.is_comparison
    page = Location.page("alpha-injection")
    assert page.page_id == "alpha-injection" and not page.is_home
    comparison = Location.comparison(["a", "b"])
    assert comparison.is_comparison and comparison.page_id is None
    assert Location.parse("condition:back-pain").page_id == "back-pain"


def test_comparison_helpers() -> None:
    assert compare_location(["a", "b"]) == "compare:a,b"
    assert compare_ids("compare:a,b") == ["a", "b"]
    assert compare_ids("alpha-injection") is None
    assert compare_ids("home") is None
