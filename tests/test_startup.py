"""Start-up: damaged content gives the "cannot start" box (no traceback), message boxes show
plain text, a missing X11 library is named before Qt aborts, and a Qt that cannot load at
all is one line (painref/launch.py)."""

from __future__ import annotations

import importlib.abc
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from painref import launch, syslibs

from .conftest import ROOT

# Runs app.main() with every QMessageBox answered at once; prints what each one showed.
RUN_MAIN = """
import sys
from PySide6.QtWidgets import QMessageBox
shown = []
def answer(box):
    shown.append((box.textFormat().name, box.windowTitle(), box.text()))
    return 0
QMessageBox.exec = answer
{patch}
from painref import app
app._can_show_boxes = lambda: True  # as on a desktop: every box is answered above
status = app.main()
for fmt, title, text in shown:
    print("BOX", fmt, "|", title, "|", " ".join(text.split()))
sys.exit(status)
"""


def run_main(env_extra: dict[str, str], patch: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PAINREF_DB")
    }
    env.update(QT_QPA_PLATFORM="offscreen", PAINREF_EXIT_AFTER_START="1", **env_extra)
    return subprocess.run(
        [sys.executable, "-c", RUN_MAIN.format(patch=patch)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


QT_OFFSCREEN_NOISE = "This plugin does not support"
"""Qt's offscreen platform says this of every window it shows; the window's shell is shown
before the content is opened (two-stage start), so it may precede PainRef's own line."""


def painref_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith(QT_OFFSCREEN_NOISE)]


def damaged_copy(tmp_path: Path, real_db_path: Path, sql: str) -> Path:
    copy = tmp_path / "damaged.db"
    shutil.copy(real_db_path, copy)
    with sqlite3.connect(copy) as conn:
        conn.executescript(sql)
    conn.close()
    return copy


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE names",
        "DROP TABLE topics",
        "UPDATE topics SET abbreviations = '{bad'",
    ],
)
def test_damaged_content_shows_the_cannot_start_box_without_a_traceback(
    tmp_path: Path, real_db_path: Path, sql: str
) -> None:
    damaged = damaged_copy(tmp_path, real_db_path, sql)
    result = run_main({"PAINREF_DB": str(damaged)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = painref_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("painref: "), result.stderr
    assert str(damaged) in lines[0]
    assert "BOX PlainText | PainRef cannot start |" in result.stdout, result.stdout


def test_a_user_store_that_breaks_the_window_does_not_stop_the_app(real_db_path: Path) -> None:
    patch = """
from painref.store.db import StoreError
from painref.ui import main_window
original = main_window.MainWindow.complete
def fragile(self, *args, user=None, **kwargs):
    if user is not None and user.store is not None:
        raise StoreError("the bookmarks table is unreadable")
    original(self, *args, user=user, **kwargs)
main_window.MainWindow.complete = fragile
"""
    result = run_main({"PAINREF_DB": str(real_db_path)}, patch)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "bookmarks, notes and history are off: the bookmarks table is unreadable" in result.stderr
    )
    assert "peak_rss_kb" in result.stdout


def test_offscreen_a_damaged_database_is_one_line_and_never_a_box_that_waits(
    tmp_path: Path, real_db_path: Path
) -> None:
    # Offscreen (CI, the benchmark probe) nobody can close a box: it waited for ever.
    damaged = damaged_copy(tmp_path, real_db_path, "DROP TABLE names")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", PAINREF_DB=str(damaged))
    result = subprocess.run(
        [sys.executable, "-m", "painref"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = painref_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("painref: "), result.stderr
    assert str(damaged) in lines[0]


def test_the_repaired_bookmarks_box_shows_its_path_as_plain_text(
    tmp_path: Path, real_db_path: Path
) -> None:
    user_dir = tmp_path / "user <b>dir<br>x"
    user_dir.mkdir()
    (user_dir / "user.db").write_text("not a database")
    result = run_main({"PAINREF_DB": str(real_db_path), "PAINREF_USER_DIR": str(user_dir)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BOX PlainText | Bookmarks database repaired |" in result.stdout, result.stdout
    assert "user <b>dir<br>x" in result.stdout


# --- X11 preflight ---------------------------------------------------------------------------


def _qt_plugins() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins"


XCB_PLUGIN = _qt_plugins() / "platforms" / "libqxcb.so"
needs_xcb = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not XCB_PLUGIN.is_file(), reason="Linux X11 only"
)


@needs_xcb
def test_a_missing_xcb_library_is_named_in_one_line(tmp_path: Path) -> None:
    """A copy of Qt's X11 plugin that needs a library no system has (its libxcb-shape
    renamed): Qt would abort blaming libxcb-cursor0; PainRef names the real one."""
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").symlink_to(XCB_PLUGIN.parents[2] / "lib")
    data = XCB_PLUGIN.read_bytes()
    assert data.count(b"libxcb-shape.so.0\0") == 1
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    plugin.write_bytes(data.replace(b"libxcb-shape.so.0\0", b"libxcb-shapX.so.0\0"))
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugin.parent))
    result = subprocess.run(
        [sys.executable, "-m", "painref"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "painref: Qt cannot open the X11 window: libxcb-shapX.so.0 is missing "
        "(the README lists every system library)\n"
    )


@needs_xcb
def test_the_preflight_names_every_missing_library_and_its_package() -> None:
    absent = {"libxcb-shape.so.0", "libxcb-cursor.so.0"}

    def load(name: str) -> object:
        if name == str(XCB_PLUGIN) or name in absent:
            missing = "libxcb-shape.so.0" if name == str(XCB_PLUGIN) else name
            raise OSError(f"{missing}: cannot open shared object file: No such file or directory")
        return object()

    problem = syslibs.plugin_problem(XCB_PLUGIN, load, [XCB_PLUGIN.parents[2] / "lib"])
    assert problem == (
        "libxcb-shape.so.0 and libxcb-cursor.so.0 are missing (install the packages "
        "libxcb-shape0 libxcb-cursor0; the README lists every system library)"
    )
    assert syslibs.plugin_problem(XCB_PLUGIN, lambda name: object()) is None


@needs_xcb
@pytest.mark.parametrize(
    "env",
    [
        {"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":99"},
        {"QT_QPA_PLATFORM": "", "DISPLAY": ""},
        {"QT_QPA_PLATFORM": "", "DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-0"},
    ],
)
def test_the_preflight_runs_only_when_qt_will_use_x11(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from painref import app

    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(app, "_xcb_plugin", lambda: pytest.fail("looked for the plugin"))
    assert app.x11_problem() is None


def test_the_real_x11_plugin_passes_the_preflight(monkeypatch: pytest.MonkeyPatch) -> None:
    from painref import app

    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert app.x11_problem() is None


# --- Qt that cannot be imported --------------------------------------------------------------


class _QtWithoutGlib(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "painref.app":
            raise ImportError(
                "libglib-2.0.so.0: cannot open shared object file: No such file or directory"
            )
        return None


@pytest.fixture
def qt_without_glib(monkeypatch: pytest.MonkeyPatch) -> None:
    import painref

    monkeypatch.delitem(sys.modules, "painref.app", raising=False)
    monkeypatch.delattr(painref, "app", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_QtWithoutGlib(), *sys.meta_path])


@pytest.mark.usefixtures("qt_without_glib")
def test_the_window_says_in_one_line_which_library_qt_lacks() -> None:
    err = io.StringIO()
    assert launch.open_window(err) == 1
    assert err.getvalue() == (
        "painref: Qt cannot be loaded: libglib-2.0.so.0 is missing (install the package "
        "libglib2.0-0; the README lists every system library)\n"
    )


@pytest.mark.usefixtures("qt_without_glib")
def test_the_self_test_reports_a_qt_that_cannot_load_as_a_failed_check() -> None:
    out = io.StringIO()
    assert launch.run_self_test(out) == 1
    assert out.getvalue().splitlines() == [
        "FAIL qt: libglib-2.0.so.0 is missing (install the package libglib2.0-0; "
        "the README lists every system library)",
        "self-test failed: 1 check(s)",
    ]


def test_a_qt_import_error_without_a_library_name_is_shown_as_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import painref

    monkeypatch.delitem(sys.modules, "painref.app", raising=False)
    monkeypatch.delattr(painref, "app", raising=False)
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", None)  # Qt's own import fails
    err = io.StringIO()
    assert launch.open_window(err) == 1
    assert err.getvalue().startswith("painref: Qt cannot be loaded: ")
    assert len(err.getvalue().splitlines()) == 1


def test_an_import_error_in_painref_itself_is_not_called_a_qt_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A module PainRef failed to ship is a bug to see, not "Qt cannot be loaded".
    import painref

    monkeypatch.setitem(sys.modules, "painref.app", None)
    monkeypatch.delattr(painref, "app", raising=False)
    with pytest.raises(ImportError, match=r"painref\.app"):
        launch.open_window(io.StringIO())
    with pytest.raises(ImportError, match=r"painref\.app"):
        launch.run_self_test(io.StringIO())
