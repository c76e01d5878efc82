"""The Library: read-only queries over the bundled database, one page or one list at a time.

It turns rows into the page values of content/model.py (re-exported here, where the renderer,
the window and the tests import them); decoding a value and reporting a damaged file is
content/reader.py's. Import-light on purpose (sqlite3 and the standard library only): this
module is on the start-up path.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from painref.content.dbfile import (
    check_file,
    file_identity,
    forget_checked,
    one_line,
    quick_check,
    read_meta,
    remember_checked,
)
from painref.content.model import (
    Attribute,
    AttributeValue,
    Category,
    Cited,
    Complication,
    ConditionLink,
    Diagram,
    Evidence,
    Icd10,
    LadderRung,
    Medication,
    Meta,
    Region,
    SeedClaim,
    Source,
    TopicDetail,
    TopicSummary,
)
from painref.content.reader import DatabaseReader, as_optional_text, as_text
from painref.content.tables import (
    CITED_LISTS,
    DIAGRAMS_TABLE,
    INVASIVENESS,
    ITEMS_TABLE,
    RELIEF_DURATION,
    REQUIRED_ATTRIBUTES,
    TIME,
    TOOL_DATA_TABLE,
    TOOL_PAGES_TABLE,
    TOPIC_DIAGRAMS_TABLE,
    CitedList,
)
from painref.content.tool_model import Malformed, ToolPageData, parse_tool_page
from painref.errors import DatabaseError, UnknownTopicError

__all__ = [
    "CONDITION_CATEGORY_TITLE",
    "INVASIVENESS_ORDER",
    "Attribute",
    "AttributeValue",
    "Category",
    "Cited",
    "Complication",
    "ConditionLink",
    "Evidence",
    "LadderRung",
    "Library",
    "Medication",
    "Meta",
    "SeedClaim",
    "Source",
    "TopicDetail",
    "TopicSummary",
]

INVASIVENESS_ORDER = {"low": 0, "moderate": 1, "high": 2}
CONDITION_CATEGORY_TITLE = "Conditions"


class Library(DatabaseReader):
    """Read-only queries over the bundled database.

    The contract every caller (window, command line, export) relies on: each public method
    either returns data or raises a PainRefError subclass, whatever the file holds.
    UnknownTopicError means no page has the id asked for; DatabaseError means the file is
    missing, unreadable or damaged (a table gone, a value that is not what the builder
    writes: bad JSON, a reference that is not a number, text that is not UTF-8), and its
    message names the file and what is wrong. Nothing else escapes for damaged data.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: Meta) -> None:
        super().__init__(connection, path)
        self.meta = meta
        self._memo: dict[tuple[object, ...], Any] = {}
        """Answers that read every row (counts, the last review), kept: the file is
        read-only and they are asked for again at each home page and status bar."""

    @classmethod
    def open(cls, path: Path, *, check: bool | None = None) -> Library:
        """Open and check the database at path.

        check: True runs SQLite's integrity check of the whole file (the self-test and
        ``painref status`` ask for it), False skips it, None (the default) runs it once per
        file identity (dbfile.read_meta): a file opened before, unchanged, is not read
        through again. The header, metadata and schema version are checked every time.

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
            meta = Meta(*read_meta(connection, path, check))
        except BaseException:
            connection.close()
            raise
        return cls(connection, path, meta)

    def close(self) -> None:
        self.connection.close()

    def verify(self) -> None:
        """SQLite's integrity check of the whole file, now (what Library.open(path,
        check=True) runs); remembered when it passes, like an open's.

        Raises:
            DatabaseError: the file is damaged (the same message as an open's).
        """
        identity = file_identity(self.path, self.meta.content_version)
        try:
            quick_check(self.connection)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            forget_checked(identity)
            raise DatabaseError(
                f"the PainRef database {self.path} is damaged ({one_line(str(exc))}); "
                "reinstall PainRef or run `painref build-db`"
            ) from None
        remember_checked(self.path, identity, self.meta.content_version)

    def _query(
        self, sql: str, args: list[object] | None = None, table: str | None = None
    ) -> list[tuple[Any, ...]]:
        try:
            return super()._query(sql, args, table)
        except DatabaseError:
            # SQLite itself failed (the file is damaged where the open did not look): the
            # next open runs the integrity check again, and says so at once.
            forget_checked(file_identity(self.path, self.meta.content_version))
            raise

    # -- lists ---------------------------------------------------------------------------

    def categories(self) -> list[Category]:
        """Sidebar categories in order, with their topic counts (empty ones left out)."""
        # Counted on the index of (category_id, position), not by reading every topic.
        rows = self._query(
            "SELECT * FROM (SELECT c.id, c.title, c.intro, c.ladder_step, "
            "(SELECT count(*) FROM topics t WHERE t.category_id = c.id) AS n, c.position "
            "FROM categories c) WHERE n > 0 ORDER BY position"
        )
        return [
            Category(
                as_text(i),
                as_text(title),
                as_text(intro),
                self._int(step, f"the ladder step of category {as_text(i)!r}"),
                self._int(count, "a topic count"),
            )
            for i, title, intro, step, count, _ in rows
        ]

    def topics(
        self,
        category_id: str | None = None,
        *,
        include_tools: bool = True,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[TopicSummary]:
        """The sidebar's pages (not conditions), in sidebar order; without the procedure-day
        tool pages when include_tools is false (what can be compared). offset and limit: a
        slice of that list, read as such (the sidebar fills itself a batch at a time)."""
        where, args = self._topics_where(category_id, include_tools)
        # In one category, the index on (category_id, position) gives the order: a slice
        # reads only its own rows.
        order = "t.position" if category_id is not None else "c.position, t.position"
        return self._summaries(f"{where} ORDER BY {order}{_slice(offset, limit, args)}", args)

    def count_topics(self, category_id: str | None = None, *, include_tools: bool = True) -> int:
        """len(topics(category_id, include_tools=...)), counted by SQL."""
        where, args = self._topics_where(category_id, include_tools)
        return self._count(f"SELECT count(*) FROM topics t WHERE {where}", args)

    def conditions(self, *, offset: int = 0, limit: int | None = None) -> list[TopicSummary]:
        """Condition pages, alphabetically (offset and limit: a slice, as in topics())."""
        args: list[object] = []
        return self._summaries(
            f"{_CONDITION} ORDER BY t.title COLLATE NOCASE, t.position"
            f"{_slice(offset, limit, args)}",
            args,
        )

    def count_conditions(self) -> int:
        """len(conditions()), counted by SQL."""
        return self._count(f"SELECT count(*) FROM topics t WHERE {_CONDITION}", [])

    def first_topic(self, kind: str) -> TopicSummary | None:
        """The first page of topics() of this kind ("overview"), or None; one query."""
        key = ("first_topic", kind)
        if key not in self._memo:
            found = self._summaries(
                f"t.kind = ? AND NOT {_CONDITION} ORDER BY c.position, t.position LIMIT 1",
                [kind],
            )
            self._memo[key] = found[0] if found else None
        value: TopicSummary | None = self._memo[key]
        return value

    def topic_index(self, topic_id: str, category_id: str | None = None) -> int | None:
        """Where a page is in topics(category_id) (tools included), or with category_id
        None where a condition is in conditions(); None when it is not in that list.
        Counted by SQL, without listing: the sidebar reveals a page it has not loaded."""
        rows = self._query(
            "SELECT t.kind, t.category_id, t.position, t.title FROM topics t WHERE t.id = ?",
            [topic_id],
        )
        if not rows:
            return None
        kind, category, position, title = rows[0]
        if (kind == "condition") != (category_id is None):
            return None
        if category_id is None:
            return self._count(
                f"SELECT count(*) FROM topics t WHERE {_CONDITION} AND "
                "(t.title < ? COLLATE NOCASE OR (t.title = ? COLLATE NOCASE AND t.position < ?))",
                [title, title, position],
                keep=False,
            )
        if category != category_id:
            return None
        return self._count(
            f"SELECT count(*) FROM topics t WHERE NOT {_CONDITION} AND t.category_id = ? "
            "AND t.position < ?",
            [category_id, position],
            keep=False,
        )

    def _topics_where(
        self, category_id: str | None, include_tools: bool
    ) -> tuple[str, list[object]]:
        where = "t.kind != 'condition'" + ("" if include_tools else " AND t.kind != 'tool'")
        args: list[object] = []
        if category_id is not None:
            where += " AND t.category_id = ?"
            args.append(category_id)
        return where, args

    def _count(self, sql: str, args: list[object], *, keep: bool = True) -> int:
        key = ("count", sql, *args)
        if key not in self._memo or not keep:
            rows = self._query(sql, args)
            count = self._int(rows[0][0] if rows else 0, "a count")
            if not keep:
                return count
            self._memo[key] = count
        return int(self._memo[key])

    def regions(self) -> list[Region]:
        """The body regions in order, each with its pages (none when the database has none).

        Three queries however many regions.
        """
        regions = self._query(
            "SELECT id, title, words FROM regions ORDER BY position", table="regions"
        )
        if not regions:
            return []
        summaries = {
            s.id: s
            for s in self._summaries(
                f"t.id IN (SELECT topic_id FROM region_pages) ORDER BY {_REGION_ORDER}",
                [],
            )
        }
        order = {page_id: i for i, page_id in enumerate(summaries)}
        _, pages = self.region_index()
        return [
            Region(
                as_text(rid),
                as_text(title),
                self._strings(words, f"region {as_text(rid)!r}"),
                tuple(
                    summaries[p]
                    for p in sorted(pages.get(as_text(rid), ()), key=lambda p: order.get(p, 0))
                    if p in summaries
                ),
            )
            for rid, title, words in regions
        ]

    def region_heads(self) -> list[tuple[Region, int]]:
        """The body regions in order, each without its pages (Region.pages is empty) and
        with how many pages it has: what the sidebar shows before a region is opened. One
        query however many pages."""
        count = (
            "(SELECT count(*) FROM region_pages rp JOIN topics t ON t.id = rp.topic_id "
            "WHERE rp.region_id = r.id)"
            if self._has_table("region_pages")
            else "0"
        )
        return [
            (
                Region(as_text(i), as_text(t), self._strings(w, f"region {as_text(i)!r}"), ()),
                self._int(n, "a page count"),
            )
            for i, t, w, n in self._query(
                f"SELECT r.id, r.title, r.words, {count} FROM regions r ORDER BY r.position",
                table="regions",
            )
        ]

    def region_pages(
        self, region_id: str, *, offset: int = 0, limit: int | None = None
    ) -> list[TopicSummary]:
        """The pages of one body region, in the order regions() gives them (a slice)."""
        args: list[object] = [region_id]
        return self._summaries(
            "t.id IN (SELECT topic_id FROM region_pages WHERE region_id = ?) "
            f"ORDER BY {_REGION_ORDER}{_slice(offset, limit, args)}",
            args,
        )

    def region_page_ids(self, region_id: str) -> list[str]:
        """The ids of region_pages(region_id), in order (light: no summaries made)."""
        return [
            as_text(r[0])
            for r in self._query(
                "SELECT t.id FROM topics t LEFT JOIN categories c ON c.id = t.category_id "
                "WHERE t.id IN (SELECT topic_id FROM region_pages WHERE region_id = ?) "
                f"ORDER BY {_REGION_ORDER}",
                [region_id],
                table="region_pages",
            )
        ]

    def region_index(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """(each region word or phrase -> its region id, each region id -> its page ids)."""
        pages: dict[str, list[str]] = {}
        for region_id, topic_id in self._query(
            "SELECT region_id, topic_id FROM region_pages ORDER BY region_id, position",
            table="region_pages",
        ):
            pages.setdefault(as_text(region_id), []).append(as_text(topic_id))
        words: dict[str, str] = {}
        for region_id, raw in self._query("SELECT id, words FROM regions", table="regions"):
            rid = as_text(region_id)
            for word in self._strings(raw, f"region {rid!r}"):
                words[word] = rid
        return words, pages

    def all_pages(self) -> list[TopicSummary]:
        """Every topic, then every condition."""
        return self.topics() + self.conditions()

    def last_reviewed(self) -> str:
        """The most recent review date of any page (YYYY-MM-DD)."""
        if ("last_reviewed",) not in self._memo:
            rows = self._query("SELECT max(reviewed) FROM topics")
            found = str(rows[0][0]) if rows and rows[0][0] else "unknown"
            self._memo[("last_reviewed",)] = found
        return str(self._memo[("last_reviewed",)])

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

    def tool_page(self, topic_id: str) -> ToolPageData:
        """A procedure-day tool page's sections (its title and references: topic()).

        Raises:
            UnknownTopicError: no tool page has that id.
            DatabaseError: the database is damaged.
        """
        rows = self._query(f"SELECT json FROM {TOOL_PAGES_TABLE} WHERE topic_id = ?", [topic_id])
        if not rows:
            raise UnknownTopicError(topic_id)
        what = f"the tool page {topic_id!r}"
        try:
            return parse_tool_page(self._json(rows[0][0], what))
        except Malformed as exc:
            raise self.damaged(f"{what}: {exc}") from None

    def sources(self, ids: list[str]) -> list[Source]:
        """The references with these ids, numbered in the order asked (unknown ids left out)."""
        found: list[Source] = []
        for ref in dict.fromkeys(ids):
            for i, title, publisher, url, note, strength in self._query(
                "SELECT id, title, publisher, url, note, strength FROM sources WHERE id = ?",
                [ref],
            ):
                found.append(
                    Source(
                        len(found) + 1,
                        as_text(i),
                        as_text(title),
                        as_text(publisher),
                        as_optional_text(url),
                        as_optional_text(note),
                        as_text(strength),
                    )
                )
        return found

    def tool_data(self, name: str) -> Any:
        """A tool file's data (data/tools/NAME.yaml) as the builder stored it, or None when
        this database has none (DatabaseError when damaged)."""
        rows = self._query(f"SELECT json FROM {TOOL_DATA_TABLE} WHERE name = ?", [name])
        if not rows:
            return None
        return self._json(rows[0][0], f"the tool data {name!r}")

    def topic(self, topic_id: str) -> TopicDetail:
        """A topic or condition page with everything it shows.

        Raises:
            UnknownTopicError: no page has that id.
            DatabaseError: the database is damaged.
        """
        rows = self._query(
            "SELECT aliases, summary_html, body_html, body_text, reviewed, not_applicable, "
            "presentation_html, presentation_text, icd10 FROM topics WHERE id = ?",
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
            icd10,
        ) = rows[0]
        summary = self.summary(topic_id)
        items = self._items(topic_id)
        cited = {c.attribute: self._cited_list(topic_id, c, items) for c in CITED_LISTS}
        return TopicDetail(
            summary=summary,
            aliases=self._strings(aliases, f"the other names (aliases) of {topic_id!r}"),
            summary_html=as_text(summary_html),
            body_html=as_text(body_html),
            body_text=as_text(body_text),
            reviewed=as_text(reviewed),
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
                    as_text(i),
                    as_text(title),
                    as_text(publisher),
                    as_optional_text(url),
                    as_optional_text(note),
                    as_text(strength),
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
            presentation_html=as_text(presentation_html),
            presentation_text=as_text(presentation_text),
            icd10=self._icd10(icd10, topic_id),
            diagrams=self._diagrams(topic_id),
            **cited,
        )

    def _diagrams(self, topic_id: str) -> tuple[Diagram, ...]:
        """The diagrams a page shows, in order, with its numbers in their citations."""
        if not self._has_table(DIAGRAMS_TABLE):
            return ()
        found = []
        for row in self._query(
            "SELECT d.id, d.title, d.view, d.alt, d.svg, d.width, d.height, d.reviewed, "
            "td.caption_html, td.caption_text, td.facts, d.sha256 "
            f"FROM {TOPIC_DIAGRAMS_TABLE} td JOIN {DIAGRAMS_TABLE} d ON d.id = td.diagram_id "
            "WHERE td.topic_id = ? ORDER BY td.position",
            [topic_id],
            table=TOPIC_DIAGRAMS_TABLE,
        ):
            did, title, view, alt, svg, width, height, reviewed, caption_html, caption = row[:10]
            what = f"the diagram {did!r} of {topic_id!r}"
            import hashlib  # here: it maps libcrypto (3.6 MiB), which start-up never needs

            if not isinstance(svg, str) or hashlib.sha256(svg.encode()).hexdigest() != row[11]:
                raise self.damaged(f"{what}: its drawing does not match its checksum")
            facts = self._json(row[10], what)
            if not isinstance(facts, list) or not all(isinstance(f, dict) for f in facts):
                raise self.damaged(what)
            found.append(
                Diagram(
                    id=as_text(did),
                    title=as_text(title),
                    view=as_text(view),
                    alt=as_text(alt),
                    svg=as_text(svg),
                    width=self._int(width, what),
                    height=self._int(height, what),
                    caption_html=as_text(caption_html),
                    caption_text=as_text(caption),
                    facts=tuple(
                        Cited(as_text(f.get("text")), self._refs(json.dumps(f.get("refs")), what))
                        for f in facts
                    ),
                    reviewed=as_text(reviewed),
                )
            )
        return tuple(found)

    def _icd10(self, raw: object, topic_id: str) -> tuple[Icd10, ...]:
        what = f"the ICD-10-CM codes of {topic_id!r}"
        values = self._json(raw, what)
        if not isinstance(values, list):
            raise self.damaged(f"{what}: not a list")
        codes = []
        for value in values:
            if not (
                isinstance(value, dict)
                and isinstance(value.get("code"), str)
                and isinstance(value.get("title"), str)
            ):
                raise self.damaged(f"{what}: not a code and a title")
            codes.append(
                Icd10(
                    value["code"], value["title"], self._refs(json.dumps(value.get("refs")), what)
                )
            )
        return tuple(codes)

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
            Cited(as_text(t), self._refs(r, f"{cited.noun} of {topic_id!r}"))
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
            where = f"the {as_text(part)} of {topic_id!r}"
            parts.setdefault(as_text(part), []).append(
                Cited(as_text(text), self._refs(refs, where))
            )
        return {part: tuple(items) for part, items in parts.items()}

    def _complications(self, topic_id: str) -> tuple[Complication, ...]:
        return tuple(
            Complication(
                as_text(n),
                as_text(d),
                self._refs(r, f"a complication of {topic_id!r}"),
                as_optional_text(i),
                as_optional_text(p),
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
            SeedClaim(as_text(c), as_text(v), as_text(k), self._refs(r, f"a claim of {topic_id!r}"))
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
                as_text(agent),
                as_text(role),
                as_optional_text(dose),
                as_optional_text(volume),
                None if particulate is None else bool(particulate),
                as_optional_text(use),
                as_optional_text(note),
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
                as_text(body),
                as_text(kind),
                self._int(year, f"the year of a recommendation of {topic_id!r}"),
                as_text(population),
                as_text(direction),
                as_text(strength),
                as_text(statement),
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

    def _summaries(self, where: str, args: list[object]) -> list[TopicSummary]:
        rows = self._query(
            "SELECT t.id, t.title, t.kind, t.category_id, coalesce(c.title, ?), t.summary_text, "
            "t.abbreviations FROM topics t LEFT JOIN categories c ON c.id = t.category_id "
            f"WHERE {where}",
            [CONDITION_CATEGORY_TITLE, *args],
        )
        return [
            TopicSummary(
                as_text(r[0]),
                as_text(r[1]),
                as_text(r[2]),
                as_text(r[3]),
                as_text(r[4]),
                as_text(r[5]),
                self._strings(r[6], f"the abbreviations of {as_text(r[0])!r}"),
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
                    as_text(value),
                    as_optional_text(note),
                    self._refs(refs, f"the field {as_text(key)!r} of {topic_id!r}"),
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
                as_text(i),
                as_text(t),
                as_optional_text(n),
                self._refs(r, f"the condition link {as_text(i)!r} of {topic_id!r}"),
            )
            for i, t, n, r in self._query(sql, [topic_id], table="topic_conditions")
        )

    def _evidence_summary(self, topic_id: str) -> str:
        """An option's evidence entries counted by who says it and which way."""
        rows = self._query(
            "SELECT kind, direction FROM evidence WHERE topic_id = ?",
            [topic_id],
            table="evidence",
        )
        parts = []
        for kinds, label in EVIDENCE_GROUPS:
            counts = [
                f"{n} {word}"
                for direction, word in DIRECTION_WORDS
                if (n := sum(1 for k, d in rows if k in kinds and d == direction))
            ]
            if counts:
                parts.append(f"{label}: {', '.join(counts)}")
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]

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
                    ladder_step=self._int(step, f"the ladder step of {as_text(topic_id)!r}"),
                    invasiveness=attributes[INVASIVENESS],
                    duration=attributes[TIME],
                    relief_duration=attributes[RELIEF_DURATION],
                    note=as_optional_text(note),
                    evidence=self._evidence_summary(str(topic_id)),
                )
            )
        rungs.sort(key=_ladder_key)
        return tuple(rungs)


_CONDITION = "t.kind = 'condition'"
_REGION_ORDER = "t.kind = 'condition', c.position, t.position, t.title"
"""A region's pages: its topics in sidebar order, then its conditions."""


def _slice(offset: int, limit: int | None, args: list[object]) -> str:
    """The LIMIT clause of a slice of a list (its values appended to args)."""
    if limit is None and offset <= 0:
        return ""
    args += [-1 if limit is None else max(limit, 0), max(offset, 0)]
    return " LIMIT ? OFFSET ?"


EVIDENCE_GROUPS = (
    (("guideline", "review"), "Independent guidelines and reviews"),
    (("society",), "specialty societies"),
    (("trial",), "trials"),
)
DIRECTION_WORDS = (
    ("for", "for"),
    ("against", "against"),
    ("no-benefit", "no benefit"),
    ("uncertain", "uncertain"),
)


def _ladder_key(rung: LadderRung) -> tuple[int, int, str]:
    levels = [INVASIVENESS_ORDER.get(v.value.casefold(), 1) for v in rung.invasiveness.values]
    return (rung.ladder_step, max(levels, default=1), rung.topic.title.casefold())
