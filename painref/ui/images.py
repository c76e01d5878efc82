"""The images a page names, drawn for the view: comparison charts and procedure diagrams.

Imported when a page has one: Qt's SVG module is not needed to show the first page.
"""

from __future__ import annotations

from PySide6.QtGui import QImage

from painref.pages import Page
from painref.ui.export import chart_images, diagram_images


def page_images(page: Page, width: int, scale: float = 2.0) -> dict[str, QImage]:
    """Every image page names: its charts, and its diagrams at width CSS pixels, scale
    pixels per CSS pixel (2 for the screen, export.PRINT_SCALE for paper)."""
    images = chart_images(page.charts, scale)
    images.update(diagram_images(page.images, width, scale))
    return images
