"""What slide.html draws: one frozen dataclass per kind of slide, in a frame every slide shares.

render/slides.py cuts a page into these; the template reads only their fields, so a field a
kind lacks is a type error here rather than an undefined name at render time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from painref.content.comparison import Row
from painref.content.library import (
    Attribute,
    Cited,
    Complication,
    ConditionLink,
    Evidence,
    LadderRung,
    Medication,
    SeedClaim,
    Source,
    TopicDetail,
)
from painref.render.contexts import Theme


@dataclass(frozen=True)
class OpeningSlide:
    """A page's title, summary and safety notices, with the facts at a glance when they fit."""

    kind: ClassVar[str] = "opening"
    detail: TopicDetail
    glance: tuple[Attribute, ...]
    """The at-a-glance rows on this slide; none when they have slides of their own."""


@dataclass(frozen=True)
class GlanceSlide:
    """The facts at a glance that did not fit under the title, a table's worth."""

    kind: ClassVar[str] = "glance"
    detail: TopicDetail
    glance: tuple[Attribute, ...]


@dataclass(frozen=True)
class BodySlide:
    """A section of a page's body (or part of a long one), as HTML."""

    kind: ClassVar[str] = "body"
    body_html: str


@dataclass(frozen=True)
class UsesSlide:
    """What a topic is used for, and its benefits."""

    kind: ClassVar[str] = "uses"
    conditions: tuple[ConditionLink, ...]
    benefits: tuple[Cited, ...]


@dataclass(frozen=True)
class ListSlide:
    """A cited list (indications, technique, aftercare...), each item with an optional label."""

    kind: ClassVar[str] = "list"
    items: tuple[tuple[str, Cited], ...]


@dataclass(frozen=True)
class MedicationsSlide:
    kind: ClassVar[str] = "medications"
    rows: tuple[Medication, ...]


@dataclass(frozen=True)
class ComplicationsSlide:
    """Complications; no rows says the sources report none."""

    kind: ClassVar[str] = "complications"
    rows: tuple[Complication, ...]


@dataclass(frozen=True)
class EvidenceSlide:
    kind: ClassVar[str] = "evidence"
    rows: tuple[Evidence, ...]


@dataclass(frozen=True)
class ClaimsSlide:
    """What the source documents say, and what is known."""

    kind: ClassVar[str] = "claims"
    rows: tuple[SeedClaim, ...]


@dataclass(frozen=True)
class SourceNotesSlide:
    """Where the sources differ or are thin."""

    kind: ClassVar[str] = "source_notes"
    notes: tuple[Cited, ...]


@dataclass(frozen=True)
class LadderSlide:
    """A condition's treatment options, least to most invasive, a table's worth."""

    kind: ClassVar[str] = "ladder"
    detail: TopicDetail
    rungs: tuple[LadderRung, ...]
    first: bool
    """The title slide: the condition's title and summary above the options."""
    continued: bool


@dataclass(frozen=True)
class CompareSlide:
    """Rows of a comparison, under the header row of topic names."""

    kind: ClassVar[str] = "compare"
    topics: tuple[TopicDetail, ...]
    rows: tuple[Row, ...]
    first: bool


@dataclass(frozen=True)
class ChartSlide:
    """The comparison chart: an image the view supplies (chart_src) or inline SVG."""

    kind: ClassVar[str] = "chart"
    chart_src: str | None
    chart_svg: str | None
    width: int
    height: int
    unplaced: tuple[tuple[str, str], ...]
    """(title, why) for topics in the chart's "not reported" band."""


@dataclass(frozen=True)
class ReferencesSlide:
    """References, grouped under each topic's title on a comparison (None on a page)."""

    kind: ClassVar[str] = "references"
    groups: tuple[tuple[str | None, tuple[Source, ...]], ...]


SlidePart = (
    OpeningSlide
    | GlanceSlide
    | BodySlide
    | UsesSlide
    | ListSlide
    | MedicationsSlide
    | ComplicationsSlide
    | EvidenceSlide
    | ClaimsSlide
    | SourceNotesSlide
    | LadderSlide
    | CompareSlide
    | ChartSlide
    | ReferencesSlide
)


@dataclass(frozen=True)
class SlidePage:
    """One slide as slide.html draws it: the frame every slide has, and its part."""

    theme: Theme
    heading: str
    page_title: str
    number: int
    count: int
    footer_note: str
    part: SlidePart
