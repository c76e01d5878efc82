"""Presentation mode driven by its keys, offscreen: moving, size, contrast, notes, fitting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QTextDocument, QTextOption
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.render.contexts import Theme, TopicPage
from painref.render.slides import Slide, topic_slides
from painref.ui.appearance import HIGH_CONTRAST_THEME, high_contrast_palette
from painref.ui.presentation import (
    HINT,
    REFERENCE_AREA,
    PresentationView,
    measured_canvas,
    slide_area,
    slide_point_size,
)
from painref.ui.speaker_notes import notes_screen

NEXT_KEYS = [Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Down]
PREVIOUS_KEYS = [Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
LIGHT = Theme()
DARK = Theme(text="#e6e6e6", background="#1b1e22", muted="#a0a0a0", accent="#8cc4ff")


def _slides(library: Library, topic_id: str) -> list[Slide]:
    return topic_slides(TopicPage(detail=library.topic(topic_id), meta=library.meta))


@pytest.fixture
def view(qtbot: QtBot, small_library: Library) -> PresentationView:
    """Alpha injection's deck in light colours."""
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


def test_start_goes_full_screen_on_the_title_slide(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    assert view.isFullScreen()
    assert view.current_index() == 0
    count = view.slide_count()
    assert view.position_label.text() == f"Slide 1 of {count} · Alpha injection"
    text = view.browser.toPlainText()
    assert "Alpha injection" in text
    assert "PainRef, educational reference" in text
    assert "Slide 1 of" not in text, "the slide does not repeat the bar"
    assert view.windowTitle() == "Alpha injection - PainRef presentation"
    assert view.focusWidget() is view.browser


def test_the_hint_names_the_keys(view: PresentationView) -> None:
    assert view.hint_label.text() == HINT
    for words in ("Ctrl+Plus/Minus", "C contrast", "N notes", "Esc"):
        assert words in HINT


@pytest.mark.parametrize("key", NEXT_KEYS)
def test_each_next_key_moves_on(view: PresentationView, qtbot: QtBot, key: Qt.Key) -> None:
    _start(view, qtbot)
    with qtbot.waitSignal(view.slide_changed, timeout=1000) as blocker:
        _key(view, qtbot, key)
    assert blocker.args == [1]
    assert view.position_label.text().startswith("Slide 2 of")
    assert "Key points" in view.browser.toPlainText()


@pytest.mark.parametrize("key", PREVIOUS_KEYS)
def test_each_previous_key_moves_back(view: PresentationView, qtbot: QtBot, key: Qt.Key) -> None:
    _start(view, qtbot)
    view.go_to(2)
    with qtbot.waitSignal(view.slide_changed, timeout=1000) as blocker:
        _key(view, qtbot, key)
    assert blocker.args == [1]


def test_stepping_through_stops_at_both_ends(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    last = view.slide_count() - 1
    for _ in range(last):
        with qtbot.waitSignal(view.slide_changed, timeout=1000):
            _key(view, qtbot, Qt.Key.Key_PageDown)
    assert _shown(view).title == "Sources"
    with qtbot.assertNotEmitted(view.slide_changed):
        for key in NEXT_KEYS:
            _key(view, qtbot, key)
    assert view.current_index() == last
    _key(view, qtbot, Qt.Key.Key_Home)
    assert view.current_index() == 0
    with qtbot.assertNotEmitted(view.slide_changed):
        for key in PREVIOUS_KEYS:
            _key(view, qtbot, key)
    _key(view, qtbot, Qt.Key.Key_End)
    assert view.current_index() == last
    _key(view, qtbot, Qt.Key.Key_Space, SHIFT)
    assert view.current_index() == last - 1


def test_escape_leaves(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    with qtbot.waitSignal(view.finished, timeout=1000):
        _key(view, qtbot, Qt.Key.Key_Escape)
    assert not view.isVisible()


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Plus, CTRL | SHIFT),  # Ctrl+Plus on a US keyboard: Ctrl+Shift+=
        (Qt.Key.Key_Equal, CTRL | SHIFT),
        (Qt.Key.Key_Equal, CTRL),
        (Qt.Key.Key_Plus, CTRL),
        (Qt.Key.Key_Plus, KEYPAD),
        (Qt.Key.Key_Plus, CTRL | KEYPAD),
    ],
)
def test_zoom_in_keys(
    view: PresentationView, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    _start(view, qtbot)
    before = view.shown_point_size()
    _key(view, qtbot, key, modifiers)
    assert view.zoom_factor() > 1
    assert view.shown_point_size() > before
    _key(view, qtbot, Qt.Key.Key_0, CTRL)
    assert view.zoom_factor() == 1
    assert view.shown_point_size() == before
    assert view.current_index() == 0, "zooming does not move"


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [(Qt.Key.Key_Minus, CTRL), (Qt.Key.Key_Minus, KEYPAD), (Qt.Key.Key_Underscore, CTRL | SHIFT)],
)
def test_zoom_out_keys(
    view: PresentationView, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    _start(view, qtbot)
    before = view.shown_point_size()
    _key(view, qtbot, key, modifiers)
    assert view.shown_point_size() < before


def test_one_type_size_through_the_deck(view: PresentationView, qtbot: QtBot) -> None:
    view.resize(1024, 768)
    _start(view, qtbot)
    sizes = set()
    for _ in range(view.slide_count()):
        sizes.add(view.shown_point_size())
        html = view.browser.toHtml()
        assert html
        view.next()
    assert len(sizes) == 1, "no slide is drawn smaller than the others"


def test_type_follows_the_screen() -> None:
    assert slide_point_size(REFERENCE_AREA) == 24.2
    assert slide_point_size(slide_area(QSize(1920, 1080))) > 30
    assert slide_point_size(slide_area(QSize(1024, 768))) >= 24
    assert slide_point_size(slide_area(QSize(1280, 720))) >= 24


def _corner(view: PresentationView) -> QColor:
    return view.browser.viewport().grab().toImage().pixelColor(2, 2)


@pytest.mark.parametrize("chosen", [LIGHT, DARK])
def test_c_switches_to_high_contrast_and_back(
    qtbot: QtBot, small_library: Library, chosen: Theme
) -> None:
    view = PresentationView(_slides(small_library, "alpha-injection"), "A", lambda: chosen)
    qtbot.addWidget(view)
    _start(view, qtbot)
    view.go_to(2)
    assert _corner(view) == QColor(chosen.background)
    _key(view, qtbot, Qt.Key.Key_C)
    assert view.high_contrast()
    theme = view.theme()
    assert (theme.text, theme.background, theme.accent) == ("#ffffff", "#000000", "#ffff00")
    assert _corner(view) == QColor("#000000")
    base = view.browser.palette().color(QPalette.ColorRole.Base)
    assert base == high_contrast_palette().color(QPalette.ColorRole.Base)
    html = _shown(view).themed(theme).html
    assert "color: #ffff00" in html
    assert chosen.muted not in html
    _key(view, qtbot, Qt.Key.Key_H, CTRL | SHIFT)
    assert not view.high_contrast()
    assert _corner(view) == QColor(chosen.background)
    assert view.current_index() == 2, "switching does not move"


def test_a_high_contrast_reader_presents_in_high_contrast(
    qtbot: QtBot, small_library: Library
) -> None:
    chosen = HIGH_CONTRAST_THEME
    view = PresentationView(_slides(small_library, "alpha-injection"), "A", lambda: chosen)
    qtbot.addWidget(view)
    assert view.high_contrast()
    _start(view, qtbot)
    theme = view.theme()
    for name in ("text", "background", "muted", "accent", "panel", "border", "warning"):
        assert getattr(theme, name) == getattr(HIGH_CONTRAST_THEME, name)
    _key(view, qtbot, Qt.Key.Key_C)
    assert view.theme().background == LIGHT.background, "off: the light colours"


def test_words_are_never_broken_mid_word(view: PresentationView) -> None:
    """A word wider than its table column ("complicatio-ns") widens the column instead.

    The cause: a QTextDocument wraps "at word boundaries or anywhere" by default, so a
    label column given as a percentage broke long words at slide sizes.
    """
    assert view.browser.wordWrapMode() == QTextOption.WrapMode.WordWrap
    document = QTextDocument()
    document.setDefaultTextOption(view.browser.document().defaultTextOption())
    font = QFont(view.browser.font())
    font.setPointSizeF(24)
    document.setDefaultFont(font)
    document.setHtml(
        '<table width="100%" border="1"><tr><td width="12%"><b>Contraindications</b></td>'
        '<td width="29%">a b</td><td width="29%">c d</td><td>e f</td></tr></table>'
    )
    document.setTextWidth(REFERENCE_AREA.width())
    assert document.size().width() <= REFERENCE_AREA.width(), "nothing runs off the slide"
    block = document.begin()
    lines = 0
    while block.isValid():
        layout = block.layout()
        text = block.text()
        for index in range(layout.lineCount()):
            lines += 1
            line = layout.lineAt(index)
            end = line.textStart() + line.textLength()
            assert end >= len(text) or not (text[end - 1].isalpha() and text[end].isalpha()), (
                f"'{text}' broken at {end}"
            )
        block = block.next()
    assert lines, "the table was laid out"


def test_the_notes_follow_the_slides(view: PresentationView, qtbot: QtBot) -> None:
    _start(view, qtbot)
    assert not view.notes_visible(), "one screen: no notes until asked"
    _key(view, qtbot, Qt.Key.Key_N)
    assert view.notes_visible()
    notes = view.notes
    assert notes is not None
    assert notes.panel, "one screen: a panel over the slides, not a window behind them"
    assert view.focusWidget() is view.browser, "the keyboard stays with the slides"
    view.go_to(1)
    key_points = _shown(view)
    text = notes.text()
    assert "Key points" in text
    for source in key_points.notes_sources():
        assert source.title in text
    _key(view, qtbot, Qt.Key.Key_N)
    assert not view.notes_visible()


def test_the_notes_screen_is_another_screen() -> None:
    assert notes_screen(["laptop", "projector"], "projector") == "laptop"
    assert notes_screen(["laptop", "projector"], "laptop") == "projector"
    assert notes_screen(["laptop"], "laptop") is None
    assert notes_screen([], "laptop") is None


def test_a_lecture_runs_straight_through(qtbot: QtBot, small_library: Library) -> None:
    deck = [
        ("Alpha injection", _slides(small_library, "alpha-injection")),
        ("Beta therapy", _slides(small_library, "beta-therapy")),
    ]
    view = PresentationView(theme_factory=lambda: LIGHT)
    qtbot.addWidget(view)
    view.set_deck(deck)
    _start(view, qtbot)
    first = len(deck[0][1])
    assert view.slide_count() == first + len(deck[1][1])
    assert view.position_label.text().startswith(f"Topic 1 of 2 · slide 1 of {first}")
    view.go_to(first - 1)
    _key(view, qtbot, Qt.Key.Key_PageDown)
    assert view.position_label.text().startswith("Topic 2 of 2 · slide 1 of")
    assert view.windowTitle() == "Beta therapy - PainRef presentation"


def test_nothing_to_show(qtbot: QtBot) -> None:
    view = PresentationView(theme_factory=lambda: LIGHT)
    qtbot.addWidget(view)
    _start(view, qtbot)
    assert view.slide_count() == 0
    assert view.current_slide() is None
    assert view.position_label.text() == "No slides"
    with qtbot.assertNotEmitted(view.slide_changed):
        _key(view, qtbot, Qt.Key.Key_PageDown)


def test_links_do_nothing_and_names_are_read_out(view: PresentationView) -> None:
    assert not view.browser.openLinks()
    assert not view.browser.openExternalLinks()
    assert view.accessibleName() == "Presentation"
    assert view.browser.accessibleName() == "Slide"
    assert view.browser.loadResource(2, "file:///etc/hostname") is None


@pytest.mark.parametrize("screen", [QSize(1280, 720), QSize(1024, 768)])
def test_every_slide_of_a_real_deck_fits_its_screen(
    qtbot: QtBot, real_library: Library, screen: QSize
) -> None:
    """Built for the screen with the measured canvas, no slide of ESI runs off it."""
    view = PresentationView(theme_factory=lambda: LIGHT)
    qtbot.addWidget(view)
    area = slide_area(screen)
    canvas = measured_canvas(area, view.browser.font())
    page = TopicPage(
        detail=real_library.topic("epidural-steroid-injection"), meta=real_library.meta
    )
    slides = topic_slides(page, canvas)
    pt = slide_point_size(area)
    for slide in slides:
        document = QTextDocument()
        document.setDefaultFont(view.browser.font())
        option = document.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        document.setDefaultTextOption(option)
        document.setHtml(slide.themed(Theme(base_pt=pt)).html)
        document.setTextWidth(area.width())
        assert document.size().height() <= area.height(), slide.title
