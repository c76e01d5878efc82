"""Exporting the page shown: PDF files drawn by Qt's own PDF writer, and HTML files.

PDFs are written with QPdfWriter (QtGui), never with QPrinter: a QPrinter loads Qt's
print-support plugin, whose CUPS library looks up the default printer over TCP (port 631
on this machine, or a print server named by CUPS_SERVER or client.conf). Writing a file
must open no network connection. Paper printing (the print preview) still uses QPrinter,
which configure_printer also sets up.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from PySide6.QtCore import QByteArray, QMarginsF, QSize, QUrl
from PySide6.QtGui import (
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from painref.errors import PainRefError
from painref.paths import replace_problem

if TYPE_CHECKING:
    from painref.render.chart import Chart
    from painref.render.diagrams import DiagramImage

# Dots per inch of the PDFs: what QPrinter's HighResolution mode gave them before.
PDF_RESOLUTION = 1200
PRINT_SCALE = 3.0
"""Pixels per CSS pixel of a chart or diagram on paper: about 290 dpi, sharp in print."""
PAGE_TEXT_PT = 11.0
"""The text size of a page printed or exported (the light theme's)."""
MARGIN_MM = 14

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
PAPER_LABELS: dict[Paper, str] = {"a4": "A4", "letter": "US Letter"}
_PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


def paper_from(value: object, default: Paper = "a4") -> Paper:
    """A stored or typed paper name ("a4", "letter"; any case), default when unknown."""
    text = str(value or "").strip().lower()
    return next((p for p in PAPERS if p == text), default)


def svg_to_image(svg: str, size: QSize, scale: float = 2.0) -> QImage:
    """Draw an SVG (made by the render layer) into an image, scale times its size for sharpness."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(size * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.setDevicePixelRatio(scale)
    return image


def chart_images(charts: Mapping[str, Chart], scale: float = 2.0) -> dict[str, QImage]:
    """Charts drawn as the images a page's <img> tags name (image name to chart)."""
    return {
        name: svg_to_image(chart.svg, QSize(chart.width, chart.height), scale)
        for name, chart in charts.items()
    }


def diagram_images(
    diagrams: Mapping[str, DiagramImage], width: int, scale: float = PRINT_SCALE
) -> dict[str, QImage]:
    """Diagrams drawn as the images a page names, width CSS pixels wide (ui/images.py
    draws them for the window)."""
    images = {}
    for name, diagram in diagrams.items():
        height = round(diagram.height * width / diagram.width)
        images[name] = svg_to_image(diagram.svg, QSize(width, height), scale)
    return images


def document_for(html: str, images: dict[str, QImage] | None = None) -> QTextDocument:
    """A QTextDocument of html with the app-drawn images it names."""
    document = QTextDocument()
    document.setHtml(html)
    # Added after setHtml, which clears resources; images are looked up when laid out.
    for name, image in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.markContentsDirty(0, document.characterCount())
    return document


def configure_printer(device: QPagedPaintDevice, *, landscape: bool, paper: Paper = "a4") -> None:
    """A4 or US Letter with 14 mm margins, portrait or landscape: a PDF writer or a printer."""
    device.setPageSize(QPageSize(_PAGE_SIZES[paper]))
    device.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    margin = float(MARGIN_MM)
    device.setPageMargins(QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Millimeter)


def pdf_writer(
    path: Path, *, title: str, landscape: bool = False, paper: Paper = "a4"
) -> QPdfWriter:
    """A PDF writer for path, set up like every PainRef PDF (the paper, margins, 1200 dpi).

    Needs no print plugin and so opens no socket (see the module's docstring).
    """
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("PainRef")
    configure_printer(writer, landscape=landscape, paper=paper)
    return writer


def export_pdf(
    html: str,
    path: Path,
    *,
    landscape: bool = False,
    title: str = "PainRef",
    images: dict[str, QImage] | None = None,
    paper: Paper = "a4",
) -> None:
    """Write html as a PDF at path (landscape for wide comparisons), every page numbered,
    no table row cut across two pages (ui/pagination.py).

    Raises:
        PainRefError: the file cannot be written.
    """
    from painref.ui.pagination import paginated, paint  # it imports this module

    _check_writable(path)
    writer = pdf_writer(path, title=title, landscape=landscape, paper=paper)
    paint([paginated(html, images or {}, writer, PAGE_TEXT_PT)], writer, title, path)
    del writer  # closes the file before it is checked
    if not path.is_file() or path.stat().st_size == 0:
        raise PainRefError(f"could not write the PDF {path}")


def export_html(html: str, path: Path) -> None:
    """Write a standalone HTML file."""
    _check_writable(path)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise PainRefError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_writable(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PainRefError(f"cannot write {path}: the folder {folder} does not exist")
    problem = replace_problem(path)  # the same rule as handouts and the command line
    if problem:
        raise PainRefError(f"cannot write {path}: {problem}")
