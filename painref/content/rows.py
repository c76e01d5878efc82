"""The rows of one page in the bundled database: its topics row and its child-table rows.

A topic's rows (topic_row) and a condition's (condition_row) are made with one Numbering, in
the order the page shows its parts, so each reference number is the one the page prints;
the cited lists go to their tables (tables.CITED_LISTS), with their own columns (_columns).
"""

from __future__ import annotations

import html
import json
from typing import Any

from painref.content.numbering import Numbering
from painref.content.schema import (
    Complication,
    Condition,
    Diagram,
    Evidence,
    ListItem,
    Medication,
    SeedClaim,
    Topic,
)
from painref.content.search_index import facts_text, practice_names
from painref.content.tables import (
    CLINICAL_LISTS,
    DIAGRAMS_AFTER,
    HEAD_LISTS,
    TOOLS_CATEGORY,
    TOPIC_DIAGRAMS_TABLE,
    CitedList,
)
from painref.content.tool_pages import ToolPage
from painref.errors import ContentError

CONDITIONS_CATEGORY = "conditions"


def topic_row(
    topic: Topic,
    position: int,
    attribute_keys: list[str],
    condition_names: dict[str, list[str]],
    children: dict[str, list[dict[str, Any]]],
    diagrams: list[Diagram] | None = None,
) -> dict[str, Any]:
    """A topic's topics row; its values, lists, links and sources go to children, by table.

    diagrams: the diagrams this page shows, in order; their captions and facts are cited
    right after the anatomy list, where the page shows them.
    """
    meta = topic.meta
    numbering = Numbering()
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
        if cited.field == DIAGRAMS_AFTER:
            children[TOPIC_DIAGRAMS_TABLE] += _diagram_rows(tid, diagrams or [], numbering)
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
    children["topic_sources"] += source_rows(tid, numbering)
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
        "facts_text": facts_text(topic),
        "practice_names": practice_names(topic),
        "not_applicable": json.dumps(meta.not_applicable),
        "presentation_html": "",
        "presentation_text": "",
        "icd10": "[]",
        "reviewed": meta.reviewed.isoformat(),
        "position": position,
    }


def condition_row(
    cond: Condition, position: int, children: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """A condition's topics row; its claims and sources go to children, by table."""
    numbering = Numbering()
    summary_html = numbering.as_html(cond.summary, inline=True)
    summary_text = numbering.as_text(cond.summary)
    facts: list[str] = []
    presentation_html = presentation_text = ""
    if cond.presentation:
        presentation_html = numbering.as_html(cond.presentation, inline=True)
        presentation_text = numbering.as_text(cond.presentation)
        facts.append(presentation_text)
    icd10 = [{"code": c.code, "title": c.title, "refs": numbering.cite(c.refs)} for c in cond.icd10]
    children["seed_claims"] += _rows(cond.id, cond.seed_claims, numbering)
    facts += [f"{c.claim} {c.known}" for c in cond.seed_claims]
    numbering.cite(cond.refs)
    children["topic_sources"] += source_rows(cond.id, numbering)
    return {
        **_NO_TOPIC_PARTS,
        "id": cond.id,
        "kind": "condition",
        "title": cond.title,
        "category_id": CONDITIONS_CATEGORY,
        "summary_html": summary_html,
        "summary_text": summary_text,
        "aliases": json.dumps(cond.aliases),
        "names": " ; ".join(cond.aliases),
        "facts_text": " ; ".join(" ".join(f.split()) for f in facts),
        "presentation_html": presentation_html,
        "presentation_text": presentation_text,
        "icd10": json.dumps(icd10),
        "reviewed": cond.reviewed.isoformat(),
        "position": position,
    }


_NO_TOPIC_PARTS: dict[str, Any] = {
    "body_html": "",
    "body_text": "",
    "abbreviations": "[]",
    "aliases": "[]",
    "names": "",
    "conditions_text": "",
    "facts_text": "",
    "practice_names": "",
    "not_applicable": "[]",
    "presentation_html": "",
    "presentation_text": "",
    "icd10": "[]",
}
"""The topics columns a condition or tool page leaves empty (a topic fills them all)."""


def _diagram_rows(tid: str, diagrams: list[Diagram], numbering: Numbering) -> list[dict[str, Any]]:
    """A page's diagrams: the caption and facts with this page's reference numbers."""
    rows = []
    for position, diagram in enumerate(diagrams):
        caption_html = numbering.as_html(diagram.meta.caption, inline=True)
        caption_text = numbering.as_text(diagram.meta.caption)
        facts = [{"text": f.text, "refs": numbering.cite(f.refs)} for f in diagram.meta.facts]
        rows.append(
            {
                "topic_id": tid,
                "diagram_id": diagram.meta.id,
                "position": position,
                "caption_html": caption_html,
                "caption_text": caption_text,
                "facts": json.dumps(facts),
            }
        )
    return rows


def _list_rows(tid: str, cited: CitedList, meta: Any, numbering: Numbering) -> list[dict[str, Any]]:
    """The rows of one cited list of a topic, numbering their references in order."""
    items: list[ListItem] = cited.items(meta)
    if cited.table == "complications":
        # Serious complications first, otherwise in the order the source file gives them.
        items = sorted(items, key=lambda c: not (isinstance(c, Complication) and c.serious))
    rows = _rows(tid, items, numbering)
    if cited.part is not None:
        rows = [{**row, "part": cited.part} for row in rows]
    return rows


def _rows(tid: str, items: list[Any], numbering: Numbering) -> list[dict[str, Any]]:
    return [
        {
            "topic_id": tid,
            "position": i,
            **_columns(item),
            "refs": json.dumps(numbering.cite(item.refs)),
        }
        for i, item in enumerate(items)
    ]


def _columns(item: ListItem) -> dict[str, Any]:
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


def source_rows(topic_id: str, numbering: Numbering) -> list[dict[str, Any]]:
    return [
        {"topic_id": topic_id, "source_id": ref, "number": n}
        for n, ref in enumerate(numbering.order, start=1)
    ]


def tool_row(
    page: ToolPage, position: int, children: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """A tool page's topics row (kind "tool"); its sources go to children. Its sections are
    stored apart (tool_pages), already numbered, and searched as clinical detail
    (search_index.tool_text); here are its names and the drugs it lists."""
    info = page.info
    numbering = Numbering()
    numbering.cite(page.refs)
    children["topic_sources"] += source_rows(info.id, numbering)
    return {
        **_NO_TOPIC_PARTS,
        "id": info.id,
        "kind": "tool",
        "title": info.title,
        "category_id": TOOLS_CATEGORY,
        "summary_html": html.escape(info.summary),
        "summary_text": info.summary,
        "abbreviations": json.dumps(info.abbreviations),
        "aliases": json.dumps(info.aliases),
        "names": " ; ".join([*info.abbreviations, *info.aliases]),
        "practice_names": " ; ".join(dict.fromkeys(page.names)),
        "reviewed": info.reviewed.isoformat(),
        "position": position,
    }
