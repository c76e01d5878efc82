"""Read-only access to the bundled database: categories, topics, conditions and their facts.

Import-light on purpose (sqlite3 and dataclasses only): this module is on the start-up path.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from painref.content.dbfile import check_file, one_line, read_meta
from painref.content.tables import (
    CITED_LISTS,
    INVASIVENESS,
    ITEMS_TABLE,
    RELIEF_DURATION,
    REQUIRED_ATTRIBUTES,
    TIME,
    CitedList,
)
from painref.errors import DatabaseError, UnknownTopicError

INVASIVENESS_ORDER = {"low": 0, "moderate": 1, "high": 2}
CONDITION_CATEGORY_TITLE = "Conditions"


@dataclass(frozen=True)
class Meta:
    """What the database says about itself."""

    schema_version: int
    content_version: str
    build_time: str
    source_hash: str


@dataclass(frozen=True)
class Category:
    """A sidebar category with how many topics it holds."""

    id: str
    title: str
    intro: str
    ladder_step: int
    topic_count: int


@dataclass(frozen=True)
class TopicSummary:
    """A topic or condition as lists show it."""

    id: str
    title: str
    kind: str
    category_id: str
    category_title: str
    summary_text: str
    abbreviations: tuple[str, ...] = ()

    @property
    def is_condition(self) -> bool:
        return self.kind == "condition"

    @property
    def extra_abbreviations(self) -> tuple[str, ...]:
        """Abbreviations the title does not already show in parentheses."""
        return tuple(a for a in self.abbreviations if f"({a})" not in self.title)

    @property
    def label(self) -> str:
        """The title with its abbreviations, as lists show it."""
        extra = self.extra_abbreviations
        return f"{self.title} ({', '.join(extra)})" if extra else self.title


@dataclass(frozen=True)
class AttributeValue:
    """One sourced value of a structured field."""

    value: str
    note: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Attribute:
    """A structured field of a topic; no values means the sources do not report it."""

    key: str
    label: str
    unit: str | None
    description: str
    missing: str
    values: tuple[AttributeValue, ...]
    conflicting: bool = False
    """True when the sources state this field in ways that disagree."""
    footnote: str | None = None
    glance: bool = False
    """A key every procedure page answers unless it is not applicable (attributes.yaml)."""

    @property
    def reported(self) -> bool:
        return bool(self.values)

    def display(self) -> str:
        """The values as one line of text, with the unit; the 'missing' text when absent."""
        if not self.values:
            return self.missing
        unit = f" {self.unit}" if self.unit else ""
        return " / ".join(f"{v.value}{unit}" for v in self.values)


@dataclass(frozen=True)
class Cited:
    """A sentence with its reference numbers."""

    text: str
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Complication:
    """An adverse effect or complication, with its incidence where a source gives one."""

    name: str
    description: str
    refs: tuple[int, ...]
    incidence: str | None = None
    population: str | None = None
    serious: bool = False


@dataclass(frozen=True)
class Medication:
    """An agent a procedure injects, as a source gives it; None is not reported."""

    agent: str
    role: str
    dose: str | None
    volume: str | None
    particulate: bool | None
    use: str | None
    note: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Evidence:
    """One body's recommendation, one review's conclusion or one trial's result."""

    body: str
    kind: str
    year: int
    population: str
    direction: str
    strength: str
    statement: str
    refs: tuple[int, ...]

    @property
    def independent(self) -> bool:
        """An independent guideline body or a systematic review, not a specialty society."""
        return self.kind in ("guideline", "review")


@dataclass(frozen=True)
class SeedClaim:
    """A source-document statement, what is wrong with it, and what is known."""

    claim: str
    verdict: str
    known: str
    refs: tuple[int, ...]


@dataclass(frozen=True)
class ConditionLink:
    """A condition a topic is used for (or, on a condition page, a topic used for it)."""

    id: str
    title: str
    note: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Source:
    """A numbered reference of one page."""

    number: int
    id: str
    title: str
    publisher: str
    url: str | None
    note: str | None
    strength: str


@dataclass(frozen=True)
class LadderRung:
    """One option on a condition's treatment ladder, with its key facts."""

    topic: TopicSummary
    ladder_step: int
    invasiveness: Attribute
    duration: Attribute
    relief_duration: Attribute
    note: str | None


