"""My note on this page: the shortcut, the editor, saving, discarding, deleting, and what
happens when notes cannot be saved. Real key events throughout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from painref.store.notes import MAX_NOTE_CHARS, NoteStore
from painref.ui.main_window import MainWindow
from painref.ui.note_dialog import PRIVACY_LINE, NoteDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PAGE = "alpha-injection"


def _notes(window: MainWindow) -> NoteStore:
    store = window.user_data.user.notes
    assert store is not None
    return store


def _activate(window: QWidget, qtbot: QtBot) -> None:
    """Wait until window has the keyboard: shortcuts only reach the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def _open_with_keys(window: MainWindow, qtbot: QtBot) -> NoteDialog:
    _activate(window, qtbot)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = window.notes.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    # The editor has the keyboard as soon as the dialog opens.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.editor, timeout=2000)
    return dialog


class Answers:
    """Answers the message boxes a step shows, in order; records what they said.

    A box the step did not expect is closed (and recorded), so a regression fails instead
    of hanging the test run.
    """

    def __init__(self, answers: list[QMessageBox.StandardButton]) -> None:
        self._answers = list(answers)
        self.seen: list[tuple[str, str]] = []

    def run(self, step: Callable[[], object]) -> None:
        done = False

        def answer() -> None:
            if done:  # a check still queued when the step ended
                return
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                self.seen.append((box.windowTitle(), box.text()))
                if self._answers:
                    button = box.button(self._answers.pop(0))
                    assert button is not None, box.text()
                    button.click()
                else:
                    box.close()
                QTimer.singleShot(0, answer)  # the step may show another

        QTimer.singleShot(0, answer)
        try:
            step()
        finally:
            done = True


@pytest.fixture
def page(window: MainWindow) -> MainWindow:
    window.show_page(PAGE)
    return window


def test_the_action_is_off_at_home_and_on_for_any_page(window: MainWindow) -> None:
    action = window.actions_by_id["page.note"]
    window.show_home()
    assert not action.isEnabled()
    for location in (PAGE, "back-pain", "compare:alpha-injection,gamma-stimulator"):
        window.show_location(location)
        assert action.isEnabled(), location
    window.show_home()
    assert not action.isEnabled()
    action.trigger()  # does nothing at home
    assert window.notes.dialog is None


def test_the_shortcut_opens_the_editor_and_ctrl_return_saves(
    page: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open_with_keys(page, qtbot)
    assert dialog.page_label.text() == "Alpha injection"
    assert dialog.privacy.text() == PRIVACY_LINE
    assert not dialog.delete_button.isEnabled()  # nothing to delete yet
    qtbot.keyClicks(dialog.editor, "Use 3 mL here")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)  # a new line, not a save
    qtbot.keyClicks(dialog.editor, "  indented")
    assert dialog.isVisible()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    note = _notes(page).get(PAGE)
    assert note is not None
    assert (note.title, note.text) == ("Alpha injection", "Use 3 mL here\n  indented")
    assert page.statusBar().currentMessage() == "Note saved: Alpha injection"
    assert page.current_location == PAGE

    again = _open_with_keys(page, qtbot)  # opens with the note, cursor at its end
    assert again.editor.toPlainText() == "Use 3 mL here\n  indented"
    assert again.delete_button.isEnabled()
    qtbot.keyClicks(again.editor, ".")
    qtbot.keyClick(again.editor, Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier)
    assert _notes(page).get(PAGE).text == "Use 3 mL here\n  indented."  # type: ignore[union-attr]


def test_the_page_service_reads_the_readers_notes(page: MainWindow) -> None:
    """The page draws the note through the page service (pages.py), which reads this store."""
    assert page.navigation.pages.notes is _notes(page)


def test_saving_and_deleting_redraw_the_page(page: MainWindow, qtbot: QtBot) -> None:
    dialog = _open_with_keys(page, qtbot)
    qtbot.keyClicks(dialog.editor, "Ask about the sedation list")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert "Ask about the sedation list" in page.view.toPlainText()
    dialog = _open_with_keys(page, qtbot)
    Answers([QMessageBox.StandardButton.Yes]).run(dialog.delete_button.click)
    assert "Ask about the sedation list" not in page.view.toPlainText()


def test_escape_with_changes_asks_before_discarding(page: MainWindow, qtbot: QtBot) -> None:
    _notes(page).set(PAGE, "Alpha injection", "kept")
    dialog = _open_with_keys(page, qtbot)
    qtbot.keyClicks(dialog.editor, " and more")
    answers = Answers([QMessageBox.StandardButton.No])
    answers.run(lambda: qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape))
    assert answers.seen == [("Discard changes", "Discard your changes to this note?")]
    assert dialog.isVisible()  # No: still editing, nothing lost
    assert dialog.editor.toPlainText() == "kept and more"

    answers = Answers([QMessageBox.StandardButton.Yes])
    answers.run(lambda: qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape))
    assert len(answers.seen) == 1
    assert not dialog.isVisible()
    assert _notes(page).get(PAGE).text == "kept"  # type: ignore[union-attr]


def test_escape_without_changes_closes_without_asking(page: MainWindow, qtbot: QtBot) -> None:
    dialog = _open_with_keys(page, qtbot)
    answers = Answers([])
    answers.run(lambda: qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape))
    assert answers.seen == []
    assert not dialog.isVisible()
    assert _notes(page).get(PAGE) is None


