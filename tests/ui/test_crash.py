"""The exception hook: a fault in a slot is logged to the user's log file and shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
