"""Teaching slides: a page as a deck a lecturer can project, each slide a small HTML page (no Qt).

A deck opens with a title slide and the key points (the facts at a glance that a source
reports, and the take-home evidence), then gives one idea per slide (how it works,
indications, contraindications, technique, medications, complications, aftercare,
evidence) as short points, and ends with one Sources slide. What is left off a slide (the
rest of a long point, a value's notes, the references in full) is in its speaker notes.

Every slide of a deck is drawn with the same type sizes: a part too long for one slide is
split over several ("(continued)"), never drawn smaller. How much fits is estimated on a
Canvas, in lines of body text at the slide's type size; the view scales the type with the
screen so that the same canvas fits a projector at any resolution.
"""

from __future__ import annotations

import html as html_text
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import TypeVar

from painref.content.comparison import Comparison, Row
from painref.content.library import (
    Attribute,
    Cited,
    Complication,
    Evidence,
    LadderRung,
    Medication,
    Meta,
    Source,
    TopicDetail,
)
from painref.render.contexts import ComparePage, Theme, ToolPage, TopicPage
from painref.render.env import DIRECTION_LABELS, environment
from painref.render.slide_contexts import (
    Bullet,
    BulletsSlide,
    CompareCell,
    CompareRow,
    CompareSlide,
    ComplicationsSlide,
    ImageSlide,
    KeyFactsSlide,
    LadderSlide,
    SafetySlide,
    SlidePage,
    SlidePart,
    SourceLine,
    SourcesSlide,
    TitleSlide,
)

FOOTER_NOTE = "PainRef, educational reference"
CHART_TITLE = "Invasiveness and how long relief lasts"
SOURCES_TITLE = "Sources"
TABLE_SCALE = 0.8
"""Table text is this fraction of the body size on every slide (slide.html's td, th)."""
SMALL_SCALE = 0.75
MAX_BULLETS = 6
"""Points on one slide, whatever their length."""
MAX_ROWS = 6
"""Table rows on one slide."""
MAX_CELL_VALUES = 3
"""Values of one topic in a comparison row on a slide; the notes list the rest."""
TITLE_SUMMARY_CHARS = 160
"""A longer first sentence of a summary is cut at its first semicolon on the title slide."""
SHORT_SENTENCE = 70
"""A sentence of a page's body shorter than this shares its point with the next."""
SOURCE_TITLE_CHARS = 90
"""A source's title on the Sources slide is cut to this (the notes have it whole)."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Canvas:
    """What fits on a slide, in body text at the slide's type size under its heading.

    The view makes this true at any screen size: the default (about 56 characters and 14
    lines at 24 pt in a common sans-serif font) fits the 1024x768 and 1280x720 screens the
    view scales the type from, and the view draws a whole deck a little smaller in a font
    wider than that.
    """

    chars: float = 56.0
    """Characters of body text on a line across the slide."""
    lines: float = 14.0
    fits: Callable[[Callable[[Theme], str]], bool] | None = field(default=None, compare=False)
    """Whether a slide (drawn for a theme) fits the screen, measured; None to estimate."""
    """Lines of body text under the slide's heading."""


CANVAS = Canvas()


@dataclass(frozen=True)
class SlideImage:
    """A figure a slide shows, drawn for one theme: SVG and its natural size in pixels."""

    svg: str
    width: int
    height: int


@dataclass(frozen=True)
class SourceGroup:
    """Sources under the title of the page that numbers them (empty for a single page)."""

    title: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class SpeakerNotes:
    """What the presenter sees beside a slide: details left off it and its sources in full."""

    details: tuple[str, ...] = ()
    sources: tuple[SourceGroup, ...] = ()

    @property
    def source_count(self) -> int:
        return sum(len(g.sources) for g in self.sources)


ImagesFor = Callable[[Theme], Mapping[str, SlideImage]]


@dataclass(frozen=True)
class Slide:
    """One slide: its title, its page in Qt's rich-text subset, its notes and figures.

    draw redraws the slide with another theme (the screen's type size, high contrast);
    images gives the figures it names (<img src>) drawn for a theme, for the view to show.
    A slide made by hand has neither and shows as it is.
    """

    title: str
    html: str
    draw: Callable[[Theme], str] | None = field(default=None, repr=False, compare=False)
    notes: SpeakerNotes = SpeakerNotes()
    images: ImagesFor | None = field(default=None, repr=False, compare=False)
    kind: str = ""
    page_title: str = ""
    estimate: float = 0.0
    """About how many lines of body text (at the canvas' size) its content takes."""
    items: int = 0
    """Points or table rows on it; one that is too long for any slide is alone."""

    def themed(self, theme: Theme) -> Slide:
        """The same slide drawn with theme."""
        if self.draw is None:
            return self
        return replace(self, html=self.draw(theme))

    def notes_sources(self) -> tuple[Source, ...]:
        """Every source the notes list, in order."""
        return tuple(s for group in self.notes.sources for s in group.sources)

    def images_for(self, theme: Theme) -> Mapping[str, SlideImage]:
        """The figures this slide names, drawn for theme (none for most slides)."""
        return self.images(theme) if self.images is not None else {}


@dataclass(frozen=True)
class _Section:
    """A slide before it is drawn."""

    title: str
    part: SlidePart
    details: tuple[str, ...] = ()
    refs: tuple[int, ...] = ()
    """Reference numbers the slide cites, on the page's own list."""
    images: ImagesFor | None = None
    cited: tuple[SourceGroup, ...] = ()
    """Sources under each page's title, where a slide shows several pages (a comparison)."""


# -- decks ------------------------------------------------------------------------------------


