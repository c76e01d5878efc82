"""The editor of a reader's private note on one page: save, cancel, delete.

The dialog knows nothing of the store: it is given the note's text and two callables that
save or delete it and raise PainRefError when they cannot. A save that fails leaves the
dialog open with the text as typed, and says why, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from painref.errors import PainRefError
from painref.store.notes import MAX_NOTE_CHARS
from painref.ui import messages

PRIVACY_LINE = (
    "Private to you: kept in your user data folder, never on the shared page or in "
    "handouts unless you choose."
)
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
"""Ctrl+Return saves; Ctrl+Enter is the same key on the keypad."""
SAVED = "saved"
DELETED = "deleted"
UNCHANGED = "unchanged"
EDITOR_CHARS = 64
EDITOR_LINES = 14


class NoteDialog(QDialog):
    """Edits the note on one page.

    Save (or Ctrl+Return) keeps the text; blank text asks, then deletes the note. Cancel
    (or Escape) asks before discarding changes. Delete note asks, then deletes it. When
    the dialog is accepted, ``outcome`` says what happened: SAVED, DELETED or UNCHANGED.
    """

    def __init__(
        self,
        page_title: str,
        text: str,
        save: Callable[[str], object],
        delete: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        """save(text) keeps the note and delete() removes it; both raise PainRefError
        when they cannot. text is the note as saved ("" when the page has none)."""
        super().__init__(parent)
        self._page_title = page_title
        self._saved_text = text
        self._save = save
        self._delete = delete
        self.outcome = UNCHANGED
        self.setObjectName("NoteDialog")
        self.setWindowTitle(f"My note - {page_title}")
        self.setAccessibleName("My note on this page")

        self.page_label = QLabel(page_title, self)
        self.page_label.setObjectName("NotePage")
        self.page_label.setTextFormat(Qt.TextFormat.PlainText)  # a page title is not markup
        self.page_label.setWordWrap(True)
        font = QFont(self.page_label.font())
        font.setBold(True)
        self.page_label.setFont(font)
        self.page_label.setAccessibleName(f"Page: {page_title}")

        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("NoteEditor")
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)  # Tab reaches the buttons from the keyboard
        self.editor.setPlaceholderText("Write a note for yourself about this page.")
        self.editor.setAccessibleName(f"Your note on {page_title}")
        self.editor.setAccessibleDescription(PRIVACY_LINE)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        metrics = QFontMetrics(self.editor.font())
        self.editor.setMinimumSize(
            metrics.averageCharWidth() * EDITOR_CHARS // 2, metrics.lineSpacing() * 4
        )

        self.privacy = QLabel(PRIVACY_LINE, self)
        self.privacy.setObjectName("NotePrivacy")
        self.privacy.setTextFormat(Qt.TextFormat.PlainText)
        self.privacy.setWordWrap(True)
        self.privacy.setAccessibleName(PRIVACY_LINE)

        self.length_label = QLabel(self)
        self.length_label.setObjectName("NoteLength")
        self.length_label.setTextFormat(Qt.TextFormat.PlainText)
        self.length_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save")
        self.save_button.setToolTip("Save the note (Ctrl+Return)")
        self.save_button.setAccessibleName("Save note")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        self.delete_button = QPushButton("&Delete note", self)
        self.delete_button.setObjectName("NoteDelete")
        self.delete_button.setAccessibleName("Delete note")
        self.delete_button.setToolTip("Delete this note (asks first)")
        self.delete_button.setAutoDefault(False)
        self.delete_button.setEnabled(bool(text.strip()))
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.page_label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.length_label)
        layout.addWidget(self.privacy)
        layout.addWidget(self.buttons)
        self.resize(
            metrics.averageCharWidth() * EDITOR_CHARS,
            metrics.lineSpacing() * EDITOR_LINES + self.buttons.sizeHint().height() * 3,
        )
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self._connect_signals()
        self._on_editor_text_changed()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.delete_button.clicked.connect(self.delete)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        for keys in SAVE_KEYS:
            QShortcut(QKeySequence(keys), self, self.save)

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    def changed(self) -> bool:
        """The text differs from the note as saved."""
        return self.text != self._saved_text

    def save(self) -> None:
        """Keep the text and close; blank text deletes the note (after asking); a failure
        is said and the dialog stays open with the text."""
        text = self.text
        if not text.strip():
            if self._saved_text.strip():
                self.delete()
            else:
                self.accept()  # no note before, none now
            return
        if len(text) > MAX_NOTE_CHARS:
            messages.warn(self, "Note too long", self._length_problem(len(text)))
            return
        if not self.changed():
            self.accept()
            return
        try:
            self._save(text)
        except PainRefError as exc:
            messages.warn(
                self,
                "Note not saved",
                f"Your note could not be saved: {exc}\n\nIt is still here; copy it "
                "somewhere safe, or try again.",
            )
            return
        self._saved_text = text
        self.outcome = SAVED
        self.accept()

    def delete(self) -> None:
        """Delete the note (after asking) and close; a failure is said, the dialog stays."""
        if not self._saved_text.strip():
            return
        if not messages.ask(
            self,
            "Delete note",
            f"Delete your note on “{self._page_title}”? This cannot be undone.",
        ):
            return
        try:
            self._delete()
        except PainRefError as exc:
            messages.warn(self, "Note not deleted", f"Your note could not be deleted: {exc}")
            return
        self._saved_text = ""
        self.outcome = DELETED
        self.accept()

    def reject(self) -> None:
        """Cancel, Escape or closing the window: ask before discarding changes."""
        if self.changed() and not messages.ask(
            self, "Discard changes", "Discard your changes to this note?"
        ):
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().reject()

    def _on_editor_text_changed(self) -> None:
        length = len(self.text)
        over = length > MAX_NOTE_CHARS
        self.length_label.setText(self._length_problem(length) if over else "")
        self.length_label.setVisible(over)

    @staticmethod
    def _length_problem(length: int) -> str:
        return (
            f"This note is {length:,} characters long; a note can hold up to "
            f"{MAX_NOTE_CHARS:,}. Shorten it to save it."
        )
