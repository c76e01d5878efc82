"""The left pane: its width, its Topics, Bookmarks and History tabs, and category links.

The pane is the first half of the window's splitter (ui/main_window.py saves and restores
the splitter with the window). On a first start it gets a width for about
DEFAULT_SIDEBAR_CHARS characters of the text size in use, between a fifth and two fifths
of the screen, so that 20 pt text starts with a wider sidebar than 11 pt. Its tabs never
hide behind scroll arrows: at a size where the three names do not fit they are shortened,
and each says its full name and shortcut in a tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from painref.ui.qt_values import ELIDE_RIGHT, set_property

if TYPE_CHECKING:
    from painref.ui.main_window import MainWindow

DEFAULT_SIDEBAR_CHARS = 40
"""A new sidebar fits this many average characters of a title."""
MIN_SIDEBAR_SHARE = 0.2
MAX_SIDEBAR_SHARE = 0.4
"""A new sidebar's width, as shares of the screen's width."""
SIDEBAR_PADDING = 56
"""Pixels the tree's indentation, frame and scroll bar take beside the titles."""
CATEGORY_ACTION = "category"
"""painref://category/ID (home page links): show that category in the sidebar."""

TABS = (
    ("view.topics", "Topics"),
    ("bookmarks.show", "Bookmarks"),
    ("history.show", "History"),
)
"""Each sidebar tab (in order) and the action that shows it."""


class LeftPane(QObject):
    """Sizes the left pane, shows its tabs on request, and shows a category from a link."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._set_up_tabs()
        window.splitter.setSizes([default_width(window), window.width()])
        self._connect_signals()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        for index, (action_id, _) in enumerate(TABS):
            a[action_id].triggered.connect(lambda _=False, i=index: self.show_tab(i))
        self._window.view.action_requested.connect(self._on_view_action_requested)

    def _set_up_tabs(self) -> None:
        tabs = self._window.tabs
        bar = tabs.tabBar()
        # Every tab stays in view: names are shortened before any tab hides behind arrows.
        bar.setUsesScrollButtons(False)
        set_property(bar, "elideMode", ELIDE_RIGHT)
        bar.setExpanding(True)

    def set_tab_tips(self) -> None:
        """Each tab's tooltip: its full name and its shortcut (once they are bound)."""
        tabs = self._window.tabs
        for index, (action_id, name) in enumerate(TABS):
            action = self._window.actions_by_id[action_id]
            keys = action.shortcut().toString()
            tip = f"{name} ({keys})" if keys else name
            tabs.setTabToolTip(index, tip)
            tabs.setTabWhatsThis(index, tip)

    def show_tab(self, index: int) -> None:
        """Show the sidebar (and not search results) at tab index, with the focus in it."""
        window = self._window
        if not window.actions_by_id["view.sidebar"].isChecked():
            window.actions_by_id["view.sidebar"].setChecked(True)
        window.left.setCurrentWidget(window.tabs)
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        target = (page.focusProxy() or page) if page is not None else None
        if target is None or not target.isVisible():
            # An empty list is hidden behind its hint: the tab itself takes the focus.
            target = window.tabs.tabBar()
        target.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)

    def show_category(self, group_id: str) -> None:
        """The Topics tab with the category (a sidebar node id) open at the top."""
        self.show_tab(0)
        if not self._window.sidebar.show_group(group_id):
            self._window.statusBar().showMessage("That category is not in this edition", 5000)

    def _on_view_action_requested(self, action: str, argument: str) -> None:
        if action == CATEGORY_ACTION and argument:
            self.show_category(f"category:{argument}")


def default_width(window: QWidget) -> int:
    """A new sidebar's width: DEFAULT_SIDEBAR_CHARS of the app's text, within a share of
    the screen the window is on."""
    metrics = QFontMetrics(QApplication.font())
    wanted = metrics.averageCharWidth() * DEFAULT_SIDEBAR_CHARS + SIDEBAR_PADDING
    screen = window.screen().availableGeometry().width()
    return round(min(max(wanted, screen * MIN_SIDEBAR_SHARE), screen * MAX_SIDEBAR_SHARE))