def topic_slides(page: TopicPage, canvas: Canvas = CANVAS) -> list[Slide]:
    """A topic or condition page as a teaching deck, drawn with page.theme.

    A topic: title, key points, safety notices, its body as points, then indications,
    benefits, contraindications, anatomy, technique, medications, complications, aftercare,
    evidence; a condition: title, presentation, body, treatment options. Then Sources.
    """
    d = page.detail
    sections = [_title_section(d, page.meta, canvas)]
    if d.summary.is_condition:
        sections += _condition_sections(d, canvas)
    else:
        sections += _topic_sections(d, canvas)
    sources = _sources_section(d, sections, canvas)
    return _draw_all(d.title, [*sections, sources], page.theme, d.references, canvas)


def tool_slides(page: ToolPage, canvas: Canvas = CANVAS) -> list[Slide]:
    """A procedure-day tool page: its title, what it is based on, each section as points
    (a table a row to a point, "column: value" joined), then Sources."""
    d = page.detail
    tool = page.tool
    sections = [_title_section(d, page.meta, canvas)]
    sections += _bullet_sections("Based on", [Bullet(tool.basis.text, tool.basis.refs)], canvas)
    for s in tool.sections:
        bullets = [_cited_bullet(Cited(f.text, f.refs)) for f in s.facts if not f.missing]
        if s.table is not None:
            for row in s.table.rows:
                parts = [
                    f"{column}: {cell.text}" if i else cell.text
                    for i, (column, cell) in enumerate(
                        zip(s.table.columns, row.cells, strict=False)
                    )
                    if cell.text and not cell.missing
                ]
                refs = tuple(dict.fromkeys(n for cell in row.cells for n in cell.refs))
                if parts:
                    bullets.append(Bullet(" · ".join(parts), refs))
        bullets += [Bullet(f"{link.title}: {link.detail}".rstrip(": ")) for link in s.links]
        sections += _bullet_sections(s.heading, bullets, canvas)
    sources = _sources_section(d, sections, canvas)
    return _draw_all(d.title, [*sections, sources], page.theme, d.references, canvas)


def compare_slides(page: ComparePage, canvas: Canvas = CANVAS) -> list[Slide]:
    """A comparison as a deck: its title, the chart, the table a few rows at a time, Sources.

    The chart comes first (the picture before the detail) and is drawn in the slide's
    theme by the view, as the image page.chart_src names. The table leaves out rows no
    topic reports; a row too long for a slide continues on the next. Its values carry no
    reference numbers (each topic numbers its own); the notes give each value's sources.
    """
    c = page.comparison
    titles = tuple(t.title for t in c.topics)
    image = page.chart_src or "chart:compare"
    sections = [_compare_title(c, page.meta), _chart_section(c, image)]
    rows = [
        row
        for row in c.rows
        if (row.differs or not page.only_differences) and any(x.reported for x in row.cells)
    ]
    parts = [part for row in rows for part in _row_parts(row, len(titles), canvas)]
    weights = [_compare_row_lines(part, len(titles), canvas) for part in parts]
    budget = canvas.lines - 1.5  # the header row and the note under the table
    chunks = _packed(
        parts,
        weights,
        MAX_ROWS,
        budget,
        canvas,
        lambda chunk: ("Side by side", CompareSlide(titles, tuple(chunk))),
    )
    for index, chunk in enumerate(chunks):
        title = "Side by side" if index == 0 else "Side by side (continued)"
        details, cited = _compare_notes(c, chunk)
        slide = CompareSlide(titles, tuple(chunk))
        sections.append(_Section(title, slide, details, cited=cited))
    if len(sections) == 2:
        none = BulletsSlide((("", (Bullet("These topics do not differ on any row."),)),))
        sections.append(_Section("Side by side", none))
    groups = [(t.title, t.references) for t in c.topics]
    sources = _merged_sources_section(groups, sections, canvas)
    return _draw_all("Comparison", [*sections, sources], page.theme, (), canvas)


def lecture_deck(
    deck: Sequence[tuple[str, Sequence[Slide]]], canvas: Canvas = CANVAS
) -> list[tuple[str, list[Slide]]]:
    """Several pages' decks as one lecture: each page without its own Sources slide, and
    one Sources slide at the end for them all, each source once (by its id).

    The theme of the Sources slide is the first slide's until the view redraws it.
    """
    pages = [(title, [s for s in slides if s.kind != "sources"]) for title, slides in deck]
    pages = [(title, slides) for title, slides in pages if slides]
    if not pages:
        return []
    groups: list[tuple[str, Sequence[Source]]] = []
    counts: Counter[str] = Counter()
    for _, slides in pages:
        for slide in slides:
            for group in slide.notes.sources:
                groups.append((group.title or slide.page_title, group.sources))
                counts.update(s.id for s in group.sources)
    unique = _unique_sources(groups)
    lines = _source_lines(unique, counts, canvas, numbered=False)
    section = _Section(
        SOURCES_TITLE, SourcesSlide(tuple(lines), len(unique) - len(lines), len(unique))
    )
    notes = SpeakerNotes((), _grouped_unique(groups))
    slide = _drawn(section, "Lecture", Theme(), notes)
    return [*pages, (SOURCES_TITLE, [slide])]


# -- topic sections ---------------------------------------------------------------------------


