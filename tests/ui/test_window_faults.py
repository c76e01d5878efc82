"""The window over every damaged content database and every damaged user database.

The reliability review drove the real window over damaged databases and saw 250 uncaught
exceptions in 2,406 actions, and a user database missing a table stopped every launch. Here
each damaged copy (tests/faults/corpus.py) gets the same drive: build the window, open pages,
search, compare, bookmark, present. pytest-qt fails a test on any exception raised in a Qt
slot or virtual method, and a modal box is recorded instead of shown, so every outcome is a
refusal to start (a PainRefError), a message, or a working window: never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.errors import PainRefError
from painref.location import compare_location
from painref.paths import bundled_db
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.main_window import MainWindow

from ..faults.corpus import CONTENT_CASE_NAMES, USER_CASE_NAMES, content_db_cases, user_db_cases

PAGES = ("epidural-steroid-injection", "radiofrequency-ablation", "herniated-disc")
SEARCHES = ("esi", "steriod shot in back")  # an abbreviation, and typos to correct


@pytest.fixture(scope="module")
def damaged_content(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return dict(content_db_cases(tmp_path_factory.mktemp("window-faults"), bundled_db()))


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes the window showed (title: text), recorded instead of shown."""
    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()}: {box.text()}")
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def _window(library: Library, user: UserData, tmp_path: Path, qtbot: QtBot) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("search/recent", ["esi"])
    window = MainWindow(library, SearchService(library), settings, debounce_ms=0, user=user)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    return window


def _drive(window: MainWindow, qtbot: QtBot) -> None:
    for page in PAGES:
        window.show_page(page)
    window.show_location(compare_location(PAGES[:2]))
    window.user_data.toggle_bookmark()
    window.present()
    if window.presentation is not None:
        window.presentation.leave()
    window.show_page(PAGES[0])
    window.lectures.add_page(name="Faults")
    window.searching.focus()
    qtbot.keyClicks(window.search_field, "r")  # a real key after the recent searches popup
    for query in SEARCHES:
        window.search_field.setText(query)  # searched at once: the debounce is 0 here
    window.show_home()


@pytest.fixture
def good_user(tmp_path: Path) -> Iterator[UserData]:
    user = UserData.open(tmp_path / "user" / "user.db")
    yield user
    user.close()


@pytest.mark.parametrize("case", CONTENT_CASE_NAMES)
def test_a_damaged_content_database_never_gives_a_traceback(
    case: str,
    damaged_content: dict[str, Path],
    good_user: UserData,
    boxes: list[str],
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    try:
        library = Library.open(damaged_content[case])
    except PainRefError:
        return  # the "PainRef cannot start" box (tests/test_startup.py)
    try:
        try:
            window = _window(library, good_user, tmp_path, qtbot)
        except PainRefError:
            return  # also "cannot start": app.main catches it around the window
        _drive(window, qtbot)
        # Whatever failed was said in a box or the status bar, in one readable line each.
        assert all("Traceback" not in text for text in boxes)
    finally:
        library.close()


@pytest.mark.parametrize("case", USER_CASE_NAMES)
def test_a_damaged_user_database_still_opens_the_window(
    case: str, tmp_path: Path, boxes: list[str], qtbot: QtBot
) -> None:
    damaged = dict(user_db_cases(tmp_path / "cases"))[case]
    library = Library.open(bundled_db())
    user = UserData.open(damaged)
    try:
        window = _window(library, user, tmp_path, qtbot)
        _drive(window, qtbot)
        window.show_page(PAGES[0])
        assert "Epidural steroid injection" in window.view.toPlainText()
        if user.problem is None:  # repaired or untouched: saving works again
            window.user_data.toggle_bookmark()
            assert window.user_data.is_bookmarked()
    finally:
        user.close()
        library.close()