@dataclass(frozen=True)
class TopicDetail:
    """Everything one page shows."""

    summary: TopicSummary
    aliases: tuple[str, ...]
    summary_html: str
    body_html: str
    body_text: str
    reviewed: str
    attributes: tuple[Attribute, ...]
    benefits: tuple[Cited, ...]
    complications: tuple[Complication, ...]
    conditions: tuple[ConditionLink, ...]
    related: tuple[TopicSummary, ...]
    source_notes: tuple[Cited, ...]
    references: tuple[Source, ...]
    safety_notices: tuple[Cited, ...] = ()
    ladder: tuple[LadderRung, ...] = field(default=())
    not_applicable: tuple[str, ...] = ()
    indications: tuple[Cited, ...] = ()
    contraindications_absolute: tuple[Cited, ...] = ()
    contraindications_relative: tuple[Cited, ...] = ()
    anatomy: tuple[Cited, ...] = ()
    technique: tuple[Cited, ...] = ()
    medications: tuple[Medication, ...] = ()
    aftercare: tuple[Cited, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    seed_claims: tuple[SeedClaim, ...] = ()
    presentation_html: str = ""
    """A condition's presentation (symptoms, signs, diagnosis), rendered with citations."""
    presentation_text: str = ""

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def glance(self) -> tuple[Attribute, ...]:
        """The at-a-glance rows with a value, in display order (not-applicable ones left off)."""
        return tuple(a for a in self.attributes if a.reported and a.key not in self.not_applicable)

    @property
    def unreported(self) -> tuple[Attribute, ...]:
        """Glance keys that apply to this page and that no source answered.

        Condition pages, overview and therapy pages answer only the keys they give.
        """
        if self.summary.kind != "procedure":
            return ()
        return tuple(
            a
            for a in self.attributes
            if a.glance and not a.reported and a.key not in self.not_applicable
        )

    @property
    def independent_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind in ("guideline", "review"))

    @property
    def society_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind == "society")

    @property
    def trials(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind == "trial")

    @property
    def title(self) -> str:
        return self.summary.title

    def attribute(self, key: str) -> Attribute:
        for attribute in self.attributes:
            if attribute.key == key:
                return attribute
        raise KeyError(key)


