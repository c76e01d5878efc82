"""The exception hook: a fault in a slot is logged to the user's log file and shown."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from painref import paths
from painref.ui import crash, messages


def test_an_unexpected_error_is_logged_and_shown(capsys: pytest.CaptureFixture[str]) -> None:
    shown: list[tuple[str, str]] = []
    before_hook, before_handlers = sys.excepthook, list(crash.log.handlers)
    with crash.reporting(lambda title, text: shown.append((title, text))) as log_file:
        assert log_file == paths.user_data_dir() / crash.LOG_NAME
        assert sys.excepthook is not before_hook
        try:
            raise ValueError("the <b>tray</b> is broken")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert sys.excepthook is before_hook
    assert crash.log.handlers == before_handlers

    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "ValueError: the <b>tray</b> is broken" in logged
    assert "test_an_unexpected_error_is_logged_and_shown" in logged  # the whole traceback
    ((title, text),) = shown
    assert title == "PainRef: unexpected error"
    assert "ValueError: the <b>tray</b> is broken" in text
    assert str(log_file) in text
    assert "ValueError" in capsys.readouterr().err


def test_an_unwritable_folder_still_shows_the_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    shown: list[str] = []
    with crash.reporting(lambda _title, text: shown.append(text), blocker / "sub") as log_file:
        assert log_file is None
        sys.excepthook(RuntimeError, RuntimeError("x"), None)
    assert "could not be written to a log file" in shown[0]


def test_the_dialog_shows_plain_text(qtbot: object) -> None:
    from PySide6.QtCore import Qt

    box = messages.box(None, messages.Icon.Critical, "PainRef: unexpected error", "<b>x</b>")
    assert box.textFormat() == Qt.TextFormat.PlainText


# -- the notice after a crash ---------------------------------------------------------------------

CRASHING_RUN = """
import faulthandler, sys
from pathlib import Path
from painref.ui import crash

with crash.reporting(lambda title, text: None, Path(sys.argv[1])):
    faulthandler._sigsegv()  # what the recent-searches popup used to do (ux.md D1)
"""


def _crash_in(folder: Path) -> None:
    """Run PainRef's reporting in another process and let it die of a segmentation fault."""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0, result.stderr
    assert result.returncode not in (1, 2), result.stderr  # killed by the signal, not an error


def test_after_a_crash_the_next_start_says_so_once(tmp_path: Path, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    folder = tmp_path / "user"
    folder.mkdir()
    _crash_in(folder)
    assert list(folder.glob("crash-*.txt"))  # the crashed run's file was left behind

    notices: list[tuple[str, str]] = []
    with crash.reporting(lambda *_: None, folder, notice=lambda *n: notices.append(n)) as log:
        qtbot.waitUntil(lambda: len(notices) == 1)
    ((title, text),) = notices
    assert title == "PainRef closed unexpectedly"
    assert "your bookmarks, notes, history and lecture sets" in text.casefold()
    assert "safe" in text
    report = folder / crash.LAST_CRASH_NAME
    assert str(report) in text
    assert str(log) in text
    assert "Fatal Python error" in report.read_text(encoding="utf-8")
    assert not list(folder.glob("crash-*.txt"))  # a normal exit leaves no run file

    # The next start after a normal exit says nothing.
    with crash.reporting(lambda *_: None, folder, notice=lambda *n: notices.append(n)):
        QApplication.processEvents()
    assert len(notices) == 1
    assert report.is_file()  # the report stays for whoever wants to read it


def test_a_run_killed_without_a_report_is_noticed_too(tmp_path: Path) -> None:
    # A process killed outright (power cut, SIGKILL) leaves an empty run file.
    (tmp_path / "crash-999999999.txt").write_text("", encoding="utf-8")
    found = crash.previous_crash(tmp_path)
    assert found == crash.Crash(report=None)
    assert "no report" in found.text(None)
    assert crash.previous_crash(tmp_path) is None
    assert not (tmp_path / crash.LAST_CRASH_NAME).exists()


def test_another_painref_still_open_is_no_crash(tmp_path: Path) -> None:
    other = tmp_path / f"crash-{os.getppid()}.txt"  # a process that is running now
    other.write_text("", encoding="utf-8")
    (tmp_path / "crash-notes.txt").write_text("not a run file", encoding="utf-8")
    assert crash.previous_crash(tmp_path) is None
    assert other.is_file()


def test_the_running_app_keeps_its_file_until_it_exits(tmp_path: Path) -> None:
    with crash.reporting(lambda *_: None, tmp_path):
        assert (tmp_path / f"crash-{os.getpid()}.txt").is_file()
    assert not (tmp_path / f"crash-{os.getpid()}.txt").exists()


def test_the_log_rolls_over_to_one_backup_at_its_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painref.ui import crash

    monkeypatch.setattr(crash, "LOG_MAX_BYTES", 200)
    handler = crash._file_handler(tmp_path)
    assert handler is not None
    logger = logging.getLogger("painref.test-roll")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        for n in range(20):
            logger.info("line %d of the log, long enough to fill it", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    log, backup = tmp_path / crash.LOG_NAME, tmp_path / f"{crash.LOG_NAME}.1"
    assert backup.is_file() and log.is_file()
    assert log.stat().st_size < 200 + 120 and backup.stat().st_size < 200 + 120
    assert "line 19 " in log.read_text(encoding="utf-8")
    assert not (tmp_path / f"{crash.LOG_NAME}.2").exists()
