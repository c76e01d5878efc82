"""Saving a handout from the window: where and on which paper, remembered, then what was saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, QPoint, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from painref.ui.handout_dialog import HandoutDialog, HandoutSaved
from painref.ui.main_window import MainWindow
from painref.ui.printing import FOLDER_KEY, PAPER_KEY, file_stem

LETTER_POINTS = (612, 792)


class _Desktop(QObject):
    """Stands in for the desktop: the file:// URLs QDesktopServices was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def desktop() -> Iterator[_Desktop]:
    handler = _Desktop()
    QDesktopServices.setUrlHandler("file", handler, "open_url")  # type: ignore[arg-type]
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def _save(qtbot: QtBot, window: MainWindow, target: Path, *, letter: bool) -> HandoutSaved:
    window.printing.save_handout("Spine lecture - week 3", ["alpha-injection", "back-pain"])
    dialog = window.printing.handout_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.path_field.selectAll()
    qtbot.keyClicks(dialog.path_field, str(target))
    button = dialog.paper_buttons["letter" if letter else "a4"]
    # On the indicator: a radio button takes clicks on its circle and its words only.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    assert dialog.paper == ("letter" if letter else "a4")
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        qtbot.keyClick(dialog.path_field, Qt.Key.Key_Return)
    saved = window.printing.saved_dialog
    assert saved is not None
    qtbot.waitExposed(saved)
    return saved


def test_the_file_name_has_no_runs_of_hyphens() -> None:
    # ux.md D33: "lumbar-radicular-pain---pgy2-lecture-handout.pdf".
    assert file_stem("Lumbar radicular pain - PGY2 lecture") == "lumbar-radicular-pain-pgy2-lecture"
    assert file_stem("ESI / TFESI: a — b __ c") == "esi-tfesi-a-b-c"
    assert file_stem("  - ") == "painref"


def test_the_dialog_offers_a4_or_letter_and_a_clean_name(qtbot: QtBot, window: MainWindow) -> None:
    window.printing.save_handout("Lumbar radicular pain - PGY2 lecture", ["alpha-injection"])
    dialog = window.printing.handout_dialog
    assert isinstance(dialog, HandoutDialog)
    qtbot.waitExposed(dialog)
    assert Path(dialog.path_field.text()).name == "lumbar-radicular-pain-pgy2-lecture-handout.pdf"
    assert dialog.paper == "a4"
    assert [b.text().split(" (")[0] for b in dialog.paper_buttons.values()] == ["A4", "US Letter"]
    dialog.reject()


def test_saving_offers_open_folder_and_remembers_the_paper(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, settings_path: Path, desktop: _Desktop
) -> None:
    target = tmp_path / "out" / "week3.pdf"
    target.parent.mkdir()
    saved = _save(qtbot, window, target, letter=True)
    page = PdfReader(str(target)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == LETTER_POINTS
    assert saved.open_folder.text() == "Open &folder"
    assert saved.open_pdf.text() == "&Open PDF"
    pages = len(PdfReader(str(target)).pages)
    assert saved.message.text() == f"Saved the handout, {pages} pages on US Letter:\n{target}"
    qtbot.mouseClick(saved.open_folder, Qt.MouseButton.LeftButton)
    # The folder, as a local file:// URL for the desktop's file manager: no network.
    assert desktop.opened == [QUrl.fromLocalFile(str(target.parent))]
    assert desktop.opened[0].isLocalFile()
    assert not saved.isVisible()
    # Remembered: the next handout is offered on Letter, in the same folder.
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert settings.value(PAPER_KEY) == "letter"
    assert settings.value(FOLDER_KEY) == str(target.parent)
    window.printing.save_handout("Next", ["alpha-injection"])
    again = window.printing.handout_dialog
    assert again is not None
    assert again.paper == "letter"
    assert Path(again.path_field.text()).parent == target.parent
    again.reject()


def test_open_pdf_opens_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, desktop: _Desktop
) -> None:
    target = tmp_path / "week3.pdf"
    saved = _save(qtbot, window, target, letter=False)
    assert target.is_file()
    assert "on A4:" in saved.message.text()
    qtbot.mouseClick(saved.open_pdf, Qt.MouseButton.LeftButton)
    assert desktop.opened == [QUrl.fromLocalFile(str(target))]
