"""The published value a local note is attached to, as readable text that is stable across builds.

A local note records this text (and its SHA-256) when its layer is built; when a content
release changes it, the note is flagged for review (drift). So the text holds what a reader
would call the value, and nothing that moves when unrelated content changes: no reference
numbers (a [n] shifts when a reference is cited earlier on the page), no row ids, no
positions. Import-light (the standard library only): the page service calls it when it
draws local notes, on the start-up path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from painref.content.annotations import SECTIONS, Target
from painref.errors import UnknownTopicError

if TYPE_CHECKING:
    from painref.content.library import Library
    from painref.content.model import TopicDetail

ANTITHROMBOTICS = "antithrombotics"
RISK_ORDER = (("high", "High risk"), ("intermediate", "Intermediate risk"), ("low", "Low risk"))
"""The blood-thinner table's columns, as its pages show them (highest risk first)."""

# [3], [3, 5], [3-5] (or an en dash) and an unnumbered [@id], with the space before it.
_CITATION_RE = re.compile(r"\s*\[(?:\d+(?:\s*[,\u2013-]\s*\d+)*|@[^\]\s]*)\]")
_HOLD_WORDS = {
    "continue": "no routine stop",
    "shared": "shared assessment and risk stratification with the prescriber",
    "none-given": "no interval given in the guideline's table",
    "not-found": "not verified (the guideline's value could not be read)",
}
_RESTART_WORDS = {
    "none-given": "no restart interval given in the guideline's table",
    "not-found": "restart not verified (the guideline's value could not be read)",
}


def published_value(library: Library, target: Target) -> str | None:
    """The readable text of the published value target names; None when it is not published.

    - a page alone: its title (the note is about the page; it drifts when the page is
      renamed or withdrawn, not with every edit);
    - an at-a-glance field: its values with their units and notes, as the page shows them
      (None when the page gives no value, or marks the field not applicable);
    - a section: its items, one a line (contraindications absolute then relative;
      medications: agent, role, dose, volume, particulate; complications: name with
      incidence; evidence: body, year, direction, strength); None when it is empty;
    - a drug: its name and, per bleeding-risk class, when to stop and restart, with the
      cell's note and the drug's conditions (None when the table has no such drug).

    Raises:
        DatabaseError: the library is damaged.
    """
    return published_values(library, [target])[target]


def published_values(library: Library, targets: Iterable[Target]) -> dict[Target, str | None]:
    """published_value of each target, reading each page and the drug table once."""
    pages: dict[str, TopicDetail | None] = {}
    drugs: list[Any] | None = None
    found: dict[Target, str | None] = {}
    for target in targets:
        if target in found:
            continue
        if target.drug:
            if drugs is None:
                data = library.tool_data(ANTITHROMBOTICS)
                drugs = list(data.get("drugs") or ()) if isinstance(data, dict) else []
            found[target] = _drug_text(drugs, target.drug)
            continue
        if not target.page:
            found[target] = None
            continue
        if target.page not in pages:
            try:
                pages[target.page] = library.topic(target.page)
            except UnknownTopicError:
                pages[target.page] = None
        found[target] = _page_value(pages[target.page], target.field)
    return found


def _page_value(detail: TopicDetail | None, field: str | None) -> str | None:
    if detail is None:
        return None
    if not field:
        return clean(detail.title) or None
    if field in SECTIONS:
        return _joined(_section_lines(detail, field))
    return _attribute_text(detail, field)


def digest(text: str | None) -> str | None:
    """The SHA-256 a layer records beside a published value (None for none)."""
    if text is None:
        return None
    import hashlib  # here: it maps libcrypto (3.6 MiB), which the window's start never needs

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean(text: str | None) -> str:
    """text without reference numbers and with its spaces made single."""
    return " ".join(_CITATION_RE.sub("", text or "").split())


def _joined(lines: Iterable[str]) -> str | None:
    kept = [line for line in (clean(line) for line in lines) if line]
    return "\n".join(kept) or None


def _attribute_text(detail: TopicDetail, key: str) -> str | None:
    try:
        attribute = detail.attribute(key)
    except KeyError:
        return None
    if key in detail.not_applicable or not attribute.values:
        return None
    unit = f" {attribute.unit}" if attribute.unit else ""
    return _joined(
        f"{v.value}{unit}" + (f" ({v.note})" if v.note else "") for v in attribute.values
    )


def _section_lines(detail: TopicDetail, section: str) -> list[str]:
    if section == "contraindications":
        return [f"Absolute: {c.text}" for c in detail.contraindications_absolute] + [
            f"Relative: {c.text}" for c in detail.contraindications_relative
        ]
    if section == "medications":
        lines = []
        for m in detail.medications:
            kind = ""
            if m.particulate is not None:
                kind = ", particulate" if m.particulate else ", non-particulate"
            lines.append(
                f"{m.agent} ({m.role}{kind}): dose {m.dose or 'not reported'}; "
                f"volume {m.volume or 'not reported'}"
            )
        return lines
    if section == "complications":
        return [
            c.name
            + (" (serious)" if c.serious else "")
            + (f": {c.incidence}" if c.incidence else "")
            + (f" ({c.population})" if c.incidence and c.population else "")
            for c in detail.complications
        ]
    if section == "evidence":
        return [f"{e.body}, {e.year}: {e.direction}; {e.strength}" for e in detail.evidence]
    items = getattr(detail, section, ())
    return [item.text for item in items]


def _drug_text(drugs: list[Any], drug_id: str) -> str | None:
    drug = next((d for d in drugs if isinstance(d, dict) and d.get("id") == drug_id), None)
    if drug is None:
        return None
    name = str(drug.get("name") or drug_id)
    if drug.get("regimen"):
        name += f" ({drug['regimen']})"
    lines = [name]
    for risk, label in RISK_ORDER:
        lines.append(f"{label}: {_cell_text(drug.get(risk))}")
    for condition in drug.get("conditions") or ():
        if isinstance(condition, dict) and condition.get("text"):
            lines.append(f"Condition: {condition['text']}")
    return _joined(lines)


def _cell_text(cell: Any) -> str:
    """One hold-and-restart cell in words: "stop 3 days before; restart 24 hours after"."""
    if not isinstance(cell, dict):
        return "not given"
    hold, restart = str(cell.get("hold", "")), str(cell.get("restart", ""))
    note = str(cell.get("note") or "")
    if hold == restart == "not-found":
        words = [_HOLD_WORDS["not-found"]]
        if "not found in the opened sources" in note:
            note = ""  # the words above say it
    else:
        words = [_HOLD_WORDS.get(hold, f"stop {hold} before")]
        words.append(_RESTART_WORDS.get(restart, f"restart {restart} after"))
    if note and note.strip(" .").casefold() not in " ".join(words).casefold():
        words.append(note)
    return "; ".join(words)
