"""Builds the bundled SQLite database (tables, links, FTS5 index) from a validated Corpus."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from markdown_it import MarkdownIt

from painref.content.loader import load_corpus
from painref.content.schema import (
    CITATION_RE,
    Cited,
    Complication,
    Corpus,
    Evidence,
    Medication,
    SeedClaim,
    Topic,
)
from painref.content.tables import (
    CHILD_TABLES,
    CITED_LISTS,
    CLINICAL_LISTS,
    DETAILS_TABLE,
    FTS_COLUMNS,
    HEAD_LISTS,
    CitedList,
)
from painref.content.text import words
from painref.content.version import SCHEMA_VERSION
from painref.errors import ContentError, PainRefError
from painref.fsutil import replacing

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
CONDITIONS_CATEGORY = "conditions"

_CITE_PLACEHOLDER = "PAINREFCITE{}END"
_CITE_PLACEHOLDER_RE = re.compile(r"PAINREFCITE(\d+)END")
# Raw HTML is refused by the loader; html=False here is a second guard that escapes it.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _heading_open(self: object, tokens: list[Any], idx: int, options: object, env: object) -> str:
    # WORKAROUND: Qt's rich text ignores font-size on <h1>-<h6>; a classed paragraph
    # scales with the page's zoom (see templates/base.html).
    level = min(int(tokens[idx].tag[1]), 3)
    return f'<p class="h{level}">'


def _heading_close(self: object, tokens: list[Any], idx: int, options: object, env: object) -> str:
    return "</p>\n"


_MARKDOWN.add_render_rule("heading_open", _heading_open)
_MARKDOWN.add_render_rule("heading_close", _heading_close)


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


# --- writing ---------------------------------------------------------------------------


class _Numbering:
    """Numbers a topic's references in order of first citation."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def cite(self, refs: Iterable[str]) -> list[int]:
        numbers = []
        for ref in refs:
            if ref not in self.order:
                self.order.append(ref)
            numbers.append(self.order.index(ref) + 1)
        return numbers

    def as_text(self, text: str) -> str:
        """Replace [@id] markers with [n]."""
        return CITATION_RE.sub(lambda m: f"[{self.cite([m.group(1)])[0]}]", text)

    def body(self, markdown: str) -> tuple[str, str]:
        """A Markdown body as (HTML, plain text) from one parse, citations numbered."""
        marked = CITATION_RE.sub(
            lambda m: _CITE_PLACEHOLDER.format(self.cite([m.group(1)])[0]), markdown
        )
        tokens = _MARKDOWN.parse(marked)
        html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
        html = _CITE_PLACEHOLDER_RE.sub(
            lambda m: f'<sup><a href="#ref-{m.group(1)}">[{m.group(1)}]</a></sup>', html
        )
        text = _CITE_PLACEHOLDER_RE.sub(lambda m: f"[{m.group(1)}]", _plain_from_tokens(tokens))
        return html, text

    def as_html(self, markdown: str, *, inline: bool = False) -> str:
        """Render Markdown to HTML, with citations as superscript links to the reference list."""
        marked = CITATION_RE.sub(
            lambda m: _CITE_PLACEHOLDER.format(self.cite([m.group(1)])[0]), markdown
        )
        html = _MARKDOWN.renderInline(marked) if inline else _MARKDOWN.render(marked)
        return _CITE_PLACEHOLDER_RE.sub(
            lambda m: f'<sup><a href="#ref-{m.group(1)}">[{m.group(1)}]</a></sup>', html
        )


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
        topic_rows.append(_topic_rows(topic, position, attribute_keys, condition_names, children))
    offset = len(topic_rows)
    for position, cond in enumerate(corpus.conditions):
        numbering = _Numbering()
        summary_html = numbering.as_html(cond.summary, inline=True)
        summary_text = numbering.as_text(cond.summary)
        facts: list[str] = []
        presentation_html = presentation_text = ""
        if cond.presentation:
            presentation_html = numbering.as_html(cond.presentation, inline=True)
            presentation_text = numbering.as_text(cond.presentation)
            facts.append(presentation_text)
        children["seed_claims"] += _rows(cond.id, cond.seed_claims, numbering)
        facts += [f"{c.claim} {c.known}" for c in cond.seed_claims]
        numbering.cite(cond.refs)
        topic_rows.append(
            {
                "id": cond.id,
                "kind": "condition",
                "title": cond.title,
                "category_id": CONDITIONS_CATEGORY,
                "summary_html": summary_html,
                "summary_text": summary_text,
                "body_html": "",
                "body_text": "",
                "abbreviations": "[]",
                "aliases": json.dumps(cond.aliases),
                "names": " ; ".join(cond.aliases),
                "conditions_text": "",
                "facts_text": " ; ".join(" ".join(f.split()) for f in facts),
                "practice_names": "",
                "not_applicable": "[]",
                "presentation_html": presentation_html,
                "presentation_text": presentation_text,
                "reviewed": cond.reviewed.isoformat(),
                "position": offset + position,
            }
        )
        children["topic_sources"] += _source_rows(cond.id, numbering)

    _all_sources_known(corpus, children["topic_sources"])
    db.table("topics").insert_all(topic_rows, pk="id")
    db.table("topics").create_index(["category_id", "position"])
    for table, rows in children.items():
        if rows:
            db.table(table).insert_all(rows)
    for table in CHILD_TABLES:
        if table in db.table_names():
            db.table(table).create_index(["topic_id"])
    db.table("topic_conditions").create_index(["condition_id"])
    db.table("topics").enable_fts(
        FTS_COLUMNS, fts_version="FTS5", tokenize=FTS_TOKENIZE, replace=True
    )
    db.table(DETAILS_TABLE).insert_all(
        [{"topic_id": t.meta.id, "details_text": _details_text(t)} for t in corpus.topics],
        pk="topic_id",
    )
    db.table(DETAILS_TABLE).enable_fts(
        ["details_text"], fts_version="FTS5", tokenize=FTS_TOKENIZE, replace=True
    )
    _write_search_tables(db, corpus, topic_rows)


