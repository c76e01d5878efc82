"""Sidebar lists of the user's pages: bookmarks and recently viewed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from painref.ui.models import connect_activation
from painref.ui.qt_values import ALIGN_LEFT, ALIGN_TOP, CUSTOM_CONTEXT_MENU, USER_ROLE, set_property

LOCATION_ROLE = USER_ROLE + 1


class PageListPanel(QWidget):
    """A list of pages with an empty-state hint; Enter or a click opens one.

    Signals:
        page_activated(str): a page was chosen.
        remove_requested(str): the person asked to remove a page from the list.
    """

    page_activated = Signal(str)
    remove_requested = Signal(str)

    def __init__(
        self, name: str, empty_hint: str, remove_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._remove_text = remove_text
        self.hint = QLabel(empty_hint, self)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(f"{name}: hint")
        self.list = QListWidget(self)
        self.list.setAccessibleName(name)
        set_property(self.list, "contextMenuPolicy", CUSTOM_CONTEXT_MENU)
        self.hint.setContentsMargins(10, 10, 10, 10)
        set_property(self.hint, "alignment", ALIGN_LEFT | ALIGN_TOP)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        # An empty list's hint sits at the top, not floating in the middle of the pane.
        layout.addStretch(0)
        self.setFocusProxy(self.list)
        self._connect_signals()

    def _connect_signals(self) -> None:
        connect_activation(
            self.list, self.list.itemActivated, self.list.itemClicked, self._on_list_item_activated
        )
        self.list.customContextMenuRequested.connect(self._on_list_context_menu_requested)

    def set_pages(self, pages: list[tuple[str, str, str]]) -> None:
        """(location, title, detail) rows, in the order given."""
        self.list.clear()
        for location, title, detail in pages:
            item = QListWidgetItem(title, self.list)
            item.setData(LOCATION_ROLE, location)
            item.setToolTip(detail)
        self.hint.setVisible(not pages)
        self.list.setVisible(bool(pages))
        self._layout.setStretch(2, 0 if pages else 1)

    def locations(self) -> list[str]:
        return [str(self.list.item(i).data(LOCATION_ROLE)) for i in range(self.list.count())]

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.page_activated.emit(str(item.data(LOCATION_ROLE)))

    def _on_list_context_menu_requested(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        location = str(item.data(LOCATION_ROLE))
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.page_activated.emit(location))
        menu.addAction(self._remove_text, lambda: self.remove_requested.emit(location))
        menu.exec(self.list.viewport().mapToGlobal(pos))
