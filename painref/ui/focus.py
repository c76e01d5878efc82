"""The link with the keyboard focus in a page, ringed in the focus colour.

QTextBrowser marks the link Tab reached with a 1 px dotted outline in the text colour,
which is hard to see (and no style draws it). LinkFocus watches whichever text browser
has the focus and adds a 2 px ring in the theme's focus colour, with a light tint, around
the focused link, as an extra selection kept apart from the find bar's highlights.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QPen, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QApplication, QTextBrowser, QTextEdit, QWidget
from shiboken6 import isValid

from painref.ui.style import FOCUS_RING_PX

MARK = QTextFormat.Property.UserProperty + 17
"""Set on LinkFocus's own extra selection, so it can be told from others (the find bar's)."""
_MOVES = frozenset({QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease})
"""Events after which the focused link may have changed."""
TINT_ALPHA = 40
"""How strongly the focused link's background is tinted with the focus colour (of 255)."""


class LinkFocus(QObject):
    """Rings the focused link of the text browser that has the keyboard focus."""

    def __init__(self, app: QApplication, colour: str) -> None:
        super().__init__(app)
        self.setObjectName("LinkFocus")
        self._colour = QColor(colour)
        self._browser: QTextBrowser | None = None
        app.focusChanged.connect(self._on_app_focus_changed)

    @classmethod
    def install(cls, app: QApplication, colour: str) -> LinkFocus:
        """The app's LinkFocus (made the first time), now ringing in colour."""
        existing = app.findChild(LinkFocus, "LinkFocus")
        if isinstance(existing, LinkFocus):
            existing.set_colour(colour)
            return existing
        return cls(app, colour)

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour)
        if self._browser is not None:
            self._update()

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        browser = new if isinstance(new, QTextBrowser) else None
        if browser is self._browser:
            return
        old = self._browser
        if old is not None and isValid(old):
            old.cursorPositionChanged.disconnect(self._update)
            old.removeEventFilter(self)
            _set_ring(old, None)
        self._browser = browser
        if browser is not None:
            # WORKAROUND: QTextBrowser moves between links on Tab without any signal (its
            # own link focus is no cursor move), so the keys that may move it are watched.
            browser.cursorPositionChanged.connect(self._update)
            browser.installEventFilter(self)
            QTimer.singleShot(0, self._update)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._browser and event.type() in _MOVES:
            QTimer.singleShot(0, self._update)
        return super().eventFilter(watched, event)

    def _update(self) -> None:
        browser = self._browser
        if browser is None or not isValid(browser):
            self._browser = None
            return
        cursor = browser.textCursor()
        stop = _is_link(cursor) or _is_heading(cursor)
        _set_ring(browser, self._ring(cursor) if stop else None)

    def _ring(self, cursor: QTextCursor) -> QTextEdit.ExtraSelection:
        tint = QColor(self._colour)
        tint.setAlpha(TINT_ALPHA)
        char_format = QTextCharFormat()
        char_format.setProperty(QTextFormat.Property.OutlinePen, QPen(self._colour, FOCUS_RING_PX))
        char_format.setBackground(tint)
        char_format.setProperty(MARK, True)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(cursor)
        selection.format = char_format
        return selection


def _is_link(cursor: QTextCursor) -> bool:
    """The cursor selects one whole link (what Tab and Shift+Tab do in a text browser), not
    a word inside one (what the find bar selects)."""
    if not cursor.hasSelection():
        return False
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    probe = QTextCursor(cursor.document())
    last = probe.movePosition(QTextCursor.MoveOperation.End) and probe.position()

    def href(after: int) -> str | None:
        """The link of the character just before position after (None outside links)."""
        probe.setPosition(after)
        char_format = probe.charFormat()
        return char_format.anchorHref() if char_format.isAnchor() else None

    link = href(start + 1)
    if not link or href(end) != link:
        return False
    return (start == 0 or href(start) != link) and (end >= last or href(end + 1) != link)


def _is_heading(cursor: QTextCursor) -> bool:
    """The cursor selects a whole heading that carries an anchor (where Tab stops between
    the sections of a page)."""
    if not cursor.hasSelection():
        return False
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    block = cursor.document().findBlock(start)
    if end != block.position() + block.length() - 1:
        return False
    probe = QTextCursor(cursor.document())
    probe.setPosition(start + 1)
    return bool(probe.charFormat().anchorNames())


def _set_ring(browser: QTextBrowser, ring: QTextEdit.ExtraSelection | None) -> None:
    """browser's extra selections with its ring replaced by ring (or removed)."""
    current = browser.extraSelections()
    others = [s for s in current if not s.format.hasProperty(MARK)]
    if ring is None and len(others) == len(current):
        return  # nothing of ours to take away: leave the find bar's highlights be
    browser.setExtraSelections([*others, ring] if ring is not None else others)
