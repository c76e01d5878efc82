"""Composition root: the QApplication, the services and the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from painref import __version__, paths
from painref.content.library import Library
from painref.errors import PainRefError
from painref.search.service import SearchService
from painref.ui.main_window import MainWindow

ORGANIZATION = "PainRef"
APPLICATION = "PainRef"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with PainRef's names, so QSettings land in the user's own folders."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("painref")
    icon = paths.resources_dir() / "icons" / "painref.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def build_window(library: Library) -> MainWindow:
    window = MainWindow(library, SearchService(library), settings())
    window.restore_state()
    return window


def main() -> int:
    """Open the app; returns the exit status."""
    app = create_application()
    try:
        library = Library.open(paths.bundled_db())
    except PainRefError as exc:
        QMessageBox.critical(None, "PainRef cannot start", str(exc))
        print(f"painref: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    window = build_window(library)
    window.show()
    return app.exec()
