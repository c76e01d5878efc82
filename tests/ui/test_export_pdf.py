"""Page and comparison PDFs (export_pdf): A4, portrait or landscape, named, drawn by QPdfWriter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtGui import QPageLayout, QPdfWriter
from PySide6.QtWidgets import QApplication

from painref.content.library import Library
from painref.errors import PainRefError
from painref.ui.export import PDF_RESOLUTION, configure_printer, export_pdf, pdf_writer

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
