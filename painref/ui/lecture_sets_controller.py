"""Lecture sets: the Lecture sets menu, adding the page shown, presenting and handing out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu

from painref.errors import PainRefError
from painref.ui import messages
from painref.ui.operations import StoreOperations

if TYPE_CHECKING:
    from painref.store.lecture_sets import LectureSetStore
    from painref.ui.lecture_sets_dialog import LectureSetsDialog
    from painref.ui.main_window import MainWindow


class LectureSets(QObject):
    """Runs the lecture-set commands against the user's store."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self._menu = menu
        self._ops = StoreOperations(window.statusBar())
        self.dialog: LectureSetsDialog | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._window.actions_by_id["lecture.manage"].triggered.connect(self.manage)
        self._menu.aboutToShow.connect(self._fill_menu)

    @property
    def store(self) -> LectureSetStore | None:
        return self._window.user_data.user.lecture_sets

    def manage(self) -> None:
        """Open the lecture sets dialog (or say why lecture sets cannot be kept)."""
        from painref.ui.lecture_sets_dialog import LectureSetsDialog

        store = self.store
        if store is None:
            messages.inform(self._window, "Lecture sets", self._window.user_data.user.problem or "")
            return
        dialog = LectureSetsDialog(store, self._window, current_page=self._current_page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.present_requested.connect(self.present_set)
        dialog.handout_requested.connect(self._on_handout_requested)
        self.dialog = dialog
        dialog.open()

    def _current_page(self) -> tuple[str, str] | None:
        """(location, title) of the page shown, or None on the start page."""
        location = self._navigation.current
        if not self._navigation.showing_page() or location is None:
            return None
        return location, self._navigation.title(location)

    def add_page(self, set_id: int | None = None, name: str | None = None) -> None:
        """Add the page shown to a set (a new one when name is given)."""
        store, location = self.store, self._navigation.current
        if store is None or not self._navigation.showing_page() or location is None:
            return
        title = self._navigation.title(location)
        status = self._window.statusBar()
        try:
            if set_id is None:
                set_id = store.create(name or "Lecture").id
            lecture_set = store.add_item(set_id, location, title)
        except PainRefError as exc:
            status.showMessage(f"Could not save the lecture set: {exc}", 8000)
            return
        status.showMessage(f"Added to “{lecture_set.name}” ({len(lecture_set.items)} pages)", 5000)

    def present_set(self, set_id: int) -> None:
        store = self.store
        if store is None:
            return
        try:
            locations = [item.location for item in store.get(set_id).items]
        except PainRefError as exc:
            self._window.statusBar().showMessage(str(exc), 6000)
            return
        # The slides go full screen in front of everything; a modal dialog left open would
        # keep the keyboard and stay on top of them (the presenter saw nothing happen).
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.close()
        self._window.presenter.present(locations)

    def export_handout(self, set_id: int, path: Path) -> None:
        """Write a lecture set as one PDF handout (cover, contents, pages, references).

        Raises:
            PainRefError: the set or a page is gone, or the file cannot be written.
        """
        from painref.ui.handout import export_handout_pdf

        store = self.store
        if store is None:
            raise PainRefError(
                self._window.user_data.user.problem or "lecture sets are unavailable"
            )
        lecture_set = store.get(set_id)
        pages = self._navigation.pages
        annotate, local_page = pages.handout_sources(self._window.printing.notes)
        export_handout_pdf(
            pages.library,
            [i.location for i in lecture_set.items],
            path,
            lecture_set.name,
            site_name=pages.site_name,
            annotate=annotate,
            local_page=local_page,
        )

    def _on_handout_requested(self, set_id: int) -> None:
        store = self.store
        if store is None:
            return
        lecture_set = store.get(set_id)
        # Where and on which paper, then "saved" with Open folder and Open PDF (ui/printing).
        locations = [item.location for item in lecture_set.items]
        self._window.printing.save_handout(lecture_set.name, locations)

    def _fill_menu(self) -> None:
        menu, store = self._menu, self.store
        menu.clear()
        showing = self._navigation.showing_page()
        for lecture_set in self._ops.read_list("lecture sets", store.list) if store else []:
            action = menu.addAction(f"Add this page to “{lecture_set.name}”")
            action.setEnabled(showing)
            action.triggered.connect(lambda _=False, i=lecture_set.id: self.add_page(i))
        new = menu.addAction("Add this page to a new lecture set…")
        new.setEnabled(showing and store is not None)
        new.triggered.connect(self._on_new_set_triggered)
        menu.addSeparator()
        menu.addAction(self._window.actions_by_id["view.present"])
        menu.addAction(self._window.actions_by_id["lecture.manage"])

    def _on_new_set_triggered(self) -> None:
        from painref.ui.lecture_sets_dialog import ask_name, suggested_name

        page = self._current_page()
        name = ask_name(
            self._window,
            "New lecture set",
            "Name of the lecture set:",
            suggested_name(page[1] if page else None, []),
        )
        if name:
            self.add_page(name=name)
