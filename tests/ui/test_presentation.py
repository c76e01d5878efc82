"""Presentation mode driven by its keys, offscreen: moving, the ends, leaving, type size, colours."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextFragment
from pytestqt.qtbot import QtBot

from painref.content.comparison import compare
from painref.content.library import Library
from painref.render.contexts import ComparePage, Theme, TopicPage
from painref.render.slides import Slide, compare_slides, topic_slides
from painref.ui.appearance import high_contrast_palette
from painref.ui.presentation import (
    DEFAULT_SCALE,
    FIT_FLOOR,
    PresentationView,
)

NEXT_KEYS = [Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Down]
PREVIOUS_KEYS = [Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace]
LIGHT = Theme()


def _slides(library: Library, topic_id: str) -> list[Slide]:
    return topic_slides(TopicPage(detail=library.topic(topic_id), meta=library.meta))


@pytest.fixture
def view(qtbot: QtBot, small_library: Library) -> PresentationView:
    """Alpha injection's five slides, in light colours, big enough that they need no fitting."""
    view = PresentationView(
        _slides(small_library, "alpha-injection"), "Alpha injection", lambda: LIGHT
    )
    qtbot.addWidget(view)
    return view


def _start(view: PresentationView, qtbot: QtBot) -> None:
    view.start()
    qtbot.waitExposed(view)


def _shown(view: PresentationView) -> Slide:
    slide = view.current_slide()
    assert slide is not None
    return slide


