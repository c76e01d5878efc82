"""ResultsModel under Qt's QAbstractItemModelTester while searching, resetting and clearing.

The tester checks the model's answers (row counts, indexes, parents, data for every role)
after each change and that every change is announced with the right signals. It reports a
broken rule as a Qt warning in the qt.modeltest category; each test collects those while it
runs and asserts there is none (the last test shows a broken model does produce them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import (
    QMessageLogContext,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.search.service import SearchService
from painref.ui.models import TOPIC_ID_ROLE
from painref.ui.results import HTML_ROLE, ResultsModel, ResultsPanel

Mode = QAbstractItemModelTester.FailureReportingMode


@contextmanager
def modeltest_failures() -> Iterator[list[str]]:
    """The model tester's complaints while the block runs (Qt's message handler, restored)."""
    failures: list[str] = []

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if context.category == "qt.modeltest":
            failures.append(message)
        elif previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    try:
        yield failures
    finally:
        qInstallMessageHandler(previous)


def under_tester(model: ResultsModel) -> QAbstractItemModelTester:
    # Warning mode: a broken rule becomes a Qt warning the test can see (Fatal would abort).
    return QAbstractItemModelTester(model, Mode.Warning, model)


@pytest.fixture
def service(small_library: Library) -> SearchService:
    return SearchService(small_library)


def test_model_passes_while_searching_resetting_and_clearing(service: SearchService) -> None:
    model = ResultsModel()
    with modeltest_failures() as failures:
        under_tester(model)
        for text in ("back pain", "alpha", "zebracorn", "no such thing at all", "b", ""):
            hits = service.search(text)
            model.set_hits(hits)
            assert model.rowCount() == len(hits)
        model.set_hits(service.search("back pain"))
        model.set_hits(service.search("back pain"))  # the same hits again: still a reset
        model.set_muted_colour("#123456")
        model.set_hits([])
        assert model.rowCount() == 0
    assert failures == []


def test_model_data_for_every_row_and_role(service: SearchService) -> None:
    model = ResultsModel()
    hits = service.search("back pain")
    assert len(hits) > 1
    with modeltest_failures() as failures:
        under_tester(model)
        model.set_hits(hits)
        for row, hit in enumerate(hits):
            index = model.index(row, 0)
            assert index.data(TOPIC_ID_ROLE) == hit.id
            assert hit.title in str(index.data(Qt.ItemDataRole.DisplayRole))
            assert hit.title in str(index.data(HTML_ROLE))
            assert index.data(Qt.ItemDataRole.DecorationRole) is None
        assert model.data(QModelIndex()) is None
        assert not model.index(len(hits), 0).isValid()
        assert model.rowCount(model.index(0, 0)) == 0  # a list: no row has rows beneath it
        persistent = QPersistentModelIndex(model.index(0, 0))
        model.set_hits([])
        assert not persistent.isValid()  # a reset invalidates what views held on to
    assert failures == []


def test_panel_model_passes_through_outcomes_and_problems(
    qtbot: QtBot, service: SearchService
) -> None:
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    with modeltest_failures() as failures:
        under_tester(panel.model)
        for text in ("back pain", "zebracron", "no such thing at all", "alpha"):
            panel.show_outcome(text, service.query(text))
            panel.move_selection(1)
            panel.move_selection(-5)
        panel.show_problem("the database is damaged")
        assert panel.model.rowCount() == 0
        assert panel.current_topic() is None
    assert failures == []


class _BadAlignment(ResultsModel):
    """A defect the tester must catch: an alignment that is no combination of the flags."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return 0x10000
        return super().data(index, role)


def test_the_tester_reports_a_broken_model(service: SearchService) -> None:
    """The harness is live: the same checks fail a model that breaks a rule."""
    model = _BadAlignment()
    with modeltest_failures() as failures:
        under_tester(model)
        model.set_hits(service.search("back pain"))
    assert any("alignment" in message for message in failures), failures
