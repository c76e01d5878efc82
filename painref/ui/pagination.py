"""Pages for print and PDF: table rows never cut across pages, headings kept with their text.

Qt's rich text honours `page-break-before/after: always` and nothing else: no
`page-break-inside: avoid` on a row or a table, no `page-break-after: avoid` on a heading
(QTextFormat.PageBreakFlag has AlwaysBefore and AlwaysAfter only). So a document is laid
out for the printer first, and where a page would cut a row, the table is ended before
that row and the rest starts the next page under its heading row again; a heading that
would end a page starts the next one. Used by handouts, page PDFs and the print preview.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPalette,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

from painref.errors import PainRefError
from painref.render.handout import split_tables
from painref.ui.export import document_for

# Page furniture in CSS px (96 per inch), inside the printer's margins: room at the bottom
# for the footer, and a little at the top, where superscripts rise above the first line.
FOOTER_SPACE = 30
TOP_SPACE = 6
FOOTER_POINT_SIZE = 7.5
HEADING_SCALE = 1.12
"""Bold paragraphs this much larger than the text are headings (.h3 is 1.15 times)."""
# A split table row moves to the next page if it fits there and leaves less than this
# much of its page blank.
MOVE_ROW_MAX_GAP = 0.5
MOVE_ROW_MAX_HEIGHT = 0.85
ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
# Layouts at most per section, against one that never settles; each moves one row.
MAX_LAYOUTS = 25
# A compact layout (handouts): table cells and the space around paragraphs, tightened.
COMPACT_CELL_PADDING = 3.0
COMPACT_MARGINS = 0.6


def paginated(
    html: str,
    images: dict[str, QImage],
    device: QPagedPaintDevice,
    text_pt: float,
    *,
    compact: bool = False,
) -> QTextDocument:
    """html laid out in device's pages, each table row a page would cut moved to the next.

    Args:
        text_pt: the document's text size, to tell its headings (HEADING_SCALE) apart.
        compact: tighter table cells and paragraph spacing than on screen (handouts).
    """
    # Qt breaks a row across pages line by line ("Onset of" on one page, "relief" on the
    # next, beside empty cells). Where a row is cut is known only once laid out; a move
    # moves everything after it, so one row at a time.
    cuts: set[tuple[int, int]] = set()
    document = laid_out(html, images, device, text_pt, compact=compact)
    for _ in range(MAX_LAYOUTS):
        cut = _row_to_move(document, cuts)
        if cut is None or cut in cuts:
            break
        cuts.add(cut)
        document = laid_out(split_tables(html, cuts), images, device, text_pt, compact=compact)
    return document


def laid_out(
    html: str,
    images: dict[str, QImage],
    device: QPagedPaintDevice,
    text_pt: float,
    *,
    compact: bool = False,
) -> QTextDocument:
    """html laid out in pages of the device's printable area, at its resolution."""
    document = document_for(html, images)
    if compact:
        _tighten(document)
    document.documentLayout().setPaintDevice(device)
    frame = document.rootFrame().frameFormat()
    # Frame margins are in CSS px; the layout scales them to the printer, like the page's
    # own px values. The printer's margins keep text off the paper's edge.
    frame.setMargin(0)
    frame.setTopMargin(TOP_SPACE)
    frame.setBottomMargin(FOOTER_SPACE)
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(QSizeF(device.width(), device.height()))
    _keep_headings_with_text(document, text_pt * HEADING_SCALE)
    return document


def paint(
    documents: list[QTextDocument], device: QPagedPaintDevice, title: str, target: Path | str
) -> None:
    """Print laid-out documents one after the other, each page with a footer: the title
    on the left, "Page n of N" on the right.

    Raises:
        PainRefError: the device cannot be painted on (target names it in the message).
    """
    # WORKAROUND: QTextDocument.print_ numbers pages only without a page size, and then
    # adds its own 2 cm margins and prints a bare number; drawing the pages here keeps
    # the page's margins, lays out once, and puts "Page n of N" and the title below.
    painter = QPainter()
    if not painter.begin(device):
        raise PainRefError(f"cannot write {target}")
    try:
        count = sum(document.pageCount() for document in documents)
        scale = device.logicalDpiY() / 96
        footer = FOOTER_SPACE * scale
        number = 0
        for document in documents:
            size = document.pageSize()
            for index in range(document.pageCount()):
                if number:
                    device.newPage()
                number += 1
                painter.save()
                painter.translate(0, -index * size.height())
                view = QRectF(0, index * size.height(), size.width(), size.height() - footer)
                painter.setClipRect(view)
                context = QAbstractTextDocumentLayout.PaintContext()
                context.clip = view
                palette = QPalette(context.palette)
                # Not the system's text colour, which may be light: this is paper.
                palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
                context.palette = palette
                document.documentLayout().draw(painter, context)
                painter.restore()
                _footer(painter, document, size, f"Page {number} of {count}", title, scale)
    finally:
        painter.end()


def _tighten(document: QTextDocument) -> None:
    """Less padding in table cells and less space around paragraphs, for paper.

    The pages' templates are spaced for a screen; a handout of several pages is read on
    paper, where the same words in less space make a shorter handout.
    """
    for table in _tables(document.rootFrame()):
        cells = table.format()
        if cells.cellPadding() > COMPACT_CELL_PADDING:
            cells.setCellPadding(COMPACT_CELL_PADDING)
            table.setFormat(cells)
    block = document.firstBlock()
    while block.isValid():
        spacing = block.blockFormat()
        if spacing.topMargin() or spacing.bottomMargin():
            spacing.setTopMargin(spacing.topMargin() * COMPACT_MARGINS)
            spacing.setBottomMargin(spacing.bottomMargin() * COMPACT_MARGINS)
            QTextCursor(block).setBlockFormat(spacing)
        block = block.next()


