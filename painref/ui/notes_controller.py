"""The reader's private notes: the "My note on this page" command and its editor.

The page itself draws the note (the page service reads the same store); this controller
opens the editor for the page shown, saves through the store, and redraws the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from painref.errors import PainRefError
from painref.ui import messages

if TYPE_CHECKING:
    from painref.store.notes import NoteStore
    from painref.ui.main_window import MainWindow
    from painref.ui.note_dialog import NoteDialog

ACTION = "page.note"
STATUS_MS = 5000


class NotesController(QObject):
    """Opens the note editor for the page shown (enabled on any page but home)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self.dialog: NoteDialog | None = None
        self._connect_signals()
        self._update_action()

    def _connect_signals(self) -> None:
        self._window.actions_by_id[ACTION].triggered.connect(self.edit)
        self._navigation.shown.connect(self._on_navigation_shown)

    @property
    def store(self) -> NoteStore | None:
        return self._window.user_data.user.notes

    def edit(self) -> None:
        """Open the editor for the note on the page shown (or say why notes cannot be kept)."""
        from painref.ui.note_dialog import NoteDialog

        location = self._navigation.current
        if not self._navigation.showing_page() or location is None:
            return
        store = self.store
        if store is None:
            problem = self._window.user_data.user.problem or "the user database is not open"
            messages.inform(
                self._window,
                "My note",
                f"Notes cannot be saved, so the editor is not opened (what you typed would "
                f"be lost): {problem}",
            )
            return
        title = self._navigation.title(location)
        try:
            note = store.get(location)
        except PainRefError as exc:
            # Opening an empty editor here could replace a note that could not be read.
            messages.warn(self._window, "My note", f"Your note could not be read: {exc}")
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = NoteDialog(
            title,
            note.text if note else "",
            save=lambda text: store.set(location, title, text),
            delete=lambda: store.delete(location),
            parent=self._window,
        )
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog, location, title))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_accepted(self, dialog: NoteDialog, location: str, title: str) -> None:
        from painref.ui.note_dialog import DELETED, SAVED

        said = {SAVED: f"Note saved: {title}", DELETED: f"Note deleted: {title}"}
        if dialog.outcome not in said:
            return
        self._window.statusBar().showMessage(said[dialog.outcome], STATUS_MS)
        if self._navigation.current == location:
            self._navigation.redraw()  # the page draws the note (or no longer does)

    def _on_navigation_shown(self, *_: object) -> None:
        self._update_action()

    def _update_action(self) -> None:
        action = self._window.actions_by_id[ACTION]
        action.setEnabled(self._navigation.showing_page())
        problem = self._window.user_data.user.problem
        if self.store is None and problem:
            action.setToolTip(f"Notes cannot be saved: {problem}")
