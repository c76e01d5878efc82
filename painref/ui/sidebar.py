"""The sidebar: a filter field over the tree of categories, topics and conditions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from painref.ui.models import (
    NODE_KIND_ROLE,
    TOPIC_ID_ROLE,
    Node,
    SidebarFilter,
    SidebarModel,
    connect_activation,
)


class _FilterField(QLineEdit):
    """Down moves into the tree; Escape clears."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class Sidebar(QWidget):
    """Categories with their topics, conditions as their own group, and a filter.

    Signals:
        topic_activated(str): a page was chosen (click, Enter).
    """

    topic_activated = Signal(str)

    def __init__(self, root: Node, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SidebarModel(root, self)
        self.proxy = SidebarFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter = _FilterField(self)
        self.filter.setPlaceholderText("Filter topics")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the topic list")
        self.filter.setAccessibleDescription(
            "Type part of a name or abbreviation to narrow the list"
        )

        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName("Topics")
        self.tree.setAccessibleDescription("Categories of procedures and therapies, and conditions")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self.setFocusProxy(self.tree)
        self._connect_signals()
        self.expand()

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.filter.move_down.connect(self._on_filter_move_down)
        connect_activation(
            self.tree, self.tree.activated, self.tree.clicked, self._on_tree_activated
        )

    def current_topic(self) -> str | None:
        value = self.tree.currentIndex().data(TOPIC_ID_ROLE)
        return str(value) if value else None

    def select_topic(self, page_id: str | None) -> None:
        """Follow the page shown, without emitting topic_activated."""
        index = self.proxy.mapFromSource(self.model.find(page_id)) if page_id else QModelIndex()
        selection = self.tree.selectionModel()
        if not index.isValid():
            selection.clearSelection()
            return
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.tree.scrollTo(index)

    def _first_topic(self, parent: QModelIndex | None = None) -> QModelIndex:
        parent = parent or QModelIndex()
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if index.data(TOPIC_ID_ROLE):
                return index
            found = self._first_topic(index)
            if found.isValid():
                return found
        return QModelIndex()

    def expand(self) -> None:
        """Every category open; the body regions listed but each closed, unless filtering."""
        self.tree.expandAll()
        if self.filter.text().strip():
            return
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for sub in range(self.proxy.rowCount(group)):
                index = self.proxy.index(sub, 0, group)
                if index.data(NODE_KIND_ROLE) == "region":
                    self.tree.collapse(index)

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.expand()

    def _on_filter_return_pressed(self) -> None:
        first = self._first_topic()
        if first.isValid():
            self.topic_activated.emit(str(first.data(TOPIC_ID_ROLE)))

    def _on_filter_move_down(self) -> None:
        first = self._first_topic()
        if first.isValid():
            self.tree.setCurrentIndex(first)
        self.tree.setFocus()

    def _on_tree_activated(self, index: QModelIndex) -> None:
        # Groups expand and collapse by themselves (double-click, Left/Right).
        topic_id = index.data(TOPIC_ID_ROLE)
        if topic_id:
            self.topic_activated.emit(str(topic_id))
