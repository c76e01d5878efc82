"""Composition root: the QApplication, the services and the main window.

The self-test lives in ui/selftest.py and the application's set-up in ui/application.py;
their names are imported here too, where the launcher, the CLI and the scripts look.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibrary, QLibraryInfo, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from painref import paths
from painref import policy as machine_policy
from painref.content.library import Library
from painref.errors import PainRefError
from painref.search.service import SearchService
from painref.store.db import StoreError
from painref.store.user import UserData
from painref.ui import crash
from painref.ui.appearance import Appearance
from painref.ui.appearance import apply as apply_appearance
from painref.ui.application import (
    USER_DB_NAME,
    create_application,
    has_display,
    settings,
    use_offscreen_without_display,
)
from painref.ui.main_window import MainWindow
from painref.ui.messages import box as message_box  # plain text, never rendered
from painref.ui.selftest import NetworkGuard, QtMessages, Watchdog, self_test

if TYPE_CHECKING:
    from painref.content.local_layer import LocalLayer

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


def _can_show_boxes() -> bool:
    """False where nobody could close a message box: the offscreen and minimal platforms,
    and the start-up benchmark's probe. A box there would wait for ever."""
    platform = QApplication.platformName()
    return platform not in ("offscreen", "minimal") and not os.environ.get(EXIT_AFTER_START_ENV)


def _cannot_start(reason: str) -> int:
    sys.stderr.write(f"painref: {reason}\n")
    if _can_show_boxes():
        message_box(None, QMessageBox.Icon.Critical, "PainRef cannot start", reason).exec()
    return 1


def _show_error(title: str, text: str) -> None:
    """The exception hook's dialog, where someone can close it."""
    if _can_show_boxes():
        message_box(QApplication.activeWindow(), QMessageBox.Icon.Critical, title, text).exec()


def _describe_content_error(exc: PainRefError) -> str:
    if os.environ.get("PAINREF_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return str(exc)


def _open_user_data() -> UserData:
    """The user's bookmarks and history; a store that fails in any way still opens the app."""
    try:
        return UserData.open(paths.user_data_dir() / USER_DB_NAME)
    except PainRefError as exc:  # the stores raise only these (StoreError and its kinds)
        return UserData.unavailable(
            f"the file of your bookmarks, notes and history cannot be used: {exc}"
        )


def _build_first_window(
    library: Library,
    window_settings: QSettings,
    user: UserData,
    local: tuple[LocalLayer | None, str | None] = (None, None),
) -> tuple[MainWindow, UserData]:
    """The main window; when building it with the user's data fails, once more without it
    (a damaged user store must not stop the app). Raises what the content raises."""
    layer, problem = local
    try:
        return build_window(library, window_settings, user, layer, problem), user
    except StoreError as exc:  # the user's store, not the content: run without it
        if user.store is None:
            raise
        first = exc
    user.close()
    user = UserData.unavailable(
        f"the file of your bookmarks, notes and history cannot be used: {first}"
    )
    window = build_window(library, window_settings, user, layer, problem)
    sys.stderr.write(f"painref: bookmarks, notes and history are off: {first}\n")
    return window, user


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
    library = QLibrary(name)
    if not library.load():
        raise OSError(library.errorString())
    return library


def _xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin, where Qt will look for it."""
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
    problem = x11_problem()
    if problem is not None:
        sys.stderr.write(f"painref: Qt cannot open the X11 window: {problem}\n")
        return 1
    app = create_application()
    with crash.reporting(_show_error):
        return _open_window(app, exit_after_start)


def _open_window(app: QApplication, exit_after_start: bool) -> int:
    """The window over the bundled database and the user's data, until the app quits."""
    window_settings = settings()
    rules = machine_policy.current()
    if rules.problem:  # the window says it too, in its status bar and in Settings
        crash.log.warning("%s", rules.problem)
        sys.stderr.write(f"painref: {rules.problem}\n")
    apply_appearance(app, Appearance.load(window_settings).enforced(rules))
    try:
        library = _open_content()
    except PainRefError as exc:
        return _cannot_start(str(exc))
    # The user's own data; a folder that cannot be written still opens the app.
    user = _open_user_data()
    local = open_local_layer()
    if local[1]:
        crash.log.warning("%s", local[1])
        sys.stderr.write(f"painref: {local[1]}\n")
    try:
        window, user = _build_first_window(library, window_settings, user, local)
    except PainRefError as exc:  # damaged content (Library and SearchService raise only these)
        user.close()
        return _cannot_start(_describe_content_error(exc))
    window.show()
    if user.recovered_from is not None and _can_show_boxes():
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
    if exit_after_start:
        QTimer.singleShot(0, app.quit)
    else:
        window.pack_sync.start()  # new content packs from the policy's folder, in a thread
    try:
        status = app.exec()
    finally:
        window.pack_sync.wait(5)  # an install under way finishes (or is left whole)
        window.close()
        window.deleteLater()
        user.close()  # checkpoints the write-ahead log into the database file
        if local[0] is not None:
            local[0].close()
    if exit_after_start:
        sys.stdout.write(f"peak_rss_kb {peak_rss_kb()}\n")
    return status


def _open_content() -> Library:
    """The content database in force; when an installed content pack's cannot be opened,
    the copy PainRef ships, said on stderr and in the log (the window runs on).

    Raises:
        PainRefError: no usable content database at all.
    """
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
