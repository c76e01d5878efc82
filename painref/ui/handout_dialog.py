"""The handout's dialogs: where to save it and on which paper, then what was saved.

Both are plain dialogs the Printing controller (ui/printing.py) runs; they do no work of
their own. Opening the folder or the PDF hands a local file:// URL to the desktop
(QDesktopServices), which opens the file manager or the PDF viewer; nothing goes on the
network.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from painref.pages import NO_NOTES, NoteChoice
from painref.ui.export import PAPER_LABELS, PAPERS, Paper

PAPER_SIZES: dict[Paper, str] = {"a4": "210 \u00d7 297 mm", "letter": "8.5 \u00d7 11 in"}
"""The size beside each paper's name (a multiplication sign between the sides)."""


class HandoutDialog(QDialog):
    """Where to save a handout and on which paper (A4 or US Letter).

    Signals:
        save_requested(str, str): the path and the paper ("a4", "letter") to save to.
    """

    save_requested = Signal(str, str)

    def __init__(
        self,
        title: str,
        suggested: Path,
        paper: Paper,
        parent: QWidget | None = None,
        *,
        notes: NoteChoice = NO_NOTES,
        offer_local: bool = False,
        offer_personal: bool = False,
    ) -> None:
        """notes: the notes last chosen; offer_local, offer_personal: whether to offer the
        department's local protocols (a local layer is installed) and the reader's notes."""
        super().__init__(parent)
        self.offer_local = offer_local
        self.offer_personal = offer_personal
        self.local_box = QCheckBox("Include the &local protocols, marked as such")
        self.local_box.setChecked(notes.local)
        self.local_box.setAccessibleDescription(
            "Your department's own protocols, printed beside the published values they concern"
        )
        self.personal_box = QCheckBox("Include &my notes")
        self.personal_box.setChecked(notes.personal)
        self.personal_box.setAccessibleDescription("The private notes you keep on these pages")
        self.setWindowTitle("Save the handout")
        self._intro = QLabel(
            f"A PDF handout of “{title}”: a cover with the contents, each "
            "page, then every source once."
        )
        self._intro.setTextFormat(Qt.TextFormat.PlainText)
        self._intro.setWordWrap(True)
        self.path_field = QLineEdit(str(suggested))
        self.path_field.setAccessibleName("File")
        self.path_field.setMinimumWidth(self.fontMetrics().averageCharWidth() * 42)
        self._choose = QPushButton("&Choose…")
        self._choose.setAccessibleDescription("Choose the folder and file name")
        self.paper_buttons: dict[Paper, QRadioButton] = {
            p: QRadioButton(f"{PAPER_LABELS[p]} ({PAPER_SIZES[p]})") for p in PAPERS
        }
        self._papers = QButtonGroup(self)
        for button in self.paper_buttons.values():
            self._papers.addButton(button)
        self.paper_buttons[paper].setChecked(True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.path_field, 1)
        where.addWidget(self._choose)
        papers = QVBoxLayout()
        for button in self.paper_buttons.values():
            papers.addWidget(button)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_field)
        form.addRow(file_label, where)
        form.addRow(QLabel("Paper:"), papers)
        if self.offer_local or self.offer_personal:
            boxes = QVBoxLayout()
            if self.offer_local:
                boxes.addWidget(self.local_box)
            if self.offer_personal:
                boxes.addWidget(self.personal_box)
            form.addRow(QLabel("Notes:"), boxes)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self._buttons)

    def _connect_signals(self) -> None:
        self._choose.clicked.connect(self._on_choose_clicked)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    @property
    def paper(self) -> Paper:
        return next(p for p, button in self.paper_buttons.items() if button.isChecked())

    @property
    def notes(self) -> NoteChoice:
        """The notes the handout carries: only what is offered and ticked."""
        return NoteChoice(
            local=self.offer_local and self.local_box.isChecked(),
            personal=self.offer_personal and self.personal_box.isChecked(),
        )

    @property
    def path(self) -> Path:
        text = self.path_field.text().strip()
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the handout", str(self.path), "PDF files (*.pdf)"
        )
        if name:
            self.path_field.setText(name)

    def _on_buttons_accepted(self) -> None:
        if self.path_field.text().strip():
            self.save_requested.emit(str(self.path), self.paper)


class HandoutSaved(QDialog):
    """Says a handout was saved (where, how many pages, which paper) and offers to open
    its folder or the PDF itself."""

    def __init__(self, path: Path, pages: int, paper: Paper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Handout saved")
        self.path = path
        plural = "s" if pages != 1 else ""
        self.message = QLabel(
            f"Saved the handout, {pages} page{plural} on {PAPER_LABELS[paper]}:\n{path}"
        )
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setWordWrap(True)
        self.open_folder = QPushButton("Open &folder")
        self.open_folder.setAccessibleDescription(f"Show {path.parent} in the file manager")
        self.open_pdf = QPushButton("&Open PDF")
        self.close_button = QPushButton("Close")
        buttons = QDialogButtonBox()
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_pdf, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.open_folder.clicked.connect(self._on_open_folder_clicked)
        self.open_pdf.clicked.connect(self._on_open_pdf_clicked)
        self.close_button.clicked.connect(self.reject)

    def _on_open_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))
        self.accept()

    def _on_open_pdf_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
        self.accept()