def _key(
    view: PresentationView,
    qtbot: QtBot,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed where the presenter's focus is: on the slide."""
    qtbot.keyClick(view.browser, key, modifier)  # type: ignore[no-untyped-call]


def test_start_goes_full_screen_on_the_first_slide(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    assert view.isFullScreen()
    assert view.current_index() == 0
    assert view.slide_count() == 13
    assert view.position_label.text() == "Section 1 of 13"
    text = view.browser.toPlainText()
    assert "Alpha injection" in text
    assert "At a glance" in text
    assert "section 1 of 13 · Alpha injection · PainRef, educational reference" in text
    assert view.windowTitle() == "Alpha injection - PainRef presentation"
    assert view.focusWidget() is view.browser


@pytest.mark.parametrize("key", NEXT_KEYS)
def test_each_next_key_moves_on(view: PresentationView, qtbot: QtBot, key: Qt.Key) -> None:
    _start(view, qtbot)
    with qtbot.waitSignal(view.slide_changed, timeout=1000) as blocker:
        _key(view, qtbot, key)
    assert blocker.args == [1]
    assert view.position_label.text() == "Section 2 of 13"
    assert "How it works" in view.browser.toPlainText()


@pytest.mark.parametrize("key", PREVIOUS_KEYS)
def test_each_previous_key_moves_back(view: PresentationView, qtbot: QtBot, key: Qt.Key) -> None:
    _start(view, qtbot)
    view.next()
    view.next()
    with qtbot.waitSignal(view.slide_changed, timeout=1000) as blocker:
        _key(view, qtbot, key)
    assert blocker.args == [1]
    assert view.current_index() == 1


def test_stepping_through_stops_at_both_ends(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    seen = [_shown(view).title]
    for _ in range(view.slide_count() - 1):
        with qtbot.waitSignal(view.slide_changed, timeout=1000):
            _key(view, qtbot, Qt.Key.Key_PageDown)
        seen.append(_shown(view).title)
    assert seen == [
        "Alpha injection",
        "How it works",
        "Indications",
        "Used for and benefits",
        "Contraindications",
        "Anatomy and target",
        "Technique",
        "Medications",
        "Complications",
        "Aftercare",
        "Evidence and recommendations",
        "What the source documents say",
        "References",
    ]
    with qtbot.assertNotEmitted(view.slide_changed):
        for key in NEXT_KEYS:
            _key(view, qtbot, key)
        view.next()
    assert view.current_index() == 12
    assert view.position_label.text() == "Section 13 of 13"
    _key(view, qtbot, Qt.Key.Key_Home)
    assert view.current_index() == 0
    with qtbot.assertNotEmitted(view.slide_changed):
        for key in PREVIOUS_KEYS:
            _key(view, qtbot, key)
        view.previous()
    assert view.current_index() == 0
    with qtbot.waitSignal(view.slide_changed, timeout=1000) as blocker:
        _key(view, qtbot, Qt.Key.Key_End)
    assert blocker.args == [12]
    assert "References" in view.browser.toPlainText()


def test_shift_space_moves_back(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    view.go_to(3)
    _key(view, qtbot, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_index() == 2


def test_escape_leaves(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    with qtbot.waitSignal(view.finished, timeout=1000):
        _key(view, qtbot, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_start_again_after_leaving(
    view: PresentationView, qtbot: QtBot, small_library: Library
) -> None:
    _start(view, qtbot)
    view.next()
    with qtbot.waitSignal(view.finished, timeout=1000):
        view.leave()
    view.set_slides(_slides(small_library, "beta-therapy"), "Beta therapy")
    _start(view, qtbot)
    assert view.isFullScreen()
    assert view.current_index() == 0
    assert "Beta therapy" in view.browser.toPlainText()


def test_large_type_and_zoom_keys(view: PresentationView, qtbot: QtBot) -> None:
    view.resize(1600, 1000)
    view.show()
    qtbot.waitExposed(view)
    assert view.scale() == DEFAULT_SCALE
    assert view.shown_point_size() == pytest.approx(24.2)
    assert "font-size: 24.2pt" in _shown(view).themed(view.theme()).html
    _key(view, qtbot, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.scale() > DEFAULT_SCALE
    assert view.theme().base_pt > 24.2
    _key(view, qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    _key(view, qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.scale() < DEFAULT_SCALE
    _key(view, qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.scale() == DEFAULT_SCALE
    assert view.current_index() == 0, "zooming does not move"


def test_a_slide_too_tall_for_the_screen_is_drawn_smaller(
    view: PresentationView, qtbot: QtBot
) -> None:
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    asked = view.theme().base_pt
    assert asked * FIT_FLOOR <= view.shown_point_size() < asked


def test_high_contrast_changes_colours(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    view.next()  # How it works: a citation link in the text

    def corner() -> QColor:
        return view.browser.viewport().grab().toImage().pixelColor(2, 2)

    assert corner() == QColor(LIGHT.background)
    view.set_high_contrast(True)
    assert view.high_contrast()
    assert corner() == QColor("#000000")
    base = view.browser.palette().color(QPalette.ColorRole.Base)
    assert base == high_contrast_palette().color(QPalette.ColorRole.Base)
    theme = view.theme()
    assert (theme.text, theme.background, theme.accent) == ("#ffffff", "#000000", "#ffff00")
    html = _shown(view).themed(theme).html
    assert "a { color: #ffff00; }" in html
    text_colours = {
        fragment.charFormat().foreground().color().name()
        for fragment in _fragments(view)
        if fragment.text().strip()
    }
    assert "#ffffff" in text_colours
    assert "#ffff00" in text_colours  # the citation link
    view.set_high_contrast(False)
    assert corner() == QColor(LIGHT.background)
    assert view.current_index() == 1


def _fragments(view: PresentationView) -> list[QTextFragment]:
    fragments = []
    block = view.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragments.append(it.fragment())
            it += 1
        block = block.next()
    return fragments


def test_a_lecture_runs_straight_through(qtbot: QtBot, small_library: Library) -> None:
    deck = [
        ("Alpha injection", _slides(small_library, "alpha-injection")),
        ("Beta therapy", _slides(small_library, "beta-therapy")),
        ("Back pain", _slides(small_library, "back-pain")),
    ]
    view = PresentationView(theme_factory=lambda: LIGHT)
    qtbot.addWidget(view)
    view.set_deck(deck)
    _start(view, qtbot)
    assert view.slide_count() == 13 + 4 + 2
    assert view.position_label.text() == "Topic 1 of 3 · section 1 of 13"
    view.go_to(12)
    with qtbot.waitSignal(view.slide_changed, timeout=1000) as blocker:
        _key(view, qtbot, Qt.Key.Key_PageDown)
    assert blocker.args == [13]
    assert view.position_label.text() == "Topic 2 of 3 · section 1 of 4"
    assert "Beta therapy" in view.browser.toPlainText()
    assert view.windowTitle() == "Beta therapy - PainRef presentation"
    _key(view, qtbot, Qt.Key.Key_Backspace)
    assert view.position_label.text() == "Topic 1 of 3 · section 13 of 13"
    _key(view, qtbot, Qt.Key.Key_End)
    assert view.position_label.text() == "Topic 3 of 3 · section 2 of 2"
    with qtbot.assertNotEmitted(view.slide_changed):
        _key(view, qtbot, Qt.Key.Key_Right)


def test_a_comparison_with_its_chart(qtbot: QtBot, small_library: Library) -> None:
    from PySide6.QtCore import QSize

    from painref.render.chart import comparison_chart
    from painref.render.pages import CHART_NAME as CHART_URL
    from painref.ui.export import svg_to_image

    comparison = compare(small_library, ["alpha-injection", "gamma-stimulator", "beta-therapy"])
    slides = compare_slides(
        ComparePage(comparison=comparison, meta=small_library.meta, chart_src=CHART_URL)
    )
    view = PresentationView(slides, "Comparison", lambda: LIGHT)
    qtbot.addWidget(view)
    chart = comparison_chart(comparison, LIGHT)
    view.set_image(CHART_URL, svg_to_image(chart.svg, QSize(chart.width, chart.height)))
    _start(view, qtbot)
    assert view.position_label.text() == f"Section 1 of {len(slides)}"
    view.go_to([s.title for s in slides].index("Invasiveness and how long relief lasts"))
    image = view.browser.loadResource(2, CHART_URL)
    assert image is not None
    assert view.browser.loadResource(2, "file:///etc/hostname") is None


def test_nothing_to_show(qtbot: QtBot) -> None:
    view = PresentationView(theme_factory=lambda: LIGHT)
    qtbot.addWidget(view)
    _start(view, qtbot)
    assert view.slide_count() == 0
    assert view.current_slide() is None
    assert view.position_label.text() == "No slides"
    with qtbot.assertNotEmitted(view.slide_changed):
        _key(view, qtbot, Qt.Key.Key_PageDown)
        _key(view, qtbot, Qt.Key.Key_End)


def test_links_do_nothing_and_names_are_read_out(view: PresentationView) -> None:
    assert not view.browser.openLinks()
    assert not view.browser.openExternalLinks()
    assert view.accessibleName() == "Presentation"
    assert view.browser.accessibleName() == "Slide"
    assert view.position_label.accessibleName() == "Position in the presentation"
    assert "Alpha injection" in view.browser.accessibleDescription()