def _title_section(d: TopicDetail, meta: Meta, canvas: Canvas = CANVAS) -> _Section:
    summary, rest = _lead(_plain_summary(d.summary.summary_text))
    if len(summary) > TITLE_SUMMARY_CHARS and "; " in summary:
        # One line under the title: the first clause; the notes keep the whole summary.
        summary, clause = summary.split("; ", 1)
        summary += "."
        rest = f"{clause[0].upper()}{clause[1:]} {rest}".strip()
    category = d.summary.category_title
    if d.aliases:
        category += " · also called " + ", ".join(d.aliases[:2])
    version = f"reviewed {_when(d.reviewed)} · content {meta.content_version}"
    details = tuple(x for x in (rest,) if x)
    if d.icd10:
        details += ("ICD-10-CM: " + "; ".join(f"{c.code} {c.title}" for c in d.icd10),)
    abbreviations = ", ".join(d.summary.extra_abbreviations)
    slide = TitleSlide(d.title, abbreviations, category, summary, version)
    if canvas.fits is not None and not canvas.fits(
        partial(_draw, section=_Section(d.title, slide), page_title=d.title)
    ):
        # A long title: the summary goes to the notes rather than below the screen.
        slide = replace(slide, summary="", category=d.summary.category_title)
        details = (summary, *details)
    return _Section(d.title, slide, details)


def _topic_sections(d: TopicDetail, canvas: Canvas) -> list[_Section]:
    sections = _key_point_sections(d, canvas)
    if d.safety_notices:
        notices = tuple(Bullet(n.text, n.refs, label="Safety notice") for n in d.safety_notices)
        title = "Safety notice" if len(notices) == 1 else "Safety notices"
        refs = tuple(n for b in notices for n in b.refs)
        for chunk in _packed(
            notices,
            [_lines(b.text, canvas.chars) + 1.5 for b in notices],
            3,
            canvas.lines,
            canvas,
            lambda chunk: (title, SafetySlide(tuple(chunk))),
        ):
            sections.append(_Section(title, SafetySlide(tuple(chunk)), (), refs))
    for heading, bullets in _body_sections(d.body_html):
        sections += _bullet_sections(heading, bullets, canvas, cut=False)
    uses = [Bullet(f"{c.title}: {c.note}" if c.note else c.title, c.refs) for c in d.conditions]
    if d.indications:
        extra = tuple(f"Used for: {b.text}" for b in uses)
        sections += _bullet_sections(
            "Indications", [_cited_bullet(i) for i in d.indications], canvas, extra
        )
    elif uses:
        sections += _bullet_sections("Used for", uses, canvas)
    sections += _bullet_sections("Benefits", [_cited_bullet(b) for b in d.benefits], canvas)
    groups = [
        (label, [_cited_bullet(c) for c in items])
        for label, items in (
            ("Absolute", d.contraindications_absolute),
            ("Relative", d.contraindications_relative),
        )
        if items
    ]
    for label, bullets in groups:
        title = "Contraindications" if len(groups) == 1 else f"Contraindications: {label.lower()}"
        sections += _bullet_sections(title, bullets, canvas)
    sections += _bullet_sections(
        "Anatomy and target", [_cited_bullet(a) for a in d.anatomy], canvas
    )
    sections += _diagram_sections(d)
    sections += _bullet_sections("Technique", [_cited_bullet(t) for t in d.technique], canvas)
    medications = [_medication_bullet(m) for m in d.medications]
    extra = tuple(n for m in d.medications for n in _medication_notes(m))
    sections += _bullet_sections("Medications and doses", medications, canvas, extra, cut=False)
    if d.complications or d.summary.kind == "procedure":
        sections += _table_sections(
            "Complications and how often",
            ComplicationsSlide,
            d.complications,
            partial(_complication_lines, canvas=canvas),
            _complication_notes,
            canvas,
            always=True,
        )
    sections += _bullet_sections("Aftercare", [_cited_bullet(a) for a in d.aftercare], canvas)
    evidence = [_evidence_detail(e) for e in d.evidence]
    sections += _bullet_sections("Evidence and recommendations", evidence, canvas, cut=False)
    return sections


def _diagram_sections(d: TopicDetail) -> list[_Section]:
    """A slide for each of the page's diagrams: its title and the figure as large as the
    slide allows (its labels say what it shows); the caption, the view and the facts the
    labels rest on go to the speaker notes, for the teacher to say."""
    from painref.render.diagrams import image_name

    sections = []
    for diagram in d.diagrams:
        name = image_name(diagram.id)
        caption = _plain_summary(diagram.caption_text)
        refs = tuple(int(n) for n in re.findall(r"\[(\d+)\]", diagram.caption_text))
        refs += tuple(n for fact in diagram.facts for n in fact.refs)
        details: tuple[str, ...] = (caption, f"View: {diagram.view}.")
        details += tuple(fact.text for fact in diagram.facts)

        images = partial(
            _diagram_images, name=name, svg=diagram.svg, size=(diagram.width, diagram.height)
        )
        sections.append(_Section(diagram.title, ImageSlide(name, ""), details, refs, images))
    return sections


def _diagram_images(
    theme: Theme, *, name: str, svg: str, size: tuple[int, int]
) -> dict[str, SlideImage]:
    from painref.render.diagrams import themed_svg

    return {name: SlideImage(themed_svg(svg, theme), *size)}


def _key_point_sections(d: TopicDetail, canvas: Canvas) -> list[_Section]:
    """Key points: the facts a source reports (never a "not reported" row), then the
    take-home evidence: who recommends what, which way and how strongly."""
    sections: list[_Section] = []
    facts = [_fact_bullet(a) for a in d.glance]
    unreported = [a.label.lower() for a in d.unreported]
    line = ""
    if unreported:
        shown = ", ".join(unreported[:4])
        more = len(unreported) - 4
        line = f"Not reported by the sources: {shown}" + (f" and {more} more." if more > 0 else ".")
    details = tuple(_fact_details(a) for a in d.glance if _fact_details(a))
    weights = [_bullet_lines(b, canvas) for b in facts]
    chunks = _packed(
        facts,
        weights,
        MAX_BULLETS + 2,
        canvas.lines - (1 if line else 0),
        canvas,
        lambda chunk: ("Key points", KeyFactsSlide(tuple(chunk), line)),
    )
    for index, chunk in enumerate(chunks):
        title = "Key points" if index == 0 else "Key points (continued)"
        last = index == len(chunks) - 1
        refs = tuple(n for b in chunk for n in b.refs)
        slide = KeyFactsSlide(tuple(chunk), line if last else "")
        sections.append(_Section(title, slide, details if index == 0 else (), refs))
    evidence = [_evidence_bullet(e) for e in d.evidence]
    sections += _bullet_sections("Key points: the evidence", evidence, canvas)
    return sections


