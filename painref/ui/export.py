"""Printing and exporting the page shown: PDF through Qt's own printer, and HTML files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QSize, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgRenderer

from painref.errors import PainRefError

CHART_URL = "chart:compare"


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


def document_for(html: str, images: dict[str, QImage] | None = None) -> QTextDocument:
    """A QTextDocument of html with the app-drawn images it names."""
    document = QTextDocument()
    document.setHtml(html)
    # Added after setHtml, which clears resources; images are looked up when laid out.
    for name, image in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.markContentsDirty(0, document.characterCount())
    return document


def configure_printer(printer: QPrinter, *, landscape: bool) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageMargins(QMarginsF(14, 14, 14, 14), QPageLayout.Unit.Millimeter)


def export_pdf(
    html: str,
    path: Path,
    *,
    landscape: bool = False,
    title: str = "PainRef",
    images: dict[str, QImage] | None = None,
) -> None:
    """Write html as a PDF at path (A4, landscape for wide comparisons).

    Raises:
        PainRefError: the file cannot be written.
    """
    _check_writable(path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(title)
    printer.setCreator("PainRef")
    configure_printer(printer, landscape=landscape)
    document_for(html, images).print_(printer)
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
