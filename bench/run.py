"""PainRef benchmarks: every speed as a ratio to a floor measured in the same run.

    python bench/run.py                        # full run (generated 1k, 10k and 50k databases)
    python bench/run.py --quick                # fewer repetitions, 1k and 10k
    python bench/run.py --quick --scale 1000   # the generated sizes to build and time
    python bench/run.py --keep ~/bench-dbs     # keep the generated databases between runs
    python bench/run.py --json results.json    # every number, raw start-up samples included

Floors: a raw FTS5 MATCH with bm25() and snippet() on the same database for search; the bare
PySide6 window (packaging/bare_window.py, PainRef's first-run size, a text browser with text)
for start-up and memory; the bundled database's start-up for the generated databases'.

Start-up is timed from process start to the lines the probe prints (PAINREF_EXIT_AFTER_START=1:
`first_paint` when the page view first paints, `ready` when the window is fully built, then
`peak_rss_kb N` on exit), every configuration once per round, rounds interleaved, after a
warm-up run. Nothing here is a pass/fail test; the numbers are reported, and the README
quotes them with the machine they came from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.generate import generate  # noqa: E402
from painref.content.builder import BuildReport, build_database  # noqa: E402
from painref.content.library import Library  # noqa: E402
from painref.content.version import SCHEMA_VERSION  # noqa: E402
from painref.render.theme import Theme  # noqa: E402
from painref.search.query import quote, tokens  # noqa: E402
from painref.search.service import SearchService  # noqa: E402

QUERIES_FILE = ROOT / "tests" / "search" / "relevance_queries.yaml"
BARE_WINDOW = ROOT / "packaging" / "bare_window.py"
ANSWER_QUERY = "epidural steroid injection"
ANSWER_ID = "epidural-steroid-injection"
FULL_SCALES = (1_000, 10_000, 50_000)
QUICK_SCALES = (1_000, 10_000)
PROBE_TIMEOUT_S = 300.0  # a start-up over a 50,000-topic database took 4.5 s before issue 20

# Peers, measured once on Xvfb by hand (they are not installed here): the "context" block.
PEERS_SOURCE = "quoted from ../shared/reviews/perf.md, another machine, not measured in this run"
PEERS: dict[str, dict[str, float]] = {
    # ms from process start, Xvfb 1600x1000, median of 9; RSS MiB of the process tree at 4 s;
    # answer: `app "epidural steroid injection"` until the page is on screen and settled.
    "bare PySide6 window": {"window_ms": 141, "first_paint_ms": 144, "rss_mb": 57},
    "PainRef then (769cb1e)": {
        "window_ms": 276,
        "first_paint_ms": 296,
        "rss_mb": 86,
        "answer_ms": 317,
    },
    "Zeal 0.6.1 (QtWebEngine)": {
        "window_ms": 159,
        "first_paint_ms": 183,
        "rss_mb": 374,
        "answer_ms": 719,
    },
    "GoldenDict 1.5.0~rc2 (QtWebKit)": {
        "window_ms": 185,
        "first_paint_ms": 202,
        "rss_mb": 157,
        "answer_ms": 215,
    },
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, repeat calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def put(results: dict[str, Any], key: str, values: list[float]) -> None:
    """The median under key, and its spread under key_min and key_max."""
    if values:
        results[key] = statistics.median(values)
        results[f"{key}_min"] = min(values)
        results[f"{key}_max"] = max(values)


def realistic_queries() -> list[str]:
    return [str(q["query"]) for q in yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))]


def raw_fts(connection: sqlite3.Connection, query: str) -> list[tuple[object, ...]]:
    """The floor: one FTS5 MATCH of the query's words with bm25 and snippet, nothing else."""
    words = [w for w in tokens(query)]
    if not words:
        return []
    expression = " OR ".join(quote(w) for w in words)
    return connection.execute(
        "SELECT t.id, t.title, bm25(topics_fts), "
        "snippet(topics_fts, -1, '[', ']', '…', 14) FROM topics_fts "
        "JOIN topics t ON t.rowid = topics_fts.rowid WHERE topics_fts MATCH ? "
        "ORDER BY bm25(topics_fts) LIMIT 20",
        [expression],
    ).fetchall()