def _condition_sections(d: TopicDetail, canvas: Canvas) -> list[_Section]:
    sections: list[_Section] = []
    if d.presentation_html:
        bullets = [b for _, group in _body_sections(d.presentation_html) for b in group]
        sections += _bullet_sections("Presentation", bullets, canvas, cut=False)
    for heading, bullets in _body_sections(d.body_html):
        sections += _bullet_sections(heading, bullets, canvas, cut=False)
    rungs = list(d.ladder)
    weights = [_rung_lines(r, canvas) for r in rungs]
    chunks = _packed(
        rungs,
        weights,
        MAX_ROWS,
        canvas.lines - 1,
        canvas,
        lambda chunk: ("Treatment options", LadderSlide(d, tuple(chunk))),
    ) or [[]]
    for index, chunk in enumerate(chunks):
        title = "Treatment options, least to most invasive"
        if index:
            title += " (continued)"
        details = tuple(f"{r.topic.title}: {r.note}" for r in chunk if r.note)
        if chunk:
            sections.append(_Section(title, LadderSlide(d, tuple(chunk)), details))
        else:
            none = Bullet("No procedure in PainRef is linked to this condition yet.")
            sections.append(_Section(title, BulletsSlide((("", (none,)),))))
    return sections


def _fact_bullet(a: Attribute) -> Bullet:
    unit = f" {a.unit}" if a.unit else ""
    text = " / ".join(f"{v.value}{unit}" for v in a.values)
    if a.conflicting:
        text += " (the sources differ)"
    refs = tuple(dict.fromkeys(n for v in a.values for n in v.refs))
    return Bullet(text, refs, label=a.label)


def _fact_details(a: Attribute) -> str:
    notes = [f"{v.value}: {v.note}" for v in a.values if v.note]
    if a.footnote:
        notes.append(a.footnote)
    return f"{a.label}: " + " ".join(notes) if notes else ""


def _evidence_bullet(e: Evidence) -> Bullet:
    direction = DIRECTION_LABELS.get(e.direction, e.direction)
    strength = e.strength.split(";")[0].strip()
    return Bullet(
        f"{direction.lower()} · {strength}",
        e.refs,
        label=f"{e.body}, {e.year}",
        warn=e.direction in ("against", "no-benefit"),
    )


def _medication_bullet(m: Medication) -> Bullet:
    """An agent, its dose and volume in full (never cut), its role and use beneath."""
    dose = f"dose {m.dose}" if m.dose else "dose not reported"
    volume = f"volume {m.volume}" if m.volume else ""
    kind = m.role
    if m.particulate is not None:
        kind += ", particulate" if m.particulate else ", non-particulate"
    sub = f"{kind} · {m.use}" if m.use else kind
    return Bullet("; ".join(x for x in (dose, volume) if x), m.refs, label=m.agent, sub=sub)


def _evidence_detail(e: Evidence) -> Bullet:
    """Who said it and which way, what they said, how strongly and for whom."""
    direction = DIRECTION_LABELS.get(e.direction, e.direction)
    return Bullet(
        e.statement,
        e.refs,
        label=f"{e.body}, {e.year} · {direction.lower()}",
        sub=f"{e.strength} · {e.population}",
        warn=e.direction in ("against", "no-benefit"),
    )


def _medication_notes(m: Medication) -> tuple[str, ...]:
    return (f"{m.agent}: {m.note}",) if m.note else ()


def _complication_notes(c: Complication) -> tuple[str, ...]:
    return (f"{c.name}: {c.description}",)


# -- parts a slide's worth at a time ----------------------------------------------------------


def _bullet_sections(
    title: str,
    bullets: Sequence[Bullet],
    canvas: Canvas,
    extra: tuple[str, ...] = (),
    *,
    cut: bool = True,
) -> list[_Section]:
    """Points a slide's worth at a time: a point's first sentence on the slide, the whole
    point in the notes when the slide shows only part of it; extra ends the notes."""
    if not bullets:
        return []
    shown = [replace(b, text=_lead(b.text)[0]) if cut else b for b in bullets]
    weights = [_bullet_lines(b, canvas) for b in shown]
    chunks = _packed(
        list(range(len(shown))),
        weights,
        MAX_BULLETS,
        canvas.lines,
        canvas,
        lambda chunk: (title, BulletsSlide((("", tuple(shown[i] for i in chunk)),))),
    )
    sections = []
    for index, chunk in enumerate(chunks):
        heading = title if index == 0 else f"{title} (continued)"
        details = tuple(
            f"{bullets[i].label + ': ' if bullets[i].label else ''}{bullets[i].text}"
            for i in chunk
            if cut and _lead(bullets[i].text)[1]
        )
        if index == len(chunks) - 1:
            details += extra
        refs = tuple(n for i in chunk for n in bullets[i].refs)
        part = BulletsSlide((("", tuple(shown[i] for i in chunk)),))
        sections.append(_Section(heading, part, details, refs))
    return sections


