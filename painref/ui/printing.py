"""Printing and exporting: a print preview, a PDF or HTML file of the page shown, handouts.

Pages come from the page service in print colours (the light theme), never the window's
interactive page; a comparison's chart is drawn once, as the image its page names. Every
printed page keeps its table rows whole (ui/pagination.py), and the paper (A4 or US
Letter) is the one last chosen, remembered in the settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from painref.errors import PainRefError
from painref.pages import NoteChoice
from painref.ui import messages
from painref.ui.history import HOME

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtPrintSupport import QPrinter

    from painref.pages import Page
    from painref.ui.export import Paper
    from painref.ui.handout_dialog import HandoutDialog, HandoutSaved
    from painref.ui.main_window import MainWindow

PAPER_KEY = "print/paper"
LOCAL_NOTES_KEY = "print/local_notes"
PERSONAL_NOTES_KEY = "print/personal_notes"
"""Whether printouts, exported pages and handouts carry the local protocols and the
reader's own notes: only when the reader chooses (off until then)."""
FOLDER_KEY = "print/folder"
"""Where the last handout went: the next one is offered there."""


class Printing(QObject):
    """The File menu's print and export commands, and saving lecture handouts."""

    def __init__(self, window: MainWindow, settings: QSettings | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self._settings = settings
        self.handout_dialog: HandoutDialog | None = None
        self.saved_dialog: HandoutSaved | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        a["file.print"].triggered.connect(self.print_preview)
        a["file.export_pdf"].triggered.connect(lambda: self._export_dialog("pdf"))
        a["file.export_html"].triggered.connect(lambda: self._export_dialog("html"))
        choice = self.notes
        a["file.print_local"].setChecked(choice.local)
        a["file.print_personal"].setChecked(choice.personal)
        a["file.print_local"].toggled.connect(lambda on: self._remember(LOCAL_NOTES_KEY, on))
        a["file.print_personal"].toggled.connect(lambda on: self._remember(PERSONAL_NOTES_KEY, on))

    @property
    def notes(self) -> NoteChoice:
        """The notes the reader chose to print (both off until chosen)."""
        return NoteChoice(
            local=_flag(self._setting(LOCAL_NOTES_KEY, False)),
            personal=_flag(self._setting(PERSONAL_NOTES_KEY, False)),
        )

    def _remember(self, key: str, on: bool) -> None:
        if self._settings is not None:
            self._settings.setValue(key, on)
        action = "file.print_local" if key == LOCAL_NOTES_KEY else "file.print_personal"
        self._window.actions_by_id[action].setChecked(on)

    @staticmethod
    def _paper(name: object) -> Paper:
        from painref.ui.export import paper_from  # QtSvg: loaded when first printing

        return paper_from(name)

    @property
    def paper(self) -> Paper:
        """The paper last chosen for a handout (A4 until one is)."""
        return self._paper(self._setting(PAPER_KEY, "a4"))

    def export_current(self, path: Path, kind: str) -> None:
        """Write the page shown to path as "pdf" or "html".

        Raises:
            PainRefError: the file cannot be written.
        """
        from painref.ui.export import export_html, export_pdf

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
            images=_print_images(page),
            paper=self.paper,
        )

    def print_preview(self) -> None:
        """Preview the page shown as printed: numbered pages, no table row cut in two."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from painref.ui.export import configure_printer

        page = self._page()
        images = _print_images(page)
        title = self._navigation.title(self._navigation.current or HOME)
        preview = QPrintPreviewDialog(self._window)
        configure_printer(preview.printer(), landscape=page.landscape, paper=self.paper)
        preview.paintRequested.connect(
            lambda printer: print_page(page.html, images, printer, title)
        )
        preview.exec()

    def save_handout(self, title: str, locations: Sequence[str]) -> None:
        """Ask where and on which paper, write the handout, then say so and offer to open it."""
        from painref.ui.handout_dialog import HandoutDialog

        folder = Path(str(self._setting(FOLDER_KEY, "") or Path.home()))
        if not folder.is_dir():
            folder = Path.home()
        suggested = folder / f"{file_stem(title, 'handout')}-handout.pdf"
        pages = self._navigation.pages
        dialog = HandoutDialog(
            title,
            suggested,
            self.paper,
            self._window,
            notes=self.notes,
            offer_local=pages.local is not None,
            offer_personal=pages.notes is not None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.save_requested.connect(
            lambda path, paper: self._on_handout_save_requested(
                dialog, title, list(locations), Path(path), self._paper(paper)
            )
        )
        self.handout_dialog = dialog
        dialog.open()

    def _on_handout_save_requested(
        self, dialog: HandoutDialog, title: str, locations: list[str], path: Path, paper: Paper
    ) -> None:
        from painref.ui.handout import export_handout_pdf
        from painref.ui.handout_dialog import HandoutSaved

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        service = self._navigation.pages
        choice = dialog.notes
        annotate, local_page = service.handout_sources(choice)
        try:
            pages = export_handout_pdf(
                service.library,
                locations,
                path,
                title,
                paper=paper,
                site_name=service.site_name,
                annotate=annotate,
                local_page=local_page,
            )
        except PainRefError as exc:
            QGuiApplication.restoreOverrideCursor()
            messages.warn(dialog, "Handout not saved", str(exc))
            return  # the dialog stays open: another folder or name may do
        QGuiApplication.restoreOverrideCursor()
        if self._settings is not None:
            self._settings.setValue(PAPER_KEY, paper)
            self._settings.setValue(FOLDER_KEY, str(path.parent))
        if dialog.offer_local:
            self._remember(LOCAL_NOTES_KEY, choice.local)
        if dialog.offer_personal:
            self._remember(PERSONAL_NOTES_KEY, choice.personal)
        dialog.accept()
        self._window.statusBar().showMessage(f"Saved the handout {path}", 6000)
        saved = HandoutSaved(path, pages, paper, self._window)
        saved.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.saved_dialog = saved
        saved.open()

    def _setting(self, key: str, default: object) -> object:
        return self._settings.value(key, default) if self._settings is not None else default

    def _page(self, *, inline_charts: bool = False) -> Page:
        """The page shown, in print colours, with its recent pages if it is the home page."""
        return self._navigation.pages.render(
            self._navigation.current or HOME,
            only_differences=self._navigation.only_differences,
            inline_charts=inline_charts,
            recent=self._window.user_data.recent_summaries(),
            notes=self.notes,
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


def print_page(html: str, images: dict[str, QImage], printer: QPrinter, title: str) -> None:
    """Lay html out for printer and print it: pages numbered, no table row cut in two."""
    from painref.ui.export import PAGE_TEXT_PT
    from painref.ui.pagination import paginated, paint

    paint([paginated(html, images, printer, PAGE_TEXT_PT)], printer, title, "the printer")


def _print_images(page: Page) -> dict[str, QImage]:
    """The charts and diagrams a page names, sharp enough for paper."""
    from painref.render.contexts import FIGURE_WIDTH
    from painref.ui.export import PRINT_SCALE
    from painref.ui.images import page_images

    return page_images(page, FIGURE_WIDTH, PRINT_SCALE)


def _flag(value: object) -> bool:
    """A setting read back as a bool (QSettings' INI files give "true" and "false")."""
    return value is True or str(value).lower() == "true"


def file_stem(title: str, default: str = "painref") -> str:
    """A file name from a title: lower-case words joined by single hyphens (default when
    none are left), so "Lumbar radicular pain - PGY2" is "lumbar-radicular-pain-pgy2"."""
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    return "-".join(words) or default
