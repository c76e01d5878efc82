"""Builds the bundled SQLite database (tables, links, FTS5 index) from a validated Corpus.

Here: the build as one atomic step (build_database), the refusal of an output that is not a
regular file, and the order in which the tables are written. A page's rows are
content/rows.py's, citation numbering and Markdown content/numbering.py's, the search
tables content/search_index.py's. With SOURCE_DATE_EPOCH set, a build is byte-for-byte
reproducible.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from painref.content.loader import load_corpus
from painref.content.rows import condition_row, tool_row, topic_row
from painref.content.schema import Corpus
from painref.content.search_index import write_search_index
from painref.content.tables import (
    CHILD_TABLES,
    DIAGRAMS_TABLE,
    TOOL_DATA_TABLE,
    TOOL_PAGES_TABLE,
)
from painref.content.tool_pages import ToolPage, tool_pages
from painref.content.version import SCHEMA_VERSION
from painref.errors import ContentError, PainRefError
from painref.fsutil import replacing


@dataclass(frozen=True)
class BuildReport:
    """What a build produced."""

    path: Path
    topics: int
    conditions: int
    references: int
    content_version: str
    source_hash: str
    seconds: float


def build_database(data_dir: Path, output: Path) -> BuildReport:
    """Validate data_dir and build the database at output, atomically.

    The database is written to a temporary file beside output and renamed over it only
    when complete, so a failed build leaves any previous database untouched.

    Raises:
        ContentError: a source is malformed; nothing is written.
        PainRefError: output is not a regular file, or cannot be written.
    """
    started = time.perf_counter()
    output = Path(output)
    _check_output(output)
    corpus = load_corpus(Path(data_dir))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with replacing(output) as tmp:
            _write_file(tmp, corpus)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PainRefError(f"cannot write the database {output}: {reason}") from None
    return BuildReport(
        path=output,
        topics=len(corpus.topics),
        conditions=len(corpus.conditions),
        references=len(corpus.references),
        content_version=corpus.content_version,
        source_hash=corpus.source_hash,
        seconds=time.perf_counter() - started,
    )


def _check_output(output: Path) -> None:
    """Refuse an output that exists and is not a regular file.

    The rename at the end would replace a device node (/dev/full), or the link itself
    rather than its target; a folder fails only after the whole build.
    """
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PainRefError(f"cannot write the database {output}: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        what = "a symbolic link; give the path of the file itself"
    elif stat.S_ISDIR(mode):
        what = "a folder; give a file name inside it"
    else:
        what = "not a regular file (a device, pipe or socket)"
    raise PainRefError(f"cannot write the database {output}: it is {what}")


def _write_file(path: Path, corpus: Corpus) -> None:
    conn = sqlite3.connect(path)
    try:
        _write(sqlite_utils.Database(conn), corpus)
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()


def build_time() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0).isoformat()
    try:
        return datetime.fromtimestamp(int(epoch), UTC).isoformat()
    except (ValueError, OverflowError, OSError):
        raise PainRefError(
            f"SOURCE_DATE_EPOCH={epoch[:30]!r}: expected a whole number of seconds since 1970"
        ) from None


def _write(db: sqlite_utils.Database, corpus: Corpus) -> None:
    attribute_keys = [a.key for a in corpus.attributes]
    condition_names = {c.id: [c.title, *c.aliases] for c in corpus.conditions}

    db.table("meta").insert_all(
        [
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "content_version", "value": corpus.content_version},
            {"key": "build_time", "value": build_time()},
            {"key": "source_hash", "value": corpus.source_hash},
        ],
        pk="key",
    )
    db.table("categories").insert_all(
        [
            {
                "id": c.id,
                "title": c.title,
                "intro": c.intro,
                "ladder_step": c.ladder_step,
                "position": i,
            }
            for i, c in enumerate(corpus.categories)
        ],
        pk="id",
    )
    db.table("attribute_defs").insert_all(
        [
            {
                "key": a.key,
                "label": a.label,
                "unit": a.unit,
                "description": a.description,
                "missing": a.missing,
                "footnote": a.footnote,
                "glance": int(a.glance),
                "position": i,
            }
            for i, a in enumerate(corpus.attributes)
        ],
        pk="key",
    )
    db.table("sources").insert_all(
        [
            {
                "id": r.id,
                "title": r.title,
                "publisher": r.publisher,
                "url": r.url,
                "doi": r.doi,
                "note": r.note,
                "strength": r.strength,
            }
            for r in corpus.references
        ],
        pk="id",
    )

    topic_rows: list[dict[str, Any]] = []
    children: dict[str, list[dict[str, Any]]] = {table: [] for table in CHILD_TABLES}
    for position, topic in enumerate(corpus.topics):
        # A page's own diagrams (it is their first topic) before those it shares.
        shown = sorted(
            (d for d in corpus.diagrams if topic.meta.id in d.meta.topics),
            key=lambda d: (d.meta.topics[0] != topic.meta.id, d.meta.id),
        )
        topic_rows.append(
            topic_row(topic, position, attribute_keys, condition_names, children, shown)
        )
    offset = len(topic_rows)
    for position, cond in enumerate(corpus.conditions):
        topic_rows.append(condition_row(cond, offset + position, children))
    titles = {row["id"]: row["title"] for row in topic_rows}
    pages = tool_pages(corpus.tools, titles)
    offset = len(topic_rows)
    for position, page in enumerate(pages):
        topic_rows.append(tool_row(page, offset + position, children))

    _all_sources_known(corpus, children["topic_sources"])
    db.table("topics").insert_all(topic_rows, pk="id")
    db.table("topics").create_index(["category_id", "position"])
    # The window's start counts pages and finds the overview without listing them; these
    # keep those queries from reading the whole table in a large database.
    db.table("topics").create_index(["kind", "category_id", "position"])
    db.table("topics").create_index(["reviewed"])
    for table, rows in children.items():
        if rows:
            db.table(table).insert_all(rows)
    for table in CHILD_TABLES:
        if table in db.table_names():
            db.table(table).create_index(["topic_id"])
    db.table("topic_conditions").create_index(["condition_id"])
    _write_tools(db, corpus, pages)
    _write_diagrams(db, corpus)
    write_search_index(db, corpus, topic_rows, pages)


def _write_tools(db: sqlite_utils.Database, corpus: Corpus, pages: list[ToolPage]) -> None:
    """The tool files as the planner and calculators read them, and each tool page as its
    template draws it (references numbered)."""
    db.table(TOOL_DATA_TABLE).create({"name": str, "json": str}, pk="name")
    db.table(TOOL_DATA_TABLE).insert_all(
        [
            {"name": name, "json": json.dumps(model.model_dump(by_alias=True, mode="json"))}
            for name, model in sorted(corpus.tools.items())
        ]
    )
    db.table(TOOL_PAGES_TABLE).create({"topic_id": str, "json": str}, pk="topic_id")
    db.table(TOOL_PAGES_TABLE).insert_all(
        [{"topic_id": p.info.id, "json": json.dumps(p.json)} for p in pages]
    )


def _write_diagrams(db: sqlite_utils.Database, corpus: Corpus) -> None:
    """Each diagram's SVG once (the pages' captions are in topic_diagrams), with its
    SHA-256: a damaged drawing is refused rather than drawn half-way."""
    db.table(DIAGRAMS_TABLE).create(
        {
            "id": str,
            "title": str,
            "view": str,
            "alt": str,
            "svg": str,
            "sha256": str,
            "width": int,
            "height": int,
            "reviewed": str,
        },
        pk="id",
    )
    db.table(DIAGRAMS_TABLE).insert_all(
        [
            {
                "id": d.meta.id,
                "title": d.meta.title,
                "view": d.meta.view,
                "alt": d.meta.alt,
                "svg": d.svg,
                "sha256": hashlib.sha256(d.svg.encode("utf-8")).hexdigest(),
                "width": d.width,
                "height": d.height,
                "reviewed": d.meta.reviewed.isoformat(),
            }
            for d in corpus.diagrams
        ]
    )


def _all_sources_known(corpus: Corpus, rows: list[dict[str, Any]]) -> None:
    """A second guard behind the loader: a page never lists a reference that is not there."""
    known = {r.id for r in corpus.references}
    for row in rows:
        if row["source_id"] not in known:
            where = next(
                (t.path for t in corpus.topics if t.meta.id == row["topic_id"]),
                f"condition {row['topic_id']}",
            )
            raise ContentError(f"{where}: unknown reference {row['source_id']!r}")