def _table_sections(
    title: str,
    slide: Callable[[tuple[_T, ...]], SlidePart],
    rows: Sequence[_T],
    lines: Callable[[_T], float],
    notes: Callable[[_T], tuple[str, ...]],
    canvas: Canvas,
    *,
    always: bool = False,
) -> list[_Section]:
    """A table a few rows to a slide; with always, a slide even when it has no rows."""
    weights = [lines(row) for row in rows]
    budget = canvas.lines - 1.2  # the header row
    chunks = _packed(
        rows, weights, MAX_ROWS, budget, canvas, lambda chunk: (title, slide(tuple(chunk)))
    ) or ([[]] if always else [])
    sections = []
    for index, chunk in enumerate(chunks):
        details = tuple(n for row in chunk for n in notes(row))
        refs = tuple(n for row in chunk for n in getattr(row, "refs", ()))
        heading = title if index == 0 else f"{title} (continued)"
        sections.append(_Section(heading, slide(tuple(chunk)), details, refs))
    return sections


# -- comparisons ------------------------------------------------------------------------------


def _compare_title(c: Comparison, meta: Meta) -> _Section:
    titles = [t.title for t in c.topics]
    summary = " · ".join(titles)
    version = f"content {meta.content_version}"
    details = tuple(f"{t.title}: {_plain_summary(t.summary.summary_text)}" for t in c.topics)
    return _Section(
        "Comparison", TitleSlide("Comparison", "", "Side by side", summary, version), details
    )


def _chart_section(c: Comparison, image: str) -> _Section:
    """The chart, drawn by the view in the slide's theme, captioned as on the page; with
    too little data to draw, the page's sentence instead."""
    from painref.render.chart import comparison_chart  # not needed to start the app

    light = comparison_chart(c, Theme())
    details = tuple(f"Not on the chart: {title} ({why})." for title, why in light.unplaced)
    if light.message:
        slide = ImageSlide(image, "", light.message)
        return _Section(CHART_TITLE, slide, details)

    def images(theme: Theme) -> dict[str, SlideImage]:
        chart = comparison_chart(c, theme)
        return {image: SlideImage(chart.svg, chart.width, chart.height)}

    return _Section(CHART_TITLE, ImageSlide(image, light.caption), details, (), images)


def _row_parts(row: Row, topics: int, canvas: Canvas) -> list[CompareRow]:
    """A comparison row, or its values over several parts when it is too long for a slide."""
    shown = [list(cell.values[:MAX_CELL_VALUES]) for cell in row.cells]
    whole = _compare_row_from(row, shown, row.label)
    lines = _compare_row_lines(whole, topics, canvas)
    budget = canvas.lines - 2
    parts = max(1, math.ceil(lines / budget))
    most = max(min(len(cell.values), MAX_CELL_VALUES) for cell in row.cells)
    while True:
        result = _split_row(row, parts)
        if parts >= most or all(_fits_alone(p, topics, canvas) for p in result):
            return result
        parts += 1


def _split_row(row: Row, parts: int) -> list[CompareRow]:
    shown = [list(cell.values[:MAX_CELL_VALUES]) for cell in row.cells]
    if parts == 1:
        return [_compare_row_from(row, shown, row.label)]
    split = [_balanced(values, parts) for values in shown]
    result = []
    for index in range(parts):
        values = [s[index] if index < len(s) else [] for s in split]
        label = f"{row.label} ({index + 1} of {parts})"
        result.append(_compare_row_from(row, values, label))
    return result


def _fits_alone(part: CompareRow, topics: int, canvas: Canvas) -> bool:
    """A comparison row on a slide of its own fits (measured when the canvas can)."""
    if canvas.fits is None:
        return _compare_row_lines(part, topics, canvas) <= canvas.lines - 2
    slide = CompareSlide(tuple("x" * 12 for _ in range(topics)), (part,))
    return canvas.fits(partial(_draw, section=_Section("Side by side", slide), page_title=""))


def _compare_row_from(row: Row, values: Sequence[Sequence[object]], label: str) -> CompareRow:
    unit = f" {row.unit}" if row.unit else ""
    cells = []
    for cell, vals in zip(row.cells, values, strict=True):
        texts = [f"{v.text}{unit}" for v in vals]  # type: ignore[attr-defined]
        more = len(cell.values) - MAX_CELL_VALUES
        if more > 0 and vals and vals[-1] is cell.values[MAX_CELL_VALUES - 1]:
            texts.append(f"and {more} more (in the notes)")
        missing = cell.missing if not cell.values else ""
        cells.append(CompareCell(tuple(texts), missing, cell.conflicting))
    return CompareRow(row.key, label, tuple(cells), row.differs, row.conflicting)


def _compare_notes(
    c: Comparison, parts: Sequence[CompareRow]
) -> tuple[tuple[str, ...], tuple[SourceGroup, ...]]:
    """Each value on the slide with its notes and reference numbers ("Topic, row: value
    [n, m]"), and each topic's sources for them, in the topic's own numbering."""
    keys = {part.key for part in parts}
    details = []
    cited: dict[str, set[int]] = {t.id: set() for t in c.topics}
    for row in c.rows:
        if row.key not in keys:
            continue
        for topic, cell in zip(c.topics, row.cells, strict=True):
            for v in cell.values:
                refs = f" [{', '.join(str(n) for n in v.refs)}]" if v.refs else ""
                note = f" ({v.note})" if v.note else ""
                details.append(f"{topic.title}, {row.label}: {v.text}{note}{refs}")
                cited[topic.id].update(v.refs)
    groups = tuple(
        SourceGroup(t.title, tuple(s for s in t.references if s.number in cited[t.id]))
        for t in c.topics
        if cited[t.id]
    )
    return tuple(details), groups


# -- sources ----------------------------------------------------------------------------------