def measure_search(db: Path, queries: list[str], rounds: int) -> dict[str, float]:
    """The service and the raw floor over the same queries, interleaved query by query."""
    library = Library.open(db)
    service = SearchService(library)
    service.search("warm up the typo vocabulary steriod", 20)
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(rounds):
        for q in queries:
            ours += timed(partial(service.search, q, 20), 1)
            floor += timed(partial(raw_fts, library.connection, q), 1)
    library.close()
    return {
        "p50": percentile(ours, 50),
        "p95": percentile(ours, 95),
        "floor_p50": percentile(floor, 50),
        "floor_p95": percentile(floor, 95),
    }


# --- start-up ---------------------------------------------------------------------------------


class ProbeError(Exception):
    """A start-up probe exited with an error or timed out."""


Sample = dict[str, float | None]
METRICS = ("first_paint_ms", "ready_ms", "exit_ms", "rss_mb")


def run_probe(cmd: list[str], env: dict[str, str], timeout: float = PROBE_TIMEOUT_S) -> Sample:
    """One start-up: milliseconds from process start to each line the probe prints
    (`first_paint`, `ready`) and to its exit, and its peak memory in MiB (`peak_rss_kb N`).
    A line the probe did not print is None.

    Raises:
        ProbeError: the process exited with an error, or ran past timeout.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            process.kill()

        watchdog = threading.Timer(timeout, kill)
        watchdog.start()
        marks: dict[str, float] = {}
        rss_kb: int | None = None
        output = process.stdout
        assert output is not None
        try:
            for raw in iter(output.readline, b""):
                now = (time.perf_counter() - start) * 1000
                word, _, rest = raw.decode("utf-8", "replace").strip().partition(" ")
                if word in ("first_paint", "ready"):
                    marks.setdefault(word, now)
                elif word == "peak_rss_kb" and rest.strip().isdigit():
                    rss_kb = int(rest)
            status = process.wait()
            exit_ms = (time.perf_counter() - start) * 1000
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
            output.close()
        if status != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines() or [""]
            why = f"killed after {timeout:g} s" if fired.is_set() else f"exited with {status}"
            raise ProbeError(f"`{shown(cmd)}` {why}: {lines[-1][:300]}")
    return {
        "first_paint_ms": marks.get("first_paint"),
        "ready_ms": marks.get("ready"),
        "exit_ms": exit_ms,
        "rss_mb": rss_kb / 1024 if rss_kb else None,
    }


def shown(cmd: list[str]) -> str:
    """The command as a reader would type it: `python` for this interpreter."""
    words = ["python" if cmd[0] == sys.executable else cmd[0], *cmd[1:]]
    return shlex.join(words)


@dataclass
class Probe:
    """One start-up configuration: its command, its environment and its samples."""

    key: str
    cmd: list[str]
    env: dict[str, str] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    note: str | None = None  # why it was left out of the timed rounds
    required: bool = True  # the bench stops when it cannot run at all
    first_paint: bool = True  # it must print first_paint (an older frozen build may not)

    def values(self, metric: str) -> list[float]:
        return [v for s in self.samples if (v := s.get(metric)) is not None]


def probe_env(user_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PAINREF_USER_DIR": str(user_dir),
        "PAINREF_EXIT_AFTER_START": "1",
    }
    for name in ("PAINREF_DB", "PAINREF_LOCAL_DB"):  # the content is the configuration's
        env.pop(name, None)
    env.update(extra)
    return env


def measure_startup(probes: list[Probe], runs: int, user_root: Path) -> list[Probe]:
    """Every probe once per round, runs rounds, after one warm-up run each.

    Each probe has its own fresh user folder, made here and warmed by its warm-up run, so a
    cache the app keeps there is warm, as for any returning user. Rounds alternate the order
    (A B C ... then ... C B A) so no configuration always runs first. A probe whose warm-up
    fails is left out with a note (or stops the bench when it is required)."""
    for probe in probes:
        user_dir = user_root / probe.key
        user_dir.mkdir(parents=True)
        probe.env = probe_env(user_dir, probe.env)
        try:
            warm = run_probe(probe.cmd, probe.env)
        except ProbeError as exc:
            probe.note = str(exc)
        else:
            if warm["first_paint_ms"] is None and probe.first_paint:
                probe.note = f"`{shown(probe.cmd)}` printed no first_paint line"
        if probe.note and probe.required:
            raise SystemExit(f"start-up probe {probe.key}: {probe.note}")
    active = [p for p in probes if p.note is None]
    for i in range(runs):
        for probe in active if i % 2 == 0 else active[::-1]:
            try:
                probe.samples.append(run_probe(probe.cmd, probe.env))
            except ProbeError:  # one crash on a noisy machine: once more, then give up
                probe.samples.append(run_probe(probe.cmd, probe.env))
    return probes


def paired(
    probe: Probe, metric: str, reference: Probe, reference_metric: str | None = None
) -> list[float]:
    """Per-round ratios of probe's metric to the reference's, both from the same round."""
    other = reference_metric or metric
    return [
        a / b
        for s, r in zip(probe.samples, reference.samples, strict=True)
        if (a := s.get(metric)) is not None and (b := r.get(other))
    ]


def record_startup(
    results: dict[str, Any],
    prefix: str,
    probe: Probe,
    reference: Probe,
    against: dict[str, str],
) -> None:
    """probe's metrics under prefix_<metric>, and their per-round ratios to the reference's
    (against maps each of probe's metrics to the reference's metric it is divided by)."""
    results["samples"][prefix] = probe.samples
    if probe.note:
        results[f"{prefix}_skipped"] = probe.note
        return
    for metric in METRICS:
        put(results, f"{prefix}_{metric}", probe.values(metric))
    if reference.note or len(reference.samples) != len(probe.samples):
        return
    for metric, reference_metric in against.items():
        name = metric.removesuffix("_ms").removesuffix("_mb")
        put(results, f"{prefix}_{name}_ratio", paired(probe, metric, reference, reference_metric))


# --- generated databases ------------------------------------------------------------------------


def source_stamp(bundled: BuildReport, topics: int) -> dict[str, Any]:
    """What a generated database was built from: when any of it changes, it is rebuilt."""
    generator = (ROOT / "bench" / "generate.py").read_bytes()
    return {
        "topics": topics,
        "schema_version": SCHEMA_VERSION,
        "content_version": bundled.content_version,
        "source_hash": bundled.source_hash,
        "generator_sha256": hashlib.sha256(generator).hexdigest(),
    }


def generated_db(
    topics: int, bundled: BuildReport, work: Path, keep: Path | None
) -> tuple[Path, dict[str, float]]:
    """The generated database of topics topics, built from data/ once, or reused from keep
    when it was built there from the same sources. Returns it with the seconds spent
    generating and building it (none when reused)."""
    folder = keep or work
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"generated-{topics}.db"
    stamp_file = folder / f"generated-{topics}.json"
    stamp = source_stamp(bundled, topics)
    if keep and db.is_file() and stamp_file.is_file():
        try:
            if json.loads(stamp_file.read_text(encoding="utf-8")) == stamp:
                return db, {}
        except ValueError:
            pass
    stamp_file.unlink(missing_ok=True)
    started = time.perf_counter()
    content = generate(ROOT / "data", work / f"generated-{topics}", topics)
    generated_s = time.perf_counter() - started
    build_s = measure_build(content, db)
    shutil.rmtree(content)
    stamp_file.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    return db, {"generate_s": generated_s, "build_s": build_s}


def compile_bytecode() -> None:
    """Compile painref/ so the start-up probes read .pyc, as an installed app does (this
    machine may set PYTHONDONTWRITEBYTECODE=1; compileall writes regardless). The bare
    window is a script, which Python always compiles in memory: its own code is tiny."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "painref")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def measure_render(db: Path, rounds: int) -> dict[str, float]:
    """Template to a laid-out QTextDocument: every topic page, and four-way comparisons."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QTextDocument

    from painref.content.comparison import compare
    from painref.pages import PageService
    from painref.render.chart import comparison_chart
    from painref.render.contexts import ComparePage
    from painref.render.pages import render_compare

    _app = QGuiApplication.instance() or QGuiApplication([])
    library = Library.open(db)
    ids = [t.id for t in library.all_pages()]

    def layout(html: str) -> None:
        document = QTextDocument()
        document.setHtml(html)
        document.setTextWidth(900)
        document.size()

    pages = PageService(library)

    def topic(page_id: str) -> None:
        # Through the page service, which draws a tool page with its own template.
        layout(pages.render(page_id).html)

    def four_way(group: list[str]) -> None:
        comparison = compare(library, group)
        comparison_chart(comparison, Theme())
        layout(render_compare(ComparePage(comparison=comparison, meta=library.meta)))

    topics = [t.id for t in library.topics(include_tools=False)]
    groups = [topics[i : i + 4] for i in range(0, len(topics) - 3, 4)]
    render: list[float] = []
    compares: list[float] = []
    for _ in range(rounds):
        for page_id in ids:
            render += timed(partial(topic, page_id), 1)
        for group in groups:
            compares += timed(partial(four_way, group), 1)
    library.close()
    del _app
    return {"render_p95": percentile(render, 95), "compare_p95": percentile(compares, 95)}


def folder_mb(folder: Path) -> float:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def measure_build(data: Path, out: Path) -> float:
    start = time.perf_counter()
    build_database(data, out)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PainRef benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    parser.add_argument(
        "--scale",
        type=parse_scales,
        help="generated database sizes, comma-separated, or 'none' "
        "(default 1000,10000,50000; with --quick 1000,10000)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the generated databases in DIR and reuse them in later runs "
        "(rebuilt when the content, the schema or the generator changes)",
    )
    args = parser.parse_args(argv)
    scales: tuple[int, ...] = (
        args.scale if args.scale is not None else (QUICK_SCALES if args.quick else FULL_SCALES)
    )
    rounds = 3 if args.quick else 10
    runs = 7 if args.quick else 15
    queries = realistic_queries()
    results: dict[str, Any] = {"scales": list(scales), "samples": {}, "notes": []}

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bundled = tmp_path / "painref.db"
        builds = [build_database(ROOT / "data", bundled) for _ in range(1 if args.quick else 3)]
        results["build_s"] = statistics.median(b.seconds for b in builds)
        small = measure_search(bundled, queries, rounds)
        results.update(
            search_p50_ms=small["p50"],
            search_p95_ms=small["p95"],
            fts_p95_ms=small["floor_p95"],
            search_ratio=small["p95"] / small["floor_p95"],
        )

        databases: dict[int, Path] = {}
        for topics in scales:
            db, spent = generated_db(topics, builds[0], tmp_path, args.keep)
            databases[topics] = db
            if spent:
                results[f"generate{topics}_s"] = spent["generate_s"]
                results[f"build{topics}_s"] = spent["build_s"]
            else:
                results["notes"].append(f"the {topics:,}-topic database was reused from {db}")
            found = measure_search(db, queries, max(1, rounds // 2))
            results.update(
                {
                    f"search{topics}_p50_ms": found["p50"],
                    f"search{topics}_p95_ms": found["p95"],
                    f"fts{topics}_p95_ms": found["floor_p95"],
                    f"search{topics}_ratio": found["p95"] / found["floor_p95"],
                }
            )

        compile_bytecode()
        results["bytecode"] = "painref/ compiled with compileall before timing"
        measure_all_startups(results, databases, runs, tmp_path / "users")

    rendered = measure_render(ROOT / "data" / "painref.db", 2 if args.quick else 5)
    results.update(render_p95_ms=rendered["render_p95"], compare_p95_ms=rendered["compare_p95"])

    frozen, frozen_floor = ROOT / "dist" / "painref", ROOT / "dist" / "bare-window"
    if (frozen / "painref").is_file() and (frozen_floor / "bare-window").is_file():
        results.update(package_mb=folder_mb(frozen), package_floor_mb=folder_mb(frozen_floor))
        results["package_ratio"] = results["package_mb"] / results["package_floor_mb"]
        with tempfile.TemporaryDirectory() as users:
            app, floor = measure_startup(
                [
                    Probe("frozen", [str(frozen / "painref")], first_paint=False),
                    Probe(
                        "frozen_floor",
                        [str(frozen_floor / "bare-window"), "--quit"],
                        first_paint=False,
                    ),
                ],
                runs,
                Path(users),
            )
        record_startup(results, "frozen_floor", floor, floor, {})
        record_startup(
            results,
            "frozen",
            app,
            floor,
            {
                "first_paint_ms": "first_paint_ms",
                "ready_ms": "first_paint_ms",
                "exit_ms": "exit_ms",
                "rss_mb": "rss_mb",
            },
        )

    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    results["runs"] = runs
    results["peers"] = {"source": PEERS_SOURCE, **PEERS}
    report(results, len(queries))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def parse_scales(text: str) -> tuple[int, ...]:
    if text.strip().lower() in ("", "none", "0"):
        return ()
    try:
        scales = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from None
    if any(n <= 0 for n in scales):
        raise argparse.ArgumentTypeError(f"sizes must be positive: {text!r}")
    return tuple(sorted(set(scales)))


def measure_all_startups(
    results: dict[str, Any], databases: dict[int, Path], runs: int, user_root: Path
) -> None:
    """The app against the bare window, the generated databases against the bundled one,
    and the answer commands against the bare window, all in the same interleaved rounds."""
    python = sys.executable
    app = Probe("app", [python, "-m", "painref"])
    floor = Probe("floor", [python, str(BARE_WINDOW), "--quit"])
    scaled = {
        topics: Probe(f"db{topics}", [python, "-m", "painref"], {"PAINREF_DB": str(db)})
        for topics, db in databases.items()
    }
    answer = Probe("query", [python, "-m", "painref", ANSWER_QUERY], required=False)
    opened = Probe("open", [python, "-m", "painref", "--open", ANSWER_ID], required=False)
    measure_startup([app, floor, *scaled.values(), answer, opened], runs, user_root)

    record_startup(results, "floor", floor, floor, {})
    to_floor = {
        "first_paint_ms": "first_paint_ms",
        "ready_ms": "first_paint_ms",
        "exit_ms": "exit_ms",
        "rss_mb": "rss_mb",
    }
    record_startup(results, "app", app, floor, to_floor)
    to_bundled = {"first_paint_ms": "first_paint_ms", "ready_ms": "ready_ms", "rss_mb": "rss_mb"}
    for topics, probe in scaled.items():
        record_startup(results, f"db{topics}", probe, app, to_bundled)
    answer_to_floor = {"first_paint_ms": "first_paint_ms", "ready_ms": "first_paint_ms"}
    record_startup(results, "query", answer, floor, answer_to_floor)
    record_startup(results, "open", opened, floor, answer_to_floor)


# --- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: a median with its spread, its floor's, and their ratio."""

    label: str
    key: str
    floor: str | None = None
    ratio: str | None = None
    unit: str = "ms"
    target: str = ""
    limit: float | None = None  # the ratio (or, without one, the value) at most this
    skipped: str | None = None  # the results key of a note when the row could not be run


