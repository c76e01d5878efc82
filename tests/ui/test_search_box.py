"""Typing into the search field: results as you type, keyboard control, did-you-mean, recents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from painref.ui.main_window import MainWindow
from painref.ui.models import TOPIC_ID_ROLE
from painref.ui.search_box import SearchBox

from .conftest import WindowFactory


def _result_ids(window: MainWindow) -> list[str]:
    model = window.results.model
    return [str(model.index(r, 0).data(TOPIC_ID_ROLE)) for r in range(model.rowCount())]


def _type(window: MainWindow, qtbot: QtBot, text: str) -> None:
    window.searching.focus()
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
    assert first.searching.recent() == ["back pain", "zebracorn"]
    first.close()

    second = make_window()
    assert second.searching.recent() == ["back pain", "zebracorn"]
    second.search_field.clear()
    second.search_field.show_recent()
    popup = second.search_field.recent_popup()
    assert popup.isVisible()
    assert popup.model().rowCount() == 2


def _key_target(window: MainWindow) -> QWidget:
    """Where a real key press goes: the recent-searches popup while it is open (it holds
    the keyboard), otherwise the search field."""
    popup = window.search_field.recent_popup()
    return popup if popup.isVisible() else window.search_field


def _returning_user(make_window: WindowFactory, qtbot: QtBot) -> MainWindow:
    """A window whose settings already remember two searches, with the popup open."""
    first = make_window()
    for query in ("zebracorn", "back pain"):
        first.search_field.clear()
        _type(first, qtbot, query)
        qtbot.keyClick(first.search_field, Qt.Key.Key_Return)
    first.close()
    window = make_window()
    window.search_field.clear()
    window.searching.focus()
    window.search_field.show_recent()  # focusing the empty field offers them
    assert window.search_field.recent_popup().isVisible()
    return window


def test_typing_after_the_recent_searches_popup_keeps_every_key(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    # The crash of every returning user: the first key after the popup opened deleted the
    # completer under the popup, and the next one segfaulted.
    window = _returning_user(make_window, qtbot)
    for char in "alpha":
        qtbot.keyClick(_key_target(window), char)
    assert window.search_field.text() == "alpha"
    assert not window.search_field.recent_popup().isVisible()
    qtbot.keyClick(_key_target(window), Qt.Key.Key_Backspace)
    assert window.search_field.text() == "alph"
    # Clear, come back, and the popup is offered again and typing still works.
    qtbot.keyClick(_key_target(window), Qt.Key.Key_Escape)
    window.searching.focus()
    window.search_field.show_recent()
    assert window.search_field.recent_popup().isVisible()
    with qtbot.waitSignal(window.results.model.modelReset, timeout=1000):
        for char in "zebra":
            qtbot.keyClick(_key_target(window), char)
    assert window.search_field.text() == "zebra"
    assert _result_ids(window)[0] == "alpha-injection"


def test_choosing_a_recent_search_searches_it(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = _returning_user(make_window, qtbot)
    popup = window.search_field.recent_popup()
    qtbot.keyClick(_key_target(window), Qt.Key.Key_Down)
    chosen = popup.currentIndex().data()
    assert chosen in {"zebracorn", "back pain"}
    with qtbot.waitSignal(window.results.model.modelReset, timeout=1000):
        qtbot.keyClick(_key_target(window), Qt.Key.Key_Return)
    assert window.search_field.text() == chosen
    assert not popup.isVisible()
    for char in " x":  # and the field still takes keys afterwards
        qtbot.keyClick(_key_target(window), char)
    assert window.search_field.text() == f"{chosen} x"


def test_debounce_searches_once_after_typing_stops(qtbot: QtBot) -> None:
    box = SearchBox(debounce_ms=50)
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.query_changed, timeout=2000) as blocker:
        qtbot.keyClicks(box, "epidural")
    assert blocker.args == ["epidural"]
    with qtbot.assertNotEmitted(box.query_changed):
        box.flush()  # nothing pending: no second search


# -- issue 17: the hint, the spelling kept, the results pane -------------------------------------


def test_the_hint_is_never_cut_off(qtbot: QtBot) -> None:
    from painref.ui.search_box import FULL_PLACEHOLDER, SHORT_PLACEHOLDER

    box = SearchBox(debounce_ms=0)
    qtbot.addWidget(box)
    box.resize(600, 30)
    with qtbot.waitExposed(box):
        box.show()
    assert box.placeholderText() == FULL_PLACEHOLDER
    box.resize(220, 30)
    qtbot.waitUntil(lambda: box.placeholderText() == SHORT_PLACEHOLDER)
    assert box.fontMetrics().horizontalAdvance(SHORT_PLACEHOLDER) < box.width()
    font = box.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    box.resize(600, 30)
    qtbot.waitUntil(lambda: box.placeholderText() == FULL_PLACEHOLDER)
    box.setFont(font)  # 20 pt text in a field of the same width
    qtbot.waitUntil(lambda: box.placeholderText() == SHORT_PLACEHOLDER)
    assert "Ctrl+K" in box.toolTip()
    assert "abbreviation" in box.toolTip()


def test_a_corrected_search_is_remembered_as_corrected(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "zebracron")
    assert "zebracorn" in window.results.status.text()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.searching.recent() == ["zebracorn"]


def test_a_search_that_was_not_corrected_is_remembered_as_typed(
    window: MainWindow, qtbot: QtBot
) -> None:
    _type(window, qtbot, "Alpha")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.searching.recent() == ["Alpha"]


def test_the_results_line_keeps_clear_of_the_edge(window: MainWindow, qtbot: QtBot) -> None:
    _type(window, qtbot, "nothingatallhere")
    margins = window.results.status.contentsMargins()
    assert margins.left() >= 4
    assert margins.right() >= 4


def test_a_selected_result_draws_its_category_in_the_selection_colour() -> None:
    from painref.search.hits import Hit
    from painref.ui.results import HTML_ROLE, SELECTED_HTML_ROLE, ResultsModel

    model = ResultsModel()
    model.set_muted_colour("#6b737c")
    model.set_hits([Hit("a", "Alpha", "Injections", "topic", 1.0, "snippet", ())])
    index = model.index(0, 0)
    assert "color:#6b737c" in str(index.data(HTML_ROLE))
    selected = str(index.data(SELECTED_HTML_ROLE))
    assert "Injections" in selected
    assert "color:" not in selected


def test_snippets_lose_their_citation_markers() -> None:
    from painref.ui.results import without_citations

    snippet = "relieves it [1]. Guidance [2, 3] says so [4-5], once [6]"
    words = ((0, 8), (17, 25), (33, 37), (48, 52))
    text, moved = without_citations(snippet, words)
    assert text == "relieves it. Guidance says so, once"
    assert [text[a:b] for a, b in moved] == ["relieves", "Guidance", "says", "once"]
    assert without_citations("no markers", ((0, 2),)) == ("no markers", ((0, 2),))
    assert without_citations("[1]", ((0, 3),)) == ("", ())
