"""The comparison tray: topics chosen for the next comparison, the picker, and the
comparison page's own links (reorder, remove, add, only differences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from painref.ui.models import TOPIC_ID_ROLE

if TYPE_CHECKING:
    from painref.ui.compare_picker import ComparePicker
    from painref.ui.main_window import MainWindow

MIN_TO_COMPARE = 2


class CompareTray(QObject):
    """Chooses what to compare and acts on the comparison page's links."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self._tray: list[str] = []
        self.picker: ComparePicker | None = None
        self._connect_signals()
        self._update_action()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        a["compare.open"].triggered.connect(self._on_compare_open_triggered)
        a["compare.add"].triggered.connect(self._on_compare_add_triggered)
        a["compare.clear"].triggered.connect(self._on_compare_clear_triggered)
        self._window.view.action_requested.connect(self._on_view_action_requested)
        self.add_context_menu(self._window.sidebar.tree)

    def tray(self) -> list[str]:
        """The topics chosen so far, in order."""
        return list(self._tray)

    def add(self, topic_id: str) -> None:
        """Remember topic_id for the next comparison (at most four)."""
        from painref.content.comparison import MAX_TOPICS

        status, title = self._window.statusBar(), self._navigation.title
        if topic_id in self._tray:
            status.showMessage(f"{title(topic_id)} is already chosen", 4000)
            return
        if len(self._tray) >= MAX_TOPICS:
            status.showMessage(
                f"A comparison holds at most {MAX_TOPICS} topics; clear the choices first", 6000
            )
            return
        self._tray.append(topic_id)
        self._update_action()
        titles = ", ".join(title(t) for t in self._tray)
        hint = " (Ctrl+Shift+C compares them)" if len(self._tray) >= MIN_TO_COMPARE else ""
        status.showMessage(f"Chosen for comparison: {titles}{hint}", 8000)

    def pick(self, chosen: list[str]) -> None:
        """Ask which topics to compare, starting from chosen."""
        from painref.ui.compare_picker import ComparePicker

        library = self._navigation.pages.library
        picker = ComparePicker(library.topics(include_tools=False), chosen, self._window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self._navigation.show_comparison(picker.chosen()))
        self.picker = picker
        picker.open()  # window-modal, without a nested event loop

    def set_only_differences(self, on: bool) -> None:
        self._navigation.only_differences = on
        if self._navigation.current_ids():
            self._navigation.redraw()

    def add_context_menu(self, view: QAbstractItemView) -> None:
        """Give a list of pages (the sidebar, the search results) the page menu."""
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda pos, v=view: self._on_context_menu_requested(v, pos)
        )

    def page_menu(self, topic_id: str, parent: QWidget) -> QMenu:
        """The context menu of a page in the sidebar or the search results."""
        menu = QMenu(parent)
        menu.addAction("Open", lambda: self._navigation.show(topic_id))
        library = self._navigation.pages.library
        # A local page, a comparison (a note's search hit) or a page gone from this content
        # can only be opened: comparisons take the published topics.
        if library.has(topic_id) and not library.summary(topic_id).is_condition:
            menu.addAction("Add to comparison", lambda: self.add(topic_id))
            menu.addAction("Compare with…", lambda: self.pick([topic_id]))
        return menu

    def _on_context_menu_requested(self, view: QAbstractItemView, pos: QPoint) -> None:
        topic_id = view.indexAt(pos).data(TOPIC_ID_ROLE)
        if topic_id:
            self.page_menu(str(topic_id), view).exec(view.viewport().mapToGlobal(pos))

    def _update_action(self) -> None:
        count = len(self._tray)
        action = self._window.actions_by_id["compare.open"]
        action.setText(f"&Compare ({count})" if count else "&Compare")

    def _is_topic(self, location: str) -> bool:
        library = self._navigation.pages.library
        return any(t.id == location for t in library.topics(include_tools=False))

    def _on_compare_open_triggered(self) -> None:
        if len(self._tray) >= MIN_TO_COMPARE:
            self._navigation.show_comparison(self._tray)
            return
        start = list(self._tray)
        current = self._navigation.current
        # Only topics can be compared: a condition page shown is not offered pre-ticked.
        if current and current not in start and self._is_topic(current):
            start.append(current)
        self.pick(start)

    def _on_compare_add_triggered(self) -> None:
        current = self._navigation.current
        if current and self._is_topic(current):
            self.add(current)

    def _on_compare_clear_triggered(self) -> None:
        self._tray.clear()
        self._update_action()
        self._window.statusBar().showMessage("Comparison choices cleared", 4000)

    def _on_view_action_requested(self, action: str, argument: str) -> None:
        """The links of topic and comparison pages that choose, reorder or remove columns."""
        ids = self._navigation.current_ids()
        if action == "compare":
            self._navigation.show_comparison([a for a in argument.split(",") if a])
        elif action == "compare-with":
            self.pick([argument])
        elif action == "compare-tray":
            self.add(argument)
        elif action == "compare-add":
            self.pick(ids)
        elif action == "compare-diff":
            self.set_only_differences(argument == "on")
        elif action == "compare-remove" and ids:
            column = _int(argument, -1)
            if 0 <= column < len(ids):
                self._navigation.show_comparison(ids[:column] + ids[column + 1 :])
        elif action == "compare-move" and ids:
            first, _, step = argument.partition("/")
            i, j = _int(first, -1), _int(first, -1) + _int(step, 0)
            if 0 <= i < len(ids) and 0 <= j < len(ids) and i != j:
                ids[i], ids[j] = ids[j], ids[i]
                self._navigation.show_comparison(ids)


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default
