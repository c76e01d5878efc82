"""Typing into the search field: results as you type, keyboard control, did-you-mean, recents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from painref.ui.main_window import MainWindow
from painref.ui.models import TOPIC_ID_ROLE
from painref.ui.search_box import SearchBox

from .conftest import WindowFactory


def _result_ids(window: MainWindow) -> list[str]:
    model = window.results.model
    return [str(model.index(r, 0).data(TOPIC_ID_ROLE)) for r in range(model.rowCount())]


def _type(window: MainWindow, qtbot: QtBot, text: str) -> None:
    window.focus_search()
    with qtbot.waitSignal(window.results.model.modelReset, timeout=1000):
        qtbot.keyClicks(window.search_field, text)


def test_results_appear_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "back pa")
    assert window.left.currentWidget() is window.results
    ids = _result_ids(window)
    assert ids[0] == "back-pain"
    assert {"alpha-injection", "beta-therapy", "gamma-stimulator"} <= set(ids)
    assert window.results.status.text().startswith(f"{len(ids)} results")
    first = window.results.model.index(0, 0)
    assert "<b>Back pain</b>" in str(first.data(Qt.ItemDataRole.UserRole + 10))
    assert "Conditions" in str(first.data(Qt.ItemDataRole.DisplayRole))


def test_up_down_move_and_enter_opens(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "back pain")
    assert window.results.current_topic() == "back-pain"
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    second = _result_ids(window)[1]
    assert window.results.current_topic() == second
    qtbot.keyClick(window.search_field, Qt.Key.Key_Up)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Up)  # stays on the first
    assert window.results.current_topic() == "back-pain"
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert blocker.args == [second]


def test_clicking_a_result_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "zebracorn")
    view = window.results.list
    rect = view.visualRect(window.results.model.index(0, 0))
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["alpha-injection"]


def test_escape_clears_and_returns_focus(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("beta-therapy")
    _type(window, qtbot, "alpha")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""
    assert window.left.currentWidget() is window.tabs
    assert window.view.hasFocus()
    assert window.current_location == "beta-therapy"


def test_misspelling_still_finds_and_says_so(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "zebracron ")
    assert _result_ids(window) == ["alpha-injection"]
    assert "zebracorn" in window.results.status.text()


def test_nothing_found_says_what_to_try(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "qqqxxyz")
    assert _result_ids(window) == []
    text = window.results.status.text()
    assert "No results for <b>qqqxxyz</b>" in text
    assert "abbreviation" in text


def test_did_you_mean_link_searches_the_suggestion(window: MainWindow, qtbot: QtBot) -> None:
    # Both words misspelled and together matching nothing: the link offers the correction.
    _type(window, qtbot, "zebracron gammma ")
    status = window.results.status.text()
    if _result_ids(window):
        assert "zebracorn" in status
    else:
        assert "Did you mean" in status
    with qtbot.waitSignal(window.results.model.modelReset, timeout=1000):
        window.results.suggestion_clicked.emit("zebracorn")
    assert window.search_field.text() == "zebracorn"
    assert _result_ids(window) == ["alpha-injection"]


def test_hostile_text_in_the_field(window: MainWindow, qtbot: QtBot) -> None:
    for text in ['"', "NOT", "(", "*", "-x", "💉", "a" * 3000]:
        window.search_field.setText(text)
        assert window.search_field.text() == text
    window.search_field.clear()
    assert window.left.currentWidget() is window.tabs


def test_recent_searches_are_offered_and_remembered(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    first = make_window()
    _type(first, qtbot, "zebracorn")
    qtbot.keyClick(first.search_field, Qt.Key.Key_Return)
    first.search_field.clear()
    _type(first, qtbot, "back pain")
    qtbot.keyClick(first.search_field, Qt.Key.Key_Return)
    assert first.recent_searches() == ["back pain", "zebracorn"]
    first.close()

    second = make_window()
    assert second.recent_searches() == ["back pain", "zebracorn"]
    second.search_field.clear()
    second.search_field.show_recent()
    popup = second.search_field.completer().popup()
    assert popup.isVisible()
    assert popup.model().rowCount() == 2


def test_debounce_searches_once_after_typing_stops(qtbot: QtBot) -> None:
    box = SearchBox(debounce_ms=50)
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.query_changed, timeout=2000) as blocker:
        qtbot.keyClicks(box, "epidural")
    assert blocker.args == ["epidural"]
    with qtbot.assertNotEmitted(box.query_changed):
        box.flush()  # nothing pending: no second search
