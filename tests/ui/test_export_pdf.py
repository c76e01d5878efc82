"""Page and comparison PDFs (export_pdf) and the print preview: A4 or Letter, portrait or
landscape, named, drawn by QPdfWriter, no table row cut across two pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtGui import QPageLayout, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from painref.content.library import Library
from painref.errors import PainRefError
from painref.ui.export import (
    PAGE_TEXT_PT,
    PDF_RESOLUTION,
    configure_printer,
    export_pdf,
    pdf_writer,
)
from painref.ui.pagination import laid_out, paginated, row_span, tables

A4_POINTS = (595, 842)
BODY = "<h1>Alpha injection</h1>" + "<p>A paragraph of the page, long enough to wrap.</p>" * 200


def _sizes(path: Path) -> set[tuple[int, int]]:
    reader = PdfReader(str(path))
    return {
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in reader.pages
    }


@pytest.mark.parametrize(("landscape", "size"), [(False, A4_POINTS), (True, A4_POINTS[::-1])])
def test_a4_pages_named_after_the_page(
    qapp: QApplication, tmp_path: Path, landscape: bool, size: tuple[int, int]
) -> None:
    path = tmp_path / "page.pdf"
    export_pdf(BODY, path, landscape=landscape, title="Alpha injection")
    reader = PdfReader(str(path))
    assert len(reader.pages) > 1
    assert _sizes(path) == {size}
    assert reader.metadata is not None
    assert reader.metadata.title == "Alpha injection"
    assert reader.metadata.creator == "PainRef"
    # pypdf puts tabs between the words; one space each, to compare.
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Alpha injection" in text
    assert text.count("long enough to wrap") == 200


def test_the_writer_is_set_up_like_the_printer_was(qapp: QApplication, tmp_path: Path) -> None:
    """1200 dpi and 14 mm margins, as QPrinter's HighResolution mode gave: the same layout."""
    writer = pdf_writer(tmp_path / "x.pdf", title="T", landscape=True)
    assert isinstance(writer, QPdfWriter)
    assert writer.resolution() == PDF_RESOLUTION == 1200
    layout = writer.pageLayout()
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    margins = layout.margins(QPageLayout.Unit.Millimeter)
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (14, 14, 14, 14)
    # The printable area the text is laid out in: A4 less the margins, at 1200 dpi.
    assert QSize(writer.width(), writer.height()) == QSize(12709, 8592)
    configure_printer(writer, landscape=False)
    assert QSize(writer.width(), writer.height()) == QSize(8592, 12709)


def test_a_missing_folder_raises(qapp: QApplication, tmp_path: Path) -> None:
    with pytest.raises(PainRefError, match="does not exist"):
        export_pdf(BODY, tmp_path / "nope" / "page.pdf")


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_every_export_refuses_a_target_it_must_not_replace(
    kind: str, tmp_path: Path, real_library: Library
) -> None:
    # The command line refused these and the window's exports replaced them (a pipe froze).
    from painref.ui.export import export_html
    from painref.ui.handout import export_handout_pdf

    target = tmp_path / "out.pdf"
    if kind == "symlink":
        (tmp_path / "real.pdf").write_bytes(b"keep")
        target.symlink_to(tmp_path / "real.pdf")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    for write in (
        lambda: export_pdf("<p>x</p>", target),
        lambda: export_html("<p>x</p>", target),
        lambda: export_handout_pdf(real_library, ["epidural-steroid-injection"], target, "T"),
    ):
        with pytest.raises(PainRefError, match="cannot write"):
            write()
    if kind == "symlink":
        assert (tmp_path / "real.pdf").read_bytes() == b"keep"


LETTER_POINTS = (612, 792)
TABLE = (
    '<p class="h2">A long table</p><table border="1" cellpadding="6">'
    + "".join(
        f"<tr><td>Row {n}</td><td>{'A cell long enough to take several lines. ' * (2 + n % 5)}</td></tr>"
        for n in range(80)
    )
    + "</table>"
)


def test_letter_paper(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    export_pdf(BODY, path, title="Alpha injection", paper="letter")
    assert _sizes(path) == {LETTER_POINTS}
    export_pdf(BODY, path, title="Alpha injection", landscape=True, paper="letter")
    assert _sizes(path) == {LETTER_POINTS[::-1]}


def _rows_cut(document: QTextDocument) -> list[str]:
    """The rows of document's tables that start on one page and end on the next."""
    height = document.pageSize().height()
    cut = []
    for table in tables(document):
        for row in range(table.rows()):
            top, bottom = row_span(document, table, row)
            if top // height != bottom // height:
                cut.append(table.cellAt(row, 0).firstCursorPosition().block().text())
    return cut


def test_page_pdfs_and_the_print_preview_keep_table_rows_whole(
    qapp: QApplication, tmp_path: Path
) -> None:
    # ux.md D21: the print preview cut an "Evidence notes" row in two. The preview paints
    # what print_page lays out, on the printer it is given; a PDF writer stands in for
    # the printer here (a QPrinter would ask CUPS for the default printer).
    from painref.ui.printing import print_page

    writer = pdf_writer(tmp_path / "preview.pdf", title="Preview")
    assert _rows_cut(laid_out(TABLE, {}, writer, PAGE_TEXT_PT))  # Qt alone cuts rows
    assert _rows_cut(paginated(TABLE, {}, writer, PAGE_TEXT_PT)) == []
    print_page(TABLE, {}, writer, "Preview")
    del writer
    text = " ".join(p.extract_text() or "" for p in PdfReader(str(tmp_path / "preview.pdf")).pages)
    assert "Row 79" in " ".join(text.split())
    path = tmp_path / "page.pdf"
    export_pdf(TABLE, path, title="Table")
    pages = PdfReader(str(path)).pages
    assert "Page 1 of" in " ".join((pages[0].extract_text() or "").split())
