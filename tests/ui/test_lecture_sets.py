"""Presentation from the window, and lecture sets: build, save, reorder, export, import, present."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from painref.ui.main_window import MainWindow

from .conftest import WindowFactory


def test_f5_presents_the_page_and_escape_leaves(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    view = window.presentation
    assert view is not None
    assert view.isVisible()
    assert view.slide_count() >= 3
    assert view.position_text() == f"Section 1 of {view.slide_count()}"
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.current_index() == 1
    with qtbot.waitSignal(view.finished, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.presentation is None


def test_present_a_comparison(window: MainWindow) -> None:
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    window.present()
    view = window.presentation
    assert view is not None
    titles = [view.current_slide().title]  # type: ignore[union-attr]
    while view.current_index() < view.slide_count() - 1:
        view.next()
        titles.append(view.current_slide().title)  # type: ignore[union-attr]
    assert titles[0] == "Side by side"
    assert "Invasiveness and how long relief lasts" in titles  # the chart has its slide
    assert titles[-1] == "References"
    assert view.browser.loadResource(2, "chart:compare-0") is not None  # type: ignore[attr-defined]
    view.leave()


def _store(window: MainWindow):  # type: ignore[no-untyped-def]
    store = window.user_data.user.lecture_sets
    assert store is not None
    return store


def test_build_reorder_and_keep_a_lecture_set(make_window: WindowFactory) -> None:
    first = make_window()
    first.show_page("alpha-injection")
    first.lectures.add_page(name="Spine lecture")
    set_id = _store(first).list()[0].id
    first.show_comparison(["alpha-injection", "gamma-stimulator"])
    first.lectures.add_page(set_id)
    first.show_page("back-pain")
    first.lectures.add_page(set_id)
    assert [i.location for i in _store(first).get(set_id).items] == [
        "alpha-injection",
        "compare:alpha-injection,gamma-stimulator",
        "back-pain",
    ]

    first.lectures.manage()
    dialog = first.lectures.dialog
    assert dialog.sets.count() == 1
    dialog.items.setCurrentRow(2)
    dialog.move_current_item(-1)
    assert [i.location for i in _store(first).get(set_id).items] == [
        "alpha-injection",
        "back-pain",
        "compare:alpha-injection,gamma-stimulator",
    ]
    dialog.close()
    first.close()

    second = make_window()  # the set survives a restart, in its new order
    assert [i.location for i in _store(second).get(set_id).items] == [
        "alpha-injection",
        "back-pain",
        "compare:alpha-injection,gamma-stimulator",
    ]


def test_lecture_set_export_import_and_present(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    window.show_page("alpha-injection")
    window.lectures.add_page(name="Teaching")
    window.show_page("beta-therapy")
    store = _store(window)
    set_id = store.list()[0].id
    window.lectures.add_page(set_id)
    out = tmp_path / "teaching.json"
    store.export_json(set_id, out)
    data = json.loads(out.read_text())
    assert data["format"] == "painref-lecture-set"
    assert [i["location"] for i in data["items"]] == ["alpha-injection", "beta-therapy"]
    imported = store.import_json(out)
    assert imported.name == "Teaching (2)"

    window.lectures.present_set(set_id)
    view = window.presentation
    assert view is not None
    assert view.position_text().startswith("Topic 1 of 2")
    while view.current_index() < view.slide_count() - 1:
        view.next()
    assert view.position_text().startswith("Topic 2 of 2")
    view.leave()


def test_present_from_the_lecture_sets_dialog_comes_to_the_front(
    window: MainWindow, qtbot: QtBot
) -> None:
    # The slides opened behind the modal dialog and the window: nothing seemed to happen.
    window.show_page("alpha-injection")
    window.lectures.add_page(name="Teaching")
    window.lectures.manage()
    dialog = window.lectures.dialog
    assert dialog.isVisible()
    dialog.sets.setCurrentRow(0)
    dialog.buttons["present"].click()
    view = window.presentation
    assert view is not None
    assert not dialog.isVisible()  # out of the way, and no longer holding the keyboard
    assert view.isVisible()
    assert view.isFullScreen()
    assert view.isActiveWindow() or QApplication.activeModalWidget() is None
    qtbot.keyClick(view.browser, Qt.Key.Key_Escape)
    assert window.presentation is None


def test_set_names_are_shown_as_plain_text(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    window.lectures.add_page(name="<b>Bold</b> <a href='https://evil.example/'>click</a>")
    store = _store(window)
    set_id = store.list()[0].id
    store.remove_item(set_id, 0)
    window.lectures.manage()
    dialog = window.lectures.dialog
    dialog.sets.setCurrentRow(0)
    assert "<a href='https://evil.example/'>" in dialog.hint.text()
    assert dialog.hint.textFormat() == Qt.TextFormat.PlainText
