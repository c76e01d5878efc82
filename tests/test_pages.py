"""The page service: any location in, the page every consumer shows out."""

from __future__ import annotations

import pytest

from painref.content.library import Library
from painref.errors import PainRefError, UnknownTopicError
from painref.location import HOME, Location
from painref.pages import PageService
from painref.render.contexts import Theme
from painref.render.pages import CHART_NAME


@pytest.fixture
def pages(small_library: Library) -> PageService:
    return PageService(small_library)


def test_a_topic_page(pages: PageService) -> None:
    page = pages.render("alpha-injection")
    assert page.title == pages.library.topic("alpha-injection").title
    assert page.location == Location.page("alpha-injection")
    assert page.charts == {} and not page.landscape
    assert page.title in page.html


def test_a_condition_page_by_either_spelling(pages: PageService) -> None:
    assert pages.render("condition:back-pain").html == pages.render("back-pain").html


def test_home_lists_recent_pages(pages: PageService) -> None:
    recent = [pages.library.summary("gamma-stimulator")]
    page = pages.render(HOME, recent=recent)
    assert page.title == "Home"
    assert "painref://topic/gamma-stimulator" in page.html
    assert "painref://topic/gamma-stimulator" not in pages.render(HOME).html


def test_a_comparison_names_its_chart_once(pages: PageService) -> None:
    page = pages.render("compare:alpha-injection,beta-therapy")
    assert page.title == pages.title("compare:alpha-injection,beta-therapy")
    assert set(page.charts) == {CHART_NAME}
    assert "Too little data for a chart" in page.html  # only Alpha has both values (D10)
    assert "<svg" not in page.html
    assert not page.landscape


def test_a_comparison_for_a_file_carries_its_chart(pages: PageService) -> None:
    page = pages.render("compare:alpha-injection,beta-therapy", inline_charts=True)
    assert page.charts == {}
    assert "Too little data for a chart" in page.html  # the chart's sentence, inline (D10)


def test_three_columns_print_across_the_page(pages: PageService) -> None:
    page = pages.render("compare:alpha-injection,beta-therapy,gamma-stimulator")
    assert page.landscape


def test_interactive_pages_carry_their_actions(pages: PageService) -> None:
    location = "compare:alpha-injection,beta-therapy"
    assert "painref://compare-move" in pages.render(location, interactive=True).html
    assert "painref://compare-move" not in pages.render(location).html


def test_the_chart_takes_the_pages_colours(pages: PageService) -> None:
    theme = Theme(background="#101010", text="#fafafa")
    _, chart = pages.comparison(["alpha-injection", "beta-therapy"], theme=theme)
    assert "#fafafa" in chart.svg


def test_only_differences(pages: PageService) -> None:
    location = "compare:alpha-injection,beta-therapy"
    full = pages.text(location)
    short = pages.text(location, only_differences=True)
    assert len(short) < len(full)


def test_text(pages: PageService) -> None:
    assert "ALPHA INJECTION" in pages.text("alpha-injection")
    with pytest.raises(PainRefError):
        pages.text(HOME)


def test_titles(pages: PageService) -> None:
    alpha = pages.library.summary("alpha-injection").title
    beta = pages.library.summary("beta-therapy").title
    assert pages.title(HOME) == "Home"
    assert pages.title("alpha-injection") == alpha
    # A comparison is named by its columns, an abbreviation where the page has one, so two
    # comparisons in the history can be told apart.
    assert pages.title("compare:alpha-injection,beta-therapy") == f"Compare: AI, {beta}"
    assert pages.title("no-such-page") == "no-such-page"


def test_a_page_s_sections_are_named_for_its_outline(pages: PageService) -> None:
    page = pages.render("alpha-injection")
    titles = [s.title for s in page.outline]
    assert titles[0] == "At a glance"
    assert "Anatomy and target" in titles and titles[-1] == "References"
    for section in page.outline:
        assert f'<a name="{section.anchor}"></a>' in page.html
    assert len({s.anchor for s in page.outline}) == len(page.outline)
    assert pages.render(HOME).outline == ()


def test_errors(pages: PageService) -> None:
    with pytest.raises(UnknownTopicError):
        pages.render("no-such-page")
    with pytest.raises(PainRefError):
        pages.render("compare:alpha-injection")
