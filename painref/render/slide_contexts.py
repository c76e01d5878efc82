"""What slide.html draws: one frozen dataclass per kind of slide, in a frame every slide shares.

render/slides.py cuts a page into these; the template reads only their fields, so a field a
kind lacks is a type error here rather than an undefined name at render time. Text on a
slide is plain (the template escapes it); citations are reference numbers, drawn small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from painref.content.library import (
    Complication,
    LadderRung,
    TopicDetail,
)
from painref.render.contexts import Theme


@dataclass(frozen=True)
class Bullet:
    """One point on a slide: a bold lead-in (label), the text, a small line under it (sub)."""

    text: str
    refs: tuple[int, ...] = ()
    label: str = ""
    sub: str = ""
    warn: bool = False
    """Drawn as a warning (a serious complication, a recommendation against)."""


@dataclass(frozen=True)
class TitleSlide:
    """The first slide of a page: its title, what kind of page it is, one line of summary."""

    kind: ClassVar[str] = "title"
    title: str
    abbreviations: str
    category: str
    summary: str
    version: str
    """When the content was reviewed and which content version it is."""


@dataclass(frozen=True)
class KeyFactsSlide:
    """Key points: the facts at a glance that a source reports, one line each."""

    kind: ClassVar[str] = "facts"
    facts: tuple[Bullet, ...]
    unreported: str
    """A short "Not reported: ..." line, or empty."""


@dataclass(frozen=True)
class BulletsSlide:
    """Points in groups, each group under an optional subheading."""

    kind: ClassVar[str] = "bullets"
    groups: tuple[tuple[str, tuple[Bullet, ...]], ...]


@dataclass(frozen=True)
class SafetySlide:
    """A page's safety notices, each in a warning box."""

    kind: ClassVar[str] = "safety"
    notices: tuple[Bullet, ...]


@dataclass(frozen=True)
class ComplicationsSlide:
    """Complications with how often they happen; no rows says the sources report none."""

    kind: ClassVar[str] = "complications"
    rows: tuple[Complication, ...]


@dataclass(frozen=True)
class LadderSlide:
    """A condition's treatment options, least to most invasive, a table's worth."""

    kind: ClassVar[str] = "ladder"
    detail: TopicDetail
    rungs: tuple[LadderRung, ...]


@dataclass(frozen=True)
class CompareCell:
    """What one topic says on (part of) a row: its values, or why there are none."""

    values: tuple[str, ...]
    missing: str
    conflicting: bool


@dataclass(frozen=True)
class CompareRow:
    """A comparison row (or part of a long one) as a slide shows it: values without numbers."""

    key: str
    label: str
    cells: tuple[CompareCell, ...]
    differs: bool
    conflicting: bool


@dataclass(frozen=True)
class CompareSlide:
    """Rows of a comparison, under the header row of topic names."""

    kind: ClassVar[str] = "compare"
    topics: tuple[str, ...]
    rows: tuple[CompareRow, ...]


@dataclass(frozen=True)
class ImageSlide:
    """A figure as large as the slide allows (the comparison chart, a diagram), captioned.

    The view draws the image the slide names (image) in the slide's theme.
    """

    kind: ClassVar[str] = "image"
    image: str
    caption: str
    message: str = ""
    """Said instead of the figure when there is too little to draw."""


@dataclass(frozen=True)
class SourceLine:
    """One source on the Sources slide: its number on the page (empty in a lecture), title."""

    number: str
    title: str
    publisher: str


@dataclass(frozen=True)
class SourcesSlide:
    """The sources the slides cite, most cited first, and how many more the notes list."""

    kind: ClassVar[str] = "sources"
    sources: tuple[SourceLine, ...]
    more: int
    total: int


SlidePart = (
    TitleSlide
    | KeyFactsSlide
    | BulletsSlide
    | SafetySlide
    | ComplicationsSlide
    | LadderSlide
    | CompareSlide
    | ImageSlide
    | SourcesSlide
)


@dataclass(frozen=True)
class SlidePage:
    """One slide as slide.html draws it: the frame every slide has, and its part."""

    theme: Theme
    heading: str
    page_title: str
    footer_note: str
    part: SlidePart
