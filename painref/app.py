"""Composition root: the QApplication, the services and the main window.

The self-test lives in ui/selftest.py and the application's set-up in ui/application.py;
their names are imported here too, where the launcher, the CLI and the scripts look.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from painref import first_page, paths
from painref import policy as machine_policy
from painref.errors import PainRefError
from painref.ui import first_frame
from painref.ui.appearance import Appearance
from painref.ui.appearance import apply as apply_appearance
from painref.ui.appearance import finish as finish_appearance
from painref.ui.application import (
    USER_DB_NAME,
    create_application,
    has_display,
    set_window_icon,
    settings,
    use_offscreen_without_display,
)
from painref.ui.instance import Instance, Request
from painref.ui.main_window import MainWindow
from painref.ui.messages import box as message_box  # plain text, never rendered

if TYPE_CHECKING:
    from PySide6.QtCore import QLibrary

    from painref.content.library import Library
    from painref.content.local_layer import LocalLayer
    from painref.store.user import UserData
    from painref.ui.selftest import NetworkGuard, QtMessages, Watchdog, self_test

# The first frame imports only what the window's shell needs; the rest of the app, and the
# self-test's helpers that live here for the launcher and the scripts, load on first use.
_LATER = {
    "NetworkGuard": "painref.ui.selftest",
    "QtMessages": "painref.ui.selftest",
    "Watchdog": "painref.ui.selftest",
    "self_test": "painref.ui.selftest",
}


def __getattr__(name: str) -> object:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "NetworkGuard",
    "QtMessages",
    "Watchdog",
    "build_window",
    "create_application",
    "main",
    "peak_rss_kb",
    "self_test",
    "settings",
    "use_offscreen_without_display",
    "x11_problem",
]


def build_window(
    library: Library,
    window_settings: QSettings | None = None,
    user: UserData | None = None,
    local: LocalLayer | None = None,
    local_problem: str | None = None,
) -> MainWindow:
    """The main window, under the machine's policy file, with the department's local layer
    when one is installed."""
    from painref.search.service import SearchService

    notes = user.notes if user is not None else None
    window = MainWindow(
        library,
        SearchService(library, local=local, notes=notes),
        window_settings or settings(),
        user=user,
        policy=machine_policy.current(),
        local=local,
        local_problem=local_problem,
    )
    window.restore_state()
    return window


def open_local_layer() -> tuple[LocalLayer | None, str | None]:
    """The department's local layer in force, or why it cannot be shown (never raises)."""
    from painref.content.local_layer import open_in_force

    return open_in_force()


EXIT_AFTER_START_ENV = "PAINREF_EXIT_AFTER_START"
PREPARE_SLICE_S = 0.015
"""The search's idle preparation runs in slices of about this long (under a frame)."""


def _can_show_boxes() -> bool:
    """False where nobody could close a message box: the offscreen and minimal platforms,
    and the start-up benchmark's probe. A box there would wait for ever."""
    platform = QApplication.platformName()
    return platform not in ("offscreen", "minimal") and not os.environ.get(EXIT_AFTER_START_ENV)


def _cannot_start(reason: str) -> int:
    sys.stderr.write(f"painref: {reason}\n")
    if _can_show_boxes():
        from PySide6.QtWidgets import QMessageBox

        message_box(None, QMessageBox.Icon.Critical, "PainRef cannot start", reason).exec()
    return 1


def _show_error(title: str, text: str) -> None:
    """The exception hook's dialog, where someone can close it."""
    if _can_show_boxes():
        from PySide6.QtWidgets import QMessageBox

        message_box(QApplication.activeWindow(), QMessageBox.Icon.Critical, title, text).exec()


