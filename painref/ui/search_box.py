"""The search field: debounced queries, keyboard control of the results, recent searches."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QStringListModel, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from painref.ui.qt_values import CASE_INSENSITIVE, set_property

DEFAULT_DEBOUNCE_MS = 150
FULL_PLACEHOLDER = "Search: name, abbreviation, condition, question (Ctrl+K)"
SHORT_PLACEHOLDER = "Search (Ctrl+K)"
"""Shown instead of FULL_PLACEHOLDER when that would be cut off (a narrow window, large text)."""


class SearchBox(QLineEdit):
    """A line edit that asks for a search shortly after typing stops.

    Signals:
        query_changed(str): the text settled (after the debounce) and should be searched.
        move_selection(int): Up (-1) or Down (+1), PageUp/PageDown (-5/+5) in the results.
        accepted(): Enter: open the selected result.
        cancelled(): Escape: clear the search and go back.
    """

    query_changed = Signal(str)
    move_selection = Signal(int)
    accepted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None, debounce_ms: int = DEFAULT_DEBOUNCE_MS):
        super().__init__(parent)
        self.setPlaceholderText(FULL_PLACEHOLDER)
        self.setToolTip(
            "Search PainRef: a name, an abbreviation, a condition or a question (Ctrl+K)"
        )
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search")
        self.setAccessibleDescription(
            "Type a procedure, an abbreviation, a condition or a question; results appear "
            "as you type. Up and Down choose a result, Enter opens it, Escape clears."
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._recent_model = QStringListModel(self)
        # The completer only offers recent searches while the field is empty. It is tied
        # to the field with setWidget(), never setCompleter(): QLineEdit.setCompleter()
        # deletes a completer it owns when it is replaced, and swapping it in and out on
        # every keystroke deleted it while its popup was still handling that key (a
        # segfault for every returning user). Nothing here ever replaces it.
        self._completer = QCompleter(self._recent_model, self)
        set_property(self._completer, "caseSensitivity", CASE_INSENSITIVE)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        # (its filterMode is Qt's default, MatchStartsWith)
        self._completer.setWidget(self)
        popup = self._completer.popup()
        if popup is not None:
            popup.setAccessibleName("Recent searches")
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.textChanged.connect(self._on_self_text_changed)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._completer.activated.connect(self._on_completer_activated)

    def set_recent(self, queries: list[str]) -> None:
        """The recent searches offered while the field is empty."""
        self._recent_model.setStringList(queries)

    def recent(self) -> list[str]:
        return self._recent_model.stringList()

    def show_recent(self) -> None:
        """Offer the recent searches (when the field is empty and there are any)."""
        if self.text() or not self._recent_model.rowCount():
            return
        self._completer.setCompletionPrefix("")
        self._completer.complete()

    def recent_popup(self) -> QAbstractItemView:
        """The list of recent searches offered under the empty field."""
        popup = self._completer.popup()
        assert popup is not None  # a completer always makes its popup
        return popup

    def _hide_recent(self) -> None:
        popup = self._completer.popup()
        if popup is not None and popup.isVisible():
            popup.hide()

    def flush(self) -> None:
        """Search now instead of waiting for the debounce."""
        if self._timer.isActive():
            self._timer.stop()
            self.query_changed.emit(self.text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_placeholder()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_placeholder()

    def _fit_placeholder(self) -> None:
        """The whole hint where it fits, else the short one (never a hint cut mid-word)."""
        # The text area: the field less its frame, margins and the clear button (as wide
        # as the field is high).
        room = self.width() - self.height() - 2 * self.fontMetrics().averageCharWidth()
        fits = self.fontMetrics().horizontalAdvance(FULL_PLACEHOLDER) <= room
        self.setPlaceholderText(FULL_PLACEHOLDER if fits else SHORT_PLACEHOLDER)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.show_recent()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self._completer.popup()
        if popup is not None and popup.isVisible():
            super().keyPressEvent(event)  # the completer handles its own keys
            return
        key = event.key()
        steps = {
            QtCore.Qt.Key.Key_Down: 1,
            QtCore.Qt.Key.Key_Up: -1,
            QtCore.Qt.Key.Key_PageDown: 5,
            QtCore.Qt.Key.Key_PageUp: -5,
        }
        if key in steps:
            self.flush()
            self.move_selection.emit(steps[QtCore.Qt.Key(key)])
        elif key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            self.flush()
            self.accepted.emit()
        elif key == QtCore.Qt.Key.Key_Escape:
            self._timer.stop()
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    def _on_self_text_changed(self, text: str) -> None:
        # The recent-search popup only belongs to an empty field; typed text searches.
        if text:
            self._hide_recent()
        if self._timer.interval() == 0:
            self.query_changed.emit(text)
        else:
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        self.query_changed.emit(self.text())

    def _on_completer_activated(self, text: str) -> None:
        self.setText(text)
        self.flush()
