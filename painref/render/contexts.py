"""What each page template receives: plain frozen dataclasses, no Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from painref.content.annotations import SECTIONS, Annotation, PageAnnotations
from painref.content.library import Category, Meta, TopicDetail, TopicSummary
from painref.content.model import Diagram
from painref.content.tool_model import ToolPageData
from painref.render.theme import LINK_SCHEME as LINK_SCHEME
from painref.render.theme import Theme as Theme

if TYPE_CHECKING:
    from datetime import date

    from painref.content.comparison import Comparison
    from painref.content.local_layer import LocalLayerMeta, LocalPage

DISCLAIMER = (
    "PainRef is an educational reference. It is not a substitute for clinical judgment, "
    "and it does not give medical advice for any individual patient."
)
CHART_NAME = "chart:compare"
"""The image name a comparison's chart is drawn under (render.pages)."""
FIGURE_WIDTH = 680
"""A diagram's width on a page at the normal text size, in CSS pixels."""


def topic_url(topic_id: str) -> str:
    """The in-app link to a page."""
    return f"{LINK_SCHEME}://topic/{topic_id}"


def compare_url(ids: tuple[str, ...] | list[str]) -> str:
    """The in-app link to a comparison."""
    return f"{LINK_SCHEME}://compare/{','.join(ids)}"


def action_url(action: str, *args: str | int) -> str:
    """An in-app link that asks the window to do something (reorder, remove, toggle)."""
    return f"{LINK_SCHEME}://{action}/" + "/".join(str(a) for a in args)


@dataclass(frozen=True)
class Paper:
    """How a page is drawn for print (a handout) rather than the screen.

    On paper there are no in-app links, a table's heading row is marked to repeat on each
    page, and several pages share one document, so each page's anchors carry a prefix.
    """

    anchor_prefix: str = ""
    label_column: int | None = None
    """A comparison's label column, % of the width (None: as on screen)."""
    chart_max_width: int | None = None
    """A comparison chart wider than this (CSS px) is scaled down to it."""
    font_pt: float | None = None
    """A comparison's type size (None: the theme's)."""


TOOL_SUPPORT = (
    "These tables support, and do not replace, the judgment of the clinician and of the "
    "prescriber; each value names its source, so check it there before acting on it."
)


@dataclass(frozen=True)
class ToolPage:
    """A procedure-day tool page: its sections, and its title and references (detail)."""

    detail: TopicDetail
    tool: ToolPageData
    meta: Meta
    theme: Theme = field(default_factory=Theme)
    interactive: bool = False
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    support: str = TOOL_SUPPORT
    notes: PageAnnotations = field(default_factory=PageAnnotations)
    """Local protocols and the reader's note on this page and on the drugs in its rows."""

    def field_label(self, key: str) -> str:
        return field_label(self.detail, key)


@dataclass(frozen=True)
class TopicPage:
    """A topic or condition page."""

    detail: TopicDetail
    meta: Meta
    theme: Theme = field(default_factory=Theme)
    interactive: bool = False
    """In the window: offer links that act (compare with...), not only links that read."""
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    """Drawn for a handout (see Paper); None on screen and in files."""
    figure_width: int = FIGURE_WIDTH
    """How wide a diagram is drawn, in CSS pixels (the window fits it to its view)."""
    inline_diagrams: Mapping[str, str] = field(default_factory=dict)
    """Diagram id to themed SVG markup, for a standalone HTML file; empty: the page names
    each diagram as an image (render/diagrams.image_name) for its viewer to draw."""
    notes: PageAnnotations = field(default_factory=PageAnnotations)
    """Local protocols and the reader's note, by where they are drawn (see place_notes)."""

    def figure_height(self, diagram: Diagram) -> int:
        """A diagram's height at figure_width."""
        return round(diagram.height * self.figure_width / diagram.width)

    def field_label(self, key: str) -> str:
        return field_label(self.detail, key)


@dataclass(frozen=True)
class ComparePage:
    """A comparison of two to four topics.

    interactive pages (the window) carry links to reorder and remove columns; exported
    ones do not. The chart is either an image URL the view resolves (chart_src) or an
    inline SVG (chart_svg, for HTML files).
    """

    comparison: Comparison
    meta: Meta
    theme: Theme = field(default_factory=Theme)
    only_differences: bool = False
    interactive: bool = False
    chart_src: str | None = None
    chart_svg: str | None = None
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    """Drawn for a handout (see Paper); None on screen and in files."""
    figure_width: int = FIGURE_WIDTH // 2
    """How wide each column's diagram is drawn, in CSS pixels."""
    inline_diagrams: Mapping[str, str] = field(default_factory=dict)
    """Diagram id to themed SVG markup for a standalone file (see TopicPage)."""
    notes: tuple[PageAnnotations, ...] = ()
    """Each column's local protocols and the reader's notes (empty: none shown)."""
    own: PageAnnotations = field(default_factory=PageAnnotations)
    """The reader's note on the comparison itself, drawn under its title."""

    def column_notes(self, column: int, key: str) -> tuple[Annotation, ...]:
        """The notes of a column beside a row (by its key)."""
        return self.notes[column].at(key) if column < len(self.notes) else ()

    def other_notes(self, column: int) -> tuple[tuple[str, Annotation], ...]:
        """A column's notes that no row of the table carries, each with where it is (the
        field's label, or "" for the whole page): listed under the table."""
        if column >= len(self.notes):
            return ()
        rows = {r.key for r in self.comparison.rows if r.differs or not self.only_differences}
        topic = self.comparison.topics[column]
        notes = self.notes[column]
        out = [("", a) for a in notes.page]
        out += [
            (field_label(topic, k), a) for k, v in notes.fields.items() if k not in rows for a in v
        ]
        return tuple(out)

    @property
    def has_other_notes(self) -> bool:
        return any(self.other_notes(i) for i in range(len(self.notes)))


