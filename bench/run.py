"""PainRef benchmarks: every speed as a ratio to a floor measured in the same run.

    python bench/run.py            # full run
    python bench/run.py --quick    # fewer repetitions
    python bench/run.py --json results.json

Floors: a raw FTS5 MATCH with bm25() and snippet() on the same database for search.
Nothing here is a pass/fail test; the numbers are reported, and the README quotes them
with the machine they came from.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.generate import generate  # noqa: E402
from painref.content.builder import build_database  # noqa: E402
from painref.content.library import Library  # noqa: E402
from painref.render.contexts import Theme  # noqa: E402
from painref.search.query import quote, tokens  # noqa: E402
from painref.search.service import SearchService  # noqa: E402

QUERIES_FILE = ROOT / "tests" / "search" / "relevance_queries.yaml"


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
            ours += timed(lambda q=q: service.search(q, 20), 1)
            floor += timed(lambda q=q: raw_fts(library.connection, q), 1)
    library.close()
    return {
        "p50": percentile(ours, 50),
        "p95": percentile(ours, 95),
        "floor_p50": percentile(floor, 50),
        "floor_p95": percentile(floor, 95),
    }


def run_probe(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall milliseconds from process start to exit, peak RSS MiB) of one start-up probe."""
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {result.stderr[-400:]}")
    rss = next(
        (
            int(line.split()[1])
            for line in result.stdout.splitlines()
            if line.startswith("peak_rss_kb ")
        ),
        0,
    )
    return elapsed, rss / 1024


def measure_startup(app_cmd: list[str], floor_cmd: list[str], runs: int) -> dict[str, float]:
    """The app to its window and home page, against the bare window, alternating runs."""
    with tempfile.TemporaryDirectory() as user_dir:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PAINREF_USER_DIR": user_dir,
            "PAINREF_EXIT_AFTER_START": "1",
        }
        env.pop("PAINREF_DB", None)
        run_probe(app_cmd, env)  # warm the file cache for both before timing
        run_probe(floor_cmd, env)
        ours, floor, ours_rss, floor_rss = [], [], [], []
        for _ in range(runs):
            ms, rss = run_probe(app_cmd, env)
            ours.append(ms)
            ours_rss.append(rss)
            ms, rss = run_probe(floor_cmd, env)
            floor.append(ms)
            floor_rss.append(rss)
    return {
        "ms": statistics.median(ours),
        "floor_ms": statistics.median(floor),
        "rss": max(ours_rss),
        "floor_rss": max(floor_rss),
    }


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
            render += timed(lambda p=page_id: topic(p), 1)
        for group in groups:
            compares += timed(lambda g=group: four_way(g), 1)
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
        "--topics", type=int, default=10_000, help="size of the generated database (default 10000)"
    )
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 10
    queries = realistic_queries()
    results: dict[str, float | int | str] = {}

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bundled = tmp_path / "painref.db"
        results["build_s"] = statistics.median(
            measure_build(ROOT / "data", bundled) for _ in range(1 if args.quick else 3)
        )
        small = measure_search(bundled, queries, rounds)
        results.update(
            search_p50_ms=small["p50"],
            search_p95_ms=small["p95"],
            fts_p95_ms=small["floor_p95"],
            search_ratio=small["p95"] / small["floor_p95"],
        )

        generated = generate(ROOT / "data", tmp_path / "generated", args.topics)
        big_db = tmp_path / "generated.db"
        results["build10k_s"] = measure_build(generated, big_db)
        results["generated_topics"] = args.topics
        big = measure_search(big_db, queries, max(1, rounds // 2))
        results.update(
            search10k_p50_ms=big["p50"],
            search10k_p95_ms=big["p95"],
            fts10k_p95_ms=big["floor_p95"],
            search10k_ratio=big["p95"] / big["floor_p95"],
        )

    app_cmd = [sys.executable, "-m", "painref"]
    floor_cmd = [sys.executable, str(ROOT / "packaging" / "bare_window.py"), "--quit"]
    start = measure_startup(app_cmd, floor_cmd, 7 if args.quick else 15)
    results.update(
        startup_ms=start["ms"],
        startup_floor_ms=start["floor_ms"],
        startup_ratio=start["ms"] / start["floor_ms"],
        rss_mb=start["rss"],
        rss_floor_mb=start["floor_rss"],
        rss_ratio=start["rss"] / start["floor_rss"],
    )

    rendered = measure_render(ROOT / "data" / "painref.db", 2 if args.quick else 5)
    results.update(render_p95_ms=rendered["render_p95"], compare_p95_ms=rendered["compare_p95"])

    frozen, frozen_floor = ROOT / "dist" / "painref", ROOT / "dist" / "bare-window"
    if (frozen / "painref").is_file() and (frozen_floor / "bare-window").is_file():
        results.update(package_mb=folder_mb(frozen), package_floor_mb=folder_mb(frozen_floor))
        results["package_ratio"] = results["package_mb"] / results["package_floor_mb"]
        packed = measure_startup(
            [str(frozen / "painref")],
            [str(frozen_floor / "bare-window"), "--quit"],
            7 if args.quick else 15,
        )
        results.update(
            frozen_startup_ms=packed["ms"],
            frozen_startup_floor_ms=packed["floor_ms"],
            frozen_startup_ratio=packed["ms"] / packed["floor_ms"],
        )

    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    report(results, len(queries))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def report(results: dict[str, float | int | str], query_count: int) -> None:
    r = results
    print(f"PainRef benchmark ({r['machine']})")
    print(f"{'measure':<40}{'PainRef':>12}{'floor':>12}{'ratio':>8}  target")
    rows = [
        (
            "start-up to window + home page (median)",
            "startup_ms",
            "startup_floor_ms",
            "startup_ratio",
            "ms",
            "<= 1.25x bare window",
        ),
        (
            "peak memory at start-up",
            "rss_mb",
            "rss_floor_mb",
            "rss_ratio",
            "MiB",
            "<= 1.3x bare window",
        ),
        (f"search p50 ({query_count} queries)", "search_p50_ms", None, None, "ms", ""),
        (
            "search p95, bundled database",
            "search_p95_ms",
            "fts_p95_ms",
            "search_ratio",
            "ms",
            "< 5 ms",
        ),
        (
            f"search p95, {r['generated_topics']} topics",
            "search10k_p95_ms",
            "fts10k_p95_ms",
            "search10k_ratio",
            "ms",
            "<= 2x raw FTS5",
        ),
        ("topic page render p95 (laid out)", "render_p95_ms", None, None, "ms", "< 30 ms"),
        ("four-way comparison render p95", "compare_p95_ms", None, None, "ms", ""),
        ("build bundled database", "build_s", None, None, "s", ""),
        (f"build {r['generated_topics']}-topic database", "build10k_s", None, None, "s", "linear"),
        (
            "package size",
            "package_mb",
            "package_floor_mb",
            "package_ratio",
            "MiB",
            "<= 1.1x bare window",
        ),
        (
            "frozen start-up (median)",
            "frozen_startup_ms",
            "frozen_startup_floor_ms",
            "frozen_startup_ratio",
            "ms",
            "",
        ),
    ]
    for name, key, floor, ratio, unit, target in rows:
        if key not in r:
            continue
        value = f"{float(r[key]):.2f} {unit}"
        floor_text = f"{float(r[floor]):.2f} {unit}" if floor else ""
        ratio_text = f"{float(r[ratio]):.2f}x" if ratio else ""
        print(f"{name:<40}{value:>12}{floor_text:>12}{ratio_text:>8}  {target}")


if __name__ == "__main__":
    raise SystemExit(main())