class Library:
    """Read-only queries over the bundled database.

    The contract every caller (window, command line, export) relies on: each public method
    either returns data or raises a PainRefError subclass, whatever the file holds.
    UnknownTopicError means no page has the id asked for; DatabaseError means the file is
    missing, unreadable or damaged (a table gone, a value that is not what the builder
    writes: bad JSON, a reference that is not a number, text that is not UTF-8), and its
    message names the file and what is wrong. Nothing else escapes for damaged data.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: Meta) -> None:
        self.connection = connection
        self.path = path
        self.meta = meta
        self._tables: set[str] | None = None

    @classmethod
    def open(cls, path: Path) -> Library:
        """Open and check the database at path.

        Raises:
            DatabaseError: missing, not a database, corrupt, or of another schema version.
        """
        path = Path(path)
        check_file(path)
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open the PainRef database {path}: {exc}") from None
        try:
            meta = Meta(*read_meta(connection, path))
        except BaseException:
            connection.close()
            raise
        return cls(connection, path, meta)

    def close(self) -> None:
        self.connection.close()

    # -- lists ---------------------------------------------------------------------------

    def categories(self) -> list[Category]:
        """Sidebar categories in order, with their topic counts (empty ones left out)."""
        rows = self._query(
            "SELECT c.id, c.title, c.intro, c.ladder_step, count(t.id) FROM categories c "
            "LEFT JOIN topics t ON t.category_id = c.id GROUP BY c.id "
            "HAVING count(t.id) > 0 ORDER BY c.position"
        )
        return [
            Category(
                _text(i),
                _text(title),
                _text(intro),
                self._int(step, f"the ladder step of category {_text(i)!r}"),
                self._int(count, "a topic count"),
            )
            for i, title, intro, step, count in rows
        ]

    def topics(self, category_id: str | None = None) -> list[TopicSummary]:
        """Procedures and therapies (not conditions), in sidebar order."""
        where = "t.kind != 'condition'"
        args: list[object] = []
        if category_id is not None:
            where += " AND t.category_id = ?"
            args.append(category_id)
        return self._summaries(f"{where} ORDER BY c.position, t.position", args)

    def conditions(self) -> list[TopicSummary]:
        """Condition pages, alphabetically."""
        return self._summaries("t.kind = 'condition' ORDER BY t.title COLLATE NOCASE", [])

    def all_pages(self) -> list[TopicSummary]:
        """Every topic, then every condition."""
        return self.topics() + self.conditions()

    def last_reviewed(self) -> str:
        """The most recent review date of any page (YYYY-MM-DD)."""
        rows = self._query("SELECT max(reviewed) FROM topics")
        return str(rows[0][0]) if rows and rows[0][0] else "unknown"

    def summary(self, topic_id: str) -> TopicSummary:
        """One page as lists show it.

        Raises:
            UnknownTopicError: no page has that id.
            DatabaseError: the database is damaged.
        """
        rows = self._summaries("t.id = ?", [topic_id])
        if not rows:
            raise UnknownTopicError(topic_id)
        return rows[0]

    def has(self, topic_id: str) -> bool:
        """True when a topic or condition has this exact id (DatabaseError when damaged)."""
        return bool(self._query("SELECT 1 FROM topics WHERE id = ?", [topic_id]))

    # -- one page ------------------------------------------------------------------------

    def topic(self, topic_id: str) -> TopicDetail:
        """A topic or condition page with everything it shows.

        Raises:
            UnknownTopicError: no page has that id.
            DatabaseError: the database is damaged.
        """
        rows = self._query(
            "SELECT aliases, summary_html, body_html, body_text, reviewed, not_applicable, "
            "presentation_html, presentation_text FROM topics WHERE id = ?",
            [topic_id],
        )
        if not rows:
            raise UnknownTopicError(topic_id)
        (
            aliases,
            summary_html,
            body_html,
            body_text,
            reviewed,
            not_applicable,
            presentation_html,
            presentation_text,
        ) = rows[0]
        summary = self.summary(topic_id)
        items = self._items(topic_id)
        cited = {c.attribute: self._cited_list(topic_id, c, items) for c in CITED_LISTS}
        return TopicDetail(
            summary=summary,
            aliases=self._strings(aliases, f"the other names (aliases) of {topic_id!r}"),
            summary_html=_text(summary_html),
            body_html=_text(body_html),
            body_text=_text(body_text),
            reviewed=_text(reviewed),
            attributes=self._attributes(topic_id),
            conditions=self._condition_links(topic_id, summary.is_condition),
            related=tuple(
                self._summaries(
                    "t.id IN (SELECT related_id FROM related WHERE topic_id = ?) "
                    "ORDER BY c.position, t.position",
                    [topic_id],
                )
            )
            if self._has_table("related")
            else (),
            references=tuple(
                Source(
                    self._int(number, f"a reference number of {topic_id!r}"),
                    _text(i),
                    _text(title),
                    _text(publisher),
                    _optional_text(url),
                    _optional_text(note),
                    _text(strength),
                )
                for number, i, title, publisher, url, note, strength in self._query(
                    "SELECT ts.number, s.id, s.title, s.publisher, s.url, s.note, s.strength "
                    "FROM topic_sources ts JOIN sources s ON s.id = ts.source_id "
                    "WHERE ts.topic_id = ? ORDER BY ts.number",
                    [topic_id],
                )
            ),
            ladder=self._ladder(topic_id) if summary.is_condition else (),
            not_applicable=self._strings(
                not_applicable, f"the not-applicable fields of {topic_id!r}"
            ),
            presentation_html=_text(presentation_html),
            presentation_text=_text(presentation_text),
            **cited,
        )

    def _cited_list(
        self, topic_id: str, cited: CitedList, items: dict[str, tuple[Cited, ...]]
    ) -> tuple[Any, ...]:
        """The items of one cited list of a page (tables.CITED_LISTS), in order."""
        if cited.part is not None:
            return items.get(cited.part, ())
        read = {
            "medications": self._medications,
            "complications": self._complications,
            "evidence": self._evidence,
            "seed_claims": self._seed_claims,
        }.get(cited.table)
        if read is not None:
            return read(topic_id)
        return tuple(
            Cited(_text(t), self._refs(r, f"{cited.noun} of {topic_id!r}"))
            for t, r in self._query(
                f"SELECT text, refs FROM {cited.table} WHERE topic_id = ? ORDER BY position",
                [topic_id],
                table=cited.table,
            )
        )

    def _items(self, topic_id: str) -> dict[str, tuple[Cited, ...]]:
        """The cited lists kept in the items table, by part (tables.ITEM_PARTS)."""
        parts: dict[str, list[Cited]] = {}
        for part, text, refs in self._query(
            f"SELECT part, text, refs FROM {ITEMS_TABLE} WHERE topic_id = ? "
            "ORDER BY part, position",
            [topic_id],
            table=ITEMS_TABLE,
        ):
            where = f"the {_text(part)} of {topic_id!r}"
            parts.setdefault(_text(part), []).append(Cited(_text(text), self._refs(refs, where)))
        return {part: tuple(items) for part, items in parts.items()}

    def _complications(self, topic_id: str) -> tuple[Complication, ...]:
        return tuple(
            Complication(
                _text(n),
                _text(d),
                self._refs(r, f"a complication of {topic_id!r}"),
                _optional_text(i),
                _optional_text(p),
                bool(s),
            )
            for n, d, r, i, p, s in self._query(
                "SELECT name, description, refs, incidence, population, serious "
                "FROM complications WHERE topic_id = ? ORDER BY position",
                [topic_id],
                table="complications",
            )
        )

    def _seed_claims(self, topic_id: str) -> tuple[SeedClaim, ...]:
        return tuple(
            SeedClaim(_text(c), _text(v), _text(k), self._refs(r, f"a claim of {topic_id!r}"))
            for c, v, k, r in self._query(
                "SELECT claim, verdict, known, refs FROM seed_claims WHERE topic_id = ? "
                "ORDER BY position",
                [topic_id],
                table="seed_claims",
            )
        )

    def _medications(self, topic_id: str) -> tuple[Medication, ...]:
        return tuple(
            Medication(
                _text(agent),
                _text(role),
                _optional_text(dose),
                _optional_text(volume),
                None if particulate is None else bool(particulate),
                _optional_text(use),
                _optional_text(note),
                self._refs(refs, f"a medication of {topic_id!r}"),
            )
            for agent, role, dose, volume, particulate, use, note, refs in self._query(
                "SELECT agent, role, dose, volume, particulate, use, note, refs FROM medications "
                "WHERE topic_id = ? ORDER BY position",
                [topic_id],
                table="medications",
            )
        )

    def _evidence(self, topic_id: str) -> tuple[Evidence, ...]:
        return tuple(
            Evidence(
                _text(body),
                _text(kind),
                self._int(year, f"the year of a recommendation of {topic_id!r}"),
                _text(population),
                _text(direction),
                _text(strength),
                _text(statement),
                self._refs(refs, f"a recommendation of {topic_id!r}"),
            )
            for body, kind, year, population, direction, strength, statement, refs in self._query(
                "SELECT body, kind, year, population, direction, strength, statement, refs "
                "FROM evidence WHERE topic_id = ? ORDER BY position",
                [topic_id],
                table="evidence",
            )
        )

    # -- internals -------------------------------------------------------------------------

    def _query(
        self, sql: str, args: list[object] | None = None, table: str | None = None
    ) -> list[tuple[Any, ...]]:
        if table is not None and not self._has_table(table):
            return []  # an optional table that no topic needed
        try:
            return self.connection.execute(sql, args or []).fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            # UnicodeDecodeError: SQLite's message quotes a damaged name that is not UTF-8.
            raise DatabaseError(
                f"the PainRef database {self.path} cannot be read ({one_line(str(exc))}); "
                "reinstall PainRef or run `painref build-db`"
            ) from None

    def damaged(self, what: str) -> DatabaseError:
        """The error for a value in the database that is not what the builder writes."""
        return DatabaseError(
            f"the PainRef database {self.path} is damaged: {one_line(what)}; "
            "reinstall PainRef or run `painref build-db`"
        )

    def _int(self, raw: object, what: str) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            return int(raw)
        raise self.damaged(f"{what}: not a whole number ({_shown(raw)})")

    def _json(self, raw: object, what: str) -> object:
        if not isinstance(raw, str):
            raise self.damaged(f"{what}: not JSON text ({_shown(raw)})")
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise self.damaged(f"{what}: not valid JSON ({_shown(raw)})") from None

    def _refs(self, raw: object, what: str) -> tuple[int, ...]:
        numbers = self._json(raw, f"the reference numbers of {what}")
        if not isinstance(numbers, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in numbers
        ):
            raise self.damaged(
                f"the reference numbers of {what}: not a list of numbers ({_shown(raw)})"
            )
        return tuple(numbers)

    def _strings(self, raw: object, what: str) -> tuple[str, ...]:
        values = self._json(raw, what)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.damaged(f"{what}: not a list of names ({_shown(raw)})")
        return tuple(values)

    def _has_table(self, name: str) -> bool:
        if self._tables is None:
            self._tables = {
                str(r[0])
                for r in self._query(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            }
        return name in self._tables

    def _summaries(self, where: str, args: list[object]) -> list[TopicSummary]:
        rows = self._query(
            "SELECT t.id, t.title, t.kind, t.category_id, coalesce(c.title, ?), t.summary_text, "
            "t.abbreviations FROM topics t LEFT JOIN categories c ON c.id = t.category_id "
            f"WHERE {where}",
            [CONDITION_CATEGORY_TITLE, *args],
        )
        return [
            TopicSummary(
                _text(r[0]),
                _text(r[1]),
                _text(r[2]),
                _text(r[3]),
                _text(r[4]),
                _text(r[5]),
                self._strings(r[6], f"the abbreviations of {_text(r[0])!r}"),
            )
            for r in rows
        ]

    def _attributes(self, topic_id: str) -> tuple[Attribute, ...]:
        values: dict[str, list[AttributeValue]] = {}
        conflicts: set[str] = set()
        for key, value, note, refs, conflict in self._query(
            "SELECT key, value, note, refs, conflict FROM attributes WHERE topic_id = ? "
            "ORDER BY position",
            [topic_id],
            table="attributes",
        ):
            values.setdefault(str(key), []).append(
                AttributeValue(
                    _text(value),
                    _optional_text(note),
                    self._refs(refs, f"the field {_text(key)!r} of {topic_id!r}"),
                )
            )
            if conflict:
                conflicts.add(str(key))
        attributes = tuple(
            Attribute(
                str(key),
                str(label),
                unit if unit is None else str(unit),
                str(description),
                str(missing),
                tuple(values.get(str(key), ())),
                str(key) in conflicts,
                footnote if footnote is None else str(footnote),
                bool(glance),
            )
            for key, label, unit, description, missing, footnote, glance in self._query(
                "SELECT key, label, unit, description, missing, footnote, glance "
                "FROM attribute_defs ORDER BY position"
            )
        )
        # Ladders and comparison charts read these fields by name.
        absent = set(REQUIRED_ATTRIBUTES) - {a.key for a in attributes}
        if absent:
            raise self.damaged(f"the field definitions lack {', '.join(sorted(absent))}")
        return attributes

    def _condition_links(self, topic_id: str, is_condition: bool) -> tuple[ConditionLink, ...]:
        if is_condition:
            sql = (
                "SELECT tc.topic_id, t.title, tc.note, tc.refs FROM topic_conditions tc "
                "JOIN topics t ON t.id = tc.topic_id WHERE tc.condition_id = ? "
                "ORDER BY t.title COLLATE NOCASE"
            )
        else:
            sql = (
                "SELECT tc.condition_id, t.title, tc.note, tc.refs FROM topic_conditions tc "
                "JOIN topics t ON t.id = tc.condition_id WHERE tc.topic_id = ? "
                "ORDER BY tc.position"
            )
        return tuple(
            ConditionLink(
                _text(i),
                _text(t),
                _optional_text(n),
                self._refs(r, f"the condition link {_text(i)!r} of {topic_id!r}"),
            )
            for i, t, n, r in self._query(sql, [topic_id], table="topic_conditions")
        )

    def _ladder(self, condition_id: str) -> tuple[LadderRung, ...]:
        rungs = []
        for topic_id, note, step in self._query(
            "SELECT tc.topic_id, tc.note, c.ladder_step FROM topic_conditions tc "
            "JOIN topics t ON t.id = tc.topic_id JOIN categories c ON c.id = t.category_id "
            "WHERE tc.condition_id = ?",
            [condition_id],
            table="topic_conditions",
        ):
            attributes = {a.key: a for a in self._attributes(str(topic_id))}
            rungs.append(
                LadderRung(
                    topic=self.summary(str(topic_id)),
                    ladder_step=self._int(step, f"the ladder step of {_text(topic_id)!r}"),
                    invasiveness=attributes[INVASIVENESS],
                    duration=attributes[TIME],
                    relief_duration=attributes[RELIEF_DURATION],
                    note=_optional_text(note),
                )
            )
        rungs.sort(key=_ladder_key)
        return tuple(rungs)


def _ladder_key(rung: LadderRung) -> tuple[int, int, str]:
    levels = [INVASIVENESS_ORDER.get(v.value.casefold(), 1) for v in rung.invasiveness.values]
    return (rung.ladder_step, max(levels, default=1), rung.topic.title.casefold())


def _text(value: object) -> str:
    """A text column as str; NULL (which the builder never writes) as ''."""
    return "" if value is None else str(value)


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _shown(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."
