"""Item models: the sidebar tree of categories, topics and conditions.

The tree is filled lazily, whatever the size of the content: building it reads the groups
(categories, Conditions, the body regions) with their counts, and a group's pages are read
a batch at a time as a view asks for them (Qt's canFetchMore/fetchMore), or up to a page
the window reveals (SidebarModel.find), or all of them for the filter (fetch_all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    SignalInstance,
)
from PySide6.QtWidgets import QAbstractItemView

from painref.errors import PainRefError
from painref.location import Location
from painref.ui.qt_values import (
    ACCESSIBLE_DESCRIPTION_ROLE,
    ACCESSIBLE_TEXT_ROLE,
    CASE_INSENSITIVE,
    DISPLAY_ROLE,
    TOOL_TIP_ROLE,
    USER_ROLE,
    set_property,
)

if TYPE_CHECKING:
    from datetime import date

    from painref.content.library import Library, TopicSummary
    from painref.content.local_layer import LocalLayer

TOPIC_ID_ROLE = USER_ROLE + 1
NODE_KIND_ROLE = USER_ROLE + 2
FILTER_TEXT_ROLE = USER_ROLE + 3
BATCH = 64
"""Rows of a group read at a time when a view asks for more."""
READ_ALL_BELOW = 500
"""A tree with fewer pages than this is read whole when built (the shipped content: its
view is then laid out once, as it always was)."""

_Index = QModelIndex | QPersistentModelIndex


class PageSource:
    """Where a group's pages come from, a slice at a time (the Library, by SQL)."""

    def rows(self, offset: int, limit: int) -> list[TopicSummary]:
        raise NotImplementedError

    def index_of(self, page_id: str) -> int | None:
        """Where the page is in this group's list, or None when it is not in it."""
        raise NotImplementedError

    def node(self, page: TopicSummary, parent: Node) -> Node:
        return _page_node(parent, page.id, page.label, page.abbreviations, page.summary_text)


class Node:
    """One row of the sidebar: a category group or a page.

    A group with a source has total pages, of which children holds those read so far
    (the first ones, in order). A plain class with slots (the first frame makes the root,
    and a dataclass costs a few milliseconds to create); compared by identity.
    """

    __slots__ = (
        "children",
        "filter_text",
        "id",
        "kind",
        "parent",
        "position",
        "source",
        "title",
        "tooltip",
        "total",
    )

    def __init__(
        self,
        kind: str,  # "group", "region" or "topic"
        id: str,
        title: str,
        tooltip: str = "",
        filter_text: str = "",
        *,
        parent: Node | None = None,
        source: PageSource | None = None,
        total: int = 0,
    ) -> None:
        self.kind = kind
        self.id = id
        self.title = title
        self.tooltip = tooltip
        self.filter_text = filter_text
        self.parent = parent
        self.children: list[Node] = []
        self.source = source
        self.total = total
        self.position = 0
        """Its row under its parent (kept as rows are appended)."""

    def __repr__(self) -> str:
        return f"Node({self.kind!r}, {self.id!r}, {self.title!r})"

    @property
    def size(self) -> int:
        """How many rows it has, read or not."""
        return max(self.total, len(self.children)) if self.source else len(self.children)

    def row(self) -> int:
        if self.parent is None:
            return 0
        siblings = self.parent.children
        if self.position < len(siblings) and siblings[self.position] is self:
            return self.position
        return siblings.index(self)

    def append(self, child: Node) -> Node:
        child.parent = self
        child.position = len(self.children)
        self.children.append(child)
        return child

    def missing(self) -> int:
        """Rows not read yet."""
        return max(self.total - len(self.children), 0) if self.source else 0


class _CategoryPages(PageSource):
    def __init__(self, library: Library, category_id: str) -> None:
        self.library, self.category_id = library, category_id

    def rows(self, offset: int, limit: int) -> list[TopicSummary]:
        return self.library.topics(self.category_id, offset=offset, limit=limit)

    def index_of(self, page_id: str) -> int | None:
        return self.library.topic_index(page_id, self.category_id)


class _ConditionPages(PageSource):
    def __init__(self, library: Library) -> None:
        self.library = library

    def rows(self, offset: int, limit: int) -> list[TopicSummary]:
        return self.library.conditions(offset=offset, limit=limit)

    def index_of(self, page_id: str) -> int | None:
        return self.library.topic_index(page_id)

    def node(self, page: TopicSummary, parent: Node) -> Node:
        return _page_node(parent, page.id, page.label, (), page.summary_text)


