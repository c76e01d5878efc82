"""The find bar: find-in-page for a text view, with every match highlighted."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

# A one-letter search in a long page could find tens of thousands of matches; past this many
# the bar stops looking, so typing never freezes the window.
MAX_MATCHES = 2000

# How far the match highlight moves from the page background towards the selection colour:
# enough to see, soft enough that the text keeps its contrast in light and dark palettes.
_HIGHLIGHT_AMOUNT = 0.35

# Characters QTextCursor.selectedText() uses for paragraph and line breaks.
_LINE_BREAKS = ("\u2029", "\u2028", "\n", "\r")


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """a moved amount of the way towards b."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def _is_next_key(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.FindNext) or (
        event.key() == Qt.Key.Key_F3 and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    )


def _is_previous_key(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.FindPrevious) or (
        event.key() == Qt.Key.Key_F3 and bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    )


class _FindField(QLineEdit):
    """Enter and F3 find the next match, with Shift the previous; Escape closes."""

    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()

    def event(self, event: QEvent) -> bool:
        # WORKAROUND: a window action on Escape or F3 would take the key before the field
        # sees it; while the field has focus these keys belong to the find bar.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.key() == Qt.Key.Key_Escape or _is_next_key(event) or _is_previous_key(event))
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            (self.previous_requested if shift else self.next_requested).emit()
        elif _is_previous_key(event):
            self.previous_requested.emit()
        elif _is_next_key(event):
            self.next_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.close_requested.emit()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """Finds text in a QTextEdit or QTextBrowser; hidden until open() is called.

    Every match gets a soft highlight (the view's extra selections, which the bar owns while
    it is open); the current match is the view's selection and is scrolled into view. The
    search follows the view's document, so the count stays right after the page changes.
    Past MAX_MATCHES the bar stops counting and highlighting, and Next and Previous cycle
    through the first MAX_MATCHES.

    close() (QWidget's) hides the bar, clears the highlights and gives focus back to the view.

    Signals:
        closed(): the bar was closed (Escape, the Close button, or close()).
    """

    closed = Signal()

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._matches: list[QTextCursor] = []
        self._starts: list[int] = []
        self._current = -1
        self._capped = False

        self.field = _FindField(self)
        self.field.setPlaceholderText("Find in page")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in page")
        self.field.setAccessibleDescription(
            "Type text to highlight it on the page; Enter finds the next match, "
            "Shift+Enter the previous, Escape closes"
        )

        self.previous_button = QToolButton(self)
        self.previous_button.setText("Previous")
        self.previous_button.setToolTip("Previous match (Shift+F3)")
        self.previous_button.setAccessibleName("Previous match")
        self.previous_button.setAccessibleDescription("Select the previous match on the page")

        self.next_button = QToolButton(self)
        self.next_button.setText("Next")
        self.next_button.setToolTip("Next match (F3)")
        self.next_button.setAccessibleName("Next match")
        self.next_button.setAccessibleDescription("Select the next match on the page")

        self.case_box = QCheckBox("Match case", self)
        self.case_box.setAccessibleName("Match case")
        self.case_box.setAccessibleDescription(
            "Only find text with the same upper and lower case letters"
        )

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Matches")
        self.count_label.setAccessibleDescription("Which match is selected, and how many there are")

        self.close_button = QToolButton(self)
        self.close_button.setText("Close")
        self.close_button.setToolTip("Close the find bar (Esc)")
        self.close_button.setAccessibleName("Close find bar")
        self.close_button.setAccessibleDescription("Hide the find bar and clear the highlights")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.case_box)
        layout.addWidget(self.count_label)
        layout.addStretch(0)
        layout.addWidget(self.close_button)

        self.setAccessibleName("Find bar")
        self.setAccessibleDescription("Find text on the current page")
        self.setFocusProxy(self.field)
        self.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.field.textChanged.connect(self._on_field_text_changed)
        self.field.next_requested.connect(self.find_next)
        self.field.previous_requested.connect(self.find_previous)
        self.field.close_requested.connect(self.close)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.case_box.toggled.connect(self._on_case_box_toggled)
        self.close_button.clicked.connect(self.close)
        # textChanged (not the document's contentsChanged) survives view.setDocument().
        self._view.textChanged.connect(self._on_view_text_changed)

    # Public API

    def open(self) -> None:
        """Show the bar and focus the field; a one-line selection in the view prefills it."""
        selected = self._view.textCursor().selectedText()
        if self._wants_prefill(selected):
            self.field.blockSignals(True)
            self.field.setText(selected)
            self.field.blockSignals(False)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._search()

    def find_next(self) -> None:
        """Select the next match, wrapping to the first after the last."""
        self._step(1)

    def find_previous(self) -> None:
        """Select the previous match, wrapping to the last before the first."""
        self._step(-1)

    def match_count(self) -> int:
        """How many matches are highlighted (at most MAX_MATCHES)."""
        return len(self._matches)

    def current_match(self) -> int:
        """The 1-based number of the selected match; 0 when there is none."""
        return self._current + 1

    def is_capped(self) -> bool:
        """Whether the search stopped at MAX_MATCHES."""
        return self._capped

    # Qt overrides

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys that reach here come from the buttons and the check box; the field has its own.
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif _is_previous_key(event):
            self.find_previous()
        elif _is_next_key(event):
            self.find_next()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        was_open = not self.isHidden()
        self._clear_matches()
        self._view.setExtraSelections([])
        self.count_label.clear()
        event.accept()
        if was_open:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.closed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self.isHidden():
            self._highlight()
        super().changeEvent(event)

    # Searching

    def _wants_prefill(self, selected: str) -> bool:
        if not selected or any(brk in selected for brk in _LINE_BREAKS):
            return False
        # The selection is often the last match found; keep the text as it was typed.
        typed = self.field.text()
        if self.case_box.isChecked():
            return selected != typed
        return selected.casefold() != typed.casefold()

    def _flags(self) -> QTextDocument.FindFlag:
        if self.case_box.isChecked():
            return QTextDocument.FindFlag.FindCaseSensitively
        return QTextDocument.FindFlag(0)

    def _clear_matches(self) -> None:
        self._matches = []
        self._starts = []
        self._current = -1
        self._capped = False

    def _search(self) -> None:
        """Find every match again, from the start of the view's selection."""
        self._clear_matches()
        text = self.field.text()
        if self.isHidden() or not text:
            self._view.setExtraSelections([])
            self._update_count()
            return
        document = self._view.document()
        flags = self._flags()
        cursor = QTextCursor(document)
        while True:
            cursor = document.find(text, cursor, flags)
            if cursor.isNull():
                break
            if len(self._matches) == MAX_MATCHES:
                self._capped = True
                break
            self._matches.append(cursor)
            self._starts.append(cursor.selectionStart())
        self._highlight()
        if not self._matches:
            # Keep the place for the next keystroke, but don't leave a stale match selected.
            here = self._view.textCursor()
            here.setPosition(here.selectionStart())
            self._view.setTextCursor(here)
            self._update_count()
            return
        anchor = self._view.textCursor().selectionStart()
        index = bisect_left(self._starts, anchor)
        self._select(index % len(self._matches))

    def _step(self, direction: int) -> None:
        if self.isHidden():
            return
        if not self._matches:
            self._search()
            if not self._matches:
                return
        count = len(self._matches)
        here = self._view.textCursor()
        current = self._matches[self._current] if self._current >= 0 else None
        if current is not None and (here.selectionStart(), here.selectionEnd()) == (
            current.selectionStart(),
            current.selectionEnd(),
        ):
            index = self._current + direction
        elif direction > 0:
            # The reader moved the cursor: go on from where it is now.
            if here.hasSelection():
                index = bisect_left(self._starts, here.selectionStart() + 1)
            else:
                index = bisect_left(self._starts, here.position())
        else:
            index = bisect_left(self._starts, here.selectionStart()) - 1
        self._select(index % count)

    def _select(self, index: int) -> None:
        self._current = index
        self._view.setTextCursor(self._matches[index])
        self._view.ensureCursorVisible()
        self._update_count()

    def _highlight(self) -> None:
        palette = self._view.palette()
        background = _mix(
            palette.color(QPalette.ColorRole.Base),
            palette.color(QPalette.ColorRole.Highlight),
            _HIGHLIGHT_AMOUNT,
        )
        char_format = QTextCharFormat()
        char_format.setBackground(background)
        char_format.setForeground(palette.color(QPalette.ColorRole.Text))
        selections = []
        for match in self._matches:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match
            selection.format = char_format
            selections.append(selection)
        self._view.setExtraSelections(selections)

    def _update_count(self) -> None:
        if not self.field.text() or self.isHidden():
            text = ""
        elif self._capped:
            text = f"{MAX_MATCHES}+ matches"
        elif not self._matches:
            text = "No matches"
        else:
            text = f"{self._current + 1} of {len(self._matches)}"
        self.count_label.setText(text)

    # Slots

    def _on_field_text_changed(self, _text: str) -> None:
        self._search()

    def _on_case_box_toggled(self, _checked: bool) -> None:
        self._search()

    def _on_view_text_changed(self) -> None:
        if not self.isHidden():
            self._search()
