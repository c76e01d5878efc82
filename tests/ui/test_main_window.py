"""The real window, driven offscreen: sidebar, pages, links, history, filter, zoom, restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from painref.ui.history import HOME
from painref.ui.main_window import MainWindow
from painref.ui.models import TOPIC_ID_ROLE

from .conftest import WindowFactory


def _page_text(window: MainWindow) -> str:
    return window.view.toPlainText()


def _visible_rows(window: MainWindow) -> dict[str, list[str]]:
    proxy = window.sidebar.proxy
    out: dict[str, list[str]] = {}
    for row in range(proxy.rowCount()):
        group = proxy.index(row, 0)
        out[str(group.data())] = [
            str(proxy.index(r, 0, group).data()) for r in range(proxy.rowCount(group))
        ]
    return out


def _sidebar_index(window: MainWindow, page_id: str) -> QModelIndex:
    return window.sidebar.proxy.mapFromSource(window.sidebar.model.find(page_id))


def test_starts_on_the_home_page(window: MainWindow) -> None:
    assert window.current_location == HOME
    text = _page_text(window)
    assert "PainRef" in text
    assert "Categories" in text
    assert "educational reference" in text
    assert "Content 2026.11.1" in window.content_label.text()


def test_sidebar_lists_categories_with_counts_and_conditions(window: MainWindow) -> None:
    rows = _visible_rows(window)
    assert rows == {
        "Injections (1)": ["Alpha injection (AI)"],
        "Neuromodulation (1)": ["Gamma stimulator"],
        "Conservative care (1)": ["Beta therapy"],
        "Conditions (2)": ["Back pain", "Lonely condition"],
    }


def test_pick_a_topic_in_the_sidebar(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.sidebar.tree
    index = _sidebar_index(window, "alpha-injection")
    rect = tree.visualRect(index)
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["alpha-injection"]
    text = _page_text(window)
    assert "Alpha injection (AI)" in text
    assert "At a glance" in text
    assert "5 minutes" in text
    assert window.windowTitle() == "Alpha injection - PainRef"


def test_keyboard_enter_opens_the_selected_topic(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.sidebar.tree
    tree.setFocus()
    tree.setCurrentIndex(_sidebar_index(window, "gamma-stimulator"))
    with qtbot.waitSignal(window.page_shown, timeout=1000):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.current_location == "gamma-stimulator"


def test_follow_internal_link_then_back_and_forward(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        window.view.anchorClicked.emit(QUrl("painref://topic/back-pain"))
    assert blocker.args == ["back-pain"]
    assert "Treatment options, least to most invasive" in _page_text(window)
    # The sidebar follows the page shown.
    assert window.sidebar.current_topic() == "back-pain"

    back = window.actions_by_id["nav.back"]
    forward = window.actions_by_id["nav.forward"]
    assert back.isEnabled()
    assert not forward.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_location == "alpha-injection"
    assert window.sidebar.current_topic() == "alpha-injection"
    back.trigger()
    assert window.current_location == HOME
    assert not back.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_location == "alpha-injection"
    forward.trigger()
    assert window.current_location == "back-pain"
    assert not forward.isEnabled()


def test_mouse_back_button_goes_back(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    window.show_page("beta-therapy")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.BackButton)
    assert window.current_location == "alpha-injection"
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.ForwardButton)
    assert window.current_location == "beta-therapy"


def test_external_and_unknown_links_are_never_loaded(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    # The window's own handler would ask the person; here only the routing is checked.
    window.view.external_link_clicked.disconnect(window._on_view_external_link_clicked)
    with (
        qtbot.waitSignal(window.view.external_link_clicked, timeout=1000) as blocker,
        qtbot.assertNotEmitted(window.page_shown),
    ):
        window.view.anchorClicked.emit(QUrl("https://example.org/a"))
    assert blocker.args[0].toString() == "https://example.org/a"
    with (
        qtbot.assertNotEmitted(window.view.external_link_clicked),
        qtbot.assertNotEmitted(window.page_shown),
    ):
        window.view.anchorClicked.emit(QUrl("javascript:alert(1)"))
        window.view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert window.current_location == "alpha-injection"


def test_home_action(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("beta-therapy")
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.current_location == HOME
    assert "Recently viewed" in _page_text(window)


def test_filter_narrows_the_sidebar(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.sidebar.filter, "alpha")
    assert _visible_rows(window) == {"Injections (1)": ["Alpha injection (AI)"]}
    window.sidebar.filter.clear()
    qtbot.keyClicks(window.sidebar.filter, "AI")  # the abbreviation
    assert "Injections (1)" in _visible_rows(window)
    window.sidebar.filter.clear()
    qtbot.keyClicks(window.sidebar.filter, "pain back")  # words in any order
    assert _visible_rows(window) == {"Conditions (1 of 2)": ["Back pain"]}
    with qtbot.waitSignal(window.page_shown, timeout=1000):
        qtbot.keyClick(window.sidebar.filter, Qt.Key.Key_Return)
    assert window.current_location == "back-pain"
    window.sidebar.filter.clear()
    qtbot.keyClicks(window.sidebar.filter, "nothing matches this")
    assert _visible_rows(window) == {}
    qtbot.keyClick(window.sidebar.filter, Qt.Key.Key_Escape)
    assert window.sidebar.filter.text() == ""
    assert len(_visible_rows(window)) == 4


def test_zoom_keys_and_ctrl_wheel(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom == 110
    assert window.zoom_label.text() == "Zoom 110%"
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom == 90
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom == 100
    wheel = QWheelEvent(
        QPointF(10, 10),
        QPointF(10, 10),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(window.view.viewport(), wheel)
    assert window.zoom == 110


def test_zoom_scales_the_page_text(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    document = window.view.document()
    before = document.size().height()
    window.set_zoom(200)
    assert window.view.document().size().height() > before * 1.5


def test_state_comes_back_after_a_restart(make_window: WindowFactory, qtbot: QtBot) -> None:
    first = make_window()
    first.resize(760, 560)
    first.show_page("gamma-stimulator")
    first.set_zoom(150)
    first.splitter.setSizes([200, 540])
    sizes = first.splitter.sizes()
    first.actions_by_id["view.sidebar"].setChecked(True)
    first.close()

    second = make_window()
    assert second.current_location == "gamma-stimulator"
    assert second.zoom == 150
    assert second.splitter.sizes() == sizes
    assert second.size().width() == 760
    assert second.size().height() == 560
    assert "Gamma stimulator" in _page_text(second)


def test_restored_page_that_no_longer_exists_falls_back_home(
    make_window: WindowFactory, settings_path: object
) -> None:
    first = make_window()
    first.show_page("alpha-injection")
    first.close()
    path = Path(str(settings_path))
    path.write_text(path.read_text().replace("alpha-injection", "gone-page"))
    assert make_window().current_location == HOME


def test_condition_page_ladder_in_order(window: MainWindow) -> None:
    window.show_page("back-pain")
    text = _page_text(window)
    order = [text.index(t) for t in ("Beta therapy", "Alpha injection", "Gamma stimulator")]
    assert order == sorted(order)


def test_f6_cycles_focus_and_ctrl_k_focuses_search(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    window.sidebar.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.search_field.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.sidebar.tree.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    for widget in (
        window.sidebar.filter,
        window.sidebar.tree,
        window.view,
        window.search_field,
        window.content_label,
        window.zoom_label,
    ):
        assert widget.accessibleName(), widget
    for action in window.toolbar.actions():
        button = window.toolbar.widgetForAction(action)
        if button is not None and not action.isSeparator() and button is not window.search_field:
            assert action.text().replace("&", "") or button.accessibleName()


def test_sidebar_model_passes_the_model_tester(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(window.sidebar.model)
    qtmodeltester.check(window.sidebar.proxy)
    assert window.sidebar.model.find("back-pain").data(TOPIC_ID_ROLE) == "back-pain"


def test_search_field_enter_opens_the_best_match(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.search_field, "zebracorn")
    with qtbot.waitSignal(window.page_shown, timeout=1000):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.current_location == "alpha-injection"


def test_headings_scale_with_the_zoom(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    layout = window.view.document().documentLayout()
    title_height = layout.blockBoundingRect(window.view.document().begin()).height()
    window.set_zoom(200)
    layout = window.view.document().documentLayout()
    assert layout.blockBoundingRect(window.view.document().begin()).height() > 1.6 * title_height


def test_ctrl_f_finds_in_the_page(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    assert window.find_bar.field.hasFocus()
    qtbot.keyClicks(window.find_bar.field, "injection")
    total = window.find_bar.match_count()
    assert total >= 2
    assert window.find_bar.current_match() == 1
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F3)
    assert window.find_bar.current_match() == 2
    window.show_page("gamma-stimulator")  # a new page: the count follows
    expected = window.view.toPlainText().casefold().count("injection")
    assert expected != total
    assert window.find_bar.match_count() == expected
    window.find_bar.field.setFocus()
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert window.view.extraSelections() == []


def test_first_run_window_fits_the_screen(window: MainWindow) -> None:
    # 1180x780 was cut off on a 1024x768 laptop and a 1280x720 projector (the offscreen
    # screen is smaller still): the whole window, status bar included, must be on screen.
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert available.contains(frame), (available, frame)
    assert window.width() >= min(640, available.width())


def test_a_saved_size_larger_than_the_screen_is_not_kept(
    make_window: WindowFactory, settings_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    first = make_window()
    first.resize(3000, 2000)
    first.close()
    QSettings(str(settings_path), QSettings.Format.IniFormat).sync()
    second = make_window()
    available = second.screen().availableGeometry()
    assert second.width() <= available.width()
    assert second.height() <= available.height()


def test_a_failing_search_says_so_where_the_results_go(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painref.errors import DatabaseError

    def broken(*_args: object, **_kwargs: object) -> None:
        raise DatabaseError("the search index of painref.db is damaged")

    monkeypatch.setattr(window._search, "query", broken)
    window.searching.focus()
    qtbot.keyClicks(window.search_field, "alpha")
    assert window.left.currentWidget() is window.results
    assert "search index of painref.db is damaged" in window.results.status.text()
    assert window.results.model.rowCount() == 0
