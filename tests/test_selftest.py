"""`painref --self-test` checks everything an installer needs, and proves no network is used."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from painref.app import NetworkGuard, self_test

from .conftest import ROOT


def test_self_test_passes_headless(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "painref", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in (
        "database",
        "search",
        "topic page",
        "comparison",
        "main window",
        "user data",
        "no network",
    ):
        assert any(line.startswith(f"ok   {check}:") for line in lines), check
    assert lines[-1] == "self-test passed"


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
