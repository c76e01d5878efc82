"""The benchmark's own plumbing: its report, its start-up probe reader, its rounds and its
generated databases. Nothing here is timed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import run
from painref.content.builder import BuildReport


def _results() -> dict[str, object]:
    r: dict[str, object] = {
        "machine": "test machine",
        "runs": 7,
        "scales": [1000, 50000],
        "bytecode": "painref/ compiled with compileall before timing",
        "notes": ["the 50,000-topic database was reused from /somewhere"],
        "query_skipped": "`painref QUERY` exited with 2: invalid choice",
        "search_p95_ms": 2.5,
        "fts_p95_ms": 3.4,
        "search_ratio": 0.74,
    }
    for key, median, low, high in [
        ("app_first_paint_ms", 300.0, 290.0, 350.0),
        ("floor_first_paint_ms", 150.0, 140.0, 170.0),
        ("app_first_paint_ratio", 2.0, 1.9, 2.2),
        ("app_rss_mb", 70.0, 69.9, 70.1),
        ("floor_rss_mb", 60.0, 59.9, 60.1),
        ("app_rss_ratio", 1.17, 1.16, 1.18),
        ("db50000_first_paint_ms", 330.0, 320.0, 340.0),
        ("db50000_first_paint_ratio", 1.1, 1.05, 1.15),
    ]:
        r[key], r[f"{key}_min"], r[f"{key}_max"] = median, low, high
    return r


def test_report_prints_each_measured_row_with_its_spread_and_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run.report(_results(), 108)
    out = capsys.readouterr().out
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    first = lines["window with its first page (first paint)"]
    assert "300 ms (290-350)" in first
    assert "150 ms (140-170)" in first
    assert "2.00x (1.90-2.20)" in first
    assert first.endswith("<= 1.25x bare first paint: MISSED")
    memory = lines["peak memory (VmHWM)"]
    assert "70.0 MiB (69.9-70.1)" in memory
    assert memory.endswith("<= 1.3x bare window: met")
    assert lines["first paint, 50,000 topics (vs bundled)"].endswith("<= 1.2x bundled: met")
    assert lines["search p95, bundled database"].endswith("<= raw FTS5: met")
    # Skipped rows say why; rows with nothing measured are left out.
    assert "skipped: `painref QUERY` exited with 2: invalid choice" in out
    assert "first paint, 1,000 topics" not in out
    assert "package size" not in out
    assert "Bytecode: painref/ compiled with compileall before timing" in out
    assert "Note: the 50,000-topic database was reused from /somewhere" in out
    assert "fresh PAINREF_USER_DIR" in out
    assert run.PEERS_SOURCE in out
    assert "Zeal" in out
    assert "GoldenDict" in out


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


PROBE = "print('starting'); print('first_paint'); print('ready'); print('peak_rss_kb 2048')"


def test_a_probe_is_read_line_by_line() -> None:
    sample = run.run_probe(_python(PROBE), {})
    first, ready, end = sample["first_paint_ms"], sample["ready_ms"], sample["exit_ms"]
    assert first is not None
    assert ready is not None
    assert end is not None
    assert first <= ready <= end
    assert sample["rss_mb"] == 2.0


def test_a_line_the_probe_does_not_print_is_none() -> None:
    sample = run.run_probe(_python("print('first_paint')"), {})
    assert sample["first_paint_ms"] is not None
    assert sample["ready_ms"] is None
    assert sample["rss_mb"] is None


def test_a_failing_probe_says_why() -> None:
    failing = "import sys; sys.stderr.write('no such command'); sys.exit(2)"
    with pytest.raises(run.ProbeError, match="exited with 2: no such command"):
        run.run_probe(_python(failing), {})


def test_a_probe_that_hangs_is_killed() -> None:
    with pytest.raises(run.ProbeError, match="killed after"):
        run.run_probe(_python("import time; time.sleep(60)"), {}, timeout=0.5)


def test_rounds_skip_an_unsupported_command_and_pair_the_rest(tmp_path: Path) -> None:
    app = run.Probe("app", _python(PROBE))
    floor = run.Probe("floor", _python(PROBE))
    unsupported = run.Probe("query", _python("import sys; sys.exit(2)"), required=False)
    silent = run.Probe("open", _python("pass"), required=False)
    run.measure_startup([app, floor, unsupported, silent], 3, tmp_path)
    assert len(app.samples) == len(floor.samples) == 3
    assert unsupported.samples == []
    assert unsupported.note is not None
    assert "exited with 2" in unsupported.note
    assert silent.note is not None
    assert "no first_paint" in silent.note
    # Each configuration ran in its own user folder.
    assert app.env["PAINREF_USER_DIR"] != floor.env["PAINREF_USER_DIR"]
    assert (tmp_path / "app").is_dir()
    assert app.env["QT_QPA_PLATFORM"] == "offscreen"
    results: dict[str, object] = {"samples": {}}
    run.record_startup(results, "app", app, floor, {"rss_mb": "rss_mb"})
    run.record_startup(results, "query", unsupported, floor, {"rss_mb": "rss_mb"})
    assert results["app_rss_ratio"] == 1.0
    assert results["app_rss_mb"] == 2.0
    assert "query_skipped" in results
    assert "query_first_paint_ms" not in results


def test_a_required_probe_that_cannot_start_stops_the_bench(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="start-up probe app"):
        run.measure_startup([run.Probe("app", _python("import sys; sys.exit(1)"))], 1, tmp_path)


def test_scales_are_parsed() -> None:
    assert run.parse_scales("10000,1000") == (1000, 10000)
    assert run.parse_scales("1_000") == (1000,)
    assert run.parse_scales("none") == ()
    with pytest.raises(Exception, match="not a list of sizes"):
        run.parse_scales("1k")


def _report(source_hash: str) -> BuildReport:
    return BuildReport(Path("x.db"), 41, 0, 0, "2026.1", source_hash, 0.0)


def test_a_kept_database_is_reused_until_its_sources_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    def generate(real: Path, out: Path, count: int) -> Path:
        (out / "topics").mkdir(parents=True)
        return out

    def build(data: Path, out: Path) -> float:
        built.append(1)
        out.write_bytes(b"a database")
        return 1.0

    monkeypatch.setattr(run, "generate", generate)
    monkeypatch.setattr(run, "measure_build", build)
    keep, work = tmp_path / "keep", tmp_path / "work"
    work.mkdir()
    db, spent = run.generated_db(2, _report("aaa"), work, keep)
    assert db == keep / "generated-2.db"
    assert db.is_file()
    assert set(spent) == {"generate_s", "build_s"}
    stamp = json.loads((keep / "generated-2.json").read_text(encoding="utf-8"))
    assert stamp["source_hash"] == "aaa"
    assert stamp["topics"] == 2
    assert not (work / "generated-2").exists()  # the generated sources are not kept

    assert run.generated_db(2, _report("aaa"), work, keep) == (db, {})
    assert len(built) == 1
    _, spent = run.generated_db(2, _report("bbb"), work, keep)
    assert spent
    assert len(built) == 2
    stamp = json.loads((keep / "generated-2.json").read_text(encoding="utf-8"))
    assert stamp["source_hash"] == "bbb"
    # Without --keep it is built every run, in the run's own folder.
    db, spent = run.generated_db(2, _report("bbb"), work, None)
    assert db == work / "generated-2.db"
    assert spent