def _sources_section(d: TopicDetail, sections: Sequence[_Section], canvas: Canvas) -> _Section:
    """One Sources slide: the sources cited most on the slides, numbered as on the page."""
    by_number = {s.number: s for s in d.references}
    counts: Counter[str] = Counter(
        by_number[n].id for section in sections for n in set(section.refs) if n in by_number
    )
    ranked = sorted(d.references, key=lambda s: (-counts[s.id], s.number))
    lines = _source_lines(ranked, counts, canvas, numbered=True)
    details = tuple(f"Where the sources differ or are thin: {n.text}" for n in d.source_notes)
    details += tuple(
        f"A source document says: “{c.claim}” ({c.verdict}). What is known: {c.known}"
        for c in d.seed_claims
    )
    part = SourcesSlide(tuple(lines), len(d.references) - len(lines), len(d.references))
    return _Section(SOURCES_TITLE, part, details, tuple(s.number for s in d.references))


def _merged_sources_section(
    groups: Sequence[tuple[str, Sequence[Source]]], sections: Sequence[_Section], canvas: Canvas
) -> _Section:
    unique = _unique_sources(groups)
    counts: Counter[str] = Counter(s.id for _, sources in groups for s in sources)
    lines = _source_lines(unique, counts, canvas, numbered=False)
    part = SourcesSlide(tuple(lines), len(unique) - len(lines), len(unique))
    return _Section(SOURCES_TITLE, part, cited=_grouped_unique(groups))


def _unique_sources(groups: Iterable[tuple[str, Sequence[Source]]]) -> list[Source]:
    seen: dict[str, Source] = {}
    for _, sources in groups:
        for s in sources:
            seen.setdefault(s.id, s)
    return list(seen.values())


def _grouped_unique(groups: Iterable[tuple[str, Sequence[Source]]]) -> tuple[SourceGroup, ...]:
    """Each page's sources once, in its own numbering, pages in order."""
    merged: dict[str, dict[str, Source]] = {}
    for title, sources in groups:
        merged.setdefault(title, {}).update({s.id: s for s in sources})
    return tuple(
        SourceGroup(title, tuple(sorted(by_id.values(), key=lambda s: s.number)))
        for title, by_id in merged.items()
    )


def _source_lines(
    sources: Sequence[Source], counts: Counter[str], canvas: Canvas, *, numbered: bool
) -> list[SourceLine]:
    """As many sources as fit on one slide, most cited first."""
    ranked = sorted(sources, key=lambda s: (-counts[s.id], s.number)) if not numbered else sources
    chars = canvas.chars / TABLE_SCALE - (4 if numbered else 0)
    budget = canvas.lines - 2  # the note under the list
    lines: list[SourceLine] = []
    used = 0.0
    for s in ranked:
        title = _cut(s.title, SOURCE_TITLE_CHARS)
        line = SourceLine(f"[{s.number}]" if numbered else "", title, s.publisher)
        cost = _lines(f"{title} · {s.publisher}", chars) * TABLE_SCALE + 0.2
        if canvas.fits is not None:
            more = len(sources) - len(lines) - 1
            slide = SourcesSlide((*lines, line), more, len(sources))
            if lines and not canvas.fits(
                partial(_draw, section=_Section(SOURCES_TITLE, slide), page_title="")
            ):
                break
        elif used + cost > budget:
            break
        used += cost
        lines.append(line)
    if numbered:
        lines.sort(key=lambda line: int(line.number.strip("[]")))
    return lines


# -- drawing ----------------------------------------------------------------------------------


def _draw_all(
    page_title: str,
    sections: list[_Section],
    theme: Theme,
    references: Sequence[Source],
    canvas: Canvas = CANVAS,
) -> list[Slide]:
    """The sections drawn as slides; each slide's notes name the sources it cites."""
    by_number = {s.number: s for s in references}
    slides = []
    for section in sections:
        cited = section.cited
        numbers = sorted({n for n in section.refs if n in by_number})
        if not cited and numbers:
            cited = (SourceGroup("", tuple(by_number[n] for n in numbers)),)
        notes = SpeakerNotes(section.details, cited)
        slide = _drawn(section, page_title, theme, notes)
        slides.append(
            replace(slide, estimate=_estimate(section.part, canvas), items=_items(section.part))
        )
    return slides


def _estimate(part: SlidePart, canvas: Canvas) -> float:
    """About how many lines of body text a slide's content takes (as the packing counts)."""
    if isinstance(part, BulletsSlide):
        return sum(
            _bullet_lines(b, canvas) + (1.2 if heading else 0)
            for heading, bullets in part.groups
            for b in bullets
        )
    if isinstance(part, KeyFactsSlide):
        return sum(_bullet_lines(b, canvas) for b in part.facts) + (1 if part.unreported else 0)
    if isinstance(part, SafetySlide):
        return sum(_lines(n.text, canvas.chars) + 1.5 for n in part.notices)
    if isinstance(part, ComplicationsSlide):
        return 1.2 + sum(_complication_lines(c, canvas) for c in part.rows)
    if isinstance(part, LadderSlide):
        return 1 + sum(_rung_lines(r, canvas) for r in part.rungs)
    if isinstance(part, CompareSlide):
        return 1.5 + sum(_compare_row_lines(r, len(part.topics), canvas) for r in part.rows)
    return 0.0


def _items(part: SlidePart) -> int:
    if isinstance(part, BulletsSlide):
        return sum(len(bullets) for _, bullets in part.groups)
    if isinstance(part, KeyFactsSlide):
        return len(part.facts)
    if isinstance(part, SafetySlide):
        return len(part.notices)
    if isinstance(part, ComplicationsSlide | CompareSlide):
        return len(part.rows)
    if isinstance(part, LadderSlide):
        return len(part.rungs)
    if isinstance(part, SourcesSlide):
        return len(part.sources)
    return 0