@dataclass(frozen=True)
class PreviewPage:
    """The settings dialog's sample of a page: a heading, a line, a link and a warning."""

    title: str
    text: str
    link: str
    warning: str
    theme: Theme = field(default_factory=Theme)


@dataclass(frozen=True)
class Recent:
    """A page or a comparison the home page lists as recently viewed."""

    url: str
    title: str


@dataclass(frozen=True)
class HomePage:
    """The start page: what PainRef is, the categories, recent pages, the overview."""

    meta: Meta
    categories: tuple[Category, ...]
    condition_count: int
    recent: tuple[Recent, ...]
    overview: TopicSummary | None
    last_reviewed: str
    theme: Theme = field(default_factory=Theme)
    disclaimer: str = DISCLAIMER
    site_name: str = ""
    """The organization's name under the title (the machine's policy file), or none."""
    local: LocalSummary | None = None
    """The department's local layer, when one is installed."""


@dataclass(frozen=True)
class ReviewItem:
    """A local protocol that needs its author's review, as the home page lists it."""

    note: Annotation
    url: str | None
    """Its page (None when the page it was on is no longer published)."""
    where: str
    """The page's title, with the field it is on ("Epidural steroid injection: Aftercare")."""

    @property
    def reasons(self) -> str:
        found = []
        if self.note.drift is not None:
            found.append(
                "the published value changed" if self.note.drift.now else "no longer published"
            )
        if self.note.overdue:
            found.append(f"review overdue since {self.note.review_due}")
        return "; ".join(found)


@dataclass(frozen=True)
class LocalSummary:
    """The local layer on the home page: its pages, and the notes that need review."""

    name: str
    version: str
    pages: tuple[Recent, ...]
    review: tuple[ReviewItem, ...] = ()
    problem: str = ""
    """Why the local layer cannot be read, when it cannot."""


@dataclass(frozen=True)
class LocalTopicPage:
    """A page of the department's local layer."""

    local: LocalPage
    layer: LocalLayerMeta
    meta: Meta
    today: date
    theme: Theme = field(default_factory=Theme)
    interactive: bool = False
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    related: tuple[TopicSummary, ...] = ()
    """The published pages it names, that this content still has."""
    notes: PageAnnotations = field(default_factory=PageAnnotations)
    """The reader's own note on it."""

    @property
    def overdue(self) -> bool:
        return self.local.overdue(self.today)


SECTION_LABELS: Mapping[str, str] = {s: s.capitalize() for s in SECTIONS} | {
    "anatomy": "Anatomy and target",
    "evidence": "Evidence and recommendations",
}


def field_label(detail: TopicDetail, key: str) -> str:
    """What a note's field is called on the page: an at-a-glance row's label or a section's
    heading ("Repeat interval", "Aftercare")."""
    for attribute in detail.attributes:
        if attribute.key == key:
            return attribute.label
    return SECTION_LABELS.get(key, key)


def shown_sections(detail: TopicDetail) -> frozenset[str]:
    """The parts of the clinical template this page draws (templates/_clinical.html's tests)."""
    present = {
        "indications": bool(detail.indications or detail.conditions or detail.benefits),
        "contraindications": bool(
            detail.contraindications_absolute or detail.contraindications_relative
        ),
        "anatomy": bool(detail.anatomy or detail.diagrams),
        "technique": bool(detail.technique),
        "medications": bool(detail.medications),
        "complications": bool(detail.complications or detail.summary.kind == "procedure"),
        "aftercare": bool(detail.aftercare),
        "evidence": bool(detail.evidence),
    }
    return frozenset(k for k, shown in present.items() if shown)


def place_notes(notes: PageAnnotations, detail: TopicDetail) -> PageAnnotations:
    """Notes drawn beside what the page shows; a note whose field the page does not draw (an
    at-a-glance row no source answered, a section the page lacks) moves under the title,
    where it still names its field, so no note is ever left out."""
    shown = {a.key for a in detail.glance} | shown_sections(detail)
    kept = {k: v for k, v in notes.fields.items() if k in shown}
    moved = [a for k, v in notes.fields.items() if k not in shown for a in v]
    if not moved:
        return notes
    return PageAnnotations(notes.page + tuple(moved), kept, notes.drugs, notes.problem)