def number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def cell(r: dict[str, Any], key: str | None, unit: str) -> str:
    """'324 ms (304-376)': the median, its unit and, when measured, its min-max."""
    if not key or key not in r:
        return ""
    text = f"{number(float(r[key]))}{unit}"
    if f"{key}_min" in r:
        text += f" ({number(float(r[f'{key}_min']))}-{number(float(r[f'{key}_max']))})"
    return text


def rows(r: dict[str, Any], query_count: int) -> list[Row]:
    scales = [int(n) for n in r.get("scales", [])]
    top = max(scales, default=0)
    out = [
        Row(
            "window with its first page (first paint)",
            "app_first_paint_ms",
            "floor_first_paint_ms",
            "app_first_paint_ratio",
            target="<= 1.25x bare first paint",
            limit=1.25,
        ),
        Row(
            "ready for input (vs bare first paint)",
            "app_ready_ms",
            "floor_first_paint_ms",
            "app_ready_ratio",
        ),
        Row("process start to exit", "app_exit_ms", "floor_exit_ms", "app_exit_ratio"),
        Row(
            "peak memory (VmHWM)",
            "app_rss_mb",
            "floor_rss_mb",
            "app_rss_ratio",
            unit="MiB",
            target="<= 1.3x bare window",
            limit=1.3,
        ),
    ]
    for n in scales:
        big = n == top and n >= 50_000
        out += [
            Row(
                f"first paint, {n:,} topics (vs bundled)",
                f"db{n}_first_paint_ms",
                "app_first_paint_ms",
                f"db{n}_first_paint_ratio",
                target="<= 1.2x bundled" if big else "",
                limit=1.2 if big else None,
                skipped=f"db{n}_skipped",
            ),
            Row(
                f"ready, {n:,} topics (vs bundled)",
                f"db{n}_ready_ms",
                "app_ready_ms",
                f"db{n}_ready_ratio",
                target="<= 1.2x bundled" if big else "",
                limit=1.2 if big else None,
            ),
            Row(
                f"peak memory, {n:,} topics (vs bundled)",
                f"db{n}_rss_mb",
                "app_rss_mb",
                f"db{n}_rss_ratio",
                unit="MiB",
            ),
        ]
    out += [
        Row(
            f'readable answer: painref "{ANSWER_QUERY}"',
            "query_first_paint_ms",
            "floor_first_paint_ms",
            "query_first_paint_ratio",
            target="<= 1.25x bare first paint",
            limit=1.25,
            skipped="query_skipped",
        ),
        Row(
            f"painref --open {ANSWER_ID} (first paint)",
            "open_first_paint_ms",
            "floor_first_paint_ms",
            "open_first_paint_ratio",
            skipped="open_skipped",
        ),
        Row(f"search p50 ({query_count} queries)", "search_p50_ms"),
        Row(
            "search p95, bundled database",
            "search_p95_ms",
            "fts_p95_ms",
            "search_ratio",
            target="<= raw FTS5",
            limit=1.0,
        ),
    ]
    out += [
        Row(
            f"search p95, {n:,} topics (vs raw FTS5)",
            f"search{n}_p95_ms",
            f"fts{n}_p95_ms",
            f"search{n}_ratio",
            target="<= raw FTS5",
            limit=1.0,
        )
        for n in scales
    ]
    out += [
        Row("topic page render p95 (laid out)", "render_p95_ms", target="< 30 ms", limit=30.0),
        Row("four-way comparison render p95", "compare_p95_ms"),
        Row("build bundled database", "build_s", unit="s"),
    ]
    for n in scales:
        out += [
            Row(f"generate {n:,}-topic content", f"generate{n}_s", unit="s"),
            Row(f"build {n:,}-topic database", f"build{n}_s", unit="s"),
        ]
    out += [
        Row(
            "package size",
            "package_mb",
            "package_floor_mb",
            "package_ratio",
            unit="MiB",
            target="<= 1.1x bare window",
            limit=1.1,
        ),
        Row(
            "frozen: first paint",
            "frozen_first_paint_ms",
            "frozen_floor_first_paint_ms",
            "frozen_first_paint_ratio",
            skipped="frozen_skipped",
        ),
        Row(
            "frozen: process start to exit",
            "frozen_exit_ms",
            "frozen_floor_exit_ms",
            "frozen_exit_ratio",
        ),
        Row(
            "frozen: peak memory",
            "frozen_rss_mb",
            "frozen_floor_rss_mb",
            "frozen_rss_ratio",
            unit="MiB",
        ),
    ]
    return out


