"""Bookmarks and history in the window: add, remove, list, restore across a restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from painref.ui.main_window import MainWindow

from .conftest import WindowFactory


def test_ctrl_d_bookmarks_and_unbookmarks(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.user_data.is_bookmarked("alpha-injection")
    assert window.bookmarks_panel.locations() == ["alpha-injection"]
    assert window.actions_by_id["page.bookmark"].isChecked()
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not window.user_data.is_bookmarked("alpha-injection")
    assert window.bookmarks_panel.locations() == []
    assert window.bookmarks_panel.hint.isVisibleTo(window.bookmarks_panel)


def test_bookmarks_and_history_come_back_after_a_restart(make_window: WindowFactory) -> None:
    first = make_window()
    first.show_page("alpha-injection")
    first.user_data.toggle_bookmark()
    first.show_comparison(["alpha-injection", "gamma-stimulator"])
    first.user_data.toggle_bookmark()
    first.show_page("back-pain")
    first.close()

    second = make_window()
    assert second.bookmarks_panel.locations() == [
        "compare:alpha-injection,gamma-stimulator",
        "alpha-injection",
    ]
    assert second.history_panel.locations()[:3] == [
        "back-pain",
        "compare:alpha-injection,gamma-stimulator",
        "alpha-injection",
    ]
    second.show_home()
    assert "Recently viewed" in second.view.toPlainText()
    # A bookmarked comparison opens again as a comparison.
    second.bookmarks_panel.page_activated.emit("compare:alpha-injection,gamma-stimulator")
    assert second.current_location == "compare:alpha-injection,gamma-stimulator"


def test_remove_from_lists(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    window.user_data.toggle_bookmark()
    window.show_page("beta-therapy")
    window.bookmarks_panel.remove_requested.emit("alpha-injection")
    assert window.bookmarks_panel.locations() == []
    window.history_panel.remove_requested.emit("beta-therapy")
    assert "beta-therapy" not in window.history_panel.locations()
    window.actions_by_id["history.clear"].trigger()
    assert window.history_panel.locations() == []


def test_bookmarks_export_and_import(
    window: MainWindow, tmp_path: Path, monkeypatch: object
) -> None:
    window.show_page("alpha-injection")
    window.user_data.toggle_bookmark()
    out = tmp_path / "marks.json"
    window.user_data.user.bookmarks.export_json(out)  # type: ignore[union-attr]
    assert json.loads(out.read_text())["bookmarks"][0]["location"] == "alpha-injection"
    window.bookmarks_panel.remove_requested.emit("alpha-injection")
    counts = window.user_data.user.bookmarks.import_json(out)  # type: ignore[union-attr]
    assert counts.bookmarks_added == 1


def test_unwritable_user_folder_still_opens(
    qtbot: QtBot, small_library: object, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from painref.search.service import SearchService
    from painref.store.user import UserData

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the user folder should be")
    user = UserData.open(blocker / "user.db")
    assert user.problem
    window = MainWindow(
        small_library,
        SearchService(small_library),  # type: ignore[arg-type]
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        user=user,
    )
    qtbot.addWidget(window)
    window.restore_state()
    window.show_page("alpha-injection")
    assert "Alpha injection" in window.view.toPlainText()
    assert window.user_data.problem_label.text() == (
        "⚠ Bookmarks, notes and history cannot be saved"
    )
    assert not window.actions_by_id["page.bookmark"].isEnabled()
    window.user_data.toggle_bookmark()  # does nothing, raises nothing
    assert window.bookmarks_panel.locations() == []


def test_a_planted_link_in_an_import_file_is_shown_as_plain_text(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bad "created" value is quoted in the "Import failed" box; as rich text its link
    # opened the browser without PainRef's own question.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    link = "<a href='https://evil.example/phish'>CLICK HERE TO FIX THIS FILE</a>"
    bad = tmp_path / "marks.json"
    bad.write_text(
        json.dumps(
            {
                "format": "painref-bookmarks",
                "version": 1,
                "bookmarks": [{"location": "x", "title": "t", "created": link}],
            }
        )
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        shown.append(box)
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", record)

    def close_a_box_shown_some_other_way() -> None:  # a regression must fail, not hang
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    QTimer.singleShot(0, close_a_box_shown_some_other_way)
    window.actions_by_id["bookmarks.import"].trigger()
    assert len(shown) == 1
    box = shown[0]
    assert box.windowTitle() == "Import failed"
    assert "evil.example" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText


def test_export_and_import_through_the_menu_carry_notes_and_say_what_happened(
    make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = make_window()
    window.show_page("alpha-injection")
    window.user_data.toggle_bookmark()
    notes = window.user_data.user.notes
    assert notes is not None
    notes.set("alpha-injection", "Alpha injection", "from the first machine")
    out = tmp_path / "marks.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_id["bookmarks.export"].trigger()
    assert window.statusBar().currentMessage() == f"Saved 1 bookmark and 1 note to {out}"
    assert json.loads(out.read_text())["notes"][0]["text"] == "from the first machine"

    # The same reader elsewhere: no bookmark, a different note on the same page.
    window.bookmarks_panel.remove_requested.emit("alpha-injection")
    notes.set("alpha-injection", "Alpha injection", "written on the second")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_id["bookmarks.import"].trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 1 bookmark and 0 notes. 1 note was added below")
    assert window.bookmarks_panel.locations() == ["alpha-injection"]
    text = notes.get("alpha-injection").text  # type: ignore[union-attr]
    assert text.startswith("written on the second\n\n--- imported ")
    assert text.endswith("---\nfrom the first machine\n")

    window.actions_by_id["bookmarks.import"].trigger()
    assert window.statusBar().currentMessage().startswith("Nothing new to import")


def test_the_bookmarks_menu_names_notes_in_export_and_import(window: MainWindow) -> None:
    a = window.actions_by_id
    assert a["bookmarks.export"].text() == "&Export bookmarks and notes…"
    assert a["bookmarks.import"].text() == "&Import bookmarks and notes…"
