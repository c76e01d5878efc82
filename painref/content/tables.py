"""The content schema's one declaration: which parts of a topic cite sources, the attribute
keys the app reads by name, and the tables of the bundled database.

The loader checks every cited list's references, the builder writes each to its table and
search text, the library reads each back, and the fault tests damage every table: all from
these names, so a list added here cannot be forgotten in one of them. Import-light (no
pydantic, no sqlite-utils): the library imports it on the start-up path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CitedList:
    """A list in a topic's front matter whose every item carries `refs`."""

    field: str
    """Its path in the front matter, as error messages name it: "contraindications.absolute"."""
    table: str
    """The table of the bundled database that holds its rows."""
    noun: str
    """One item, as a message about a damaged row names it: "a safety notice"."""
    part: str | None = None
    """For the lists kept together in the items table, the value of its part column."""
    facts: bool = False
    """Its items' short form (the sentence; a complication's name) is searched with the
    page's short facts (facts_text)."""
    details: bool = True
    """Its items' full text is searched with the page's clinical detail (details_text)."""

    @property
    def attribute(self) -> str:
        """Its name on the library's TopicDetail: "contraindications_absolute"."""
        return self.field.replace(".", "_")

    def items(self, meta: Any) -> Any:
        """The list in a topic's front matter (an object with the front matter's fields)."""
        value = meta
        for name in self.field.split("."):
            value = getattr(value, name)
        return value


INVASIVENESS = "invasiveness"
TIME = "time"
RELIEF_DURATION = "relief-duration"
REQUIRED_ATTRIBUTES = (TIME, INVASIVENESS, RELIEF_DURATION)
"""The attribute keys condition ladders and the comparison chart read by name: the loader
refuses an attributes.yaml without them, the library a database without them."""

ITEMS_TABLE = "items"

HEAD_LISTS = (
    CitedList("safety_notices", "safety_notices", "a safety notice", facts=True, details=False),
)
"""Shown at the head of a page, above the facts at a glance."""

CLINICAL_LISTS = (
    CitedList(
        "indications", ITEMS_TABLE, "an indication", "indications", facts=True, details=False
    ),
    CitedList("benefits", "benefits", "a benefit", facts=True, details=False),
    CitedList(
        "contraindications.absolute",
        ITEMS_TABLE,
        "an absolute contraindication",
        "contraindications-absolute",
    ),
    CitedList(
        "contraindications.relative",
        ITEMS_TABLE,
        "a relative contraindication",
        "contraindications-relative",
    ),
    CitedList("anatomy", ITEMS_TABLE, "an anatomy item", "anatomy"),
    CitedList("technique", ITEMS_TABLE, "a technique step", "technique"),
    CitedList("medications", "medications", "a medication"),
    CitedList("complications", "complications", "a complication", facts=True),
    CitedList("aftercare", ITEMS_TABLE, "an aftercare item", "aftercare"),
    CitedList("evidence", "evidence", "a recommendation"),
    CitedList("seed_claims", "seed_claims", "a claim"),
    CitedList("source_notes", "source_notes", "a source note"),
)
"""Shown below the body, in this order."""

CITED_LISTS = HEAD_LISTS + CLINICAL_LISTS
"""Every cited list of a topic, in the order a page shows them (and numbers their references,
with the facts at a glance and the body between the head and the clinical lists). A topic's
`attributes` and `conditions` carry refs too; they have tables and checks of their own."""

ITEM_PARTS = tuple(c.part for c in CITED_LISTS if c.part is not None)
"""The cited lists kept in the items table, by their part column."""

CHILD_TABLES = (
    "attributes",
    ITEMS_TABLE,
    "medications",
    "complications",
    "evidence",
    "seed_claims",
    "benefits",
    "source_notes",
    "safety_notices",
    "topic_conditions",
    "related",
    "topic_diagrams",
    "topic_sources",
)
"""Tables of per-topic rows, each with topic_id (the cited lists' tables among them); a table
no topic needs is not created. The order is the order the builder creates them in."""

DIAGRAMS_TABLE = "diagrams"
"""Each diagram once: its title, view, words for a screen reader and SVG source, by id."""
TOPIC_DIAGRAMS_TABLE = "topic_diagrams"
"""The diagrams a page shows, with their captions and facts cited in the page's numbers."""
DIAGRAMS_AFTER = "anatomy"
"""A page shows its diagrams after this cited list (and numbers their references there)."""

TOOL_DATA_TABLE = "tool_data"
"""The procedure-day tool files (data/tools/NAME.yaml) as JSON, by NAME."""
TOOL_PAGES_TABLE = "tool_pages"
"""Each tool page as its template draws it, as JSON, by page id."""
TOOLS_CATEGORY = "tools"
"""The sidebar category of the tool pages."""

BASE_TABLES = (
    "meta",
    "categories",
    "attribute_defs",
    "sources",
    "topics",
    TOOL_DATA_TABLE,
    TOOL_PAGES_TABLE,
    DIAGRAMS_TABLE,
)
SEARCH_TABLES = ("names", "terms", "synonyms", "regions", "region_pages")
"""Names for exact matches, the word list for typo correction, synonym groups, and the body
regions with their words and pages."""
DETAILS_TABLE = "details"
"""A page's clinical detail as one text, indexed apart from its names and summary."""

FTS_COLUMNS = (
    "title",
    "names",
    "conditions_text",
    "summary_text",
    "facts_text",
    "body_text",
    "practice_names",
)
"""The columns of topics indexed in topics_fts, in index order. practice_names: what a page's
practice data is looked up by (its drugs, with whether a steroid is particulate, and its named
trials), weighted above the rest of the facts."""
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config")
"""The tables SQLite's FTS5 keeps beside each index."""


def fts_tables(table: str) -> tuple[str, ...]:
    """The FTS5 index of table (named as sqlite-utils names it) and its shadow tables."""
    index = f"{table}_fts"
    return (index, *(index + suffix for suffix in FTS_SHADOW_SUFFIXES))


DATABASE_TABLES = (
    *BASE_TABLES,
    *CHILD_TABLES,
    *SEARCH_TABLES,
    *fts_tables("topics"),
    DETAILS_TABLE,
    *fts_tables(DETAILS_TABLE),
)
"""Every table a build of the real content creates."""