def _drawn(section: _Section, page_title: str, theme: Theme, notes: SpeakerNotes) -> Slide:
    draw = partial(_draw, section=section, page_title=page_title)
    return Slide(
        section.title,
        draw(theme),
        draw,
        notes,
        section.images,
        section.part.kind,
        page_title,
    )


def _draw(theme: Theme, *, section: _Section, page_title: str) -> str:
    return (
        environment()
        .get_template("slide.html")
        .render(
            slide=SlidePage(
                theme=theme,
                heading=section.title,
                page_title=page_title,
                footer_note=FOOTER_NOTE,
                part=section.part,
            )
        )
    )


def notes_html(slide: Slide, theme: Theme, position: str = "") -> str:
    """The speaker notes of slide as HTML (Qt's rich-text subset), for the notes window."""
    return (
        environment()
        .get_template("speaker_notes.html")
        .render(slide=slide, notes=slide.notes, t=theme, position=position)
    )


# -- estimating -------------------------------------------------------------------------------


def _bullet_lines(b: Bullet, canvas: Canvas) -> float:
    """Lines a point takes: its text beside the bullet's indent, its small line, a gap."""
    text = f"{b.label}: {b.text}" if b.label else b.text
    if b.warn:
        text = "!! " + text
    if b.refs:  # small numbers: about half a character each
        text += " " + "x" * math.ceil(len(",".join(str(n) for n in b.refs)) * 0.5)
    width = canvas.chars - 3
    lines = float(_lines(text, width))
    if b.sub:
        lines += _lines(b.sub, width / SMALL_SCALE) * SMALL_SCALE
    return lines + 0.35


def _cell_lines(texts: Iterable[str], share: float, canvas: Canvas) -> float:
    chars = canvas.chars / TABLE_SCALE * share - 1.5
    return sum(_lines(t, chars) for t in texts if t) or 1


def _table_row(cells: Sequence[float]) -> float:
    """A table row's height in body lines, from its tallest cell in table lines."""
    return max(cells) * TABLE_SCALE + 0.4


def _complication_lines(c: Complication, canvas: Canvas) -> float:
    name = _cell_lines([c.name], 0.38, canvas) + (1 if c.serious else 0)
    often = _cell_lines([(c.incidence or "not reported") + " 00,00"], 0.62, canvas)
    if c.population and c.incidence:
        often += _cell_lines([c.population], 0.62 / SMALL_SCALE * TABLE_SCALE, canvas) * 0.95
    return _table_row([name, often])


def _rung_lines(r: LadderRung, canvas: Canvas) -> float:
    return _table_row(
        [
            _cell_lines([r.topic.title, r.topic.category_title], 0.38, canvas),
            _cell_lines([r.evidence or "no graded evidence on the page"], 0.34, canvas),
            _cell_lines([r.relief_duration.display()], 0.28, canvas),
        ]
    )


def _compare_row_lines(row: CompareRow, topics: int, canvas: Canvas) -> float:
    share = 0.78 / topics
    cells = [_cell_lines([row.label], 0.22, canvas)]
    for cell in row.cells:
        texts = list(cell.values) or [cell.missing]
        cells.append(_cell_lines(texts, share, canvas) + (1 if cell.conflicting else 0))
    return _table_row(cells)


def _lines(text: str, chars: float) -> int:
    """Lines text takes on lines of chars characters, wrapped at words."""
    if chars <= 1:
        return max(1, len(text))
    lines, used = 1, 0
    for word in text.split():
        length = len(word)
        if used and used + 1 + length > chars:
            lines += 1
            used = 0
        used = used + 1 + length if used else length
        while used > chars:  # a word longer than a line
            lines += 1
            used -= int(chars)
    return lines


# -- packing ----------------------------------------------------------------------------------


def _balanced(items: Sequence[_T], parts: int) -> list[list[_T]]:
    """items in parts as even as possible (fewer when there are fewer items)."""
    if not items:
        return []
    parts = max(1, min(parts, len(items)))
    base, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + base + (1 if index < extra else 0)
        chunks.append(list(items[start:end]))
        start = end
    return chunks


def _packed_indices(
    weights: Sequence[float],
    max_items: int,
    budget: float,
    check: Callable[[list[int]], bool] | None = None,
) -> list[list[int]]:
    """Indices of items in as few slides as max_items and budget allow, then evened out.

    check, when given, decides whether a chunk fits by drawing it (the estimate then only
    evens the parts out). An item too long for any slide gets one of its own.
    """

    def estimated(chunk: Sequence[int]) -> bool:
        if len(chunk) > max_items:
            return False
        return len(chunk) == 1 or sum(weights[i] for i in chunk) <= budget

    def fits(chunk: list[int]) -> bool:
        if check is None:
            return estimated(chunk)
        return len(chunk) <= max_items and (len(chunk) == 1 or check(chunk))

    greedy: list[list[int]] = []
    for index in range(len(weights)):
        if greedy and fits([*greedy[-1], index]):
            greedy[-1].append(index)
        else:
            greedy.append([index])
    if len(greedy) > 1:
        # The fewest slides, each as near the average as the order allows.
        even = _even_cut(
            weights, len(greedy), estimated if check is None else lambda c: len(c) <= max_items
        )
        if even is not None and (check is None or all(fits(c) for c in even)):
            greedy = even
    return greedy


