"""Side-by-side comparison of two to four pages: aligned rows, differences, conflicts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from painref.content.library import Library
from painref.content.model import Complication, Medication, TopicDetail
from painref.errors import PainRefError

MIN_TOPICS = 2
MAX_TOPICS = 4
NOT_REPORTED = "not reported"
NOT_APPLICABLE = "not applicable"
DIRECTIONS = {
    "for": "for",
    "against": "against",
    "no-benefit": "no benefit shown",
    "uncertain": "uncertain",
}

# Ordinal scales for the chart: how invasive, and how long relief lasts.
INVASIVENESS_LEVELS = ("Low", "Moderate", "High")
NOT_REPORTED_LABEL = "Not reported"
RELIEF_LEVELS = (
    "Hours to days",
    "Weeks",
    "Weeks to months",
    "Months",
    "Months to years",
    "Years or permanent",
)


@dataclass(frozen=True)
class CellValue:
    """One sourced value in a cell, with its reference numbers on its own page."""

    text: str
    refs: tuple[int, ...]
    note: str | None = None


@dataclass(frozen=True)
class Cell:
    """What one topic says for one row."""

    values: tuple[CellValue, ...]
    missing: str = NOT_REPORTED
    conflicting: bool = False

    @property
    def reported(self) -> bool:
        return bool(self.values)

    def key(self) -> frozenset[str]:
        """The cell's meaning for comparison: its values, case and spacing folded."""
        return frozenset(" ".join(v.text.casefold().split()) for v in self.values)

    def display(self, unit: str | None = None) -> str:
        if not self.values:
            return self.missing
        suffix = f" {unit}" if unit else ""
        return "; ".join(f"{v.text}{suffix}" for v in self.values)


@dataclass(frozen=True)
class Row:
    """One aligned row: a label and a cell per topic."""

    key: str
    label: str
    unit: str | None
    cells: tuple[Cell, ...]

    @property
    def differs(self) -> bool:
        """True when the topics' values are not all the same."""
        return len({cell.key() for cell in self.cells}) > 1

    @property
    def conflicting(self) -> bool:
        """True when some topic's own sources disagree on this row."""
        return any(cell.conflicting for cell in self.cells)


@dataclass(frozen=True)
class Comparison:
    """Two to four pages and their aligned rows."""

    topics: tuple[TopicDetail, ...]
    rows: tuple[Row, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


def check_ids(ids: list[str] | tuple[str, ...]) -> None:
    """Raise a clear error unless ids are 2 to 4 distinct ids."""
    if len(ids) < MIN_TOPICS:
        raise PainRefError(f"compare needs at least {MIN_TOPICS} topics, got {len(ids)}")
    if len(ids) > MAX_TOPICS:
        raise PainRefError(f"compare takes at most {MAX_TOPICS} topics, got {len(ids)}")
    seen: set[str] = set()
    for topic_id in ids:
        if topic_id in seen:
            raise PainRefError(f"{topic_id!r} is listed twice; compare different topics")
        seen.add(topic_id)


def compare(library: Library, ids: list[str] | tuple[str, ...]) -> Comparison:
    """The comparison of ids, in the order given.

    Raises:
        PainRefError: fewer than two, more than four, repeated or unknown ids.
    """
    check_ids(ids)
    topics = tuple(library.topic(topic_id) for topic_id in ids)
    for t in topics:
        if t.summary.kind == "tool":
            raise PainRefError(
                f"{t.title} is a reference table, not a procedure or therapy; "
                "only procedures, therapies and conditions' options can be compared"
            )
    rows: list[Row] = [
        Row(
            "category",
            "Category",
            None,
            tuple(Cell((CellValue(t.summary.category_title, ()),)) for t in topics),
        ),
    ]
    for index, attribute in enumerate(topics[0].attributes):
        cells = []
        for topic in topics:
            a = topic.attributes[index]
            cells.append(
                Cell(
                    tuple(CellValue(v.value, v.refs, v.note) for v in a.values),
                    NOT_APPLICABLE if a.key in topic.not_applicable else a.missing,
                    a.conflicting,
                )
            )
        rows.append(Row(attribute.key, attribute.label, attribute.unit, tuple(cells)))
    rows.append(
        Row(
            "conditions",
            "Main conditions",
            None,
            tuple(Cell(tuple(CellValue(c.title, c.refs) for c in t.conditions)) for t in topics),
        )
    )
    rows.append(
        Row(
            "contraindications",
            "Absolute contraindications",
            None,
            tuple(
                Cell(tuple(CellValue(c.text, c.refs) for c in t.contraindications_absolute))
                for t in topics
            ),
        )
    )
    rows.append(
        Row(
            "medications",
            "Medications",
            None,
            tuple(Cell(tuple(_medication(m) for m in t.medications)) for t in topics),
        )
    )
    rows.append(
        Row(
            "complications",
            "Complications",
            None,
            tuple(Cell(tuple(_complication(c) for c in t.complications)) for t in topics),
        )
    )
    rows.append(
        Row(
            "recommendations",
            "Evidence and guidelines",
            None,
            tuple(
                Cell(
                    tuple(
                        CellValue(
                            f"{e.body} {e.year}: {DIRECTIONS.get(e.direction, e.direction)}",
                            e.refs,
                            e.statement,
                        )
                        for e in t.evidence
                    )
                )
                for t in topics
            ),
        )
    )
    rows.append(
        Row(
            "benefits",
            "Benefits",
            None,
            tuple(Cell(tuple(CellValue(b.text, b.refs) for b in t.benefits)) for t in topics),
        )
    )
    return Comparison(topics, tuple(rows))


def _medication(m: Medication) -> CellValue:
    amount = ", ".join(x for x in (m.dose, m.volume) if x)
    kind = None
    if m.particulate is not None:
        kind = "particulate" if m.particulate else "non-particulate"
    details = "; ".join(x for x in (m.role, kind, m.use, m.note) if x)
    return CellValue(f"{m.agent}{f' {amount}' if amount else ''}", m.refs, details or None)


def _complication(c: Complication) -> CellValue:
    if c.incidence:
        return CellValue(f"{c.name} ({c.incidence})", c.refs, f"{c.description} ({c.population})")
    return CellValue(c.name, c.refs, c.description)


def invasiveness_level(text: str) -> int | None:
    """0 low, 1 moderate, 2 high; None when the text names no level ("non-invasive" is 0)."""
    folded = text.casefold()
    if "non-invasive" in folded or "noninvasive" in folded:
        return 0
    for level, name in enumerate(INVASIVENESS_LEVELS):
        if re.search(rf"\b{name.casefold()}\b", folded):
            return level
    return None


def relief_level(text: str) -> int | None:
    """A place on RELIEF_LEVELS for a relief-duration text, or None when it names no span."""
    folded = re.sub(r"\bnot permanent\b", "", text.casefold())  # "longer, but not permanent"
    has = {
        unit: bool(re.search(rf"\b{unit}s?\b", folded))
        for unit in ("hour", "day", "week", "month", "year")
    }
    if "permanent" in folded or (has["year"] and not has["month"]):
        return 5
    if has["month"] and has["year"]:
        return 4
    if has["week"] and has["month"]:
        return 2
    if has["month"]:
        return 3
    if has["week"]:
        return 1
    if has["hour"] or has["day"] or "short-term" in folded or "temporary" in folded:
        return 0
    return None
