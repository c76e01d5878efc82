"""The sidebar: a filter field over the tree of categories, topics and conditions.

It can be made empty (Sidebar(None)) for a window's first frame and filled after
(Sidebar.load). The tree reads a group's pages as they come into view (models.SidebarModel),
so it costs the same with forty topics or fifty thousand; the filter reads them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from painref.ui.models import (
    BATCH,
    TOPIC_ID_ROLE,
    Node,
    SidebarFilter,
    SidebarModel,
    build_tree,
    connect_activation,
)
from painref.ui.qt_values import ACCESSIBLE_TEXT_ROLE, DISPLAY_ROLE, TOOL_TIP_ROLE

if TYPE_CHECKING:
    from datetime import date

    from painref.content.library import Library
    from painref.content.local_layer import LocalLayer

_Index = QModelIndex | QPersistentModelIndex
_GROUP_KINDS = ("group", "region")


class _ShownFilter(SidebarFilter):
    """The tree as filtered, saying what it shows.

    A group counts the rows the filter leaves it ("Conditions (3 of 34)" while filtering,
    "Conditions (34)" otherwise), and every row's tooltip starts with its whole title, which
    a narrow sidebar cuts off.
    """

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> object:
        value = super().data(index, role)
        if not index.isValid():
            return value
        node = self._node(index)
        if role == DISPLAY_ROLE and node.kind in _GROUP_KINDS:
            return f"{node.title} ({self._count(index, node)})"
        if role == ACCESSIBLE_TEXT_ROLE and node.kind in _GROUP_KINDS:
            return f"{node.title}, {self._count(index, node)} pages"
        if role == TOOL_TIP_ROLE:
            from painref.content.plain import uncite  # here: off the first frame

            # Rich text, so that a long summary wraps instead of running off the screen.
            summary = f"<br/>{_escape(uncite(node.tooltip))}" if node.tooltip else ""
            return f"<p><b>{_escape(node.title)}</b>{summary}</p>"
        return value

    def _node(self, index: _Index) -> Node:
        source = self.sourceModel()
        assert isinstance(source, SidebarModel)
        return source.node(self.mapToSource(self._index(index)))

    def _index(self, index: _Index) -> QModelIndex:
        """index as a plain model index (a view may hand in a persistent one)."""
        return self.index(index.row(), index.column(), index.parent())

    def _count(self, index: _Index, node: Node) -> str:
        total = node.size
        if not self.filtering:
            return str(total)  # rows not read yet are not filtered out
        shown = self.rowCount(self._index(index))
        return str(total) if shown == total else f"{shown} of {total}"


class _FilterField(QLineEdit):
    """Down moves into the tree; Escape clears."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Down:
            self.move_down.emit()
        elif event.key() == QtCore.Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class Sidebar(QWidget):
    """Categories with their topics, conditions as their own group, and a filter.

    Signals:
        topic_activated(str): a page was chosen (click, Enter).
    """

    topic_activated = Signal(str)

    def __init__(self, root: Node | None = None, parent: QWidget | None = None) -> None:
        """root: the tree (models.build_tree), or None for an empty sidebar to load later."""
        super().__init__(parent)
        self.model = SidebarModel(root, self)
        self.model.view_fetches = False  # fill_visible reads the rows that come into view
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
        self._library: Library | None = None
        self._local: LocalLayer | None = None
        self._today: date | None = None
        self._read_all = False
        """Every row was read (for the filter), so the model is no longer small."""
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self.fill_visible)
        self._connect_signals()
        self.expand()

    def load(
        self, library: Library, local: LocalLayer | None = None, today: date | None = None
    ) -> None:
        """Show the library's tree (with the local layer's protocols first), in place of what
        the sidebar showed; reads the groups and the rows in view, not every page."""
        self._library, self._local, self._today = library, local, today
        self._read_all = bool(self.filter.text().strip())
        self.model.set_root(build_tree(library, local, today))
        if self._read_all:
            self.model.fetch_all()
        self.expand()

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.filter.move_down.connect(self._on_filter_move_down)
        connect_activation(
            self.tree, self.tree.activated, self.tree.clicked, self._on_tree_activated
        )
        # A group's next rows are read when its last row read comes into view.
        schedule = self._schedule_fill
        self.tree.verticalScrollBar().valueChanged.connect(schedule)
        self.tree.expanded.connect(schedule)
        self.proxy.rowsInserted.connect(schedule)
        self.proxy.modelReset.connect(schedule)
        self.proxy.layoutChanged.connect(schedule)
        self.tree.viewport().installEventFilter(self)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)

    def _on_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        """Walking down a group by keyboard reads its next rows before they are reached."""
        if not current.isValid():
            return
        group = self.model.node(self.proxy.mapToSource(current)).parent
        near_end = current.row() + 2 >= self.proxy.rowCount(current.parent())
        if group is not None and group.missing() and near_end:
            self.model.fetch(group, BATCH)

    def _schedule_fill(self, *_: object) -> None:
        self._fill_timer.start()  # (never with a signal's argument: it would be the delay)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fill_timer.start()
        return super().eventFilter(watched, event)

    def fill_visible(self) -> None:
        """Read more rows of each open group whose last row read is in view or above it,
        so that the tree never shows a group cut short (a QTreeView asks for more only at
        the bottom of the whole tree). The rows are counted, top to bottom, without laying
        the tree out again: its row heights are uniform."""
        if self.proxy.rowCount() == 0:
            return
        first = self.tree.visualRect(self.proxy.index(0, 0)).height()
        height = first if first > 0 else self.tree.fontMetrics().height() + 4
        value = self.tree.verticalScrollBar().value()
        per_pixel = self.tree.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel
        top = value // height if per_pixel else value
        last = top + self.tree.viewport().height() // height + 1
        self._fill_rows(QModelIndex(), 0, last)

    def _fill_rows(self, parent: QModelIndex, row: int, last: int) -> int:
        """Read what the groups under parent need for rows up to last to be read, counting
        visible rows from row (parent's first child's); returns the row after them."""
        for r in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(r, 0, parent)
            row += 1
            if row > last:
                return row
            if not self.tree.isExpanded(index):
                continue
            node = self.model.node(self.proxy.mapToSource(index))
            if node.children and node.children[0].kind in _GROUP_KINDS:
                row = self._fill_rows(index, row, last)
                continue
            row += self.proxy.rowCount(index)
            if node.missing() and row <= last:
                self.model.fetch(node, last - row + BATCH)
                row = row - len(node.children) + self.proxy.rowCount(index) + len(node.children)
                row += 0
        return row

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
        if parent.isValid():
            self.model.fetch(self.model.node(self.proxy.mapToSource(parent)), BATCH)
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if index.data(TOPIC_ID_ROLE):
                return index
            found = self._first_topic(index)
            if found.isValid():
                return found
        return QModelIndex()

    def expand(self) -> None:
        """Every category open; the body regions listed but each closed, unless filtering
        (then every group that has a match is open)."""
        if self.filter.text().strip():
            self.tree.expandAll()
            return
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            self.tree.expand(group)
            node = self.model.node(self.proxy.mapToSource(group))
            if node.children and node.children[0].kind == "region":
                for sub in range(self.proxy.rowCount(group)):
                    self.tree.collapse(self.proxy.index(sub, 0, group))
        self.fill_visible()

    def _on_filter_text_changed(self, text: str) -> None:
        if text.strip():
            self.proxy.set_text(text)
            if not self._read_all:
                self._read_all = True
                self.model.fetch_all()  # a match may be in a row not read yet
        else:
            if self._read_all and self._library is not None:
                # Back to the rows in view: the tree read for the filter is dropped whole
                # (cheaper than unfiltering every row), and the page shown found again.
                current = self.current_topic()
                self._read_all = False
                self.model.set_root(build_tree(self._library, self._local, self._today))
                self.proxy.set_text(text)
                self.expand()
                if current:
                    self.select_topic(current)
                return
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


def _escape(text: str) -> str:
    """text as HTML (html.escape without importing html at start-up)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def _find_group(model: SidebarModel, group_id: str) -> QModelIndex:
    """The index of a category, region or the Conditions group by its node id."""
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.node(index).id == group_id:
            return index
    return QModelIndex()
