"""Fixtures for driving the real window offscreen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot: QtBot, small_library: Library, settings_path: Path) -> WindowFactory:
    """Builds a window over the small test database; each call is a fresh start."""

    def make() -> MainWindow:
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        user = UserData.open(settings_path.parent / "user.db")
        window = MainWindow(
            small_library, SearchService(small_library), settings, debounce_ms=0, user=user
        )
        qtbot.addWidget(window)
        window.restore_state()
        with qtbot.waitExposed(window):
            window.show()
        return window

    return make


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()