def verdict(r: dict[str, Any], row: Row) -> str:
    key = row.ratio or row.key
    if row.limit is None or key not in r:
        return row.target
    met = float(r[key]) <= row.limit
    return f"{row.target}: {'met' if met else 'MISSED'}"


LABEL = 56  # the measure column's width


def report(results: dict[str, Any], query_count: int) -> None:
    r = results
    print(f"PainRef benchmark ({r.get('machine', 'unknown machine')})")
    print(
        f"{'measure':<{LABEL}}{'PainRef':>24}{'floor':>24}{'ratio':>20}  target\n"
        f"{'':<{LABEL}}{'median (min-max)':>24}{'':>24}{'median of rounds':>20}"
    )
    for row in rows(r, query_count):
        if row.key not in r:
            if row.skipped and row.skipped in r:
                print(f"{row.label:<{LABEL}}  skipped: {r[row.skipped]}")
            continue
        unit = f" {row.unit}"
        value = cell(r, row.key, unit)
        floor = cell(r, row.floor, unit)
        ratio = cell(r, row.ratio, "x")
        print(f"{row.label:<{LABEL}}{value:>24}{floor:>24}{ratio:>20}  {verdict(r, row)}")
    print()
    runs = r.get("runs")
    if "floor_first_paint_ms" in r:
        print(
            f"Start-up: median of {runs} interleaved rounds after a warm-up run, min-max in "
            "brackets; ratios are the median of the per-round ratios. Process start to the "
            "probe's `first_paint` (page view's first paint), `ready` (window fully built) and "
            "exit; QT_QPA_PLATFORM=offscreen."
        )
        print(
            "Each configuration has its own fresh PAINREF_USER_DIR, warmed by its warm-up run, "
            "so a cache the app keeps there is warm, as for any returning user."
        )
        print(
            f"Floor: {BARE_WINDOW.relative_to(ROOT)} at PainRef's first-run window size with a "
            "text browser of a few paragraphs."
        )
    if "bytecode" in r:
        print(f"Bytecode: {r['bytecode']} (the probes read .pyc, as an installed app does).")
    for note in r.get("notes", []):
        print(f"Note: {note}")
    print()
    print(f"Context ({PEERS_SOURCE}):")
    print("  Xvfb 1600x1000, ms from process start (median of 9), RSS of the process tree at 4 s;")
    print('  answer: started with "epidural steroid injection", until the page had settled.')
    print(f"  {'app':<34}{'window':>10}{'first paint':>14}{'RSS':>10}{'answer':>10}")
    for name, figures in PEERS.items():
        cells = [
            f"{figures[k]:.0f} {u}" if k in figures else ""
            for k, u in (("window_ms", "ms"), ("first_paint_ms", "ms"), ("rss_mb", "MiB"))
        ]
        answer = f"{figures['answer_ms']:.0f} ms" if "answer_ms" in figures else ""
        print(f"  {name:<34}{cells[0]:>10}{cells[1]:>14}{cells[2]:>10}{answer:>10}")
    bare = PEERS["bare PySide6 window"]["first_paint_ms"]
    print(
        "  Against that run's bare window's first paint: "
        + ", ".join(
            f"{name.split()[0]} answer {figures['answer_ms'] / bare:.2f}x"
            for name, figures in PEERS.items()
            if "answer_ms" in figures
        )
        + "."
    )


if __name__ == "__main__":
    raise SystemExit(main())
