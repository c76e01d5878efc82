"""Bookmarks and history: the reader's own database, its two panels and its actions; the
bookmarks file carries the reader's notes too."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QLabel

from painref.errors import PainRefError
from painref.location import Location
from painref.ui import messages
from painref.ui.history import HOME
from painref.ui.operations import StoreOperations

if TYPE_CHECKING:
    from painref.store.bookmarks import ExportCounts, ImportCounts
    from painref.store.user import UserData
    from painref.ui.main_window import MainWindow
    from painref.ui.user_panels import PageListPanel

RECENT_LIMIT = 8
"""Pages the home page lists as recently viewed."""
HISTORY_PANEL_LIMIT = 50
UNSAVED = "Bookmarks, notes and history cannot be saved"
"""The status bar's warning when the user database is unavailable."""


class UserDataController(QObject):
    """Keeps the bookmarks and history panels in step with the user database."""

    def __init__(
        self,
        window: MainWindow,
        user: UserData,
        bookmarks_panel: PageListPanel,
        history_panel: PageListPanel,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.user = user
        self._bookmarks_panel = bookmarks_panel
        self._history_panel = history_panel
        self._ops = StoreOperations(window.statusBar())
        self._session_recent: list[str] = []
        self.problem_label: QLabel | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        a["page.bookmark"].triggered.connect(self.toggle_bookmark)
        a["bookmarks.export"].triggered.connect(self._on_bookmarks_export_triggered)
        a["bookmarks.import"].triggered.connect(self._on_bookmarks_import_triggered)
        a["history.clear"].triggered.connect(self._on_history_clear_triggered)
        navigation = self._window.navigation
        for panel in (self._bookmarks_panel, self._history_panel):
            panel.page_activated.connect(navigation.show)
        self._bookmarks_panel.remove_requested.connect(self._on_bookmark_remove_requested)
        self._history_panel.remove_requested.connect(self._on_history_remove_requested)
        navigation.shown.connect(self._on_navigation_shown)

    def start(self) -> None:
        """Fill the panels, and say plainly in the status bar when nothing can be saved."""
        problem = self.user.problem
        if problem:
            label = QLabel(f"⚠ {UNSAVED}", self._window)
            label.setToolTip(problem)
            label.setAccessibleName(UNSAVED)
            label.setAccessibleDescription(problem)
            self._window.statusBar().addPermanentWidget(label)
            self.problem_label = label
            for action_id in ("page.bookmark", "bookmarks.import", "history.clear"):
                self._window.actions_by_id[action_id].setEnabled(False)
                self._window.actions_by_id[action_id].setToolTip(problem)
        self._refresh_bookmarks()
        self._refresh_history()

    # -- bookmarks -----------------------------------------------------------------------------

    def is_bookmarked(self, location: str | None = None) -> bool:
        bookmarks = self.user.bookmarks
        location = location or self._window.navigation.current
        return bool(
            bookmarks
            and location
            and self._ops.read("bookmarks", lambda: bookmarks.contains(location), False)
        )

    def toggle_bookmark(self) -> None:
        """Bookmark the page shown, or remove its bookmark (Ctrl+D)."""
        bookmarks, location = self.user.bookmarks, self._window.navigation.current
        if bookmarks is None or not location or location == HOME:
            return
        title = self._window.navigation.title(location)
        status = self._window.statusBar()
        if self.is_bookmarked(location):
            if self._ops.save("the bookmark", lambda: bookmarks.remove(location)):
                status.showMessage(f"Bookmark removed: {title}", 4000)
        elif self._ops.save("the bookmark", lambda: bookmarks.add(location, title)):
            status.showMessage(f"Bookmarked: {title}", 4000)
        self._refresh_bookmarks()

    def _refresh_bookmarks(self) -> None:
        bookmarks = self.user.bookmarks
        rows = [
            (b.location, b.title, f"Bookmarked {b.created[:10]}")
            for b in (self._ops.read_list("bookmarks", bookmarks.list) if bookmarks else [])
        ]
        self._bookmarks_panel.set_pages(rows)
        self._window.actions_by_id["page.bookmark"].setChecked(self.is_bookmarked())

    def _on_bookmark_remove_requested(self, location: str) -> None:
        bookmarks = self.user.bookmarks
        if bookmarks is not None:
            self._ops.save("the bookmark", lambda: bookmarks.remove(location))
        self._refresh_bookmarks()

    def _on_bookmarks_export_triggered(self) -> None:
        bookmarks = self.user.bookmarks
        if bookmarks is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            "Export bookmarks and notes",
            str(Path.home() / "painref-bookmarks.json"),
            "Bookmark files (*.json)",
        )
        written: list[ExportCounts] = []
        if name and self._ops.save(
            "the bookmarks file", lambda: written.append(bookmarks.export_json(Path(name)))
        ):
            self._window.statusBar().showMessage(
                f"Saved {export_summary(written[0])} to {name}", 6000
            )

    def _on_bookmarks_import_triggered(self) -> None:
        bookmarks = self.user.bookmarks
        if bookmarks is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import bookmarks and notes", str(Path.home()), "Bookmark files (*.json)"
        )
        if not name:
            return
        try:
            counts = bookmarks.import_json(Path(name))
        except PainRefError as exc:
            messages.warn(self._window, "Import failed", str(exc))
            return
        self._refresh_bookmarks()
        if counts.notes_added or counts.notes_merged:
            self._window.navigation.redraw()  # the page shown may carry a note now
        self._window.statusBar().showMessage(import_summary(counts), 8000)

    # -- history -------------------------------------------------------------------------------

    def _on_navigation_shown(self, location: str, title: str, recorded: bool) -> None:
        if recorded and location != HOME:
            self._remember_visit(location, title)
        self._window.actions_by_id["page.bookmark"].setChecked(self.is_bookmarked())

    def _remember_visit(self, location: str, title: str) -> None:
        self._session_recent = [location, *[p for p in self._session_recent if p != location]]
        history = self.user.history
        if history is not None:
            self._ops.save("history", lambda: history.visit(location, title))
        self._refresh_history()

    def recent_summaries(self) -> list[str]:
        """The pages and comparisons viewed most recently, newest first, for the home page
        (those whose pages all still exist)."""
        library = self._window.navigation.pages.library
        history = self.user.history
        recent = (
            [
                v.location
                for v in self._ops.read_list("history", lambda: history.recent(RECENT_LIMIT * 2))
            ]
            if history
            else self._session_recent
        )
        local = self._window.navigation.pages.local

        def exists(text: str) -> bool:
            location = Location.parse(text)
            if location.is_local:  # a page of the local layer, while that layer has it
                try:
                    return local is not None and local.has(location.ids[0])
                except PainRefError:
                    return False
            return all(library.has(i) for i in _page_ids(text))

        pages = [p for p in recent if exists(p)]
        return pages[:RECENT_LIMIT]

    def _refresh_history(self) -> None:
        history = self.user.history
        rows = [
            (v.location, v.title, f"Viewed {v.visited[:16].replace('T', ' ')}")
            for v in (
                self._ops.read_list("history", lambda: history.recent(HISTORY_PANEL_LIMIT))
                if history
                else []
            )
        ]
        self._history_panel.set_pages(rows)

    def _on_history_remove_requested(self, location: str) -> None:
        history = self.user.history
        if history is not None:
            self._ops.save("history", lambda: history.remove(location))
        self._refresh_history()

    def _on_history_clear_triggered(self) -> None:
        history = self.user.history
        if history is not None:
            self._ops.save("history", history.clear)
        self._session_recent.clear()
        self._refresh_history()


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def export_summary(counts: ExportCounts) -> str:
    """What an export wrote, like "2 bookmarks and 1 note"."""
    return (
        f"{_count(counts.bookmarks, 'bookmark', 'bookmarks')} and "
        f"{_count(counts.notes, 'note', 'notes')}"
    )


def import_summary(counts: ImportCounts) -> str:
    """What an import did, in a sentence for the status bar."""
    if not (counts.bookmarks_added or counts.notes_added or counts.notes_merged):
        return "Nothing new to import: every bookmark and note in the file is already here."
    said = (
        f"Imported {_count(counts.bookmarks_added, 'bookmark', 'bookmarks')} and "
        f"{_count(counts.notes_added, 'note', 'notes')}."
    )
    if counts.notes_merged == 1:
        said += (
            " 1 note was added below your own note on the same page, under a line "
            "“--- imported <date> ---”."
        )
    elif counts.notes_merged:
        said += (
            f" {counts.notes_merged} notes were added below your own notes on the same "
            "pages, under a line “--- imported <date> ---”."
        )
    return said


def _page_ids(location: str) -> list[str]:
    """The pages a history location shows (a comparison's columns); none for home."""
    parsed = Location.parse(location)
    if parsed.is_comparison:
        return list(parsed.ids)
    return [parsed.page_id] if parsed.page_id else ["\0home"]
