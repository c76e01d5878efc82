"""The exception hook: a fault in a slot is logged to the user's log file and shown."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from painref import paths
from painref.ui import crash


@pytest.fixture
def log_file() -> Iterator[Path]:
    before = list(crash.log.handlers)
    path = crash.setup_logging()
    assert path is not None
    yield path
    for handler in crash.log.handlers:
        if handler not in before:
            handler.close()
            crash.log.removeHandler(handler)


def test_the_log_file_is_in_the_user_data_folder(log_file: Path) -> None:
    assert log_file == paths.user_data_dir() / crash.LOG_NAME
    assert log_file.is_file()


def test_an_unexpected_error_is_logged_and_shown(
    log_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    hook = crash.install(log_file, lambda title, text: shown.append((title, text)))
    assert sys.excepthook is hook
    try:
        raise ValueError("the <b>tray</b> is broken")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)

    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "ValueError: the <b>tray</b> is broken" in logged
    assert "test_an_unexpected_error_is_logged_and_shown" in logged  # the whole traceback
    ((title, text),) = shown
    assert title == "PainRef: unexpected error"
    assert "ValueError: the <b>tray</b> is broken" in text
    assert str(log_file) in text
    assert "ValueError" in capsys.readouterr().err


def test_without_a_log_file_the_dialog_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    hook = crash.ExceptionHook(None, lambda _title, text: shown.append(text))
    hook(RuntimeError, RuntimeError("x"), None)
    assert "could not be written to a log file" in shown[0]


def test_an_unwritable_folder_gives_no_log_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert crash.setup_logging(blocker / "sub") is None
    assert all(not isinstance(h, logging.FileHandler) for h in crash.log.handlers)


def test_the_default_dialog_shows_plain_text(qtbot: object) -> None:
    from PySide6.QtCore import Qt

    from painref.ui import messages

    box = messages.box(None, messages.Icon.Critical, "PainRef: unexpected error", "<b>x</b>")
    assert box.textFormat() == Qt.TextFormat.PlainText