def _describe_content_error(exc: PainRefError) -> str:
    if os.environ.get("PAINREF_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return str(exc)


def _open_user_data() -> UserData:
    """The user's bookmarks and history; a store that fails in any way still opens the app."""
    from painref.store.user import UserData

    try:
        return UserData.open(paths.user_data_dir() / USER_DB_NAME)
    except PainRefError as exc:  # the stores raise only these (StoreError and its kinds)
        return UserData.unavailable(
            f"the file of your bookmarks, notes and history cannot be used: {exc}"
        )


# --- the X11 preflight: name the missing system library before Qt aborts -------------------


def x11_problem() -> str | None:
    """Which system libraries Qt's X11 plugin lacks, or None (also when X11 is not used).

    Qt aborts when its xcb plugin cannot be loaded, and its message names a library that
    may well be installed (libxcb-cursor0). Loading the plugin first costs about what
    Qt's own loading of it would, and the loader's error names the real one."""
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] not in ("", "xcb"):
        return None
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None  # Qt may choose Wayland; X11 is only its fallback
    plugin = _xcb_plugin()
    from PySide6.QtCore import QLibrary  # here, not at import: only this check needs it

    if plugin is None or QLibrary(str(plugin)).load():
        return None  # the usual case: Qt finds the plugin loaded already
    from painref import syslibs  # only now: importing anything after Qt costs milliseconds

    lib_dirs = [plugin.parents[2] / "lib"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        lib_dirs.append(Path(bundle))
    return syslibs.plugin_problem(plugin, load=_load_library, qt_lib_dirs=lib_dirs)


def _load_library(name: str) -> QLibrary:
    """Loads a shared library as Qt does; OSError with the loader's own message if not.
    (Not ctypes: in a frozen build PyInstaller replaces its message with a vaguer one.)"""
    from PySide6.QtCore import QLibrary

    library = QLibrary(name)
    if not library.load():
        raise OSError(library.errorString())
    return library


def _xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin, where Qt will look for it."""
    from PySide6.QtCore import QLibraryInfo

    folders = [
        *os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep),
        *(
            os.path.join(folder, "platforms")
            for folder in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep)
            if folder
        ),
        os.path.join(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms"),
    ]
    for folder in folders:
        if folder:
            plugin = Path(folder) / "libqxcb.so"
            if plugin.is_file():
                return plugin
    return None


def main(*, page: str | None = None, query: str | None = None) -> int:
    """Open the app; returns the exit status. page: open that page id; query: open the
    best match for those words, with the results listed. When the user's window is open
    already, the request goes to it and this process ends.

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
    problem = x11_problem()
    if problem is not None:
        sys.stderr.write(f"painref: Qt cannot open the X11 window: {problem}\n")
        return 1
    request = Request("query", query) if query else Request("open", page) if page else Request()
    instance = Instance(paths.user_cache_dir())
    if not exit_after_start and not instance.acquire():
        if instance.hand_off(request):
            return 0
        sys.stderr.write("painref: the open window did not answer; opening another\n")
    app = create_application(icon=False)  # given by _Start, after the first frame
    try:
        listening = None if exit_after_start else instance  # a probe takes no requests
        return _open_window(app, exit_after_start, request, listening)
    finally:
        instance.release()


def _open_window(
    app: QApplication,
    exit_after_start: bool,
    request: Request | None = None,
    instance: Instance | None = None,
) -> int:
    """The window over the content database and the user's data, until the app quits.

    Two stages: the window's shell with the page the last session left (kept in the user's
    cache, see first_page.py) is shown at once; the content, the user's data, the search
    and the controllers load once that first frame is painted (_Start)."""
    window_settings = settings()
    rules = machine_policy.current()
    if rules.problem:  # the window says it too, in its status bar and in Settings (and the
        sys.stderr.write(f"painref: {rules.problem}\n")  # log, once it is open: _Start)
    appearance = Appearance.load(window_settings).enforced(rules)
    apply_appearance(app, appearance, first_frame=True)  # finished by _Start, after it
    window = MainWindow(None, None, window_settings, policy=rules)
    window.restore_geometry()
    request = request or Request()
    location: str | None = window.stored_location()
    if request.kind == "open":
        location = request.value
    key = first_frame.first_page_key(window_settings, rules)
    if request.kind == "query":  # an exact title or abbreviation of a page kept for it
        from painref.search.quick import norm

        location = first_page.named(paths.user_cache_dir(), norm(request.value), key)
    cached = None
    if location is not None:
        cached = first_page.read(paths.user_cache_dir(), location, key)
    images = None
    if cached is not None:  # those the first frame shows; adopt() reads the others
        images = first_frame.cached_images(cached, first_page.head(cached.html) or cached.html)
    if images is None:
        cached = None
    if cached is not None and images is not None:
        window.show_cached(cached, images)  # shown with it (nothing is painted until the
    else:  # event loop runs)
        window.show()
    start = _Start(app, window, window_settings, cached, exit_after_start, request, instance)
    start.appearance = appearance
    try:
        status = app.exec()
    finally:
        start.finish()
    if exit_after_start:
        _say(f"peak_rss_kb {peak_rss_kb()}")
    return start.status if start.status else status


class _Start(QObject):
    """The second stage of the start: after the first frame, load everything else.

    With PAINREF_EXIT_AFTER_START=1 (the start-up benchmark's probe) it says `first_paint`
    on stdout when the page view first paints with the page, `ready` once the window is
    complete, and quits."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        window_settings: QSettings,
        cached: first_page.CachedPage | None,
        probe: bool,
        request: Request,
        instance: Instance | None,
    ) -> None:
        super().__init__(window)
        self._request = request
        self._instance = instance
        self.app = app
        self.window = window
        self._settings = window_settings
        self._cached = cached
        self._probe = probe
        self._page_in_view = cached is not None
        self._painted = False
        self._started = False
        self._done = False
        self._reporting = contextlib.ExitStack()
        self.status = 0
        self.user: UserData | None = None
        self.local: LocalLayer | None = None
        self.appearance: Appearance | None = None
        """What apply_appearance(first_frame=True) left for after the first frame."""
        window.view.viewport().installEventFilter(self)
        # Should no paint come (a window opened minimised), load anyway.
        QTimer.singleShot(250, self._complete)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if self._page_in_view and not self._painted:
                self._first_paint()
            if not self._started:
                QTimer.singleShot(0, self._complete)
        return False

    def _first_paint(self) -> None:
        self._painted = True
        self.window.view.viewport().removeEventFilter(self)
        if self._probe:
            _say("first_paint")
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if self._probe and self._painted and self._done:
            QTimer.singleShot(0, self._ready)

    def _ready(self) -> None:
        _say("ready")
        self.app.quit()

    def _complete(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            self._load()
        except Exception:
            if self._probe:  # the probe must end, not wait for a page that never comes
                self.status = 1
                self.app.exit(1)
            raise  # the crash report (crash.reporting's hook) says what it was

    def _load(self) -> None:
        from painref.ui import crash  # the log and the crash report, off the first frame

        self._reporting.enter_context(crash.reporting(_show_error))
        if self.appearance is not None:
            finish_appearance(self.app, self.appearance)
        set_window_icon(self.app)
        if self.window.policy.problem:
            crash.log.warning("%s", self.window.policy.problem)
        try:
            library = _open_content()
        except PainRefError as exc:
            self._fail(str(exc))
            return
        user = _open_user_data()
        local = open_local_layer()
        self.local = local[0]
        if local[1]:
            crash.log.warning("%s", local[1])
            sys.stderr.write(f"painref: {local[1]}\n")
        try:
            window, user = _complete_window(
                self.window, library, self._settings, user, local, self._cached, self._request
            )
        except PainRefError as exc:  # damaged content (Library and SearchService raise only these)
            user.close()
            self._fail(_describe_content_error(exc))
            return
        self.user = user
        if window is not self.window or not self._page_in_view:
            # The page is drawn now (no cached one, or a new window): its paint is the first.
            self.window.view.viewport().removeEventFilter(self)
            self.window = window
            self._page_in_view = True
            self._painted = False
            window.view.viewport().installEventFilter(self)
            window.view.viewport().update()
        self._done = True
        _say_recovered(window, user)
        if not self._probe:
            window.pack_sync.start()  # new content packs from the policy's folder, in a thread
            self._prepare_search()
        if self._instance is not None:
            self._instance.listen(window.take_request)
        self._maybe_ready()

    def _prepare_search(self) -> None:
        """Read the search's names and word list while the window is idle, a slice at a
        time, so the first search does not pay for them (about 1 s at 50,000 pages)."""
        timer = QTimer(self)
        timer.setInterval(0)
        search = self.window.search_service

        def step() -> None:
            try:
                done = search.prepare(PREPARE_SLICE_S)
            except PainRefError:
                done = True  # the search says so when it is used
            if done:
                timer.stop()

        timer.timeout.connect(step)
        timer.start()

    def _fail(self, reason: str) -> None:
        self.status = _cannot_start(reason)
        self.window.hide()
        self.app.exit(self.status)

    def finish(self) -> None:
        """When the app quits: keep the page shown for the next first frame, close the
        stores (the user's checkpoints its write-ahead log into its file)."""
        window = self.window
        if window.is_complete:
            window.pack_sync.wait(5)  # an install under way finishes (or is left whole)
        window.close()
        drawn = window.navigation.keepable() if window.is_complete else []
        status = window.content_status() if window.is_complete else ""
        window.deleteLater()
        if self.user is not None:
            self.user.close()
        if self.local is not None:
            self.local.close()
        if drawn and not self.status:
            first_frame.keep_first_pages(window, drawn, status, self._settings)
        self._reporting.close()


def _say(line: str) -> None:
    """A line for the start-up probe on stdout (a windowed Windows build has none)."""
    if sys.stdout is not None:
        sys.stdout.write(f"{line}\n")
        sys.stdout.flush()


def _complete_window(
    window: MainWindow,
    library: Library,
    window_settings: QSettings,
    user: UserData,
    local: tuple[LocalLayer | None, str | None],
    cached: first_page.CachedPage | None,
    request: Request,
) -> tuple[MainWindow, UserData]:
    """Load the shell; when the user's data fails it, a new window without them (a damaged
    user store must not stop the app). Raises what the content raises."""
    from painref.search.service import SearchService
    from painref.store.db import StoreError
    from painref.store.user import UserData

    layer, problem = local
    try:
        search = SearchService(library, local=layer, notes=user.notes)
        window.complete(
            library, search, user=user, local=layer, local_problem=problem, shown=cached
        )
        window.open_first(request)
        return window, user
    except StoreError as exc:  # the user's store, not the content: run without it
        if user.store is None:
            raise
        first = exc
    user.close()
    user = UserData.unavailable(
        f"the file of your bookmarks, notes and history cannot be used: {first}"
    )
    geometry = window.saveGeometry()
    window.hide()
    window.deleteLater()
    replacement = build_window(library, window_settings, user, layer, problem)
    replacement.restoreGeometry(geometry)
    replacement.show()
    if request.kind != "show":
        replacement.take_request(request)
    sys.stderr.write(f"painref: bookmarks, notes and history are off: {first}\n")
    return replacement, user


def _say_recovered(window: MainWindow, user: UserData) -> None:
    if user.recovered_from is not None and _can_show_boxes():
        from PySide6.QtWidgets import QMessageBox

        message_box(
            window,
            QMessageBox.Icon.Information,
            "Bookmarks database repaired",
            f"The file of your bookmarks, notes and history was damaged. It was kept as\n"
            f"{user.recovered_from}\nand a new, empty one was made.",
        ).exec()
    elif user.recovered_from is not None:
        sys.stderr.write(
            f"painref: the file of your bookmarks, notes and history was damaged; it was kept as "
            f"{user.recovered_from} and a new, empty one was made\n"
        )


def _open_content() -> Library:
    """The content database in force; when an installed content pack's cannot be opened,
    the copy PainRef ships, said on stderr and in the log (the window runs on).

    Raises:
        PainRefError: no usable content database at all.
    """
    from painref.content.library import Library

    path = paths.bundled_db()
    try:
        return Library.open(path)
    except PainRefError as exc:
        shipped = paths.shipped_db()
        if path == shipped or os.environ.get(paths.DB_ENV):
            raise  # the shipped copy, or the one $PAINREF_DB names: nothing to fall back to
        problem = (
            f"the installed content {path} cannot be used ({exc}); using the content PainRef "
            "ships. `painref pack rollback published` or a new pack puts it right"
        )
        from painref.ui import crash

        crash.log.warning("%s", problem)
        sys.stderr.write(f"painref: {problem}\n")
        return Library.open(shipped)


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
