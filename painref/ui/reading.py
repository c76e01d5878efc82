"""Reading a long page: where its sections and links are, the reference behind a citation,
and a comparison's column titles kept in view.

All of it is read from the laid-out document the page view shows (no second parse of the
HTML): the section anchors the page service put at each heading (render/outline.py), the
links, and the reference table whose first cell holds a citation's anchor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6 import QtCore
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from painref.render.outline import SECTION_PREFIX

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

COMPARE_TABLE_ANCHOR = "compare-table"
"""The anchor in the first cell of a comparison's side-by-side table (compare.html)."""


def is_citation(href: str) -> bool:
    """A link to the page's own reference list ("#ref-3", "#ref-1-3", "#h2-ref-3")."""
    return href.startswith("#") and "ref-" in href


class Stop(NamedTuple):
    """A place Tab stops at in a page: a section heading or a link (never a citation)."""

    start: int
    end: int
    href: str
    """The link's target; empty for a heading."""


class PageMap(NamedTuple):
    """Where a document's sections, links and anchors are, by character position."""

    anchors: dict[str, int]
    sections: tuple[tuple[str, int], ...]
    """(anchor, position) of each section heading, in page order."""
    stops: tuple[Stop, ...]

    @classmethod
    def of(cls, browser: QTextBrowser) -> PageMap:
        document = browser.document()
        anchors: dict[str, int] = {}
        links: list[Stop] = []
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid():
                    fmt = fragment.charFormat()
                    for name in fmt.anchorNames():
                        anchors.setdefault(name, fragment.position())
                    href = fmt.anchorHref() if fmt.isAnchor() else ""
                    if href and not is_citation(href):
                        start, end = fragment.position(), fragment.position() + fragment.length()
                        if links and links[-1].href == href and links[-1].end == start:
                            start = links.pop().start  # one link split over formats
                        links.append(Stop(start, end, href))
                iterator += 1
            block = block.next()
        sections = tuple(
            sorted(
                ((a, p) for a, p in anchors.items() if a.startswith(SECTION_PREFIX)),
                key=lambda item: item[1],
            )
        )
        headings = []
        for _, position in sections:
            block = document.findBlock(position)
            headings.append(Stop(position, block.position() + block.length() - 1, ""))
        stops = tuple(sorted([*links, *headings], key=lambda s: s.start))
        return cls(anchors, sections, stops)

    def next_stop(self, position: int, forward: bool) -> Stop | None:
        """The stop after (or before) position."""
        if forward:
            return next((s for s in self.stops if s.start > position), None)
        return next((s for s in reversed(self.stops) if s.start < position), None)


def current_section(browser: QTextBrowser, page: PageMap) -> int:
    """The index of the section being read: the last heading at or just below the top of
    the view (-1 above the first heading)."""
    top = browser.verticalScrollBar().value() + browser.fontMetrics().height() * 2
    layout = browser.document().documentLayout()
    current = -1
    for index, (_, position) in enumerate(page.sections):
        block = browser.document().findBlock(position)
        if layout.blockBoundingRect(block).top() <= top:
            current = index
        else:
            break
    return current


def reference_text(browser: QTextBrowser, page: PageMap, anchor: str) -> str:
    """The reference a citation's anchor names, as the page's reference list gives it."""
    position = page.anchors.get(anchor)
    if position is None:
        return ""
    from PySide6.QtGui import QTextCursor  # here, not at import: see ui/first_frame.py

    cursor = QTextCursor(browser.document())
    cursor.setPosition(position)
    table = cursor.currentTable()
    if table is None:
        return cursor.block().text().strip()
    cell = table.cellAt(cursor)
    if not cell.isValid() or cell.column() + 1 >= table.columns():
        return ""
    text_cell = table.cellAt(cell.row(), cell.column() + 1)
    selection = QTextCursor(browser.document())
    selection.setPosition(text_cell.firstPosition())
    selection.setPosition(text_cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    number = cursor.block().text().strip()
    words = " ".join(selection.selectedText().replace("\u2029", " ").split())
    for suffix in (" copy",):  # the window's own "copy" link after each reference
        words = words.removesuffix(suffix)
    return f"{number} {words}".strip()


class StickyHeader(QWidget):
    """A comparison's column titles, drawn over the top of the page once the table's own
    heading row has scrolled out of view (and hidden again below the table)."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        self._browser = browser
        self._columns: list[tuple[int, int, str]] = []
        self.setAccessibleName("Comparison columns")
        self.hide()

    def update_for(self, page: PageMap) -> None:
        """Show or hide the header for the current scroll position and layout."""
        browser = self._browser
        position = page.anchors.get(COMPARE_TABLE_ANCHOR)
        if position is None:
            self.hide()
            return
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(browser.document())
        cursor.setPosition(position)
        table = cursor.currentTable()
        if table is None or table.rows() < 2:
            self.hide()
            return
        head_bottom = browser.cursorRect(table.cellAt(1, 0).firstCursorPosition()).top()
        last = table.cellAt(table.rows() - 1, 0).firstCursorPosition()
        table_bottom = browser.cursorRect(last).bottom()
        if head_bottom >= 0 or table_bottom <= self._height():
            self.hide()
            return
        columns = []
        for column in range(1, table.columns()):
            cell = table.cellAt(0, column)
            left = browser.cursorRect(cell.firstCursorPosition()).left()
            if column + 1 < table.columns():
                right = browser.cursorRect(table.cellAt(0, column + 1).firstCursorPosition()).left()
            else:
                right = browser.viewport().width()
            # The title, without the links under it (a line break keeps them in one block).
            title = cell.firstCursorPosition().block().text().split("\u2028")[0].strip()
            columns.append((left, right, title))
        self._columns = columns
        viewport = browser.viewport().geometry()
        self.setGeometry(QRect(viewport.left(), viewport.top(), viewport.width(), self._height()))
        # Clicks go through to the page (set here, not when made with every page view: the
        # attribute's enum is in PySide's Qt namespace, which the first frame never reads).
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.show()
        self.raise_()
        self.update()

    def titles(self) -> list[str]:
        return [title for _, _, title in self._columns]

    def _height(self) -> int:
        return QFontMetrics(self._font()).height() + 12

    def _font(self) -> QFont:
        font = QFont(self._browser.document().defaultFont())
        font.setBold(True)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        palette = self._browser.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.setFont(self._font())
        metrics = QFontMetrics(self._font())
        for left, right, title in self._columns:
            box = QRect(left, 0, max(0, right - left - 6), self.height())
            text = metrics.elidedText(title, QtCore.Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, int(QtCore.Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()
