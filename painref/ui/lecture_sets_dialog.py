"""Lecture sets: an educator's ordered lists of pages to present and hand out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from painref.errors import PainRefError
from painref.store.lecture_sets import LectureSet, LectureSetStore
from painref.ui import messages
from painref.ui.printing import file_stem

SET_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_DIALOG_CHARS = 60
"""The name dialog is wide enough for its title and a name this long."""

T = TypeVar("T")
CurrentPage = Callable[[], "tuple[str, str] | None"]
"""(location, title) of the page the window shows, or None when it shows no page."""


def ask_name(parent: QWidget, title: str, label: str, text: str) -> str | None:
    """A name typed by the reader (text filled in and selected), or None when cancelled.

    Wide enough that its title is not cut and a long name shows whole.
    """
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    width = dialog.fontMetrics().averageCharWidth() * NAME_DIALOG_CHARS
    dialog.setMinimumWidth(width)
    dialog.resize(QSize(width, dialog.sizeHint().height()))
    edit = dialog.findChild(QLineEdit)
    if edit is not None:
        edit.selectAll()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    name = dialog.textValue().strip()
    return name or None


def suggested_name(page_title: str | None, taken: Sequence[str]) -> str:
    """A name for a new set: after the page it starts with, else "Lecture 1", "Lecture 2"..."""
    if page_title:
        return f"Lecture: {page_title}"
    number = 1
    while f"Lecture {number}" in taken:
        number += 1
    return f"Lecture {number}"


class LectureSetsDialog(QDialog):
    """Create, rename, reorder, import and export lecture sets; present or hand one out.

    Signals:
        present_requested(int): present this set straight through.
        handout_requested(int): export this set as one PDF handout.
    """

    present_requested = Signal(int)
    handout_requested = Signal(int)

    def __init__(
        self,
        store: LectureSetStore,
        parent: QWidget | None = None,
        current_page: CurrentPage | None = None,
    ) -> None:
        """Args:
        current_page: the page the window shows, for "Add current page" (None: no button).
        """
        super().__init__(parent)
        self._store = store
        self._current_page = current_page
        self.setWindowTitle("Lecture sets")
        self.setAccessibleName("Lecture sets")
        self.sets = QListWidget(self)
        self.sets.setAccessibleName("Lecture sets")
        self.items = QListWidget(self)
        self.items.setAccessibleName("Pages in the lecture set, in order")
        for names in (self.sets, self.items):
            # Long names wrap instead of hiding behind a horizontal scroll bar.
            names.setWordWrap(True)
            names.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            names.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            names.setMinimumWidth(names.fontMetrics().averageCharWidth() * 24)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the set's name
        self.buttons: dict[str, QPushButton] = {}
        set_buttons = QVBoxLayout()
        for key, text in (
            ("new", "&New…"),
            ("rename", "&Rename…"),
            ("delete", "&Delete"),
            ("import", "&Import…"),
            ("export", "E&xport…"),
        ):
            set_buttons.addWidget(self._button(key, text))
        set_buttons.addStretch(1)
        item_buttons = QVBoxLayout()
        for key, text in (
            ("add", "&Add current page"),
            ("up", "Move &up"),
            ("down", "Move do&wn"),
            ("remove", "Re&move"),
            ("present", "&Present (F5)"),
            ("handout", "&Handout PDF…"),
            ("close", "Close"),
        ):
            item_buttons.addWidget(self._button(key, text))
        item_buttons.addStretch(1)
        lists = QHBoxLayout()
        lists.addWidget(self.sets, 2)
        lists.addLayout(set_buttons)
        lists.addWidget(self.items, 3)
        lists.addLayout(item_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(lists)
        self.buttons["add"].setVisible(current_page is not None)
        self.resize(self._first_size())
        self._connect_signals()
        self.refresh()

    def _first_size(self) -> QSize:
        """About 60 characters of names across both lists, and no larger than the screen."""
        char = self.fontMetrics().averageCharWidth()
        wanted = QSize(max(820, char * 110), max(460, self.fontMetrics().height() * 24))
        owner = self.parentWidget()
        screen = owner.screen() if owner is not None else self.screen()
        room = screen.availableGeometry().size() * 0.9
        return wanted.boundedTo(room)

    def _button(self, key: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.buttons[key] = button
        return button

    def _connect_signals(self) -> None:
        b = self.buttons
        self.sets.currentRowChanged.connect(self._on_sets_current_row_changed)
        b["new"].clicked.connect(self._on_new_clicked)
        b["rename"].clicked.connect(self._on_rename_clicked)
        b["delete"].clicked.connect(self._on_delete_clicked)
        b["import"].clicked.connect(self._on_import_clicked)
        b["export"].clicked.connect(self._on_export_clicked)
        b["add"].clicked.connect(self.add_current_page)
        b["up"].clicked.connect(lambda: self.move_current_item(-1))
        b["down"].clicked.connect(lambda: self.move_current_item(1))
        b["remove"].clicked.connect(self._on_remove_clicked)
        b["present"].clicked.connect(self._on_present_clicked)
        b["handout"].clicked.connect(self._on_handout_clicked)
        b["close"].clicked.connect(self.accept)

    # -- state ---------------------------------------------------------------------------------

    def current_set(self) -> LectureSet | None:
        item = self.sets.currentItem()
        return self._store.get(int(item.data(SET_ID_ROLE))) if item else None

    def select_set(self, set_id: int) -> None:
        for row in range(self.sets.count()):
            if self.sets.item(row).data(SET_ID_ROLE) == set_id:
                self.sets.setCurrentRow(row)

    def refresh(self, keep: int | None = None) -> None:
        chosen = keep if keep is not None else (self.current_set() or _NoSet).id
        self.sets.blockSignals(True)
        self.sets.clear()
        for lecture_set in self._store.list():
            item = QListWidgetItem(f"{lecture_set.name} ({len(lecture_set.items)})", self.sets)
            item.setData(SET_ID_ROLE, lecture_set.id)
            item.setToolTip(lecture_set.name)
        self.sets.blockSignals(False)
        if self.sets.count():
            self.select_set(chosen)
            if self.sets.currentRow() < 0:
                self.sets.setCurrentRow(0)
        self._show_items()

    def _show_items(self, row: int | None = None) -> None:
        lecture_set = self.current_set()
        self.items.clear()
        for index, entry in enumerate(lecture_set.items if lecture_set else ()):
            QListWidgetItem(f"{index + 1}. {entry.title}", self.items).setToolTip(entry.title)
        if row is not None and self.items.count():
            self.items.setCurrentRow(max(0, min(row, self.items.count() - 1)))
        has_set = lecture_set is not None
        has_items = bool(lecture_set and lecture_set.items)
        page = self._current_page() if self._current_page is not None else None
        self.buttons["add"].setEnabled(has_set and page is not None)
        if page is not None:
            self.buttons["add"].setToolTip(f"Add “{page[1]}” at the end of this set")
        for key in ("rename", "delete", "export"):
            self.buttons[key].setEnabled(has_set)
        for key in ("up", "down", "remove", "present", "handout"):
            self.buttons[key].setEnabled(has_items)
        if not has_set:
            self.hint.setText(
                "No lecture sets yet. Make one with New, then add pages to it "
                "from the Lecture sets menu while reading them."
            )
        elif not has_items and lecture_set is not None:
            self.hint.setText(
                f"This set is empty. Add the page shown with Add current page, or open a "
                f"page and choose Lecture sets → Add this page to “{lecture_set.name}”."
            )
        else:
            self.hint.setText(
                "Order the pages, then present the set or export it as one PDF handout."
            )

    # -- changes -------------------------------------------------------------------------------

    def _change(self, action: Callable[[], T]) -> T | None:
        try:
            return action()
        except PainRefError as exc:
            messages.warn(self, "Lecture sets", str(exc))
            return None

    def create_set(self, name: str) -> LectureSet | None:
        created = self._change(lambda: self._store.create(name))
        if isinstance(created, LectureSet):
            self.refresh(keep=created.id)
            return created
        return None

    def add_current_page(self) -> None:
        """Add the page the window shows at the end of the chosen set."""
        lecture_set = self.current_set()
        page = self._current_page() if self._current_page is not None else None
        if lecture_set is None or page is None:
            return
        location, title = page
        self._change(lambda: self._store.add_item(lecture_set.id, location, title))
        self.refresh(keep=lecture_set.id)
        self._show_items(len(lecture_set.items))

    def move_current_item(self, step: int) -> None:
        lecture_set, row = self.current_set(), self.items.currentRow()
        if lecture_set is None or row < 0:
            return
        self._change(lambda: self._store.move_item(lecture_set.id, row, step))
        self.refresh(keep=lecture_set.id)
        self._show_items(row + step)

    def _on_sets_current_row_changed(self, _row: int) -> None:
        self._show_items()

    def _on_new_clicked(self) -> None:
        taken = [s.name for s in self._change(self._store.list) or []]
        name = ask_name(
            self, "New lecture set", "Name of the lecture set:", suggested_name(None, taken)
        )
        if name:
            self.create_set(name)

    def _on_rename_clicked(self) -> None:
        lecture_set = self.current_set()
        if lecture_set is None:
            return
        name = ask_name(self, "Rename lecture set", "New name:", lecture_set.name)
        if name:
            self._change(lambda: self._store.rename(lecture_set.id, name))
            self.refresh(keep=lecture_set.id)

    def _on_delete_clicked(self) -> None:
        lecture_set = self.current_set()
        if lecture_set is None:
            return
        if messages.ask(
            self, "Delete lecture set", f"Delete “{lecture_set.name}”? Its pages stay in PainRef."
        ):
            self._change(lambda: self._store.delete(lecture_set.id))
            self.refresh()

    def _on_remove_clicked(self) -> None:
        lecture_set, row = self.current_set(), self.items.currentRow()
        if lecture_set is not None and row >= 0:
            self._change(lambda: self._store.remove_item(lecture_set.id, row))
            self.refresh(keep=lecture_set.id)
            self._show_items(row)

    def _on_import_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a lecture set", str(Path.home()), "Lecture sets (*.json)"
        )
        if name:
            imported = self._change(lambda: self._store.import_json(Path(name)))
            if isinstance(imported, LectureSet):
                self.refresh(keep=imported.id)

    def _on_export_clicked(self) -> None:
        lecture_set = self.current_set()
        if lecture_set is None:
            return
        suggested = Path.home() / f"{file_stem(lecture_set.name, 'lecture-set')}.painref-set.json"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the lecture set", str(suggested), "Lecture sets (*.json)"
        )
        if name:
            self._change(lambda: self._store.export_json(lecture_set.id, Path(name)))

    def _on_present_clicked(self) -> None:
        lecture_set = self.current_set()
        if lecture_set is not None and lecture_set.items:
            self.present_requested.emit(lecture_set.id)

    def _on_handout_clicked(self) -> None:
        lecture_set = self.current_set()
        if lecture_set is not None and lecture_set.items:
            self.handout_requested.emit(lecture_set.id)


class _NoSet:
    id = -1
