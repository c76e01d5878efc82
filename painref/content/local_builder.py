"""Builds a local layer's SQLite database from its validated folder.

The database (local schema version 1) holds the layer's metadata, its pages and notes with
their Markdown rendered as data/'s is (content/numbering.py), and for each note the
published value it was written against: its text and SHA-256 (content/fingerprint.py) and
the published content version, so the reader can flag the note when a content release
changes the value (drift). Pages are indexed for search in the FTS5 table local_fts.
Written beside the output, then renamed (fsutil.replacing); with SOURCE_DATE_EPOCH set,
the same sources and published content give a byte-identical file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from painref.content.builder import _check_output, build_time
from painref.content.fingerprint import digest, published_value
from painref.content.library import Library
from painref.content.local_layer import LAYER_KIND, LOCAL_SCHEMA_VERSION, LocalLayerMeta
from painref.content.local_loader import LocalSource, load_local_source
from painref.content.numbering import Numbering
from painref.content.search_index import FTS_TOKENIZE
from painref.errors import PainRefError
from painref.fsutil import replacing

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE pages (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary_html TEXT NOT NULL,
    summary_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    author TEXT NOT NULL,
    approved TEXT NOT NULL,
    review_due TEXT NOT NULL,
    aliases TEXT NOT NULL,
    related TEXT NOT NULL
);
CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    page TEXT,
    field TEXT,
    drug TEXT,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    approved TEXT NOT NULL,
    review_due TEXT NOT NULL,
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    published_text TEXT,
    published_sha256 TEXT
);
CREATE VIRTUAL TABLE local_fts USING fts5(
    id UNINDEXED, title, aliases, body, tokenize = '{FTS_TOKENIZE}'
);
"""


def build_local_layer(folder: Path, library: Library, output: Path) -> LocalLayerMeta:
    """Validate the local layer in folder against library and build its database at output.

    The file is written beside output and renamed over it only when complete, so a failed
    build leaves any previous layer untouched.

    Raises:
        ContentError: the sources have problems (every one listed); nothing is written.
        PainRefError: output is not a regular file, or cannot be written.
        DatabaseError: the library is damaged.
    """
    output = Path(output)
    _check_output(output)
    source = load_local_source(Path(folder), library)
    meta = LocalLayerMeta(
        id=source.layer.id,
        name=source.layer.name,
        version=source.layer.version,
        built=build_time(),
        content_version=source.content_version,
        schema_version=LOCAL_SCHEMA_VERSION,
        contact=source.layer.contact or "",
        source_hash=source.source_hash,
        pages=len(source.pages),
        notes=len(source.notes),
    )
    rows = _note_rows(source, library)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with replacing(output) as tmp:
            _write_file(tmp, source, meta, rows)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PainRefError(f"cannot write the local layer {output}: {reason}") from None
    return meta


def _note_rows(source: LocalSource, library: Library) -> list[tuple[object, ...]]:
    """The notes table's rows, with the published value each note is written against."""
    rows: list[tuple[object, ...]] = []
    for position, note in enumerate(source.notes):
        body_html, body_text = Numbering().body(note.body)
        value = published_value(library, note.target)
        attach, meta = note.meta.attach, note.meta
        rows.append(
            (
                note.id,
                position,
                attach.page,
                attach.field,
                attach.drug,
                meta.title or "",
                meta.author,
                meta.approved.isoformat(),
                meta.review_due.isoformat(),
                body_html,
                body_text,
                value,
                digest(value),
            )
        )
    return rows


def _write_file(
    path: Path, source: LocalSource, meta: LocalLayerMeta, notes: list[tuple[object, ...]]
) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(_SCHEMA)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("kind", LAYER_KIND),
                ("schema_version", str(meta.schema_version)),
                ("layer_id", meta.id),
                ("layer_name", meta.name),
                ("layer_version", meta.version),
                ("contact", meta.contact),
                ("built", meta.built),
                ("content_version", meta.content_version),
                ("source_hash", meta.source_hash),
            ],
        )
        # The sidebar lists a layer's pages by title.
        pages = sorted(source.pages, key=lambda p: (p.meta.title.casefold(), p.meta.id))
        for position, page in enumerate(pages):
            m = page.meta
            summary = Numbering()
            summary_html = summary.as_html(m.summary, inline=True)
            summary_text = summary.as_text(m.summary)
            body_html, body_text = Numbering().body(page.body)
            conn.execute(
                "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    m.id,
                    position,
                    m.title,
                    summary_html,
                    summary_text,
                    body_html,
                    body_text,
                    m.author,
                    m.approved.isoformat(),
                    m.review_due.isoformat(),
                    json.dumps(m.aliases),
                    json.dumps(m.related),
                ),
            )
            conn.execute(
                "INSERT INTO local_fts (id, title, aliases, body) VALUES (?, ?, ?, ?)",
                (m.id, m.title, " ; ".join(m.aliases), f"{summary_text}\n{body_text}"),
            )
        conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", notes)
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()
