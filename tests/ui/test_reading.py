"""Reading a long page: the outline, citation previews and Back, Tab stops, the measure,
a comparison's header kept in view, and history entries named after what they show."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.search.service import SearchService
from painref.ui.main_window import MainWindow
from painref.ui.reading import COMPARE_TABLE_ANCHOR, is_citation, reference_text

from .conftest import WindowFactory


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _scroll(window: MainWindow) -> int:
    return window.view.verticalScrollBar().value()


def _tall(window: MainWindow) -> None:
    """A window short enough that the page scrolls."""
    window.resize(900, 420)
    _settle()


def test_the_outline_lists_the_sections_and_jumps_to_one(window: MainWindow) -> None:
    _tall(window)
    window.show_page("alpha-injection")
    outline = window.navigation.outline
    assert outline.isVisible()
    titles = outline.titles()
    assert titles[0] == "At a glance" and titles[-1] == "References"
    target = titles.index("Technique")
    outline.sections.activated.emit(target + 1)  # as a choice from the list
    _settle()
    assert _scroll(window) > 0
    # The bar follows the reading position: the chosen heading is the current section.
    assert outline.sections.currentText() == "Technique"
    assert window.view.current_section() == target


def test_back_returns_to_where_the_reader_was_before_a_jump(window: MainWindow) -> None:
    _tall(window)
    window.show_page("beta-therapy")
    window.show_page("alpha-injection")
    window.view.verticalScrollBar().setValue(60)
    reading_at = _scroll(window)
    window.view.anchorClicked.emit(QUrl("#ref-2"))  # a citation followed
    _settle()
    assert _scroll(window) != reading_at
    window.actions_by_id["nav.back"].trigger()
    assert window.current_location == "alpha-injection"  # still the same page ...
    assert _scroll(window) == reading_at  # ... where the reader was
    window.actions_by_id["nav.back"].trigger()
    assert window.current_location == "beta-therapy"  # and then the page before


def test_a_citation_shows_its_reference(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    first = window.navigation.pages.library.topic("alpha-injection").references[0]
    text = reference_text(window.view, window.view.page_map, "ref-1")
    assert text.startswith("[1]")
    assert first.title in text
    assert reference_text(window.view, window.view.page_map, "no-such-anchor") == ""
    assert is_citation("#ref-1") and is_citation("#ref-0-3") and not is_citation("#sec-1")


def test_tab_moves_between_sections_and_links_not_citations(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    view = window.view
    view.setFocus()
    _settle()
    assert view.hasFocus()
    visited: list[str] = []
    for _ in range(len(view.page_map.stops)):
        if not view.focusNextPrevChild(True):
            break
        visited.append(view.textCursor().selectedText())
    hrefs = [s.href for s in view.page_map.stops]
    assert visited, "Tab found no stop"
    assert not any(is_citation(h) for h in hrefs)
    assert "" in hrefs  # section headings are stops
    assert any(h.startswith("painref://") for h in hrefs)  # and links are
    assert "At a glance" in visited
    # Every citation would have been a stop before; there are many on a page.
    citations = view.toHtml().count("#ref-")
    assert citations > len([h for h in hrefs if h])


def test_a_page_is_a_column_on_a_wide_screen_and_a_comparison_is_not(
    window: MainWindow,
) -> None:
    window.resize(1900, 900)
    _settle()
    window.show_page("alpha-injection")
    assert window.view.viewportMargins().left() > 100
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    assert window.view.viewportMargins().left() == 0


def test_a_comparison_keeps_its_column_titles_in_view(window: MainWindow) -> None:
    _tall(window)
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    view = window.view
    assert COMPARE_TABLE_ANCHOR in view.page_map.anchors
    assert not view.sticky_header.isVisible()  # the table's own heading row is on screen
    view.scrollToAnchor(COMPARE_TABLE_ANCHOR)
    view.verticalScrollBar().setValue(_scroll(window) + 150)
    _settle()
    assert view.sticky_header.isVisible()
    titles = [
        window.navigation.pages.library.summary(i).title
        for i in ("alpha-injection", "gamma-stimulator")
    ]
    assert view.sticky_header.titles() == titles
    view.verticalScrollBar().setValue(0)
    _settle()
    assert not view.sticky_header.isVisible()


def test_history_names_a_comparison_by_its_columns(make_window: WindowFactory) -> None:
    window = make_window()
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    window.show_comparison(["alpha-injection", "beta-therapy"])
    titles = [window.history_panel.list.item(i).text() for i in range(2)]
    gamma = window.navigation.pages.library.summary("gamma-stimulator").title
    beta = window.navigation.pages.library.summary("beta-therapy").title
    assert titles == [f"Compare: AI, {beta}", f"Compare: AI, {gamma}"]
    assert window.windowTitle() == f"Compare: AI, {beta} - PainRef"


def test_home_lists_a_recent_comparison_and_opens_it(make_window: WindowFactory) -> None:
    window = make_window()
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    window.show_page("beta-therapy")
    window.show_home()
    html = window.view.toHtml()
    assert "painref://compare/alpha-injection,gamma-stimulator" in html
    assert "Compare: AI, " in html
    window.view.anchorClicked.emit(QUrl("painref://compare/alpha-injection,gamma-stimulator"))
    assert window.current_location == "compare:alpha-injection,gamma-stimulator"


def test_long_addresses_and_whole_words_fit_a_laptop_page(
    qtbot: QtBot, real_library: Library, tmp_path: Path
) -> None:
    # The intrathecal page's reference list once held an address 1,300 px wide, and a
    # three-way comparison's diagrams were drawn wider than their columns.
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(real_library, SearchService(real_library), settings, debounce_ms=0)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    for location in (
        "intrathecal-drug-delivery",
        "compare:epidural-steroid-injection,radiofrequency-ablation,spinal-cord-stimulation",
        "compare:spinal-cord-stimulation,intrathecal-drug-delivery,basivertebral-nerve-ablation",
    ):
        window.show_location(location)
        _settle()
        assert not window.view.horizontalScrollBar().isVisible(), location


def test_an_address_may_wrap_but_still_leads_where_it_says() -> None:
    from painref.render.env import breakable

    shown = breakable("https://a.example/long_path?x=1&y=2")
    assert str(shown).replace("\u200b", "") == "https://a.example/long_path?x=1&amp;y=2"
    assert str(shown).count("\u200b") >= 6
