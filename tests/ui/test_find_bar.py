"""The find bar over a real QTextBrowser: counts, wrap-around, case, highlights, closing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from painref.ui.find_bar import MAX_MATCHES, FindBar
from painref.ui.palette import dark_palette

# "apple" four times without case (Apple, apple, APPLE, apple), twice with it.
PAGE = "<p>Apple pie, apple tart and APPLE juice.</p><p>An apple a day.</p>"
PLAIN = "Apple pie, apple tart and APPLE juice.\nAn apple a day."

SHIFT = Qt.KeyboardModifier.ShiftModifier


class Host(QWidget):
    """A window holding a page and its find bar, the way the main window does."""

    def __init__(self) -> None:
        super().__init__()
        self.view = QTextBrowser(self)
        self.view.setHtml(PAGE)
        self.bar = FindBar(self.view, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.bar)


@pytest.fixture
def host(qtbot: QtBot) -> Host:
    host = Host()
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    return host


@pytest.fixture
def bar(host: Host) -> FindBar:
    host.bar.open()
    return host.bar


def _type(qtbot: QtBot, bar: FindBar, text: str) -> None:
    qtbot.keyClicks(bar.field, text)


def _selection(view: QTextBrowser) -> tuple[int, str]:
    cursor = view.textCursor()
    return cursor.selectionStart(), cursor.selectedText()


def _place_cursor(view: QTextBrowser, start: int, end: int | None = None) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    if end is not None:
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def _state(bar: FindBar) -> tuple[int, int, str]:
    return bar.current_match(), bar.match_count(), bar.count_label.text()


def test_hidden_until_opened(host: Host, qtbot: QtBot) -> None:
    assert host.bar.isHidden()
    assert host.bar.field.placeholderText() == "Find in page"
    host.activateWindow()
    host.bar.open()
    assert host.bar.isVisible()
    qtbot.waitUntil(host.bar.field.hasFocus)
    assert host.bar.count_label.text() == ""


def test_typing_counts_and_selects_the_first_match(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    assert _state(bar) == (1, 4, "1 of 4")
    assert _selection(host.view) == (0, "Apple")
    highlighted = [s.cursor.selectedText() for s in host.view.extraSelections()]
    assert highlighted == ["Apple", "apple", "APPLE", "apple"]


def test_typing_narrows_the_count_as_it_goes(bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "a")
    assert bar.match_count() == PLAIN.lower().count("a")
    _type(qtbot, bar, "pple")
    assert _state(bar) == (1, 4, "1 of 4")
    _type(qtbot, bar, " j")
    assert _state(bar) == (1, 1, "1 of 1")
    assert bar.field.text() == "apple j"


def test_search_starts_at_the_views_selection(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _place_cursor(host.view, PLAIN.index("An apple"))
    _type(qtbot, bar, "apple")
    assert _state(bar) == (4, 4, "4 of 4")
    assert _selection(host.view) == (PLAIN.index("apple a day"), "apple")


def test_typing_more_keeps_the_current_match(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert _state(bar) == (2, 4, "2 of 4")
    _type(qtbot, bar, " ")
    # "apple tart" grows in place rather than jumping back to the first match.
    assert _selection(host.view) == (PLAIN.index("apple tart"), "apple ")
    assert _state(bar) == (2, 4, "2 of 4")
    _type(qtbot, bar, "a")
    assert _selection(host.view) == (PLAIN.index("apple a day"), "apple a")
    assert _state(bar) == (1, 1, "1 of 1")


def test_enter_and_shift_enter_wrap_around(bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    seen = []
    for _ in range(4):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
        seen.append(bar.current_match())
    assert seen == [2, 3, 4, 1]
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert _state(bar) == (4, 4, "4 of 4")
    qtbot.keyClick(bar.field, Qt.Key.Key_Enter, SHIFT)
    assert bar.current_match() == 3


def test_f3_and_shift_f3(bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert bar.current_match() == 2
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, SHIFT)
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, SHIFT)
    assert bar.current_match() == 4


def test_buttons_step_through_matches(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    qtbot.mouseClick(bar.previous_button, Qt.MouseButton.LeftButton)
    assert _state(bar) == (4, 4, "4 of 4")
    assert _selection(host.view) == (PLAIN.index("apple a day"), "apple")
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert _state(bar) == (1, 4, "1 of 4")
    assert _selection(host.view) == (0, "Apple")


def test_next_goes_on_from_where_the_reader_moved(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    _place_cursor(host.view, PLAIN.index("juice"))
    bar.find_next()
    assert bar.current_match() == 4
    _place_cursor(host.view, PLAIN.index("juice"))
    bar.find_previous()
    assert bar.current_match() == 3


def test_match_case(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    assert bar.match_count() == 4
    bar.case_box.click()
    assert _state(bar) == (1, 2, "1 of 2")
    assert _selection(host.view) == (PLAIN.index("apple tart"), "apple")
    assert len(host.view.extraSelections()) == 2
    bar.field.setText("APPLE")
    assert _state(bar) == (1, 1, "1 of 1")
    bar.case_box.click()
    assert bar.match_count() == 4


def test_no_matches(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    _type(qtbot, bar, "z")
    assert _state(bar) == (0, 0, "No matches")
    assert host.view.extraSelections() == []
    assert not host.view.textCursor().hasSelection()
    bar.field.clear()
    assert _state(bar) == (0, 0, "")


def test_escape_closes_and_clears(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    host.activateWindow()
    _type(qtbot, bar, "apple")
    assert len(host.view.extraSelections()) == 4
    with qtbot.waitSignal(bar.closed, timeout=1000):
        qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert host.view.extraSelections() == []
    assert _state(bar) == (0, 0, "")
    qtbot.waitUntil(host.view.hasFocus)


def test_close_button_closes(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    with qtbot.waitSignal(bar.closed, timeout=1000):
        qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert bar.isHidden()
    assert host.view.extraSelections() == []


def test_closing_a_closed_bar_says_nothing(host: Host, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(host.bar.closed):
        host.bar.close()


def test_reopening_searches_again(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    host.activateWindow()
    _type(qtbot, bar, "apple")
    bar.close()
    bar.open()
    assert bar.field.text() == "apple"
    assert bar.field.selectedText() == "apple"
    assert bar.match_count() == 4
    assert len(host.view.extraSelections()) == 4


def test_count_follows_the_page(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    host.view.setHtml("<p>apple</p><table><tr><td>Apple</td><td>pear</td></tr></table>")
    assert _state(bar) == (1, 2, "1 of 2")
    assert len(host.view.extraSelections()) == 2
    host.view.setHtml("<p>pear</p>")
    assert _state(bar) == (0, 0, "No matches")
    assert host.view.extraSelections() == []


def test_a_closed_bar_leaves_a_new_page_alone(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    bar.close()
    host.view.setHtml(PAGE)
    assert host.view.extraSelections() == []
    assert bar.match_count() == 0


def test_prefills_from_a_one_line_selection(host: Host, qtbot: QtBot) -> None:
    start = PLAIN.index("tart")
    _place_cursor(host.view, start, start + len("tart"))
    host.bar.open()
    assert host.bar.field.text() == "tart"
    assert host.bar.field.selectedText() == "tart"
    assert _state(host.bar) == (1, 1, "1 of 1")
    assert _selection(host.view) == (start, "tart")


def test_does_not_prefill_from_several_lines(host: Host, qtbot: QtBot) -> None:
    _place_cursor(host.view, PLAIN.index("juice"), PLAIN.index("day"))
    host.bar.open()
    assert host.bar.field.text() == ""
    assert _state(host.bar) == (0, 0, "")


def test_caps_the_number_of_matches(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    host.view.setPlainText("x " * (MAX_MATCHES + 500))
    _type(qtbot, bar, "x")
    assert bar.match_count() == MAX_MATCHES
    assert bar.is_capped()
    assert bar.count_label.text() == f"{MAX_MATCHES}+ matches"
    assert len(host.view.extraSelections()) == MAX_MATCHES


def test_exactly_the_cap_is_counted(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    host.view.setPlainText("x " * MAX_MATCHES)
    _type(qtbot, bar, "x")
    assert not bar.is_capped()
    assert _state(bar) == (1, MAX_MATCHES, f"1 of {MAX_MATCHES}")


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_highlights_are_soft_and_readable(
    host: Host, bar: FindBar, qtbot: QtBot, dark: bool
) -> None:
    palette = dark_palette() if dark else QPalette(QColor("#efefef"), QColor("#ffffff"))
    host.view.setPalette(palette)
    _type(qtbot, bar, "apple")
    selection = host.view.extraSelections()[0]
    background = selection.format.background().color()
    text = selection.format.foreground().color()
    base = palette.color(QPalette.ColorRole.Base)
    assert background != base
    assert background != palette.color(QPalette.ColorRole.Highlight)
    assert text == palette.color(QPalette.ColorRole.Text)
    assert _contrast(text, background) >= 4.5


def test_every_control_is_named_for_assistive_technology(bar: FindBar) -> None:
    controls = [
        bar.field,
        bar.previous_button,
        bar.next_button,
        bar.case_box,
        bar.count_label,
        bar.close_button,
    ]
    names = [c.accessibleName() for c in controls]
    assert names == [
        "Find in page",
        "Previous match",
        "Next match",
        "Match case",
        "Matches",
        "Close find bar",
    ]
    assert all(c.accessibleDescription() for c in controls)
    assert isinstance(bar.count_label, QLabel)
    assert bar.case_box.text() == "Match case"


def test_reopening_keeps_the_typed_case(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    _type(qtbot, bar, "apple")
    assert _selection(host.view) == (0, "Apple")
    bar.close()
    bar.open()
    assert bar.field.text() == "apple"


def test_escape_beats_a_window_shortcut(host: Host, bar: FindBar, qtbot: QtBot) -> None:
    action = QAction("Stop", host)
    action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    host.addAction(action)
    host.activateWindow()
    qtbot.waitActive(host)
    _type(qtbot, bar, "apple")
    with qtbot.assertNotEmitted(action.triggered), qtbot.waitSignal(bar.closed, timeout=1000):
        qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