class _RegionPages(PageSource):
    def __init__(self, library: Library, region_id: str, title: str) -> None:
        self.library, self.region_id, self.title = library, region_id, title

    def rows(self, offset: int, limit: int) -> list[TopicSummary]:
        return self.library.region_pages(self.region_id, offset=offset, limit=limit)

    def index_of(self, page_id: str) -> int | None:
        ids = self.library.region_page_ids(self.region_id)
        return ids.index(page_id) if page_id in ids else None

    def node(self, page: TopicSummary, parent: Node) -> Node:
        node = super().node(page, parent)
        node.filter_text += f" {' '.join([page.label, self.title])}"
        return node


def build_tree(
    library: Library,
    local: LocalLayer | None = None,
    today: date | None = None,
    *,
    read_all_below: int = READ_ALL_BELOW,
) -> Node:
    """The department's local protocols (when a local layer is installed), categories with
    their topics, then Conditions and Body regions: the groups with their counts and, when
    all their pages together are fewer than read_all_below, the pages too; otherwise no page
    of the published content is read yet (SidebarModel reads them as they are shown)."""
    root = _groups(library, local, today)
    groups = [g for top in root.children for g in (top, *top.children) if g.source]
    if sum(g.total for g in groups) < read_all_below:
        for group in groups:
            assert group.source is not None
            for page in group.source.rows(0, group.total):
                group.append(group.source.node(page, group))
            group.total = len(group.children)
    return root


def _groups(library: Library, local: LocalLayer | None, today: date | None) -> Node:
    root = Node("root", "", "")
    if local is not None:
        from datetime import date  # here: off the window's first frame

        _add_local(root, local, today or date.today())
    for category in library.categories():
        root.append(
            Node(
                "group",
                f"category:{category.id}",
                category.title,
                category.intro,
                category.title,
                source=_CategoryPages(library, category.id),
                total=category.topic_count,
            )
        )
    conditions = library.count_conditions()
    if conditions:
        root.append(
            Node(
                "group",
                "category:conditions",
                "Conditions",
                "Conditions, each with its treatment options",
                "Conditions",
                source=_ConditionPages(library),
                total=conditions,
            )
        )
    regions = library.region_heads()
    if regions:
        group = root.append(
            Node(
                "group",
                "category:regions",
                "Body regions",
                "Procedures, therapies and conditions by where it hurts",
                "Body regions",
            )
        )
        for region, count in regions:
            group.append(
                Node(
                    "region",
                    f"region:{region.id}",
                    region.title,
                    ", ".join(region.words),
                    " ".join([region.title, *region.words]),
                    source=_RegionPages(library, region.id, region.title),
                    total=count,
                )
            )
    return root


def _add_local(root: Node, local: LocalLayer, today: date) -> None:
    try:
        pages = local.pages()
    except PainRefError:
        return  # a damaged local layer: its pages cannot be listed (the pages say why)
    if not pages:
        return
    name = local.meta.name
    group = root.append(
        Node(
            "group",
            "category:local",
            "Local protocols",
            f"Written and approved by {name} (local layer {local.meta.version}); not part of "
            "PainRef's published content",
            f"Local protocols {name}",
        )
    )
    for page in sorted(pages, key=lambda p: p.title.casefold()):
        overdue = page.overdue(today)
        label = page.title + (" (review overdue)" if overdue else "")
        tip = (
            f"{page.summary_text}\n\nLocal protocol of {name}: approved {page.approved}, "
            f"review by {page.review_due}."
        )
        group.append(
            _page_node(group, str(Location.local(page.id)), label, tuple(page.aliases), tip)
        )


def _page_node(
    group: Node, page_id: str, label: str, abbreviations: tuple[str, ...], summary: str
) -> Node:
    return Node(
        "topic",
        page_id,
        label,
        summary,
        " ".join([label, *abbreviations, page_id]),
        parent=group,
    )


