"""The sidebar over thousands of pages: it reads the groups and the rows in view, not every
page, and still scrolls, walks by keyboard, reveals and filters every page."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.ui.models import BATCH, TOPIC_ID_ROLE, SidebarModel, build_tree
from painref.ui.sidebar import Sidebar

BIG = ("nerve-blocks", "injections", "ablation")
PER_CATEGORY = 700
CONDITIONS = 300
REGION = "low-back"


@pytest.fixture(scope="module")
def many(real_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The real database with 2,100 more topics in three categories, 300 more conditions and
    200 more pages in one body region (copies of real rows: the sidebar reads only names)."""
    path = tmp_path_factory.mktemp("many") / "painref.db"
    shutil.copy(real_db_path, path)
    with sqlite3.connect(path) as conn:
        columns = [str(r[1]) for r in conn.execute("PRAGMA table_info(topics)")]
        changed = ("id", "title", "category_id", "position")
        kept = ", ".join(c for c in columns if c not in changed)
        copy = (
            f"INSERT INTO topics (id, title, category_id, position, {kept}) "
            f"SELECT ?, ?, ?, ?, {kept} FROM topics WHERE id = ?"
        )
        template = conn.execute(
            "SELECT id FROM topics WHERE kind = 'procedure' LIMIT 1"
        ).fetchone()[0]
        condition = conn.execute(
            "SELECT id FROM topics WHERE kind = 'condition' LIMIT 1"
        ).fetchone()[0]
        position = 100_000
        for c, category in enumerate(BIG):
            for i in range(PER_CATEGORY):
                position += 1
                conn.execute(
                    copy,
                    [f"bulk-{c}-{i:04d}", f"Bulk page {c}-{i:04d}", category, position, template],
                )
        for i in range(CONDITIONS):
            position += 1
            conn.execute(
                copy,
                [
                    f"bulk-condition-{i:03d}",
                    f"Bulk condition {i:03d}",
                    "conditions",
                    position,
                    condition,
                ],
            )
        conn.executemany(
            "INSERT INTO region_pages (region_id, topic_id, position) VALUES (?, ?, ?)",
            [(REGION, f"bulk-0-{i:04d}", 1000 + i) for i in range(200)],
        )
    conn.close()
    library = Library.open(path)
    yield library
    library.close()


@pytest.fixture
def sidebar(qtbot: QtBot, many: Library) -> Sidebar:
    widget = Sidebar(None)
    qtbot.addWidget(widget)
    widget.resize(320, 600)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.load(many)
    return widget


def _rows_read(model: SidebarModel, parent: QModelIndex | None = None) -> int:
    """Every row the model has made, counted through the Qt model itself."""
    parent = parent or QModelIndex()
    rows = model.rowCount(parent)
    return rows + sum(_rows_read(model, model.index(r, 0, parent)) for r in range(rows))


def _rows_that_fit(sidebar: Sidebar) -> int:
    height = sidebar.tree.visualRect(sidebar.proxy.index(0, 0)).height()
    return sidebar.tree.viewport().height() // max(height, 1) + 1


def _group(sidebar: Sidebar, group_id: str) -> QModelIndex:
    for row in range(sidebar.model.rowCount()):
        index = sidebar.model.index(row, 0)
        if sidebar.model.node(index).id == group_id:
            return index
    raise AssertionError(group_id)


def _ids(sidebar: Sidebar, group: QModelIndex) -> list[str]:
    model = sidebar.model
    return [str(model.index(r, 0, group).data(TOPIC_ID_ROLE)) for r in range(model.rowCount(group))]


def test_building_reads_the_groups_and_what_is_in_view(sidebar: Sidebar, many: Library) -> None:
    pages = many.count_topics() + many.count_conditions()
    assert pages > CONDITIONS + len(BIG) * PER_CATEGORY
    groups = _rows_read(sidebar.model.__class__(build_tree(many)))
    assert groups < 40  # categories, Conditions, Body regions and its regions
    read = _rows_read(sidebar.model)
    assert read == sidebar.model.loaded()
    assert read <= groups + _rows_that_fit(sidebar) + BATCH
    injections = sidebar.proxy.mapFromSource(_group(sidebar, "category:injections"))
    assert injections.data() == f"Injections ({many.count_topics('injections')})"


