"""User data goes to the user's own folders, or beside the executable in portable mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from painref import paths


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv(paths.USER_DIR_ENV, raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    exe_dir = tmp_path / "install"
    exe_dir.mkdir()
    monkeypatch.setattr(sys, "executable", str(exe_dir / "painref"))
    return exe_dir


def test_override_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.USER_DIR_ENV, str(tmp_path / "mine"))
    assert paths.user_data_dir() == tmp_path / "mine"
    assert paths.settings_file() == tmp_path / "mine" / "settings.ini"


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", "home/.local/share/painref"),
        ("win32", "home/AppData/Local/PainRef"),
        ("darwin", "home/Library/Application Support/PainRef"),
    ],
)
def test_platform_folders(
    no_override: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, expected: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(var, raising=False)
    assert paths.user_data_dir() == tmp_path / expected
    assert not str(paths.user_data_dir()).startswith(str(no_override))


def test_linux_settings_follow_xdg(
    no_override: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.settings_file() == tmp_path / "cfg" / "painref" / "settings.ini"
    assert paths.user_data_dir() == tmp_path / "data" / "painref"


def test_portable_marker_keeps_data_beside_the_executable(no_override: Path) -> None:
    assert paths.portable_dir() is None
    (no_override / paths.PORTABLE_MARKER).write_text("portable\n")
    assert paths.user_data_dir() == no_override / paths.PORTABLE_FOLDER
    assert paths.settings_file() == no_override / paths.PORTABLE_FOLDER / "settings.ini"


def test_replace_problem_allows_only_regular_files_or_nothing(tmp_path: Path) -> None:
    regular = tmp_path / "file.json"
    regular.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(regular)
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert paths.replace_problem(tmp_path / "new.json") is None
    assert paths.replace_problem(regular) is None
    assert "symbolic link" in (paths.replace_problem(link) or "")
    assert "folder" in (paths.replace_problem(folder) or "")
    assert "not a regular file" in (paths.replace_problem(fifo) or "")
    if Path("/dev/full").exists():
        assert "not a regular file" in (paths.replace_problem(Path("/dev/full")) or "")
