"""The QApplication PainRef runs in: its names and icon, its display, its settings file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from painref import __version__, paths

ORGANIZATION = "PainRef"
USER_DB_NAME = "user.db"
APPLICATION = "PainRef"


def use_offscreen_without_display() -> None:
    """Qt aborts without a display; a headless self-test draws offscreen instead."""
    if not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def has_display() -> bool:
    """False on a Linux machine with neither X11 nor Wayland (a server, a CI runner)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_application(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The QApplication with PainRef's names and icon (reused when one exists). icon False:
    without the icon, for set_window_icon to give after the window's first frame (QIcon
    brings Qt's icon classes and their enums into Python, which that frame does without)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("painref")
    if icon:
        set_window_icon(app)
    return app


def set_window_icon(app: QApplication) -> None:
    """PainRef's icon for its windows (the window manager's title bar and task bar)."""
    from PySide6.QtGui import QIcon

    icon = paths.resources_dir() / "icons" / "painref.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def settings(path: Path | None = None) -> QSettings:
    """Window settings in an INI file in the user's own folders (or the portable folder)."""
    return QSettings(str(path or paths.settings_file()), QSettings.Format.IniFormat)
