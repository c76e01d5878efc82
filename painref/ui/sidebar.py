"""The sidebar: a filter field over the tree of categories, topics and conditions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from painref.render.env import uncite
from painref.ui.models import (
    NODE_KIND_ROLE,
    TOPIC_ID_ROLE,
    Node,
    SidebarFilter,
    SidebarModel,
    connect_activation,
)

_Index = QModelIndex | QPersistentModelIndex
_GROUP_KINDS = ("group", "region")


class _ShownFilter(SidebarFilter):
    """The tree as filtered, saying what it shows.

    A group counts the rows the filter leaves it ("Conditions (3 of 34)" while filtering,
    "Conditions (34)" otherwise), and every row's tooltip starts with its whole title, which
    a narrow sidebar cuts off.
    """

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        value = super().data(index, role)
        if not index.isValid():
            return value
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole and node.kind in _GROUP_KINDS:
            return f"{node.title} ({self._count(index, node)})"
        if role == Qt.ItemDataRole.AccessibleTextRole and node.kind in _GROUP_KINDS:
            return f"{node.title}, {self._count(index, node)} pages"
        if role == Qt.ItemDataRole.ToolTipRole:
            # Rich text, so that a long summary wraps instead of running off the screen.
            summary = f"<br/>{escape(uncite(node.tooltip))}" if node.tooltip else ""
            return f"<p><b>{escape(node.title)}</b>{summary}</p>"
        return value

    def _node(self, index: _Index) -> Node:
        source = self.sourceModel()
        assert isinstance(source, SidebarModel)
        return source.node(self.mapToSource(self._index(index)))

    def _index(self, index: _Index) -> QModelIndex:
        """index as a plain model index (a view may hand in a persistent one)."""
        return self.index(index.row(), index.column(), index.parent())

    def _count(self, index: _Index, node: Node) -> str:
        shown, total = self.rowCount(self._index(index)), len(node.children)
        return str(total) if shown == total else f"{shown} of {total}"


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
        self.proxy = _ShownFilter(self)
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

    def show_group(self, group_id: str) -> bool:
        """Clear the filter and bring a category (its node id, "category:injections") to the
        top of the tree, open and current; False when there is no such group."""
        self.filter.clear()
        index = self.proxy.mapFromSource(_find_group(self.model, group_id))
        if not index.isValid():
            return False
        self.tree.expand(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        return True

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


def _find_group(model: SidebarModel, group_id: str) -> QModelIndex:
    """The index of a category, region or the Conditions group by its node id."""
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.node(index).id == group_id:
            return index
    return QModelIndex()
