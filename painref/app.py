"""Composition root: the QApplication, the services and the main window; and the self-test."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from painref import __version__, paths
from painref.content.library import Library
from painref.errors import PainRefError
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.appearance import Appearance
from painref.ui.appearance import apply as apply_appearance
from painref.ui.main_window import MainWindow

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


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with PainRef's names and icon (reused when one exists)."""
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


def settings(path: Path | None = None) -> QSettings:
    """Window settings in an INI file in the user's own folders (or the portable folder)."""
    return QSettings(str(path or paths.settings_file()), QSettings.Format.IniFormat)


def build_window(
    library: Library, window_settings: QSettings | None = None, user: UserData | None = None
) -> MainWindow:
    window = MainWindow(library, SearchService(library), window_settings or settings(), user=user)
    window.restore_state()
    return window


EXIT_AFTER_START_ENV = "PAINREF_EXIT_AFTER_START"


def main() -> int:
    """Open the app; returns the exit status.

    With PAINREF_EXIT_AFTER_START=1 (the start-up benchmark's probe), quit as soon as the
    window is shown with its page rendered and print the peak memory.
    """
    exit_after_start = os.environ.get(EXIT_AFTER_START_ENV) == "1"
    if not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        # Qt would abort with a long plugin message; say what is wrong instead.
        sys.stderr.write(
            "painref: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "start PainRef in a desktop session, or use its commands (painref --help)\n"
        )
        return 1
    app = create_application()
    window_settings = settings()
    apply_appearance(app, Appearance.load(window_settings))
    try:
        library = Library.open(paths.bundled_db())
    except PainRefError as exc:
        QMessageBox.critical(None, "PainRef cannot start", str(exc))
        sys.stderr.write(f"painref: {exc}\n")
        return 1
    # The user's own data; a folder that cannot be written still opens the app.
    user = UserData.open(paths.user_data_dir() / USER_DB_NAME)
    window = build_window(library, window_settings, user=user)
    window.show()
    if user.recovered_from is not None:
        QMessageBox.information(
            window,
            "Bookmarks database repaired",
            f"The bookmarks and history file was damaged. It was kept as\n"
            f"{user.recovered_from}\nand a new, empty one was made.",
        )
    if exit_after_start:
        QTimer.singleShot(0, app.quit)
    try:
        status = app.exec()
    finally:
        window.close()
        window.deleteLater()
        user.close()  # checkpoints the write-ahead log into the database file
    if exit_after_start:
        sys.stdout.write(f"peak_rss_kb {peak_rss_kb()}\n")
    return status


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (0 where the platform does not say).

    On Linux this is VmHWM: ru_maxrss would carry over the memory of the process that
    forked this one (a benchmark holding a large database), because it survives exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


# --- self-test ------------------------------------------------------------------------------

SELF_TEST_QUERIES = (
    ("esi", "epidural-steroid-injection"),
    ("radiofreq", "radiofrequency-ablation"),
    ("slipped disc", "herniated-disc"),
    ("steriod injection", "epidural-steroid-injection"),
)


