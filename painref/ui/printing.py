"""Printing and exporting the page shown: a print preview, a PDF file or an HTML file.

Pages come from the page service in print colours (the light theme), never the window's
interactive page; a comparison's chart is drawn once, as the image its page names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from painref.errors import PainRefError
from painref.ui import messages
from painref.ui.history import HOME

if TYPE_CHECKING:
    from painref.pages import Page
    from painref.ui.main_window import MainWindow


class Printing(QObject):
    """The File menu's print and export commands."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self._connect_signals()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        a["file.print"].triggered.connect(self.print_preview)
        a["file.export_pdf"].triggered.connect(lambda: self._export_dialog("pdf"))
        a["file.export_html"].triggered.connect(lambda: self._export_dialog("html"))

    def export_current(self, path: Path, kind: str) -> None:
        """Write the page shown to path as "pdf" or "html".

        Raises:
            PainRefError: the file cannot be written.
        """
        from painref.ui.export import chart_images, export_html, export_pdf

        location = self._navigation.current or HOME
        if kind == "html":
            export_html(self._page(inline_charts=True).html, path)
            return
        page = self._page()
        export_pdf(
            page.html,
            path,
            landscape=page.landscape,
            title=self._navigation.title(location),
            images=chart_images(page.charts),
        )

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from painref.ui.export import chart_images, configure_printer, document_for

        page = self._page()
        document = document_for(page.html, chart_images(page.charts))
        preview = QPrintPreviewDialog(self._window)
        configure_printer(preview.printer(), landscape=page.landscape)
        preview.paintRequested.connect(document.print_)
        preview.exec()

    def _page(self, *, inline_charts: bool = False) -> Page:
        """The page shown, in print colours, with its recent pages if it is the home page."""
        return self._navigation.pages.render(
            self._navigation.current or HOME,
            only_differences=self._navigation.only_differences,
            inline_charts=inline_charts,
            recent=self._window.user_data.recent_summaries(),
        )

    def _export_dialog(self, kind: str) -> None:
        title = self._navigation.title(self._navigation.current or HOME)
        suggested = str(Path.home() / f"{file_stem(title)}.{kind}")
        filters = "PDF files (*.pdf)" if kind == "pdf" else "HTML files (*.html)"
        name, _ = QFileDialog.getSaveFileName(self._window, f"Export {title}", suggested, filters)
        if not name:
            return
        try:
            self.export_current(Path(name), kind)
        except PainRefError as exc:
            messages.warn(self._window, "Export failed", str(exc))
            return
        self._window.statusBar().showMessage(f"Saved {name}", 6000)


def file_stem(title: str, default: str = "painref") -> str:
    """A file name from a title: letters, digits and dashes (default when none are left)."""
    stem = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(stem.lower().split()) or default
