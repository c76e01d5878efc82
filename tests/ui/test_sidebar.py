"""The left pane: its width, its tabs and their keys, the filter's counts, cut-off titles,
and category links from the home page."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from painref.ui.actions import MENUS
from painref.ui.appearance import Appearance, apply
from painref.ui.left_pane import MAX_SIDEBAR_SHARE, default_width
from painref.ui.main_window import MainWindow
from painref.ui.models import NODE_KIND_ROLE, TOPIC_ID_ROLE

from .conftest import WindowFactory

TOPICS, BOOKMARKS, HISTORY = range(3)


@pytest.fixture(autouse=True)
def _restore_look(qapp: QApplication) -> Iterator[None]:
    yield
    apply(qapp, Appearance())


def _group(window: MainWindow, title: str) -> QModelIndex:
    proxy = window.sidebar.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if str(index.data()).startswith(f"{title} ("):
            return index
    raise AssertionError(f"no group {title!r} in the sidebar")


def _sidebar_width(window: MainWindow) -> int:
    return window.splitter.sizes()[0]


# -- width ---------------------------------------------------------------------------------------


def test_a_new_sidebar_is_wider_for_larger_text(
    make_window: WindowFactory, qapp: QApplication
) -> None:
    apply(qapp, Appearance(base_font_pt=9.0))
    normal = _sidebar_width(make_window())
    apply(qapp, Appearance(base_font_pt=20.0))
    large = make_window()
    cap = round(large.screen().availableGeometry().width() * MAX_SIDEBAR_SHARE)
    assert normal < cap  # (the offscreen screen is 800 pixels wide)
    assert normal < _sidebar_width(large) <= cap


def test_the_default_width_fits_about_forty_characters(qapp: QApplication) -> None:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    wanted = QFontMetrics(qapp.font()).averageCharWidth() * 40
    screen = widget.screen().availableGeometry().width()
    assert default_width(widget) >= min(wanted, round(screen * MAX_SIDEBAR_SHARE))


def test_the_width_chosen_is_kept_after_a_restart(make_window: WindowFactory) -> None:
    first = make_window()
    first.splitter.setSizes([420, first.splitter.width() - 420])
    chosen = _sidebar_width(first)
    assert chosen != default_width(first)
    first.close()
    second = make_window()
    assert _sidebar_width(second) == chosen


# -- tabs ----------------------------------------------------------------------------------------


def test_no_tab_hides_behind_scroll_arrows_at_20_pt(
    make_window: WindowFactory, qapp: QApplication
) -> None:
    apply(qapp, Appearance(base_font_pt=20.0))
    window = make_window()
    window.splitter.setSizes([160, window.splitter.width() - 160])  # as narrow as it goes
    bar = window.tabs.tabBar()
    assert not bar.usesScrollButtons()
    for index in range(bar.count()):
        assert bar.tabRect(index).right() <= bar.width(), window.tabs.tabText(index)
        assert window.tabs.tabToolTip(index).startswith(window.tabs.tabText(index))


@pytest.mark.parametrize(
    ("key", "modifiers", "tab"),
    [
        (Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier, HISTORY),
        (
            Qt.Key.Key_B,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            BOOKMARKS,
        ),
        (
            Qt.Key.Key_T,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            TOPICS,
        ),
    ],
)
def test_keys_open_each_tab(
    window: MainWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier, tab: int
) -> None:
    window.tabs.setCurrentIndex((tab + 1) % 3)
    window.view.setFocus()
    qtbot.keyClick(window.view, key, modifiers)
    assert window.tabs.currentIndex() == tab
    focused = QApplication.focusWidget()
    assert focused is not None
    assert window.tabs.isAncestorOf(focused)


def test_a_tab_key_brings_the_sidebar_back_from_search_results(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.searching.focus()
    with qtbot.waitSignal(window.results.model.modelReset, timeout=1000):
        qtbot.keyClicks(window.search_field, "alpha")
    assert window.left.currentWidget() is window.results
    qtbot.keyClick(window.search_field, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.left.currentWidget() is window.tabs
    assert window.tabs.currentIndex() == HISTORY


def test_clear_history_sits_with_history_not_bookmarks() -> None:
    menus = dict(MENUS)
    assert "history.clear" not in menus["&Bookmarks"]
    go = menus["&Go"]
    assert go.index("history.clear") == go.index("history.show") + 1


# -- the tree ------------------------------------------------------------------------------------


def test_filtering_counts_what_is_shown(window: MainWindow, qtbot: QtBot) -> None:
    assert _group(window, "Conditions").data() == "Conditions (2)"
    qtbot.keyClicks(window.sidebar.filter, "back")
    group = _group(window, "Conditions")
    assert group.data() == "Conditions (1 of 2)"
    assert group.data(Qt.ItemDataRole.AccessibleTextRole) == "Conditions, 1 of 2 pages"
    window.sidebar.filter.clear()
    assert _group(window, "Conditions").data() == "Conditions (2)"


def test_a_title_cut_off_is_whole_in_its_tooltip(window: MainWindow) -> None:
    proxy = window.sidebar.proxy
    index = proxy.mapFromSource(window.sidebar.model.find("alpha-injection"))
    tip = str(index.data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("<p><b>Alpha injection (AI)</b><br/>")
    assert "An injection of medicine near the spine" in tip
    assert "[1]" not in tip  # citations point at a reference list a tooltip does not have


# -- category links ------------------------------------------------------------------------------


def test_home_page_categories_are_links_that_open_them(window: MainWindow) -> None:
    window.show_home()
    html = window.view.toHtml()
    assert 'href="painref://category/injections"' in html
    assert 'href="painref://category/conditions"' in html
    window.tabs.setCurrentIndex(HISTORY)
    window.sidebar.tree.collapseAll()
    window.view.anchorClicked.emit(QUrl("painref://category/conditions"))
    assert window.tabs.currentIndex() == TOPICS
    current = window.sidebar.tree.currentIndex()
    assert current.data(NODE_KIND_ROLE) == "group"
    assert str(current.data()).startswith("Conditions")
    assert window.sidebar.tree.isExpanded(current)
    assert window.sidebar.tree.hasFocus()
    assert current.data(TOPIC_ID_ROLE) is None  # a group is shown, no page opened
    assert window.current_location == "home"


def test_a_category_link_clears_the_filter(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.sidebar.filter, "gamma")
    window.view.anchorClicked.emit(QUrl("painref://category/injections"))
    assert window.sidebar.filter.text() == ""
    assert str(window.sidebar.tree.currentIndex().data()) == "Injections (1)"


def test_an_unknown_category_says_so(window: MainWindow) -> None:
    window.view.anchorClicked.emit(QUrl("painref://category/no-such-thing"))
    assert "not in this edition" in window.statusBar().currentMessage()


def test_an_empty_tab_shows_the_focus_on_the_tab_itself(
    window: MainWindow, qtbot: QtBot, qapp: QApplication
) -> None:
    from painref.ui.style import ReadableStyle

    apply(qapp, Appearance(theme="dark"))
    window.view.setFocus()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    bar = window.tabs.tabBar()
    assert QApplication.focusWidget() is bar  # no bookmarks yet: the list is hidden
    style = qapp.style()
    assert isinstance(style, ReadableStyle)
    ring = style.focus_colour.name()
    image = bar.grab().toImage()
    tab = bar.tabRect(BOOKMARKS)
    on_tab = [image.pixelColor(x, tab.center().y()).name() for x in range(tab.left(), tab.right())]
    assert on_tab.count(ring) >= 2  # the ring's left and right sides