class NetworkGuard:
    """Refuses and records any attempt to create an internet socket while installed."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._original: Any = None

    def __enter__(self) -> NetworkGuard:
        import socket

        original = socket.socket.__init__
        attempts = self.attempts

        def guarded(sock: socket.socket, family: int = -1, *args: Any, **kwargs: Any) -> None:
            if family in (-1, socket.AF_INET, socket.AF_INET6):
                attempts.append(f"socket(family={family})")
                raise OSError("PainRef opens no network connections")
            original(sock, family, *args, **kwargs)

        self._original = original
        socket.socket.__init__ = guarded  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        import socket

        socket.socket.__init__ = self._original  # type: ignore[method-assign]


def self_test(out: TextIO | None = None) -> int:
    """Open the database, search, render a page and a comparison, show the window, and
    check that no network socket was opened. Prints one line per check; 0 when all pass."""
    out = out or sys.stdout
    use_offscreen_without_display()
    failures = 0
    state: dict[str, Any] = {}

    def check(name: str, step: Callable[[], str]) -> None:
        nonlocal failures
        try:
            detail = step()
        except Exception as exc:  # report every failure, then go on to the next check
            failures += 1
            out.write(f"FAIL {name}: {exc}\n")
            if os.environ.get("PAINREF_DEBUG"):
                import traceback

                traceback.print_exc(file=out)
            return
        out.write(f"ok   {name}: {detail}\n")

    with NetworkGuard() as guard:
        check("database", lambda: _check_database(state))
        check("search", lambda: _check_search(state))
        check("topic page", lambda: _check_topic_page(state))
        check("comparison", lambda: _check_comparison(state))
        check("main window", lambda: _check_window(state))
        check("user data", _check_user_data)
    check("no network", lambda: _check_network(guard))
    out.write(f"self-test {'passed' if not failures else f'failed: {failures} check(s)'}\n")
    return 0 if not failures else 1


def _check_database(state: dict[str, Any]) -> str:
    library = Library.open(paths.bundled_db())
    state["library"] = library
    return (
        f"{paths.bundled_db()} (content {library.meta.content_version}, "
        f"{len(library.topics())} topics, {len(library.conditions())} conditions)"
    )


def _check_search(state: dict[str, Any]) -> str:
    service = SearchService(state["library"])
    for query, expected in SELF_TEST_QUERIES:
        found = [hit.id for hit in service.search(query, 3)]
        if expected not in found:
            raise AssertionError(f"{query!r} did not find {expected} (got {found})")
    return f"{len(SELF_TEST_QUERIES)} queries found their pages"


def _check_topic_page(state: dict[str, Any]) -> str:
    from painref.render.contexts import TopicPage
    from painref.render.pages import render_topic

    library = state["library"]
    html = render_topic(
        TopicPage(detail=library.topic("epidural-steroid-injection"), meta=library.meta)
    )
    if "At a glance" not in html or "References" not in html:
        raise AssertionError("the page is missing its sections")
    return f"{len(html)} characters of HTML"


def _check_comparison(state: dict[str, Any]) -> str:
    from painref.content.comparison import compare
    from painref.render.contexts import ComparePage
    from painref.render.pages import render_compare

    library = state["library"]
    comparison = compare(library, ["epidural-steroid-injection", "radiofrequency-ablation"])
    html = render_compare(ComparePage(comparison=comparison, meta=library.meta))
    return f"{len(comparison.rows)} rows, {len(html)} characters of HTML"


def _check_window(state: dict[str, Any]) -> str:
    import tempfile

    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(
            state["library"], SearchService(state["library"]), settings(Path(tmp) / "settings.ini")
        )
        window.restore_state()
        window.show()
        app.processEvents()
        window.show_page("epidural-steroid-injection")
        app.processEvents()
        text = window.view.toPlainText()
        window.close()
        window.deleteLater()
        app.processEvents()
    if "Epidural steroid injection" not in text:
        raise AssertionError("the window did not show the page")
    return f"shown on the {app.platformName()} platform"


def _check_user_data() -> str:
    """A fresh user database in a temporary folder: created, migrated, written, read."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        user = UserData.open(Path(tmp) / USER_DB_NAME)
        if user.problem or user.bookmarks is None or user.history is None:
            raise AssertionError(user.problem or "the user database did not open")
        user.bookmarks.add("epidural-steroid-injection", "Epidural steroid injection")
        user.history.visit("epidural-steroid-injection", "Epidural steroid injection")
        marks = [b.location for b in user.bookmarks.list()]
        user.close()
    if marks != ["epidural-steroid-injection"]:
        raise AssertionError(f"a saved bookmark did not come back: {marks}")
    return "created, migrated, saved and read a bookmark in a temporary folder"


def _check_network(guard: NetworkGuard) -> str:
    if guard.attempts:
        raise AssertionError(f"network sockets were requested: {guard.attempts}")
    if any(name.startswith("PySide6.QtNetwork") for name in sys.modules):
        raise AssertionError("Qt's network module was loaded")
    return "no socket opened, Qt network module not loaded"
