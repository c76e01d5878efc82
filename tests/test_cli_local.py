"""The command line with a local layer: pages and notes in show, compare, search, export and
anticoag; `pack check` for a department's author; a layer that cannot be opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from painref.cli import main
from painref.content.library import Library
from tests.local_fixtures import REAL_DB, TEST_LAYER, build_test_layer

from .conftest import ROOT

LABEL = "LOCAL PROTOCOL: TEST HOSPITAL PAIN SERVICE"


@pytest.fixture(scope="module")
def layer_db(real_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_layer(tmp_path_factory.mktemp("layer"), real_library)


@pytest.fixture
def local(layer_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PAINREF_DB", str(REAL_DB))
    monkeypatch.setenv("PAINREF_LOCAL_DB", str(layer_db))
    return layer_db


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_show_carries_the_local_notes_unless_asked_not_to(
    local: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "show", "ESI")
    assert code == 0
    assert f"{LABEL}: Repeat injections" in out and "3 per year" in out
    code, out, _ = run(capsys, "show", "ESI", "--no-local")
    assert code == 0 and "LOCAL PROTOCOL" not in out
    code, out, _ = run(capsys, "show", "ESI", "--format", "html")
    assert "Local protocol: Test Hospital Pain Service" in out


def test_show_and_search_find_a_local_page(local: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "local:day-case-escort")
    assert code == 0 and out.startswith("ESCORT HOME AFTER DAY-CASE PROCEDURES")
    code, out, _ = run(capsys, "search", "escort", "--json")
    assert code == 0 and '"id": "local:day-case-escort"' in out
    code, _, err = run(capsys, "show", "local:no-such-page")
    assert code == 1 and "no-such-page" in err


def test_compare_puts_the_note_in_its_column(
    local: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "compare", "ESI", "RFA")
    assert code == 0 and "Local protocol: Test Hospital Pain Service" in out
    code, out, _ = run(capsys, "compare", "ESI", "RFA", "--no-local")
    assert "Test Hospital" not in out


def test_anticoag_prints_the_local_rule_under_the_drug(
    local: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "anticoag", "apixaban", "--class", "intermediate")
    assert code == 0
    assert out.index("Apixaban") < out.index(LABEL)
    assert "Apixaban before neuraxial procedures" in out


def test_without_a_layer_or_with_a_broken_one_the_published_page_is_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(REAL_DB))
    monkeypatch.delenv("PAINREF_LOCAL_DB", raising=False)
    monkeypatch.setenv("PAINREF_USER_DIR", str(tmp_path / "user"))
    code, out, err = run(capsys, "show", "ESI")
    assert code == 0 and "LOCAL PROTOCOL" not in out and not err
    code, _, err = run(capsys, "show", "local:day-case-escort")
    assert code == 1 and "no local layer is installed" in err
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\0" * 4096)
    monkeypatch.setenv("PAINREF_LOCAL_DB", str(broken))
    code, out, err = run(capsys, "show", "ESI")
    assert code == 0 and out.startswith("EPIDURAL STEROID INJECTION")
    assert err.startswith("painref: the local protocols cannot be shown:") and str(broken) in err
    assert err.rstrip().endswith("they are left out")


def test_pack_check_says_what_a_layer_holds_and_writes_a_preview(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(REAL_DB))
    preview = tmp_path / "preview.db"
    code, out, _ = run(capsys, "pack", "check", str(TEST_LAYER), "--output", str(preview))
    assert code == 0
    assert "Test Hospital Pain Service 2026.12.1, 1 page and 5 notes" in out
    assert "no problems" in out and "review overdue: esi-aftercare\n" in out
    assert preview.is_file()
    monkeypatch.setenv("PAINREF_LOCAL_DB", str(preview))
    code, out, _ = run(capsys, "show", "local:day-case-escort")
    assert code == 0 and "ESCORT HOME" in out


def test_pack_check_lists_every_problem_one_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(REAL_DB))
    folder = tmp_path / "layer"
    (folder / "notes").mkdir(parents=True)
    (folder / "layer.yaml").write_text(
        "id: bad-layer\nname: Bad\nversion: '1.0'\n", encoding="utf-8"
    )
    for name, target in (("a", "{page: no-such-page}"), ("b", "{drug: apixabann}")):
        (folder / "notes" / f"{name}.md").write_text(
            f"---\nattach: {target}\nauthor: A\napproved: 2026-01-01\n"
            "review_due: 2027-01-01\n---\nText.\n",
            encoding="utf-8",
        )
    code, _, err = run(capsys, "pack", "check", str(folder))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) >= 2
    assert any("a.md" in line and "no-such-page" in line for line in lines)
    assert any("b.md" in line and "apixaban" in line for line in lines)


def test_export_carries_local_notes_only_when_asked(local: Path, tmp_path: Path) -> None:
    pdftotext = subprocess.run(["which", "pdftotext"], capture_output=True, text=True)
    if pdftotext.returncode != 0:
        pytest.skip("pdftotext is not installed")
    texts = {}
    for flag in ((), ("--local-notes",)):
        pdf = tmp_path / f"out{len(flag)}.pdf"
        result = subprocess.run(
            [sys.executable, "-m", "painref", "export", "ESI",
             "local:day-case-escort", "-o", str(pdf), *flag],
            capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        texts[len(flag)] = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "Escort home after day-case procedures" in texts[0]
    assert "3 per year" not in texts[0]
    assert "3 per year" in texts[1]


def test_a_broken_installed_content_pack_falls_back_to_the_shipped_content(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from painref import paths

    broken = tmp_path / "packs" / "published" / "2099.1.1" / "painref.db"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"\0" * 4096)
    monkeypatch.delenv("PAINREF_DB", raising=False)
    monkeypatch.setattr(paths, "bundled_db", lambda: broken)
    monkeypatch.setattr(paths, "shipped_db", lambda: REAL_DB)
    code, out, err = run(capsys, "show", "ESI", "--no-local")
    assert code == 0 and out.startswith("EPIDURAL STEROID INJECTION")
    assert f"the installed content {broken} cannot be used" in err
    assert "painref pack rollback published" in err