def test_an_empty_sidebar_is_filled_later(qtbot: QtBot, many: Library) -> None:
    widget = Sidebar(None)
    qtbot.addWidget(widget)
    assert widget.proxy.rowCount() == 0
    widget.load(many)
    assert widget.proxy.rowCount() == len(many.categories()) + 2  # Conditions, Body regions


def test_scrolling_reads_every_row_in_order(sidebar: Sidebar, many: Library, qtbot: QtBot) -> None:
    bar = sidebar.tree.verticalScrollBar()
    for _ in range(2000):
        qtbot.wait(1)  # the sidebar reads what came into view
        if bar.value() == bar.maximum() and not any(
            sidebar.model.node(sidebar.model.index(r, 0)).missing()
            for r in range(sidebar.model.rowCount())
        ):
            break
        bar.setValue(bar.value() + bar.pageStep())
    for category in many.categories():
        group = _group(sidebar, f"category:{category.id}")
        assert _ids(sidebar, group) == [t.id for t in many.topics(category.id)]
    assert _ids(sidebar, _group(sidebar, "category:conditions")) == [
        c.id for c in many.conditions()
    ]


def test_the_keyboard_walks_past_the_rows_read_at_first(
    sidebar: Sidebar, many: Library, qtbot: QtBot
) -> None:
    first = many.topics("nerve-blocks")[0].id
    sidebar.select_topic(first)
    sidebar.tree.setFocus()
    steps = 2 * BATCH + 5
    for _ in range(steps):
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Down)
    assert sidebar.current_topic() == many.topics("nerve-blocks")[steps].id
    with qtbot.waitSignal(sidebar.topic_activated) as activated:
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Return)
    assert activated.args == [many.topics("nerve-blocks")[steps].id]


@pytest.mark.parametrize(
    "page", [f"bulk-2-{PER_CATEGORY - 1:04d}", f"bulk-condition-{CONDITIONS - 1:03d}"]
)
def test_a_page_not_read_yet_is_revealed(sidebar: Sidebar, page: str) -> None:
    assert sidebar.model.loaded() < PER_CATEGORY
    sidebar.select_topic(page)
    assert sidebar.current_topic() == page
    index = sidebar.tree.currentIndex()
    assert sidebar.tree.viewport().rect().intersects(sidebar.tree.visualRect(index))


def test_a_page_only_in_a_closed_region_is_found(many: Library) -> None:
    model = SidebarModel(build_tree(many))
    region = next(
        model.node(model.index(r, 0, g))
        for g in [_group_of(model, "category:regions")]
        for r in range(model.rowCount(g))
        if model.node(model.index(r, 0, g)).id == f"region:{REGION}"
    )
    assert not region.children
    index = model.find("bulk-0-0150")
    assert index.isValid()
    assert model.node(index).parent is model.node(_group_of(model, "category:nerve-blocks"))


def _group_of(model: SidebarModel, group_id: str) -> QModelIndex:
    for row in range(model.rowCount()):
        if model.node(model.index(row, 0)).id == group_id:
            return model.index(row, 0)
    raise AssertionError(group_id)


def test_the_filter_finds_a_page_not_read_yet(
    sidebar: Sidebar, many: Library, qtbot: QtBot
) -> None:
    qtbot.keyClicks(sidebar.filter, "bulk page 1-0642")
    conditions = sidebar.proxy.mapFromSource(_group(sidebar, "category:injections"))
    assert conditions.data() == f"Injections (1 of {many.count_topics('injections')})"
    with qtbot.waitSignal(sidebar.topic_activated) as activated:
        qtbot.keyClick(sidebar.filter, Qt.Key.Key_Return)
    assert activated.args == ["bulk-1-0642"]
    qtbot.keyClick(sidebar.filter, Qt.Key.Key_Escape)
    assert sidebar.filter.text() == ""
    assert sidebar.model.loaded() < PER_CATEGORY  # the rows read for the filter are dropped


def test_the_model_is_a_valid_qt_model(qtmodeltester: object, many: Library) -> None:
    model = SidebarModel(build_tree(many))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.canFetchMore(_group_of(model, "category:ablation"))
