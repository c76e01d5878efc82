"""Redirected output never raises UnicodeEncodeError, and is UTF-8 unless asked otherwise.

Windows gives a redirected stdout its ANSI code page (cp1252), which has no "≥" or Greek
letters: a page title or a user's folder name holding one stopped the command. Here a small database
whose page holds both is printed through pipes in an encoding that lacks them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from painref import cli
from painref.content.builder import build_database

from .conftest import ROOT

ALPHA = "\N{GREEK SMALL LETTER ALPHA}"
NON_CP1252 = f"≥ 2 levels, {ALPHA}-agonist"


@pytest.fixture(scope="module")
def greek_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small corpus with NON_CP1252 in Alpha injection's summary."""
    import shutil

    from .conftest import TEST_DATA

    data = tmp_path_factory.mktemp("greek") / "data"
    shutil.copytree(TEST_DATA, data)
    page = data / "topics" / "alpha-injection.md"
    text = page.read_text(encoding="utf-8")
    old = "summary: An injection of medicine near the spine [@src-a]."
    assert old in text
    page.write_text(
        text.replace(old, f"summary: An injection near the spine, {NON_CP1252} [@src-a]."),
        encoding="utf-8",
    )
    path = data.parent / "painref.db"
    build_database(data, path)
    return path


def run_piped(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "painref", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,  # pipes
        timeout=120,
    )


COMMANDS = [
    ["show", "alpha-injection"],
    ["show", "alpha-injection", "--format", "html"],
    ["compare", "alpha-injection", "gamma-stimulator"],
    ["search", "alpha"],
    ["search", "--json", "alpha"],
    ["list"],
    ["status"],
    ["status", "--json"],
]


def test_cp1252_asked_for_in_a_pipe_does_not_raise(greek_db: Path, tmp_path: Path) -> None:
    """PYTHONIOENCODING=cp1252 is honoured: what cp1252 lacks becomes "?" (JSON: escaped)."""
    user = tmp_path / f"Dr {ALPHA}"  # status prints where user data is
    env = {
        **os.environ,
        "PAINREF_DB": str(greek_db),
        "PAINREF_USER_DIR": str(user),
        "PYTHONIOENCODING": "cp1252",
    }
    for argv in COMMANDS:
        result = run_piped(argv, env)
        assert (result.returncode, result.stderr) == (0, b""), (argv, result.stderr)
        text = result.stdout.decode("cp1252")  # valid cp1252 throughout
        if "--json" in argv:
            assert text.isascii()  # escaped, not replaced: still exact
            assert ALPHA in json.dumps(json.loads(text), ensure_ascii=False)
        elif argv[0] in ("show", "search"):
            assert "? 2 levels, ?-agonist" in text
        elif argv[0] == "status":
            assert str(tmp_path / "Dr ?") in text


def test_a_non_utf8_locale_in_a_pipe_writes_utf8(
    greek_db: Path, tmp_path: Path, policy_file: Path
) -> None:
    """The Windows case: the locale's encoding lacks the characters and nobody asked for
    another; redirected output is UTF-8, stdout and stderr, and JSON stays ASCII."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG")}
    env.update(
        PAINREF_DB=str(greek_db),
        PAINREF_USER_DIR=str(tmp_path / f"Dr {ALPHA}"),
        LC_ALL="C",
        PYTHONUTF8="0",
        PYTHONCOERCECLOCALE="0",
    )
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip().lower() in ("ascii", "ansi_x3.4-1968")  # the narrow locale
    for argv in COMMANDS:
        result = run_piped(argv, env)
        assert (result.returncode, result.stderr) == (0, b""), (argv, result.stderr)
        text = result.stdout.decode("utf-8")
        if "--json" in argv:
            assert text.isascii()
            if argv[0] == "search":  # (status: an ASCII locale decodes the path's bytes as
                # surrogates, which JSON escapes as such; Windows has no such paths)
                assert ALPHA in json.dumps(json.loads(text), ensure_ascii=False)
        elif argv[0] in ("show", "search"):
            assert NON_CP1252 in text
        elif argv[0] == "status":
            assert f"Dr {ALPHA}" in text
    # stderr too: a policy file whose problem quotes a non-ASCII value.
    policy_file.write_text(f"[policy]\ntheme = {ALPHA}\n", encoding="utf-8")
    result = run_piped(["list"], {**env, "PAINREF_POLICY": str(policy_file)})
    assert result.returncode == 0
    assert f"key 'theme': '{ALPHA}' is not one of" in result.stderr.decode("utf-8")


class _Stream(io.TextIOWrapper):
    """A standard stream as Windows makes it: cp1252, strict, a pipe or a console."""

    def __init__(self, terminal: bool) -> None:
        super().__init__(io.BytesIO(), encoding="cp1252", errors="strict")
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal

    def bytes(self) -> bytes:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue()


@pytest.fixture
def windows_streams(monkeypatch: pytest.MonkeyPatch) -> dict[bool, _Stream]:
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    return {False: _Stream(terminal=False), True: _Stream(terminal=True)}


def test_a_redirected_cp1252_stream_becomes_utf8(
    greek_db: Path, monkeypatch: pytest.MonkeyPatch, windows_streams: dict[bool, _Stream]
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(greek_db))
    out, err = windows_streams[False], _Stream(terminal=False)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert cli.main(["show", "alpha-injection"]) == 0
    assert (out.encoding, err.encoding) == ("utf-8", "utf-8")
    assert NON_CP1252 in out.bytes().decode("utf-8")
    assert cli.main(["show", f"no-such-page-{ALPHA}"]) == 1
    assert f"no-such-page-{ALPHA}" in err.bytes().decode("utf-8")


def test_a_cp1252_terminal_keeps_its_encoding_and_replaces(
    greek_db: Path, monkeypatch: pytest.MonkeyPatch, windows_streams: dict[bool, _Stream]
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(greek_db))
    out = windows_streams[True]
    monkeypatch.setattr(sys, "stdout", out)
    assert cli.main(["show", "alpha-injection"]) == 0
    assert (out.encoding, out.errors) == ("cp1252", "replace")
    assert "? 2 levels, ?-agonist" in out.bytes().decode("cp1252")
