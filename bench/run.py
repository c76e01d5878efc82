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

    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    report(results, len(queries))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def report(results: dict[str, float | int | str], query_count: int) -> None:
    print(f"PainRef benchmark ({results['machine']})")
    print(f"{'measure':<34}{'value':>12}  floor / note")
    rows = [
        ("build bundled database", f"{results['build_s']:.2f} s", ""),
        (
            f"build {results['generated_topics']}-topic database",
            f"{results['build10k_s']:.1f} s",
            "linear growth expected",
        ),
        (f"search p50 ({query_count} queries)", f"{results['search_p50_ms']:.2f} ms", ""),
        (
            "search p95",
            f"{results['search_p95_ms']:.2f} ms",
            f"raw FTS5 p95 {results['fts_p95_ms']:.2f} ms, ratio {results['search_ratio']:.2f}x",
        ),
        (
            "search p95, generated database",
            f"{results['search10k_p95_ms']:.2f} ms",
            f"raw FTS5 p95 {results['fts10k_p95_ms']:.2f} ms, "
            f"ratio {results['search10k_ratio']:.2f}x",
        ),
    ]
    for name, value, note in rows:
        print(f"{name:<34}{value:>12}  {note}")


if __name__ == "__main__":
    raise SystemExit(main())
