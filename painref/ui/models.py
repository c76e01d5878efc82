"""Item models: the sidebar tree of categories, topics and conditions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    SignalInstance,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle

from painref.content.library import Library
from painref.errors import PainRefError
from painref.location import Location

if TYPE_CHECKING:
    from painref.content.local_layer import LocalLayer

TOPIC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NODE_KIND_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class Node:
    """One row of the sidebar: a category group or a page."""

    kind: str  # "group" or "topic"
    id: str
    title: str
    tooltip: str = ""
    filter_text: str = ""
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def build_tree(
    library: Library, local: LocalLayer | None = None, today: date | None = None
) -> Node:
    """The department's local protocols (when a local layer is installed), categories with
    their topics, then Conditions and Body regions."""
    root = Node("root", "", "")
    if local is not None:
        _add_local(root, local, today or date.today())
    for category in library.categories():
        group = Node(
            "group",
            f"category:{category.id}",
            category.title,
            category.intro,
            category.title,
            parent=root,
        )
        root.children.append(group)
        for topic in library.topics(category.id):
            _add_page(group, topic.id, topic.label, topic.abbreviations, topic.summary_text)
    conditions = library.conditions()
    if conditions:
        group = Node(
            "group",
            "category:conditions",
            "Conditions",
            "Conditions, each with its treatment options",
            "Conditions",
            parent=root,
        )
        root.children.append(group)
        for condition in conditions:
            _add_page(group, condition.id, condition.label, (), condition.summary_text)
    regions = library.regions()
    if regions:
        group = Node(
            "group",
            "category:regions",
            "Body regions",
            "Procedures, therapies and conditions by where it hurts",
            "Body regions",
            parent=root,
        )
        root.children.append(group)
        for region in regions:
            sub = Node(
                "region",
                f"region:{region.id}",
                region.title,
                ", ".join(region.words),
                " ".join([region.title, *region.words]),
                parent=group,
            )
            group.children.append(sub)
            for page in region.pages:
                words = " ".join([page.label, region.title])
                _add_page(sub, page.id, page.label, page.abbreviations, page.summary_text)
                sub.children[-1].filter_text += f" {words}"
    return root


def _add_local(root: Node, local: LocalLayer, today: date) -> None:
    try:
        pages = local.pages()
    except PainRefError:
        return  # a damaged local layer: its pages cannot be listed (the pages say why)
    if not pages:
        return
    name = local.meta.name
    group = Node(
        "group",
        "category:local",
        "Local protocols",
        f"Written and approved by {name} (local layer {local.meta.version}); not part of "
        "PainRef's published content",
        f"Local protocols {name}",
        parent=root,
    )
    root.children.append(group)
    for page in sorted(pages, key=lambda p: p.title.casefold()):
        overdue = page.overdue(today)
        label = page.title + (" (review overdue)" if overdue else "")
        tip = (
            f"{page.summary_text}\n\nLocal protocol of {name}: approved {page.approved}, "
            f"review by {page.review_due}."
        )
        _add_page(group, str(Location.local(page.id)), label, tuple(page.aliases), tip)


def _add_page(
    group: Node, page_id: str, label: str, abbreviations: tuple[str, ...], summary: str
) -> None:
    group.children.append(
        Node(
            "topic",
            page_id,
            label,
            summary,
            " ".join([label, *abbreviations, page_id]),
            parent=group,
        )
    )


class SidebarModel(QAbstractItemModel):
    """A thin Qt model over the Node tree."""

    def __init__(self, root: Node, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root

    def node(self, index: _Index) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        children = self.node(parent).children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind in ("group", "region"):
                return f"{node.title} ({len(node.children)})"
            return node.title
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return node.tooltip or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if node.kind == "region":
                return f"{node.title}, {len(node.children)} pages"
            if node.kind == "group":
                return f"{node.title}, {len(node.children)} pages"
            return node.title
        if role == TOPIC_ID_ROLE:
            return node.id if node.kind == "topic" else None
        if role == NODE_KIND_ROLE:
            return node.kind
        if role == FILTER_TEXT_ROLE:
            return node.filter_text
        return None

    def find(self, page_id: str) -> QModelIndex:
        """The index of a page (its category's row before a body region's), or an invalid index."""
        stack = list(self._root.children)
        while stack:
            node = stack.pop(0)
            if node.kind == "topic" and node.id == page_id:
                return self.createIndex(node.row(), 0, node)
            stack += node.children
        return QModelIndex()


class SidebarFilter(QSortFilterProxyModel):
    """Narrows the tree to pages whose title, abbreviation or id contains the typed text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(FILTER_TEXT_ROLE)
        self._words: list[str] = []

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        text = str(index.data(FILTER_TEXT_ROLE) or "").casefold()
        # Every typed word must occur, in any order ("block nerve" finds "Nerve block").
        return all(word in text for word in self._words)

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)


def connect_activation(
    view: QAbstractItemView,
    activated: SignalInstance,
    clicked: SignalInstance,
    slot: Callable[[Any], None],
) -> None:
    """Connect slot to a view's activation (Enter, a double click) and to a single click.

    Where the style itself activates an item on a single click, a click already emits
    activated; connecting clicked as well would run slot twice for one click.
    """
    activated.connect(slot)
    hint = QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick
    if not view.style().styleHint(hint, None, view):
        clicked.connect(slot)
