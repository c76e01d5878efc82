"""Handout PDFs: A4 or US Letter portrait, each item from a new page, every page numbered."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage, QPagedPaintDevice, QTextDocument

from painref.content.library import Library
from painref.errors import PainRefError
from painref.fsutil import replacing
from painref.paths import replace_problem
from painref.render.contexts import FIGURE_WIDTH, LocalTopicPage
from painref.render.handout import (
    Annotator,
    HandoutPage,
    HandoutParts,
    build_handout,
    handout_sections,
    render_handout,
)
from painref.ui.export import (
    PRINT_SCALE,
    Paper,
    chart_images,
    diagram_images,
    pdf_writer,
)
from painref.ui.pagination import MAX_LAYOUTS, MOVE_ROW_MAX_GAP, paginated, paint

__all__ = ["MOVE_ROW_MAX_GAP", "export_handout_pdf", "handout_images", "paginate"]


def export_handout_pdf(
    library: Library,
    locations: Sequence[str],
    path: Path,
    title: str,
    *,
    subtitle: str = "",
    on: date | None = None,
    paper: Paper = "a4",
    site_name: str = "",
    annotate: Annotator | None = None,
    local_page: Callable[[str], LocalTopicPage] | None = None,
) -> int:
    """Write a handout of locations (page ids or "compare:a,b,c") as a PDF at path.

    A cover with the contents and the first item, each later item from a new page, then
    every source once; every page numbered "Page n of N". The file appears whole or not
    at all: the PDF is written beside path under a temporary name and renamed over it.

    Args:
        subtitle: a line under the title on the cover (none when empty).
        on: the date printed on the cover (today when None).
        paper: "a4" or "letter".
        site_name: the organization's name on the cover (the machine's policy file sets
            it; none when empty).
        annotate, local_page: the notes the reader chose to print, and the pages of the
            local layer (PageService.handout_sources gives both).

    Returns:
        The number of pages written.

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
        site_name=site_name,
        annotate=annotate,
        local_page=local_page,
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
            pages = _print_handout(parts, temp, paper)
            if temp.stat().st_size == 0:
                raise PainRefError(f"could not write the PDF {path}")
    except OSError as exc:
        raise PainRefError(f"cannot write {path}: {exc.strerror or exc}") from None
    return pages


def handout_images(parts: HandoutParts) -> dict[str, QImage]:
    """The charts and diagrams a handout names, drawn sharp enough for paper."""
    images = chart_images(parts.charts, PRINT_SCALE)
    images.update(diagram_images(parts.diagrams, FIGURE_WIDTH))
    return images


def _print_handout(parts: HandoutParts, target: Path, paper: Paper) -> int:
    # A PDF writer, not a QPrinter: no print plugin, no CUPS, no socket (ui/export.py).
    writer = pdf_writer(target, title=parts.page.title, paper=paper)
    documents, _ = paginate(parts.page, handout_images(parts), writer)
    paint(documents, writer, parts.page.title, target)
    return sum(document.pageCount() for document in documents)


def paginate(
    page: HandoutPage, images: dict[str, QImage], printer: QPagedPaintDevice
) -> tuple[list[QTextDocument], HandoutPage]:
    """The handout laid out in the pages of printer (a PDF writer): the cover with the
    first item, then a document for each later item and one for the references.

    Returns:
        The documents, printed one after the other, and the page their cover was made
        for (with each item's first page, and the references', in its contents).
    """
    # Items start on new pages, so each is laid out on its own: moving a table row or a
    # heading in one moves nothing in another, and a short document lays out quickly.
    text_pt = page.theme.base_pt
    sections = handout_sections(render_handout(page))
    rest = [paginated(html, images, printer, text_pt, compact=True) for html in sections[1:]]
    cover = paginated(sections[0], images, printer, text_pt, compact=True)
    # The contents give each item's page, which depends on how long the cover is.
    for _ in range(MAX_LAYOUTS):
        starts, first = [1], cover.pageCount() + 1
        for document in rest:
            starts.append(first)
            first += document.pageCount()
        if tuple(starts) == page.item_pages:
            break
        page = dataclasses.replace(page, item_pages=tuple(starts))
        cover_html = handout_sections(render_handout(page))[0]
        cover = paginated(cover_html, images, printer, text_pt, compact=True)
    return [cover, *rest], page
