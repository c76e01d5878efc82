"""Copying a page's references to the clipboard (Ctrl+Shift+R and the page's copy links)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from painref.ui.main_window import MainWindow


class References(QObject):
    """Puts the references of the page shown, or one of them, on the clipboard."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._window.actions_by_id["edit.copy_references"].triggered.connect(lambda: self.copy())
        self._window.view.action_requested.connect(self._on_view_action_requested)

    def copy(self, number: int | None = None) -> str:
        """Copy the page's references (or reference number) as text; returns what was copied."""
        from painref.render.citations import citation_text, references_text

        if not self._navigation.showing_page():
            return ""
        library = self._navigation.pages.library
        ids = self._navigation.current_ids() or [self._navigation.current or ""]
        if number is not None and len(ids) == 1:
            detail = library.topic(ids[0])
            text = next((citation_text(s) for s in detail.references if s.number == number), "")
        else:
            text = "\n".join(references_text(library.topic(i)) for i in ids)
        if text:
            QGuiApplication.clipboard().setText(text)
            what = "Reference" if number is not None else "References"
            self._window.statusBar().showMessage(f"{what} copied", 4000)
        return text

    def _on_view_action_requested(self, action: str, argument: str) -> None:
        if action == "copy-refs":
            self.copy()
        elif action == "copy-ref":
            try:
                self.copy(int(argument))
            except ValueError:
                self.copy(0)