def _write_search_tables(
    db: sqlite_utils.Database, corpus: Corpus, topic_rows: list[dict[str, Any]]
) -> None:
    """Names for exact and phrase matches, the word list for typo correction, synonyms."""
    names: list[dict[str, Any]] = []
    for topic in corpus.topics:
        meta = topic.meta
        for kind, values in (
            ("title", [meta.title]),
            ("abbreviation", meta.abbreviations),
            ("alias", meta.aliases),
        ):
            names += [
                {"topic_id": meta.id, "name": v, "kind": kind, "norm": " ".join(words(v))}
                for v in values
            ]
    for cond in corpus.conditions:
        names += [
            {
                "topic_id": cond.id,
                "name": cond.title,
                "kind": "title",
                "norm": " ".join(words(cond.title)),
            }
        ]
        names += [
            {"topic_id": cond.id, "name": v, "kind": "alias", "norm": " ".join(words(v))}
            for v in cond.aliases
        ]
    db.table("names").insert_all([n for n in names if n["norm"]])
    db.table("names").create_index(["norm"])

    counts: Counter[str] = Counter()
    for row in topic_rows:
        for column in FTS_COLUMNS:
            counts.update(words(str(row[column])))
    db.table("terms").insert_all(
        [{"term": term, "freq": freq} for term, freq in sorted(counts.items())], pk="term"
    )
    db.table("synonyms").insert_all(
        [{"grp": i, "term": term} for i, group in enumerate(corpus.synonyms) for term in group]
    )
    db.table("synonyms").create_index(["term"])