def _row_to_move(document: QTextDocument, cuts: set[tuple[int, int]]) -> tuple[int, int] | None:
    """The first table row a page break cuts in two, as (table, row) before any cuts.

    A row in a table's first rows means the whole table moves: (table, 0).
    """
    tables = list(_tables(document.rootFrame()))
    origins = _table_origins(len(tables) - len([c for c in cuts if c[1]]), cuts)
    if len(origins) != len(tables):
        return None  # not the tables the HTML has: leave the layout as it is
    height = document.pageSize().height()
    for table, (origin, first_row) in zip(tables, origins, strict=True):
        heading = table.format().headerRowCount()
        for row in range(table.rows()):
            top, bottom = row_span(document, table, row)
            if top // height == bottom // height:
                continue
            gap = (top // height + 1) * height - top
            if bottom - top > height * MOVE_ROW_MAX_HEIGHT or gap > height * MOVE_ROW_MAX_GAP:
                continue  # would not fit on the next page either, or leave it half blank
            if row <= heading:
                # Qt keeps the heading with the first row: move the table, if it is not
                # at a page's top already (the rest of a cut table is).
                if first_row == 0:
                    return (origin, 0)
                continue
            return (origin, row if first_row == 0 else first_row + row - heading)
    return None


def row_span(document: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    """Where a table row's text starts and ends, in document coordinates."""
    layout = document.documentLayout()
    top, bottom = math.inf, -math.inf
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        first = layout.blockBoundingRect(cell.firstCursorPosition().block())
        last = cell.lastCursorPosition().block()
        top = min(top, first.top())
        bottom = max(bottom, _last_line_bottom(document, last))
    return top, bottom


def tables(document: QTextDocument) -> list[QTextTable]:
    """Every table of a document, in order."""
    return list(_tables(document.rootFrame()))


def _table_origins(count: int, cuts: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each table of a laid-out section, (its table before cuts, the first row it holds)."""
    origins = []
    for table in range(count):
        origins.append((table, 0))
        origins += [(table, row) for t, row in sorted(cuts) if t == table and row]
    return origins


def _tables(frame: QTextFrame) -> Iterator[QTextTable]:
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _keep_headings_with_text(document: QTextDocument, heading_pt: float) -> None:
    """Start a new page at each heading that would otherwise end one, apart from its text."""
    height = document.pageSize().height()
    block = document.firstBlock()
    while block.isValid():
        following = block.next()
        if following.isValid() and is_heading(block, heading_pt):
            page = _first_line_bottom(document, block) // height
            if _first_line_bottom(document, following) // height > page:
                # A table moved to the next page (split_tables) takes its heading along.
                table = QTextCursor(following).currentTable()
                if table is not None and table.format().pageBreakPolicy() & ALWAYS_BEFORE:
                    table_format = table.format()
                    table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
                    table.setFormat(table_format)
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(ALWAYS_BEFORE)
                QTextCursor(block).setBlockFormat(fmt)
                # WORKAROUND: after a block format change Qt lays out only that block
                # again and leaves the ones after it without lines (unpainted, nowhere
                # measured); marking the rest dirty lays all of it out again.
                start = block.position()
                document.markContentsDirty(start, document.characterCount() - start)
        block = following


def is_heading(block: QTextBlock, heading_pt: float) -> bool:
    """A .h1/.h2/.h3 paragraph (bold, larger type) outside tables."""
    if QTextCursor(block).currentTable() is not None or not block.text().strip():
        return False
    fragments = block.begin()
    if fragments.atEnd():
        return False
    fmt = fragments.fragment().charFormat()
    return fmt.fontWeight() >= QFont.Weight.Bold and fmt.fontPointSize() >= heading_pt


def _first_line_bottom(document: QTextDocument, block: QTextBlock) -> float:
    """Where block's first line ends, in document coordinates (less a hair)."""
    top = document.documentLayout().blockBoundingRect(block).top()
    lines = block.layout()
    if lines.lineCount() == 0:
        return top
    line = lines.lineAt(0)
    return top + line.y() + line.height() - 1


def _last_line_bottom(document: QTextDocument, block: QTextBlock) -> float:
    """Where block's last line ends, in document coordinates (less a hair)."""
    top = document.documentLayout().blockBoundingRect(block).top()
    lines = block.layout()
    if lines.lineCount() == 0:
        return top
    line = lines.lineAt(lines.lineCount() - 1)
    return top + line.y() + line.height() - 1


def _footer(
    painter: QPainter, document: QTextDocument, size: QSizeF, number: str, title: str, scale: float
) -> None:
    painter.save()
    font = QFont(document.defaultFont())
    font.setPointSizeF(FOOTER_POINT_SIZE)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.darkGray)
    baseline = size.height() - FOOTER_SPACE * scale / 3
    metrics = painter.fontMetrics()
    advance = metrics.horizontalAdvance(number)
    painter.drawText(QPointF(size.width() - advance, baseline), number)
    room = int(size.width() - advance - 24 * scale)
    painter.drawText(
        QPointF(0, baseline), metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
    )
    painter.restore()
