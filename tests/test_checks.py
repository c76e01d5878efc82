"""The one check command and the pre-commit hooks run the same gates, and a gate failure fails."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT


def _check_gates() -> list[str]:
    text = (ROOT / "scripts" / "check.sh").read_text(encoding="utf-8")
    return re.findall(r'^gate "[^"]+" (.+)$', text, re.MULTILINE)


def test_pre_commit_runs_the_gates_of_the_check_command() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    gates = [g for g in _check_gates() if not g.startswith("env ")]
    assert entries == gates
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing downloaded


def test_ci_runs_the_check_command_and_the_readme_tests_last() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'gate "checks" scripts/check.sh --gates-only' in run
    last = [line for line in run.splitlines() if line.strip() and not line.startswith("#")]
    assert last[-2].startswith("pip install '.[test]' && pytest")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_failing_gate_fails_the_command(tmp_path: Path) -> None:
    """Copy the script beside stand-in tools: the lint gate fails, the others pass."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "check.sh", tmp_path / "scripts" / "check.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool, status in (("ruff", 0), ("mypy", 1), ("lint-imports", 0), ("pytest", 0)):
        script = bin_dir / tool
        script.write_text(f"#!/bin/sh\nexit {status}\n")
        script.chmod(0o755)
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "check.sh"), "--gates-only"],
        capture_output=True,
        text=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "::: mypy: FAILED" in result.stdout
    assert "::: ruff check: passed" in result.stdout
    assert "::: FAILED: mypy" in result.stdout
