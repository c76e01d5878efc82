"""`painref --self-test`: the checks an installer runs on a fresh seat, one line each.

Opens the database, searches, renders a page and a comparison, finds a font, shows the
window, writes a PDF and a user database, and checks that no network socket was opened;
never waits on a dialog, and gives up with a FAIL line after a timeout.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from painref import paths
from painref.content.library import Library
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.application import (
    USER_DB_NAME,
    create_application,
    settings,
    use_offscreen_without_display,
)
from painref.ui.main_window import MainWindow

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


SELF_TEST_TIMEOUT_S = 60.0


class Watchdog:
    """Ends a self-test that has run too long: one FAIL line naming the check it hung in,
    then exit status 1. An installer waiting on `painref --self-test` never waits forever."""

    def __init__(
        self,
        seconds: float,
        out: TextIO,
        exit: Callable[[int], object] = os._exit,
    ) -> None:
        self.stage = "start-up"
        self.failures = 0
        self._seconds = seconds
        self._out = out
        self._exit = exit
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        try:
            self._out.write(
                f"FAIL self-test: timed out in {self.stage} (after {self._seconds:.0f} s)\n"
                f"self-test failed: {self.failures + 1} check(s)\n"
            )
            self._out.flush()
        finally:
            self._exit(1)


# Messages the offscreen platform prints for things it cannot do: harmless, not shown.
HARMLESS_QT_MESSAGES = ("This plugin does not support ",)


class QtMessages:
    """While installed, collects Qt's warnings instead of letting them reach stderr, so a
    passing self-test prints only its own lines; the unexpected ones are kept as notes."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._previous: Any = None

    def __enter__(self) -> QtMessages:
        self._previous = qInstallMessageHandler(self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        qInstallMessageHandler(self._previous)

    def _handle(self, kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(f"{message}\n")
            return
        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if message.startswith(HARMLESS_QT_MESSAGES):
            return
        line = " ".join(message.split())
        if line not in self.notes:
            self.notes.append(line)


class ModalGuard:
    """While running, closes any modal dialog that opens (on the offscreen platform nobody
    can click it, and it would block for ever) and records what it said."""

    def __init__(self, interval_ms: int = 50) -> None:
        self.seen: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._close_modal)

    def __enter__(self) -> ModalGuard:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.stop()
        self._close_modal()

    def _close_modal(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        self.seen.append(" ".join(f"{widget.windowTitle()}: {text}".split()))
        if isinstance(widget, QDialog):
            widget.done(0)
        else:
            widget.close()


def self_test(out: TextIO | None = None, timeout: float = SELF_TEST_TIMEOUT_S) -> int:
    """Open the database, search, render a page and a comparison, check that a font is
    found, show the window, write a PDF, and check that no network socket was opened.
    Prints one line per check; 0 when all pass. Never waits on a dialog, and gives up with
    a FAIL line after timeout seconds."""
    out = out or sys.stdout
    use_offscreen_without_display()
    state: dict[str, Any] = {}

    with Watchdog(timeout, out) as watchdog, QtMessages() as qt_messages:

        def check(name: str, step: Callable[[], str]) -> None:
            watchdog.stage = name
            try:
                detail = step()
            except Exception as exc:  # report every failure, then go on to the next check
                watchdog.failures += 1
                out.write(f"FAIL {name}: {' '.join(str(exc).split()) or type(exc).__name__}\n")
                if os.environ.get("PAINREF_DEBUG"):
                    import traceback

                    traceback.print_exc(file=out)
                return
            out.write(f"ok   {name}: {detail}\n")
            out.flush()

        with NetworkGuard() as guard:
            check("database", lambda: _check_database(state))
            check("search", lambda: _check_search(state))
            check("topic page", lambda: _check_topic_page(state))
            check("comparison", lambda: _check_comparison(state))
            check("fonts", _check_fonts)
            check("main window", lambda: _check_window(state))
            check("pdf export", lambda: _check_pdf_export(state))
            check("user data", _check_user_data)
        check("no network", lambda: _check_network(guard))
        failures = watchdog.failures
    for note in qt_messages.notes:
        out.write(f"note qt: {note}\n")
    out.write(f"self-test {'passed' if not failures else f'failed: {failures} check(s)'}\n")
    out.flush()
    return 0 if not failures else 1


def _check_database(state: dict[str, Any]) -> str:
    library = Library.open(paths.bundled_db(), check=True)  # the whole file, every time
    state["library"] = library
    topics = library.count_topics(include_tools=False)
    return (
        f"{paths.bundled_db()} (content {library.meta.content_version}, "
        f"{topics} topics, {library.count_conditions()} conditions)"
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


GENERIC_FONT_FAMILIES = frozenset({"Monospace", "Sans Serif", "Serif"})


def _check_fonts() -> str:
    """A real font must be found: without one (no fontconfig, no font package) Qt still
    starts, lists only its generic names, and draws every letter as an empty box."""
    from PySide6.QtGui import QFontDatabase, QFontInfo

    app = create_application([sys.argv[0]])
    families = set(QFontDatabase.families()) - GENERIC_FONT_FAMILIES
    resolved = QFontInfo(app.font()).family()
    if not families or not resolved:
        raise AssertionError(
            "no font found, so every letter would be an empty box (install fontconfig and "
            "fonts-dejavu-core; the README lists every system library)"
        )
    return f"{len(families)} families, text in {resolved}"


def _check_window(state: dict[str, Any]) -> str:
    import tempfile

    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp, ModalGuard() as modal:
        window = MainWindow(
            state["library"], SearchService(state["library"]), settings(Path(tmp) / "settings.ini")
        )
        try:
            window.restore_state()
            window.show()
            app.processEvents()
            window.show_page("epidural-steroid-injection")
            app.processEvents()
            text = window.view.toPlainText()
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    if modal.seen:
        raise AssertionError(f"the window showed a message: {'; '.join(modal.seen)}")
    if "Epidural steroid injection" not in text:
        raise AssertionError("the window did not show the page")
    return f"shown on the {app.platformName()} platform"


def _check_pdf_export(state: dict[str, Any]) -> str:
    """A one-page handout written as PDF into a temporary folder."""
    import tempfile

    from painref.ui.handout import export_handout_pdf

    library = state["library"]
    create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "self-test.pdf"
        export_handout_pdf(library, ["epidural-steroid-injection"], path, "PainRef self-test")
        with path.open("rb") as pdf:
            start = pdf.read(5)
        size = path.stat().st_size
    if start != b"%PDF-":
        raise AssertionError(f"the handout is not a PDF (it starts with {start!r})")
    return f"a {size // 1024} KiB handout written"


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