def _even_cut(
    weights: Sequence[float], parts: int, fits: Callable[[Sequence[int]], bool]
) -> list[list[int]] | None:
    """Cut the items into parts consecutive chunks, each fitting, the largest as small as
    it can be (the linear partition problem, by dynamic programming); None if none fits."""
    n = len(weights)
    if parts > n:
        return None
    prefix = [0.0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    inf = float("inf")
    # best[k][i]: the largest chunk when the first i items make k chunks; cut[k][i]: where
    # the last of those chunks starts.
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(k, n + 1):
            for j in range(i - 1, k - 2, -1):
                if best[k - 1][j] == inf:
                    continue
                if not fits(range(j, i)):
                    break  # a longer chunk (smaller j) does not fit either
                worst = max(best[k - 1][j], prefix[i] - prefix[j])
                if worst < best[k][i]:
                    best[k][i], cut[k][i] = worst, j
    if best[parts][n] == inf:
        return None
    chunks: list[list[int]] = []
    end = n
    for k in range(parts, 0, -1):
        start = cut[k][end]
        chunks.insert(0, list(range(start, end)))
        end = start
    return chunks


def _packed(
    items: Sequence[_T],
    weights: Sequence[float],
    max_items: int,
    budget: float,
    canvas: Canvas | None = None,
    part: Callable[[list[_T]], tuple[str, SlidePart]] | None = None,
) -> list[list[_T]]:
    """items a slide's worth at a time; with canvas.fits and part (a chunk to its heading
    and slide), each slide is drawn and measured instead of estimated."""
    check = None
    if canvas is not None and canvas.fits is not None and part is not None:
        measure, make = canvas.fits, part

        def check(chunk: list[int]) -> bool:
            heading, drawn = make([items[i] for i in chunk])
            return measure(partial(_draw, section=_Section(heading, drawn), page_title=""))

    chunks = _packed_indices(weights, max_items, budget, check)
    return [[items[i] for i in chunk] for chunk in chunks]


# -- text -------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "al", "vs", "approx", "dr", "st", "no", "fig", "u.s", "cf", "ca", "etc"}
)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)\]]?\s+(?=[A-Z0-9(\u201c\"])")
_CITE_TOKEN = re.compile(r"\x00(\d+)\x00")
_SUP_CITE = re.compile(r"<sup>\s*<a [^>]*>\[(\d+)\]</a>\s*</sup>")
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(
    r'<p class="h2">(?P<h2>.*?)</p>|<p class="h3">(?P<h3>.*?)</p>|<li>(?P<li>.*?)</li>'
    r"|<p>(?P<p>.*?)</p>",
    re.DOTALL,
)
_TEXT_CITES = re.compile(r"\s*\[\d+\](?:\s*\[\d+\])*")


def sentences(text: str) -> list[str]:
    """text cut into sentences (an abbreviation such as "e.g." or "et al." does not end one)."""
    result, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start() + 1]
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.split() else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
            continue
        result.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        result.append(tail)
    return result


def _lead(text: str) -> tuple[str, str]:
    """(the first sentence, the rest) of a point; the rest goes to the speaker notes."""
    parts = sentences(text)
    if len(parts) <= 1:
        return text.strip(), ""
    return parts[0], " ".join(parts[1:])


def _cited_bullet(item: Cited) -> Bullet:
    return Bullet(item.text, item.refs)


def _plain_summary(text: str) -> str:
    """A summary without its "[1] [2]" citation numbers."""
    return " ".join(_TEXT_CITES.sub("", text).split()).replace(" .", ".")


def _body_sections(body_html: str) -> list[tuple[str, list[Bullet]]]:
    """(heading, points) for each <p class="h2"> of a page body: a sentence of a paragraph
    or an item of a list to a point; a <p class="h3"> starts a point group's label."""
    sections: list[tuple[str, list[Bullet]]] = []
    label = ""
    if body_html.strip() and not _BLOCK.search(body_html):
        body_html = f"<p>{body_html}</p>"  # a fragment of running text (a presentation)
    for match in _BLOCK.finditer(body_html):
        if match.group("h2") is not None:
            sections.append((_text(match.group("h2"))[0], []))
            label = ""
            continue
        if not sections:
            sections.append(("Overview", []))
        if match.group("h3") is not None:
            label = _text(match.group("h3"))[0]
            continue
        if match.group("li") is not None:
            text, refs = _text(match.group("li"))
            sections[-1][1].append(Bullet(text, refs, label=label))
            continue
        text, _ = _text(match.group("p"), keep_tokens=True)
        for sentence in _glued(sentences(text)):
            refs = tuple(int(n) for n in _CITE_TOKEN.findall(sentence))
            plain = _tidy(_CITE_TOKEN.sub("", sentence))
            if plain:
                sections[-1][1].append(Bullet(plain, refs, label=label))
                label = ""
    return [(heading, bullets) for heading, bullets in sections if bullets]


def _glued(parts: list[str]) -> list[str]:
    """Sentences with a short one joined to the one after it ("Two events shaped current
    practice. In 2012 ..."), so a lead-in never ends a slide without what it leads to."""
    result: list[str] = []
    carry = ""
    for index, sentence in enumerate(parts):
        sentence = f"{carry} {sentence}".strip() if carry else sentence
        last = index == len(parts) - 1
        if not last and len(_CITE_TOKEN.sub("", sentence)) < SHORT_SENTENCE:
            carry = sentence
            continue
        carry = ""
        result.append(sentence)
    return result


def _text(fragment: str, *, keep_tokens: bool = False) -> tuple[str, tuple[int, ...]]:
    """An HTML fragment as plain text, and the reference numbers it cites."""
    marked = _SUP_CITE.sub(lambda m: f"\x00{m.group(1)}\x00", fragment)
    plain = html_text.unescape(_TAG.sub("", marked))
    refs = tuple(int(n) for n in _CITE_TOKEN.findall(plain))
    if keep_tokens:
        return " ".join(plain.split()), refs
    return _tidy(_CITE_TOKEN.sub("", plain)), refs


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:)])", r"\1", text)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:(") + "…"


def _when(reviewed: str) -> str:
    try:
        day = date.fromisoformat(reviewed)
    except ValueError:
        return reviewed
    return f"{day.day} {day.strftime('%B')} {day.year}"
