"""`painref --self-test` checks everything an installer needs, and proves no network is used."""

from __future__ import annotations

import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from painref.app import NetworkGuard, QtMessages, Watchdog, self_test

from .conftest import ROOT


def run_self_test(**env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "painref", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_test_passes_headless(tmp_path: Path) -> None:
    result = run_self_test()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in (
        "database",
        "search",
        "topic page",
        "comparison",
        "fonts",
        "main window",
        "pdf export",
        "user data",
        "no network",
    ):
        assert any(line.startswith(f"ok   {check}:") for line in lines), check
    assert lines[-1] == "self-test passed"
    # Only its own lines: Qt's offscreen notices are not passed on.
    assert all(line.startswith(("ok   ", "self-test ")) for line in lines), result.stdout
    assert "propagateSizeHints" not in result.stdout + result.stderr


def test_self_test_never_waits_on_a_page_that_cannot_be_drawn(
    tmp_path: Path, real_db_path: Path
) -> None:
    """The window shows an error box when a page fails; offscreen nobody can close it."""
    damaged = tmp_path / "painref.db"
    shutil.copy(real_db_path, damaged)
    with sqlite3.connect(damaged) as conn:
        conn.execute("DROP TABLE sources")
    conn.close()
    result = run_self_test(PAINREF_DB=str(damaged))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    window = [line for line in lines if line.startswith("FAIL main window: ")]
    assert window and "the window showed a message: PainRef: " in window[0], result.stdout
    assert "sources" in window[0]
    assert lines[-1].startswith("self-test failed: ")


def test_self_test_fails_when_no_font_can_be_found(tmp_path: Path) -> None:
    """No font (a minimal system without fontconfig's configuration): Qt draws boxes."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    result = run_self_test(FONTCONFIG_FILE=str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL fonts: no font found" in result.stdout, result.stdout
    assert "fonts-dejavu-core" in result.stdout


def test_the_watchdog_names_the_check_that_hung() -> None:
    out = io.StringIO()
    exited = threading.Event()
    codes: list[int] = []

    def fake_exit(code: int) -> None:
        codes.append(code)
        exited.set()

    watchdog = Watchdog(0.01, out, exit=fake_exit)
    watchdog.stage = "main window"  # set before the timer starts: no race with it
    watchdog.failures = 2
    with watchdog:
        assert exited.wait(30)
    assert codes == [1]
    assert out.getvalue().splitlines() == [
        "FAIL self-test: timed out in main window (after 0 s)",
        "self-test failed: 3 check(s)",
    ]


def test_the_watchdog_stays_quiet_when_the_test_ends_in_time() -> None:
    out = io.StringIO()
    codes: list[int] = []
    watchdog = Watchdog(0.2, out, exit=codes.append)
    with watchdog:
        pass
    watchdog._timer.join(5)  # had leaving the block not cancelled it, it would fire by now
    assert codes == []
    assert out.getvalue() == ""


def test_qt_messages_keep_the_unexpected_ones_as_notes() -> None:
    from PySide6.QtCore import qWarning

    with QtMessages() as messages:
        qWarning("This plugin does not support propagateSizeHints()")
        qWarning("QFont::setPointSizeF: Point size <= 0 (0.000000), must be greater than 0")
        qWarning("QFont::setPointSizeF: Point size <= 0 (0.000000), must be greater than 0")
    assert messages.notes == [
        "QFont::setPointSizeF: Point size <= 0 (0.000000), must be greater than 0"
    ]


def test_self_test_reports_a_broken_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "painref.db"
    broken.write_text("not a database")
    monkeypatch.setenv("PAINREF_DB", str(broken))
    out = io.StringIO()
    assert self_test(out) == 1
    text = out.getvalue()
    assert "FAIL database: " in text
    assert "is not a PainRef database" in text
    assert text.splitlines()[-1].startswith("self-test failed")


def test_network_guard_refuses_internet_sockets() -> None:
    with NetworkGuard() as guard:
        with pytest.raises(OSError, match="no network"):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(OSError, match="no network"):
            socket.create_connection(("127.0.0.1", 9))
        local = socket.socket(socket.AF_UNIX)  # not a network socket
        local.close()
    assert len(guard.attempts) == 2
    socket.socket(socket.AF_INET).close()  # restored afterwards


def test_the_app_works_with_network_sockets_refused(
    real_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run the self-test in-process with every internet socket refused: all checks pass."""
    monkeypatch.setenv("PAINREF_DB", str(real_db_path))
    out = io.StringIO()
    assert self_test(out) == 0, out.getvalue()
    assert "ok   no network" in out.getvalue()
