"""Shared fixtures: offscreen Qt, user data in tmp, databases built with the real builder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

# Before anything can create a QApplication: a plain `pytest` never needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from painref import policy
from painref.content.builder import build_database
from painref.content.library import Library

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
TEST_DATA = TESTS / "data"
REAL_DATA = ROOT / "data"


def pytest_report_header() -> list[str]:
    conn = sqlite3.connect(":memory:")
    options = [r[0] for r in conn.execute("PRAGMA compile_options")]
    fts5 = "ENABLE_FTS5" in options
    try:
        from PySide6 import QtCore

        qt = f"Qt {QtCore.qVersion()}, PySide6 {QtCore.__version__}"  # type: ignore[attr-defined]
    except ImportError:
        qt = "PySide6 not installed"
    return [f"SQLite {sqlite3.sqlite_version} (FTS5 {'yes' if fts5 else 'NO'}); {qt}"]


@pytest.fixture(autouse=True)
def _user_data_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's settings, bookmarks or history."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("PAINREF_USER_DIR", str(home / "painref-user"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("PAINREF_DB", raising=False)


@pytest.fixture(autouse=True)
def policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads the machine's policy file (/etc/painref, %ProgramData%): the policy is
    tmp_path/policy.ini, which does not exist until a test writes it. Yields its path."""
    path = tmp_path / "policy.ini"
    monkeypatch.setenv(policy.POLICY_ENV, str(path))
    policy.reset()
    yield path
    policy.reset()


@pytest.fixture(autouse=True)
def _app_look_restored() -> Iterator[None]:
    """A test that changes the application's font, palette or style leaves it as it found
    it: later tests (a PDF's layout, a pixel's colour) must not depend on their order."""
    widgets = sys.modules.get("PySide6.QtWidgets")  # never imports Qt for a test without it
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is None or widgets is None or not isinstance(app, widgets.QApplication):
        yield
        return
    font, palette, style, sheet = app.font(), app.palette(), app.style().name(), app.styleSheet()
    yield
    if app.style().name() != style:
        app.setStyle(style)
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)


@pytest.fixture(scope="session")
def small_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from the small test corpus in tests/data/."""
    path = tmp_path_factory.mktemp("small") / "painref.db"
    build_database(TEST_DATA, path)
    return path


@pytest.fixture(scope="session")
def real_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from the real content in data/."""
    path = tmp_path_factory.mktemp("real") / "painref.db"
    build_database(REAL_DATA, path)
    return path


@pytest.fixture
def small_library(small_db_path: Path) -> Iterator[Library]:
    library = Library.open(small_db_path)
    yield library
    library.close()


@pytest.fixture(scope="session")
def real_library(real_db_path: Path) -> Iterator[Library]:
    library = Library.open(real_db_path)
    yield library
    library.close()


@pytest.fixture
def test_data_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(TEST_DATA, target)
    return target