def test_delete_asks_first(page: MainWindow, qtbot: QtBot) -> None:
    _notes(page).set(PAGE, "Alpha injection", "to be deleted")
    dialog = _open_with_keys(page, qtbot)
    answers = Answers([QMessageBox.StandardButton.No])
    answers.run(dialog.delete_button.click)
    assert answers.seen[0][0] == "Delete note"
    assert "Alpha injection" in answers.seen[0][1]
    assert dialog.isVisible()
    assert _notes(page).get(PAGE) is not None

    answers = Answers([QMessageBox.StandardButton.Yes])
    answers.run(dialog.delete_button.click)
    assert not dialog.isVisible()
    assert _notes(page).get(PAGE) is None
    assert page.statusBar().currentMessage() == "Note deleted: Alpha injection"


def test_saving_an_emptied_note_asks_then_deletes_it(page: MainWindow, qtbot: QtBot) -> None:
    _notes(page).set(PAGE, "Alpha injection", "old")
    dialog = _open_with_keys(page, qtbot)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Delete)
    answers = Answers([QMessageBox.StandardButton.Yes])
    answers.run(lambda: qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL))
    assert [title for title, _ in answers.seen] == ["Delete note"]
    assert _notes(page).get(PAGE) is None


def test_a_failed_save_keeps_the_text_and_says_why(page: MainWindow, qtbot: QtBot) -> None:
    store = page.user_data.user.store
    assert store is not None
    _notes(page).set(PAGE, "Alpha injection", "saved before")
    dialog = _open_with_keys(page, qtbot)
    qtbot.keyClicks(dialog.editor, " and typed now")
    store.connection.execute("PRAGMA query_only = ON")  # the file can no longer be written
    answers = Answers([QMessageBox.StandardButton.Ok])
    answers.run(lambda: qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL))
    assert [title for title, _ in answers.seen] == ["Note not saved"]
    assert "cannot be written" in answers.seen[0][1]
    assert dialog.isVisible()
    assert dialog.editor.toPlainText() == "saved before and typed now"
    assert _notes(page).get(PAGE).text == "saved before"  # type: ignore[union-attr]

    store.connection.execute("PRAGMA query_only = OFF")
    _activate(dialog, qtbot)  # back from the message box (offscreen, nothing hands it back)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    assert _notes(page).get(PAGE).text == "saved before and typed now"  # type: ignore[union-attr]


def test_a_note_too_long_is_said_before_saving(page: MainWindow, qtbot: QtBot) -> None:
    dialog = _open_with_keys(page, qtbot)
    dialog.editor.setPlainText("x" * MAX_NOTE_CHARS)
    assert not dialog.length_label.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.editor, "y")
    assert dialog.length_label.isVisibleTo(dialog)
    assert "20,001 characters" in dialog.length_label.text()
    answers = Answers([QMessageBox.StandardButton.Ok])
    answers.run(lambda: qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL))
    assert [title for title, _ in answers.seen] == ["Note too long"]
    assert dialog.isVisible()
    assert _notes(page).get(PAGE) is None


def test_when_notes_cannot_be_saved_the_action_says_why(
    qtbot: QtBot, small_library: object, tmp_path: Path
) -> None:
    from painref.search.service import SearchService
    from painref.store.user import UserData

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the user folder should be")
    user = UserData.open(blocker / "user.db")
    assert user.problem
    window = MainWindow(
        small_library,  # type: ignore[arg-type]
        SearchService(small_library),  # type: ignore[arg-type]
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        user=user,
    )
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    _activate(window, qtbot)
    window.show_page(PAGE)
    action = window.actions_by_id["page.note"]
    assert action.isEnabled()
    assert user.problem in action.toolTip()
    answers = Answers([QMessageBox.StandardButton.Ok])
    answers.run(lambda: qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL | SHIFT))
    assert len(answers.seen) == 1
    assert "Notes cannot be saved" in answers.seen[0][1]
    assert user.problem in answers.seen[0][1]
    assert window.notes.dialog is None  # no editor that would lose what is typed


def test_the_editor_is_named_for_screen_readers(page: MainWindow, qtbot: QtBot) -> None:
    dialog = _open_with_keys(page, qtbot)
    named: list[QWidget] = [
        dialog,
        dialog.editor,
        dialog.page_label,
        dialog.privacy,
        dialog.save_button,
        dialog.cancel_button,
        dialog.delete_button,
    ]
    assert all(w.accessibleName() for w in named)
    assert "Alpha injection" in dialog.editor.accessibleName()
    # Tab leaves the editor for the buttons instead of typing a tab.
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.editor
    assert dialog.editor.toPlainText() == ""


def test_the_editor_follows_the_high_contrast_theme(page: MainWindow, qtbot: QtBot) -> None:
    from painref.ui.appearance import Appearance, apply

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    page.view_settings.set_appearance(Appearance(theme="high-contrast"))
    try:
        dialog = _open_with_keys(page, qtbot)
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Text):
            assert dialog.editor.palette().color(role) == app.palette().color(role)
        assert dialog.styleSheet() == ""
    finally:
        apply(app, Appearance())


def test_the_note_command_sits_in_the_bookmarks_menu_with_an_unclashing_key(
    window: MainWindow,
) -> None:
    from painref.ui.actions import MENUS

    assert "page.note" in dict(MENUS)["&Bookmarks"]
    keys = window.actions_by_id["page.note"].shortcuts()
    assert [k.toString() for k in keys] == ["Ctrl+Shift+N"]
    others = [
        k.toString()
        for action_id, action in window.actions_by_id.items()
        if action_id != "page.note"
        for k in action.shortcuts()
    ]
    assert "Ctrl+Shift+N" not in others


def test_the_shortcut_is_listed_in_help(window: MainWindow, qtbot: QtBot) -> None:
    window.actions_by_id["help.shortcuts"].trigger()
    dialog = window.help.dialog
    assert dialog is not None
    text = dialog.view.toPlainText()
    assert "My note on this page" in text
    assert text.index("My note on this page") > text.index("\nBookmarks\n")
    assert "Ctrl+Shift+N" in text
