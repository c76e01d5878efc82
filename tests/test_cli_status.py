"""`painref status [--json]` for inventory tools, and a policy file's problem on every command."""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from pathlib import Path
from typing import Any

import pytest

from painref import __version__, paths
from painref.cli import main
from painref.content.library import Library

STATUS_KEYS = {
    "status_format",
    "app_version",
    "content_version",
    "content_built",
    "content_source_hash",
    "schema_version",
    "database",
    "user_data",
    "policy",
    "packs",
    "platform",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def small(small_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PAINREF_DB", str(small_db_path))
    return small_db_path


def status_json(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(capsys, "status", "--json")
    return code, json.loads(out), err


def test_status_json_keys_and_values(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, err = status_json(capsys)
    assert (code, err) == (0, "")
    assert set(data) == STATUS_KEYS
    assert data["status_format"] == 1
    assert data["app_version"] == __version__
    library = Library.open(small)
    meta = library.meta
    library.close()
    assert data["content_version"] == meta.content_version == "2026.11.1"
    assert data["content_built"] == meta.build_time
    assert data["content_source_hash"] == meta.source_hash
    assert data["schema_version"] == meta.schema_version
    assert data["database"] == {
        "path": str(small),
        "sha256": hashlib.sha256(small.read_bytes()).hexdigest(),
        "bytes": small.stat().st_size,
        "error": None,
    }
    assert data["user_data"] == {
        "path": str(paths.user_data_dir()),
        "chosen_by": "environment",  # the tests' PAINREF_USER_DIR
        "portable": False,
        "settings_file": str(paths.settings_file()),
    }
    assert set(data["platform"]) == {
        "system",
        "release",
        "version",
        "machine",
        "python",
        "frozen",
        "executable",
    }
    assert data["platform"]["python"] == platform.python_version()
    assert data["platform"]["frozen"] is False
    assert data["platform"]["executable"] == sys.executable


def test_status_without_a_policy(
    small: Path, capsys: pytest.CaptureFixture[str], policy_file: Path
) -> None:
    _, data, _ = status_json(capsys)
    assert data["policy"] == {
        "path": None,
        "in_force": False,
        "error": None,
        "settings": {},
        "searched": [str(policy_file)],
    }
    code, out, err = run(capsys, "status")
    assert (code, err) == (0, "")
    assert f"Policy:     none (looked for {policy_file})" in out


def test_status_reports_the_policy_in_force(
    small: Path, capsys: pytest.CaptureFixture[str], policy_file: Path, tmp_path: Path
) -> None:
    policy_file.write_text(
        f"[policy]\ntheme = dark\nuser_data_dir = {tmp_path / 'site'}\n"
        "site_name = Royal Example Hospital — Pain service\n",
        encoding="utf-8",
    )
    code, data, err = status_json(capsys)
    assert (code, err) == (0, "")
    assert data["policy"]["path"] == str(policy_file)
    assert data["policy"]["in_force"] is True
    assert data["policy"]["error"] is None
    assert data["policy"]["settings"] == {
        "theme": "dark",
        "user_data_dir": str(tmp_path / "site"),
        "site_name": "Royal Example Hospital — Pain service",
    }
    assert data["user_data"]["path"] == str(tmp_path / "site")
    assert data["user_data"]["chosen_by"] == "policy"
    assert data["user_data"]["settings_file"] == str(tmp_path / "site" / "settings.ini")
    code, out, _ = run(capsys, "status")
    assert f"Policy:     {policy_file} (sets theme = dark, user_data_dir = " in out
    assert f"User data:  {tmp_path / 'site'} (set by the policy file)" in out


def test_a_bad_policy_is_reported_once_on_stderr_and_by_status(
    small: Path, capsys: pytest.CaptureFixture[str], policy_file: Path
) -> None:
    policy_file.write_text("[policy]\ntheme = dark\ntext_size = 40\n")
    code, data, err = status_json(capsys)
    assert code == 0  # PainRef runs, on its defaults
    assert data["policy"]["path"] == str(policy_file)
    assert data["policy"]["in_force"] is False
    assert data["policy"]["settings"] == {}
    message = data["policy"]["error"]
    assert message.startswith(f"the policy file {policy_file} was not applied")
    assert "line 3: key 'text_size': '40' is not a number of points from 9 to 20" in message
    assert err == f"painref: {message}\n"
    # Every command says it, once; its output is unchanged.
    code, out, err = run(capsys, "list")
    assert code == 0
    assert "alpha-injection" in out
    assert err == f"painref: {message}\n"
    code, out, _ = run(capsys, "status")
    assert f"Policy:     NOT APPLIED: {message}" in out


def test_status_when_the_database_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.db"
    monkeypatch.setenv("PAINREF_DB", str(missing))
    code, out, err = run(capsys, "status", "--json")
    assert code == 1
    data = json.loads(out)  # everything else is still reported
    assert data["app_version"] == __version__
    assert data["content_version"] is None
    assert data["database"]["sha256"] is None
    assert "is missing" in data["database"]["error"]
    assert err.startswith("painref: the PainRef database") and err.count("\n") == 1
    code, out, _ = run(capsys, "status")
    assert code == 1
    assert "Content:    unknown" in out


def test_status_text(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "status")
    assert (code, err) == (0, "")
    digest = hashlib.sha256(small.read_bytes()).hexdigest()
    lines = out.splitlines()
    assert lines[0] == f"PainRef {__version__}"
    assert lines[1].startswith("Content:    2026.11.1 (built ")
    assert f"Database:   {small}" in lines
    assert any(line.startswith(f"  SHA-256:  {digest} (") for line in lines)
    assert f"User data:  {paths.user_data_dir()} (set by PAINREF_USER_DIR)" in lines
    assert lines[-1].startswith("Platform:   ")
