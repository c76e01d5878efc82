"""The search index of the bundled database: FTS5 tables, names, the word list, synonyms.

The topics' FTS5 index holds each page's names, summary, body and short facts; the clinical
detail (drugs, complications, contraindications, guideline bodies) is indexed apart in
details_fts so its length does not drown a page's names. The names table serves exact and
phrase matches, the terms table typo correction, the synonyms table query expansion. Here
too is how each part of a page becomes searchable text (facts_text, details_text).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from painref.content.schema import (
    CITATION_RE,
    Complication,
    Corpus,
    Diagram,
    Evidence,
    ListItem,
    Medication,
    SeedClaim,
    Topic,
)
from painref.content.tables import (
    CITED_LISTS,
    CLINICAL_LISTS,
    DETAILS_TABLE,
    FTS_COLUMNS,
    HEAD_LISTS,
)
from painref.content.text import words
from painref.content.tool_pages import ToolPage

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def write_search_index(
    db: sqlite_utils.Database,
    corpus: Corpus,
    topic_rows: list[dict[str, Any]],
    tool_pages: Sequence[ToolPage] = (),
) -> None:
    """Index the pages once their rows are written (topic_rows: as in the topics table)."""
    db.table("topics").enable_fts(
        FTS_COLUMNS, fts_version="FTS5", tokenize=FTS_TOKENIZE, replace=True
    )
    db.table(DETAILS_TABLE).insert_all(
        [
            {"topic_id": t.meta.id, "details_text": details_text(t, corpus.diagrams)}
            for t in corpus.topics
        ]
        # A tool page's tables are long detail too: found, but never by their length.
        + [{"topic_id": p.info.id, "details_text": tool_text(p.json)} for p in tool_pages],
        pk="topic_id",
    )
    db.table(DETAILS_TABLE).enable_fts(
        ["details_text"], fts_version="FTS5", tokenize=FTS_TOKENIZE, replace=True
    )
    _write_lookup_tables(db, corpus, topic_rows, tool_pages)


def _write_lookup_tables(
    db: sqlite_utils.Database,
    corpus: Corpus,
    topic_rows: list[dict[str, Any]],
    tool_pages: Sequence[ToolPage],
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
    for page in tool_pages:
        info = page.info
        # Kinds of their own, so a tool page's names can be told apart in the names table.
        named = [("tool-title", info.title)]
        named += [("tool-abbreviation", a) for a in info.abbreviations]
        named += [("tool-alias", a) for a in dict.fromkeys([*info.aliases, *page.names])]
        names += [
            {"topic_id": info.id, "name": v, "kind": kind, "norm": " ".join(words(v))}
            for kind, v in named
        ]
    db.table("names").insert_all([n for n in names if n["norm"]])
    db.table("names").create_index(["norm"])

    counts: Counter[str] = Counter()
    for row in topic_rows:
        for column in FTS_COLUMNS:
            counts.update(words(str(row[column])))
    for region in corpus.regions:
        # A body part is a real word even where no page uses it: never "corrected" away.
        for word in (w for phrase in region.words for w in phrase.split()):
            counts[word] += 1
    db.table("terms").insert_all(
        [{"term": term, "freq": freq} for term, freq in sorted(counts.items())], pk="term"
    )
    db.table("synonyms").insert_all(
        [{"grp": i, "term": term} for i, group in enumerate(corpus.synonyms) for term in group]
    )
    db.table("synonyms").create_index(["term"])
    db.table("regions").create({"id": str, "title": str, "words": str, "position": int}, pk="id")
    db.table("regions").insert_all(
        [
            {"id": r.id, "title": r.title, "words": json.dumps(r.words), "position": i}
            for i, r in enumerate(corpus.regions)
        ]
    )
    db.table("region_pages").create({"region_id": str, "topic_id": str, "position": int})
    db.table("region_pages").insert_all(
        [
            {"region_id": r.id, "topic_id": page, "position": i}
            for r in corpus.regions
            for i, page in enumerate(r.pages)
        ]
    )


def practice_names(topic: Topic) -> str:
    meta = topic.meta
    parts = []
    for m in meta.medications:
        kind = ""
        if m.particulate is not None:
            kind = "particulate" if m.particulate else "non-particulate"
        parts.append(" ".join(filter(None, [m.agent, kind])))
    parts += [e.body for e in meta.evidence if e.kind == "trial"]
    return " ; ".join(parts)


def facts_text(topic: Topic) -> str:
    """The short structured facts as searchable text: the values at a glance, then the short
    form of the lists marked facts in tables.CITED_LISTS (the safety notices last, where the
    index has always had them). The long clinical detail is in details_text."""
    meta = topic.meta
    parts: list[str] = []
    for values in meta.attributes.values():
        parts += [f"{v.value} {v.note or ''}" for v in values]
    for cited in (*CLINICAL_LISTS, *HEAD_LISTS):
        if cited.facts:
            parts += [_short_text(item) for item in cited.items(meta)]
    return " ; ".join(" ".join(p.split()) for p in parts)


def tool_text(page: dict[str, Any]) -> str:
    """A tool page's words as one searchable text: its basis and every section."""
    parts = [page["basis"]["text"]]
    for section in page["sections"]:
        parts.append(section["heading"])
        parts += [f["text"] for f in section["facts"]]
        table = section["table"]
        if table:
            parts += [c["text"] for row in table["rows"] for c in row["cells"]]
        parts += [link["title"] for link in section["links"]]
    return " ; ".join(" ".join(p.split()) for p in parts if p)


def details_text(topic: Topic, diagrams: Sequence[Diagram] = ()) -> str:
    """The clinical detail as searchable text, indexed apart (details_fts) so that its length
    does not drown a page's names and summary: a drug, a complication, a contraindication or
    a guideline body still finds its page. The lists marked details in tables.CITED_LISTS,
    and the title, caption and facts of each diagram the page shows ("safe triangle")."""
    parts = [
        _full_text(item)
        for cited in CITED_LISTS
        if cited.details
        for item in cited.items(topic.meta)
    ]
    for diagram in diagrams:
        if topic.meta.id in diagram.meta.topics:
            meta = diagram.meta
            parts += [meta.title, CITATION_RE.sub("", meta.caption), *(f.text for f in meta.facts)]
    return " ; ".join(" ".join(p.split()) for p in parts)


def _short_text(item: ListItem) -> str:
    """What the facts index holds of an item: a complication's name, else its text."""
    return item.name if isinstance(item, Complication) else _full_text(item)


def _full_text(item: ListItem) -> str:
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
