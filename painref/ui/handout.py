"""Handout PDFs: A4 portrait, each item from a new page, every page numbered."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

from painref.content.library import Library
from painref.errors import PainRefError
from painref.fsutil import replacing
from painref.paths import replace_problem
from painref.render.handout import (
    HandoutPage,
    HandoutParts,
    build_handout,
    handout_sections,
    render_handout,
    split_tables,
)
from painref.ui.export import chart_images, document_for, pdf_writer

# Page furniture in CSS px (96 per inch), inside the printer's margins: room at the bottom
# for the footer, and a little at the top, where superscripts rise above the first line.
FOOTER_SPACE = 34
TOP_SPACE = 6
FOOTER_POINT_SIZE = 8.0
# Bold paragraphs this big or bigger are headings (.h3 is 1.15 times the 11 pt text).
HEADING_POINT_SIZE = 12.5
# A split table row moves to the next page if it fits there and leaves less than this
# much of its page blank.
MOVE_ROW_MAX_GAP = 0.5
MOVE_ROW_MAX_HEIGHT = 0.85
ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
# Layouts at most per section, against one that never settles; each moves one row.
MAX_LAYOUTS = 25


def export_handout_pdf(
    library: Library,
    locations: Sequence[str],
    path: Path,
    title: str,
    *,
    subtitle: str = "",
    on: date | None = None,
) -> None:
    """Write a handout of locations (page ids or "compare:a,b,c") as an A4 PDF at path.

    A cover with the contents, then each item from a new page, every page numbered
    "Page n of N". The file appears whole or not at all: the PDF is written beside path
    under a temporary name and renamed over it.

    Args:
        subtitle: a line under the title on the cover (none when empty).
        on: the date printed on the cover (today when None).

    Raises:
        PainRefError: an unknown id, a comparison of too few or too many topics, or a path
            that cannot be written.
    """
    # Everything that can fail on the content fails before a file is touched.
    parts = build_handout(
        library,
        locations,
        title=title,
        subtitle=subtitle,
        date=(on or date.today()).isoformat(),
    )
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PainRefError(f"cannot write {path}: the folder {folder} does not exist")
    problem = replace_problem(path)  # a link, folder, pipe or device is never replaced
    if problem:
        raise PainRefError(f"cannot write {path}: {problem}")
    try:
        # The temporary file is made first: a read-only folder fails before any layout.
        with replacing(path) as temp:
            _print_handout(parts, temp)
            if temp.stat().st_size == 0:
                raise PainRefError(f"could not write the PDF {path}")
    except OSError as exc:
        raise PainRefError(f"cannot write {path}: {exc.strerror or exc}") from None


def _print_handout(parts: HandoutParts, target: Path) -> None:
    # A PDF writer, not a QPrinter: no print plugin, no CUPS, no socket (ui/export.py).
    writer = pdf_writer(target, title=parts.page.title)
    images = chart_images(parts.charts)
    documents, _ = paginate(parts.page, images, writer)
    _paint(documents, writer, parts.page.title, target)


def paginate(
    page: HandoutPage, images: dict[str, QImage], printer: QPagedPaintDevice
) -> tuple[list[QTextDocument], HandoutPage]:
    """The handout laid out in the pages of printer (a PDF writer): the cover, then a
    document per item.

    Returns:
        The documents, printed one after the other, and the page their cover was made
        for (with each item's first page in its contents).
    """
    # Items start on new pages, so each is laid out on its own: moving a table row or a
    # heading in one moves nothing in another, and a short document lays out quickly.
    sections = handout_sections(render_handout(page))
    items = [_paginated_section(html, images, printer) for html in sections[1:]]
    cover = _laid_out(sections[0], images, printer)
    # The contents give each item's page, which depends on how long the cover is.
    for _ in range(MAX_LAYOUTS):
        starts, first = [], cover.pageCount() + 1
        for document in items:
            starts.append(first)
            first += document.pageCount()
        if tuple(starts) == page.item_pages:
            break
        page = dataclasses.replace(page, item_pages=tuple(starts))
        cover = _laid_out(handout_sections(render_handout(page))[0], images, printer)
    return [cover, *items], page


def _paginated_section(
    html: str, images: dict[str, QImage], printer: QPagedPaintDevice
) -> QTextDocument:
    """One section laid out, with each table row a page would cut in two moved to the next."""
    # Qt breaks a row across pages line by line ("Onset of" on one page, "relief" on the
    # next, beside empty cells) and knows no page-break-inside: avoid. Where a row is cut
    # is known only once laid out; the table is then ended before it, and the rest
    # starts the next page under its heading row again. A move moves everything after
    # it, so one row at a time.
    cuts: set[tuple[int, int]] = set()
    document = _laid_out(html, images, printer)
    for _ in range(MAX_LAYOUTS):
        cut = _row_to_move(document, cuts)
        if cut is None or cut in cuts:
            break
        cuts.add(cut)
        document = _laid_out(split_tables(html, cuts), images, printer)
    return document


def _laid_out(html: str, images: dict[str, QImage], printer: QPagedPaintDevice) -> QTextDocument:
    """html laid out in pages of the printer's printable area, at its resolution."""
    document = document_for(html, images)
    document.documentLayout().setPaintDevice(printer)
    frame = document.rootFrame().frameFormat()
    # Frame margins are in CSS px; the layout scales them to the printer, like the page's
    # own px values. The printer's margins keep text off the paper's edge.
    frame.setMargin(0)
    frame.setTopMargin(TOP_SPACE)
    frame.setBottomMargin(FOOTER_SPACE)
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(QSizeF(printer.width(), printer.height()))
    _keep_headings_with_text(document)
    return document


def _row_to_move(document: QTextDocument, cuts: set[tuple[int, int]]) -> tuple[int, int] | None:
    """The first table row a page break cuts in two, as (table, row) before any cuts.

    A row in a table's first rows means the whole table moves: (table, 0).
    """
    tables = list(_tables(document.rootFrame()))
    origins = _table_origins(len(tables) - len([c for c in cuts if c[1]]), cuts)
    if len(origins) != len(tables):
        return None  # not the tables the HTML has: leave the layout as it is
    layout = document.documentLayout()
    height = document.pageSize().height()
    for table, (origin, first_row) in zip(tables, origins, strict=True):
        heading = table.format().headerRowCount()
        for row in range(table.rows()):
            top, bottom = math.inf, -math.inf
            for column in range(table.columns()):
                cell = table.cellAt(row, column)
                first = layout.blockBoundingRect(cell.firstCursorPosition().block())
                last = cell.lastCursorPosition().block()
                top = min(top, first.top())
                bottom = max(bottom, _last_line_bottom(document, last))
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


def _keep_headings_with_text(document: QTextDocument) -> None:
    """Start a new page at each heading that would otherwise end one, apart from its text."""
    height = document.pageSize().height()
    block = document.firstBlock()
    while block.isValid():
        following = block.next()
        if following.isValid() and _is_heading(block):
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


def _is_heading(block: QTextBlock) -> bool:
    """A .h1/.h2/.h3 paragraph (bold, larger type) outside tables."""
    if QTextCursor(block).currentTable() is not None or not block.text().strip():
        return False
    fragments = block.begin()
    if fragments.atEnd():
        return False
    fmt = fragments.fragment().charFormat()
    return fmt.fontWeight() >= QFont.Weight.Bold and fmt.fontPointSize() >= HEADING_POINT_SIZE


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


def _paint(documents: list[QTextDocument], writer: QPdfWriter, title: str, target: Path) -> None:
    """Print laid-out documents one after the other, each page with a footer: the title
    on the left, "Page n of N" on the right.
    """
    # WORKAROUND: QTextDocument.print_ numbers pages only without a page size, and then
    # adds its own 2 cm margins and prints a bare number; drawing the pages here keeps
    # the page's margins, lays out once, and puts "Page n of N" and the title below.
    painter = QPainter()
    if not painter.begin(writer):
        raise PainRefError(f"cannot write {target}")
    try:
        count = sum(document.pageCount() for document in documents)
        scale = writer.logicalDpiY() / 96
        footer = FOOTER_SPACE * scale
        number = 0
        for document in documents:
            size = document.pageSize()
            for index in range(document.pageCount()):
                if number:
                    writer.newPage()
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
