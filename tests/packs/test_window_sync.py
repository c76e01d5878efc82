"""The window checks the policy's pack folder after it is shown, off its own thread, installs
what is new and says so in the status bar; nothing happens without a pack folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from painref import paths, policy
from painref.content.library import Library
from painref.packs import keys
from painref.packs.store import PackStore
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.main_window import MainWindow
from painref.ui.pack_sync import NEXT_START

from .conftest import write_policy


def _window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    user = UserData.unavailable("not needed here")
    window = MainWindow(library, SearchService(library), settings, debounce_ms=0, user=user)
    qtbot.addWidget(window)
    return window


def test_a_new_pack_in_the_folder_is_installed_and_said(
    qtbot: QtBot,
    small_library: Library,
    tmp_path: Path,
    policy_file: Path,
    local_key: keys.SigningKey,
    local_pack: Callable[..., Path],
    store: PackStore,
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    shutil.copy(local_pack("2026.12.1"), share)
    write_policy(
        policy_file,
        f"local_keys = {keys.encode(local_key.public)}\npack_folder = {share}\n",
    )
    window = _window(qtbot, small_library, tmp_path)
    assert paths.local_layer_db() is None
    with qtbot.waitSignal(window.pack_sync.finished, timeout=60_000):
        assert window.pack_sync.start()
    result = window.pack_sync.result
    assert result is not None and result.changed == ("local",)
    message = window.statusBar().currentMessage()
    assert message.endswith(NEXT_START) and "2026.12.1" in message
    assert paths.local_layer_db() is not None  # in force from the next start


def test_without_a_pack_folder_nothing_is_checked(
    qtbot: QtBot, small_library: Library, tmp_path: Path
) -> None:
    assert policy.current().pack_folder is None
    window = _window(qtbot, small_library, tmp_path)
    assert window.pack_sync.start() is False
    assert window.statusBar().currentMessage() == ""


def test_an_unreachable_folder_is_said_not_raised(
    qtbot: QtBot, small_library: Library, tmp_path: Path, policy_file: Path
) -> None:
    write_policy(policy_file, f"pack_folder = {tmp_path / 'no-such-share'}\n")
    window = _window(qtbot, small_library, tmp_path)
    with qtbot.waitSignal(window.pack_sync.finished, timeout=60_000):
        window.pack_sync.start()
    message = window.statusBar().currentMessage()
    assert "content pack problem" in message and "no-such-share" in message


def test_a_check_that_ends_after_the_window_is_gone_does_not_raise(
    qtbot: QtBot, small_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shiboken6

    from painref.packs import sync

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    user = UserData.unavailable("not needed here")
    # Not handed to qtbot: this test deletes it, as quitting does.
    window = MainWindow(small_library, SearchService(small_library), settings, user=user)
    checker = window.pack_sync
    monkeypatch.setattr(sync, "sync_from_policy", lambda: sync.SyncResult(None))
    shiboken6.delete(window)  # the window (and the checker with it) is gone; the thread is not
    checker._run()  # what the thread does last: it must not raise
    assert checker.wait(0)
