"""The images a page names, drawn for the view: comparison charts and procedure diagrams.

Imported when a page has one: Qt's SVG module is not needed to show the first page.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from painref.pages import Page
from painref.ui.export import chart_images, svg_to_image


def page_images(page: Page, width: int, scale: float = 2.0) -> dict[str, QImage]:
    """Every image page names (its charts, and its diagrams at width CSS pixels)."""
    images = chart_images(page.charts)
    for name, diagram in page.images.items():
        height = round(diagram.height * width / diagram.width)
        images[name] = svg_to_image(diagram.svg, QSize(width, height), scale)
    return images