class SidebarModel(QAbstractItemModel):
    """A thin Qt model over the Node tree, reading a group's pages as they are needed."""

    def __init__(self, root: Node | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root if root is not None else Node("root", "", "")
        self.view_fetches = True
        """Whether views may read more rows (canFetchMore/fetchMore). The sidebar turns it
        off and reads what comes into view itself: a QTreeView reads a batch of every open
        group at each layout, whether the group is in view or not."""
        self.failure: Callable[[PainRefError], None] | None = None
        """Told when a group's pages cannot be read (the group then shows what it has)."""

    @property
    def root(self) -> Node:
        return self._root

    def set_root(self, root: Node) -> None:
        """Show another tree (the sidebar made empty, filled later)."""
        self.beginResetModel()
        self._root = root
        self.endResetModel()

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

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        return self.node(parent).size > 0

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        return self.view_fetches and self.node(parent).missing() > 0

    def fetchMore(self, parent: _Index) -> None:
        if self.view_fetches:
            self.fetch(self.node(parent), BATCH)

    def fetch(self, node: Node, count: int) -> None:
        """Read up to count more rows of a group (none when it has them all)."""
        source = node.source
        count = min(count, node.missing())
        if source is None or count <= 0:
            return
        start = len(node.children)
        try:
            pages = source.rows(start, count)
        except PainRefError as exc:
            pages = []
            if self.failure is not None:
                self.failure(exc)
        if len(pages) < count:
            node.total = start + len(pages)  # fewer than counted: the list ends here
        if not pages:
            return
        parent = QModelIndex() if node is self._root else self.createIndex(node.row(), 0, node)
        self.beginInsertRows(parent, start, start + len(pages) - 1)
        for page in pages:
            node.append(source.node(page, node))
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Read every row of every group (the filter looks at them all)."""
        stack = [self._root]
        while stack:
            node = stack.pop()
            self.fetch(node, node.missing())
            stack += [c for c in node.children if c.kind != "topic"]

    def loaded(self) -> int:
        """How many rows have been made so far, groups included (for tests)."""
        count, stack = 0, list(self._root.children)
        while stack:
            node = stack.pop()
            count += 1
            stack += node.children
        return count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 1

    # flags() is QAbstractItemModel's: a row is enabled and selectable (none for the root).

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == DISPLAY_ROLE:
            if node.kind in ("group", "region"):
                return f"{node.title} ({node.size})"
            return node.title
        if role in (TOOL_TIP_ROLE, ACCESSIBLE_DESCRIPTION_ROLE):
            return node.tooltip or None
        if role == ACCESSIBLE_TEXT_ROLE:
            if node.kind in ("group", "region"):
                return f"{node.title}, {node.size} pages"
            return node.title
        if role == TOPIC_ID_ROLE:
            return node.id if node.kind == "topic" else None
        if role == NODE_KIND_ROLE:
            return node.kind
        if role == FILTER_TEXT_ROLE:
            return node.filter_text
        return None

    def find(self, page_id: str) -> QModelIndex:
        """The index of a page (its category's row before a body region's), or an invalid
        index; a page in a group not read that far yet is read up to it."""
        groups = list(self._root.children)
        while groups:
            group = groups.pop(0)
            for child in group.children:
                if child.kind == "topic" and child.id == page_id:
                    return self.createIndex(child.row(), 0, child)
            if group.missing():
                try:
                    at = group.source.index_of(page_id) if group.source else None
                except PainRefError:
                    at = None
                if at is not None and at >= len(group.children):
                    self.fetch(group, at + 1 - len(group.children))
                    if at < len(group.children) and group.children[at].id == page_id:
                        return self.createIndex(at, 0, group.children[at])
            groups += [c for c in group.children if c.kind != "topic"]
        return QModelIndex()


class SidebarFilter(QSortFilterProxyModel):
    """Narrows the tree to pages whose title, abbreviation or id contains the typed text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        set_property(self, "filterCaseSensitivity", CASE_INSENSITIVE)
        self.setFilterRole(FILTER_TEXT_ROLE)
        self._words: list[str] = []

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        text = str(index.data(FILTER_TEXT_ROLE) or "").casefold()
        # Every typed word must occur, in any order ("block nerve" finds "Nerve block").
        return all(word in text for word in self._words)

    @property
    def filtering(self) -> bool:
        """True while typed words narrow the tree."""
        return bool(self._words)

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
    activated; slot then runs once for it, not twice. The style is asked at the click, so
    the answer follows a change of theme (and the window's first frame asks nothing).
    """
    activated.connect(slot)

    def on_click(index: object) -> None:
        if not activates_on_single_click(view):
            slot(index)

    clicked.connect(on_click)


def activates_on_single_click(view: QAbstractItemView) -> bool:
    """Whether view's style activates an item on a single click (and so emits activated)."""
    from PySide6.QtWidgets import QStyle

    hint = QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick
    return bool(view.style().styleHint(hint, None, view))
