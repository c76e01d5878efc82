"""Presentation from the window, and lecture sets: build, save, reorder, export, import, present."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from painref.ui.lecture_sets_dialog import suggested_name
from painref.ui.main_window import MainWindow

from .conftest import WindowFactory


def test_f5_presents_the_page_and_escape_leaves(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    view = window.presentation
    assert view is not None
    assert view.isVisible()
    assert view.slide_count() >= 3
    assert view.position_text() == f"Slide 1 of {view.slide_count()}"
    assert view.high_contrast() is False
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
    assert titles[0] == "Comparison"
    chart = titles.index("Invasiveness and how long relief lasts")  # before the table
    assert chart < titles.index("Side by side")
    assert titles[-1] == "Sources"
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
    assert view.position_text().startswith("Topic 1 of 3")
    titles = []
    while view.current_index() < view.slide_count() - 1:
        view.next()
        titles.append(view.current_slide().title)  # type: ignore[union-attr]
    assert view.position_text().startswith("Topic 3 of 3")  # one Sources slide for both
    assert titles.count("Sources") == 1
    assert titles[-1] == "Sources"
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
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is view.browser
    qtbot.keyClick(view.browser, Qt.Key.Key_PageDown)
    assert view.current_index() == 1
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


def test_a_new_set_is_named_for_the_page_in_a_dialog_wide_enough(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_page("alpha-injection")
    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen["name"] = dialog.textValue()
        seen["title"] = dialog.windowTitle()
        title_width = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
        seen["wide"] = dialog.width() >= 2 * title_width
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.lectures._on_new_set_triggered()
    assert seen == {"name": "Lecture: Alpha injection", "title": "New lecture set", "wide": True}
    store = _store(window)
    assert [s.name for s in store.list()] == ["Lecture: Alpha injection"]
    assert suggested_name(None, ["Lecture 1"]) == "Lecture 2"


def test_add_the_current_page_from_the_dialog(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    window.lectures.add_page(name="A set whose name is long enough to be cut in a narrow list")
    window.show_page("beta-therapy")
    window.lectures.manage()
    dialog = window.lectures.dialog
    assert dialog is not None
    dialog.sets.setCurrentRow(0)
    add = dialog.buttons["add"]
    assert add.isVisible() and add.isEnabled()
    add.click()
    set_id = _store(window).list()[0].id
    assert [i.location for i in _store(window).get(set_id).items] == [
        "alpha-injection",
        "beta-therapy",
    ]
    assert dialog.items.count() == 2
    for names in (dialog.sets, dialog.items):
        assert names.wordWrap(), "long names wrap rather than hide behind a scroll bar"
        assert names.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert dialog.sets.item(0).toolTip().startswith("A set whose name")
    dialog.close()