def _topic_rows(
    topic: Topic,
    position: int,
    attribute_keys: list[str],
    condition_names: dict[str, list[str]],
    children: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    meta = topic.meta
    numbering = _Numbering()
    summary_html = numbering.as_html(meta.summary, inline=True)
    summary_text = numbering.as_text(meta.summary)
    tid = meta.id
    # References are numbered in the order the page shows them (tables.CITED_LISTS).
    for cited in HEAD_LISTS:
        children[cited.table] += _list_rows(tid, cited, meta, numbering)
    for key in attribute_keys:
        for i, value in enumerate(meta.attributes.get(key, [])):
            children["attributes"].append(
                {
                    "topic_id": tid,
                    "key": key,
                    "position": i,
                    "value": value.value,
                    "note": value.note,
                    "refs": json.dumps(numbering.cite(value.refs)),
                    "conflict": int(key in meta.conflicts),
                }
            )
    body_html, body_text = numbering.body(topic.body)
    for cited in CLINICAL_LISTS:
        children[cited.table] += _list_rows(tid, cited, meta, numbering)
    condition_text: list[str] = []
    for i, link in enumerate(meta.conditions):
        children["topic_conditions"].append(
            {
                "topic_id": tid,
                "condition_id": link.id,
                "position": i,
                "note": link.note,
                "refs": json.dumps(numbering.cite(link.refs)),
            }
        )
        condition_text += condition_names[link.id]
    for i, related in enumerate(meta.related):
        children["related"].append({"topic_id": tid, "related_id": related, "position": i})
    children["topic_sources"] += _source_rows(tid, numbering)
    if not numbering.order:
        raise ContentError(f"{topic.path}: cites no reference")
    return {
        "id": tid,
        "kind": meta.kind,
        "title": meta.title,
        "category_id": meta.category,
        "summary_html": summary_html,
        "summary_text": summary_text,
        "body_html": body_html,
        "body_text": body_text,
        "abbreviations": json.dumps(meta.abbreviations),
        "aliases": json.dumps(meta.aliases),
        "names": " ; ".join([*meta.abbreviations, *meta.aliases]),
        "conditions_text": " ; ".join(condition_text),
        "facts_text": _facts_text(topic),
        "practice_names": _practice_names(topic),
        "not_applicable": json.dumps(meta.not_applicable),
        "presentation_html": "",
        "presentation_text": "",
        "reviewed": meta.reviewed.isoformat(),
        "position": position,
    }


_ListItem = Cited | Medication | Complication | Evidence | SeedClaim


def _list_rows(
    tid: str, cited: CitedList, meta: Any, numbering: _Numbering
) -> list[dict[str, Any]]:
    """The rows of one cited list of a topic, numbering their references in order."""
    items: list[_ListItem] = cited.items(meta)
    if cited.table == "complications":
        # Serious complications first, otherwise in the order the source file gives them.
        items = sorted(items, key=lambda c: not (isinstance(c, Complication) and c.serious))
    rows = _rows(tid, items, numbering)
    if cited.part is not None:
        rows = [{**row, "part": cited.part} for row in rows]
    return rows


def _rows(tid: str, items: list[Any], numbering: _Numbering) -> list[dict[str, Any]]:
    return [
        {
            "topic_id": tid,
            "position": i,
            **_columns(item),
            "refs": json.dumps(numbering.cite(item.refs)),
        }
        for i, item in enumerate(items)
    ]


def _columns(item: _ListItem) -> dict[str, Any]:
    """An item's own columns (its table's columns but topic_id, position and refs)."""
    if isinstance(item, Medication):
        return {
            "agent": item.agent,
            "role": item.role,
            "dose": item.dose,
            "volume": item.volume,
            "particulate": None if item.particulate is None else int(item.particulate),
            "use": item.use,
            "note": item.note,
        }
    if isinstance(item, Complication):
        return {
            "name": item.name,
            "description": item.description,
            "incidence": item.incidence,
            "population": item.population,
            "serious": int(item.serious),
        }
    if isinstance(item, Evidence):
        return {
            "body": item.body,
            "kind": item.kind,
            "year": item.year,
            "population": item.population,
            "direction": item.direction,
            "strength": item.strength,
            "statement": item.statement,
        }
    if isinstance(item, SeedClaim):
        return {"claim": item.claim, "verdict": item.verdict, "known": item.known}
    return {"text": item.text}


def _practice_names(topic: Topic) -> str:
    meta = topic.meta
    parts = []
    for m in meta.medications:
        kind = ""
        if m.particulate is not None:
            kind = "particulate" if m.particulate else "non-particulate"
        parts.append(" ".join(filter(None, [m.agent, kind])))
    parts += [e.body for e in meta.evidence if e.kind == "trial"]
    return " ; ".join(parts)


def _facts_text(topic: Topic) -> str:
    """The short structured facts as searchable text: the values at a glance, then the short
    form of the lists marked facts in tables.CITED_LISTS (the safety notices last, where the
    index has always had them). The long clinical detail is in _details_text."""
    meta = topic.meta
    parts: list[str] = []
    for values in meta.attributes.values():
        parts += [f"{v.value} {v.note or ''}" for v in values]
    for cited in (*CLINICAL_LISTS, *HEAD_LISTS):
        if cited.facts:
            parts += [_short_text(item) for item in cited.items(meta)]
    return " ; ".join(" ".join(p.split()) for p in parts)


def _details_text(topic: Topic) -> str:
    """The clinical detail as searchable text, indexed apart (details_fts) so that its length
    does not drown a page's names and summary: a drug, a complication, a contraindication or
    a guideline body still finds its page. The lists marked details in tables.CITED_LISTS."""
    parts = [
        _full_text(item)
        for cited in CITED_LISTS
        if cited.details
        for item in cited.items(topic.meta)
    ]
    return " ; ".join(" ".join(p.split()) for p in parts)


def _short_text(item: _ListItem) -> str:
    """What the facts index holds of an item: a complication's name, else its text."""
    return item.name if isinstance(item, Complication) else _full_text(item)


def _full_text(item: _ListItem) -> str:
    if isinstance(item, Medication):
        return " ".join(
            filter(None, [item.agent, item.role, item.dose, item.volume, item.use, item.note])
        )
    if isinstance(item, Complication):
        return f"{item.name}: {item.description} {item.incidence or ''}"
    if isinstance(item, Evidence):
        return f"{item.body} {item.population} {item.statement}"
    if isinstance(item, SeedClaim):
        return f"{item.claim} {item.known}"
    return item.text


def _plain_from_tokens(tokens: list[Any]) -> str:
    lines: list[str] = []
    prefix = ""
    for token in tokens:
        if token.type == "heading_open":
            if lines:
                lines.append("")
            prefix = ""
        elif token.type == "list_item_open":
            prefix = "- "
        elif token.type == "paragraph_open" and not prefix and lines:
            lines.append("")
        elif token.type == "inline":
            text = "".join(
                child.content if child.type not in ("softbreak", "hardbreak") else " "
                for child in token.children or []
            )
            lines.append(prefix + text)
            prefix = ""
    return "\n".join(lines).strip()


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


def _source_rows(topic_id: str, numbering: _Numbering) -> list[dict[str, Any]]:
    return [
        {"topic_id": topic_id, "source_id": ref, "number": n}
        for n, ref in enumerate(numbering.order, start=1)
    ]
