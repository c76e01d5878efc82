"""Presentation slides: a page cut into projector-sized sections, each a small HTML page (no Qt)."""

from __future__ import annotations

import html as html_text
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from html.parser import HTMLParser
from typing import TypeVar

from painref.content.comparison import Row
from painref.content.library import Attribute, Cited, LadderRung, Source, TopicDetail
from painref.render.contexts import ComparePage, Theme, ToolPage, TopicPage
from painref.render.env import environment
from painref.render.slide_contexts import (
    BodySlide,
    ChartSlide,
    ClaimsSlide,
    CompareSlide,
    ComplicationsSlide,
    EvidenceSlide,
    GlanceSlide,
    LadderSlide,
    ListSlide,
    MedicationsSlide,
    OpeningSlide,
    ReferencesSlide,
    SlidePage,
    SlidePart,
    SourceNotesSlide,
    UsesSlide,
)

# How much goes on one slide. Sizes are estimated in lines of text at the presentation's
# type size (2.2 times the normal 11 pt) on a 1280x800 projector; the view draws a slide
# that still runs over a little smaller, so these aim for slides that need no scrolling.
LINE_CHARS = 70
"""Characters on a line across a whole slide."""
BODY_CHARS_PER_SLIDE = 700
"""Running text of one body section on a slide; a longer section continues on the next."""
ROWS_PER_SLIDE = 6
"""Comparison rows (and ladder options) on a slide; fewer when their cells are long."""
TABLE_LINES_PER_SLIDE = 16
LADDER_LINES_PER_SLIDE = 22
"""The ladder's estimates run high (short values in narrow columns), so it gets more."""
GLANCE_ROWS_PER_SLIDE = 10
GLANCE_LINES_PER_SLIDE = 21
"""The opening slide: title, summary and safety notices, and the facts at a glance if they fit."""
REFERENCES_PER_SLIDE = 6
LIST_ITEMS_PER_SLIDE = 7
LIST_LINES = 15
"""A cited list (indications, technique, aftercare): items and estimated lines per slide."""
FOOTER_NOTE = "PainRef, educational reference"

_T = TypeVar("_T")
_HEADING = re.compile(r'<p class="h2">(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Slide:
    """One section of a presentation: its title and its page in Qt's rich-text subset.

    draw redraws the same section with another theme (larger type, high contrast), which is
    how a presentation scales its slides; a slide made by hand has none and shows as it is.
    """

    title: str
    html: str
    draw: Callable[[Theme], str] | None = field(default=None, repr=False, compare=False)

    def themed(self, theme: Theme) -> Slide:
        """The same slide drawn with theme."""
        if self.draw is None:
            return self
        return replace(self, html=self.draw(theme))


@dataclass(frozen=True)
class _Section:
    """A slide before it is drawn: its title and what it shows."""

    title: str
    part: SlidePart


def topic_slides(page: TopicPage) -> list[Slide]:
    """A topic or condition page as slides, drawn with page.theme.

    A topic: title, summary and the facts at a glance (on slides of their own when they run
    long); each section of its body (a long one over several slides); what it is used for
    and its benefits; its risks; where its sources differ; its references. A condition: its
    treatment ladder (after the title slide, over several, when it runs long); references.
    Each slide's footer reads "section N of M · page title · PainRef, educational reference".
    """
    d = page.detail
    sections = _condition_sections(d) if d.summary.is_condition else _topic_sections(d)
    sections += _reference_sections([(None, d.references)])
    return _draw_all(d.title, sections, page.theme)


def tool_slides(page: ToolPage) -> list[Slide]:
    """A procedure-day tool page as slides: its title and summary, what it is based on, then
    each section (statements as a list; a table a row to an item, "column: value" joined),
    then its references."""
    d = page.detail
    sections = [_Section(d.title, OpeningSlide(d, ()))]
    tool = page.tool
    sections += _list_sections("Based on", [("", Cited(tool.basis.text, tool.basis.refs))])
    for s in tool.sections:
        items = [("", Cited(f.text, f.refs)) for f in s.facts if not f.missing]
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
                    items.append(("", Cited(" · ".join(parts), refs)))
        items += [("", Cited(f"{link.title}: {link.detail}".rstrip(": "), ())) for link in s.links]
        sections += _list_sections(s.heading, items)
    sections += _reference_sections([(None, d.references)])
    return _draw_all(d.title, sections, page.theme)


def compare_slides(page: ComparePage) -> list[Slide]:
    """A comparison as slides: the side-by-side table a few rows at a time, the chart, references.

    Every table slide repeats the header row of topic names. The chart slide is there when
    the page has a chart (page.chart_src, an image the view supplies, or page.chart_svg).
    """
    from painref.render.chart import comparison_chart  # not needed to start the app

    c = page.comparison
    rows = [row for row in c.rows if row.differs or not page.only_differences]
    column_chars = LINE_CHARS * 0.8 / len(c.topics)
    weights = [_row_lines(row, column_chars) for row in rows]
    sections: list[_Section] = []
    for part, chunk in enumerate(_packed(rows, weights) or [[]]):
        title = "Side by side" if part == 0 else "Side by side (continued)"
        sections.append(_Section(title, CompareSlide(c.topics, tuple(chunk), part == 0)))
    if page.chart_src or page.chart_svg:
        chart = comparison_chart(c, page.theme)
        drawn = ChartSlide(
            page.chart_src, page.chart_svg, chart.width, chart.height, chart.unplaced
        )
        sections.append(_Section("Invasiveness and how long relief lasts", drawn))
    sections += _reference_sections([(t.title, t.references) for t in c.topics])
    return _draw_all("Comparison", sections, page.theme)


def _topic_sections(d: TopicDetail) -> list[_Section]:
    sections = _opening_sections(d)
    for heading, body in _body_sections(d.body_html):
        for part, chunk in enumerate(_split_blocks(body, BODY_CHARS_PER_SLIDE)):
            title = heading if part == 0 else f"{heading} (continued)"
            sections.append(_Section(title, BodySlide(chunk)))
    sections += _list_sections("Indications", [("", i) for i in d.indications])
    if d.conditions or d.benefits:
        if d.conditions and d.benefits:
            title = "Used for and benefits"
        else:
            title = "Used for" if d.conditions else "Benefits"
        sections.append(_Section(title, UsesSlide(d.conditions, d.benefits)))
    sections += _list_sections(
        "Contraindications",
        [("Absolute", c) for c in d.contraindications_absolute]
        + [("Relative", c) for c in d.contraindications_relative],
    )
    sections += _list_sections("Anatomy and target", [("", i) for i in d.anatomy])
    sections += _list_sections("Technique", [("", i) for i in d.technique])
    sections += _table_sections(
        "Medications",
        MedicationsSlide,
        d.medications,
        lambda m: _lines(f"{m.agent} {m.role} {m.use or ''} {m.note or ''}", LINE_CHARS * 0.5),
    )
    if d.complications or d.summary.kind == "procedure":
        sections += _table_sections(
            "Complications",
            ComplicationsSlide,
            d.complications,
            lambda c: _lines(f"{c.description} {c.incidence or ''}", LINE_CHARS * 0.55),
            always=True,
        )
    sections += _list_sections("Aftercare", [("", i) for i in d.aftercare])
    sections += _table_sections(
        "Evidence and recommendations",
        EvidenceSlide,
        d.evidence,
        lambda e: _lines(e.statement, LINE_CHARS * 0.5) + 0.5,
    )
    sections += _table_sections(
        "What the source documents say",
        ClaimsSlide,
        d.seed_claims,
        lambda c: max(_lines(c.claim, LINE_CHARS * 0.35), _lines(c.known, LINE_CHARS * 0.6)),
    )
    if d.source_notes:
        sections.append(_Section("Notes on the sources", SourceNotesSlide(d.source_notes)))
    return sections


def _list_sections(title: str, items: list[tuple[str, Cited]]) -> list[_Section]:
    """A cited list (each item with an optional label), a slide's worth at a time."""
    weights = [_lines(f"{label} {item.text}", LINE_CHARS * 0.9) + 0.3 for label, item in items]
    sections = []
    for part, chunk in enumerate(_packed(items, weights, LIST_ITEMS_PER_SLIDE, LIST_LINES)):
        heading = title if part == 0 else f"{title} (continued)"
        sections.append(_Section(heading, ListSlide(tuple(chunk))))
    return sections


def _table_sections(
    title: str,
    slide: Callable[[tuple[_T, ...]], SlidePart],
    rows: Sequence[_T],
    lines: Callable[[_T], float],
    *,
    always: bool = False,
) -> list[_Section]:
    """A table of a clinical part, a few rows to a slide; with always, a slide even when empty."""
    weights = [lines(row) + 0.5 for row in rows]
    chunks = _packed(rows, weights) or ([[]] if always else [])
    return [
        _Section(title if part == 0 else f"{title} (continued)", slide(tuple(chunk)))
        for part, chunk in enumerate(chunks)
    ]


def _opening_sections(d: TopicDetail) -> list[_Section]:
    """Title, summary and safety notices with the facts at a glance beneath, when they fit.

    When they do not, the facts move to slides of their own, a table's worth to each.
    """
    rows = list(d.glance)
    weights = [_attribute_lines(a) for a in rows]
    opening = 3.5 + _lines(d.summary.summary_text, LINE_CHARS)
    opening += sum(_lines(n.text, LINE_CHARS) + 1 for n in d.safety_notices)
    if opening + sum(weights) <= GLANCE_LINES_PER_SLIDE:
        return [_Section(d.title, OpeningSlide(d, tuple(rows)))]
    sections = [_Section(d.title, OpeningSlide(d, ()))]
    parts = _packed(rows, weights, GLANCE_ROWS_PER_SLIDE, GLANCE_LINES_PER_SLIDE)
    for part, chunk in enumerate(parts):
        title = "At a glance" if part == 0 else "At a glance (continued)"
        sections.append(_Section(title, GlanceSlide(d, tuple(chunk))))
    return sections


def _attribute_lines(a: Attribute) -> float:
    """About how many lines a row of the facts at a glance takes."""
    label = _lines(a.label + (f" ({a.unit})" if a.unit else ""), LINE_CHARS * 0.3)
    values = sum(_lines(v.value, LINE_CHARS * 0.65) for v in a.values)  # notes stay on the page
    value = max(1, values) + 1.5 * a.conflicting
    if a.footnote and a.reported:
        value += _lines(a.footnote, LINE_CHARS * 0.75)
    return max(label, value) + 0.4


def _condition_sections(d: TopicDetail) -> list[_Section]:
    """The treatment ladder under the title and summary, or after them when it runs long."""
    rungs = list(d.ladder)
    weights = [_rung_lines(rung) for rung in rungs]
    opening = 5 + _lines(d.summary.summary_text, LINE_CHARS)
    if opening + sum(weights) <= GLANCE_LINES_PER_SLIDE:
        return [_Section(d.title, LadderSlide(d, tuple(rungs), first=True, continued=False))]
    sections = [_Section(d.title, LadderSlide(d, (), first=True, continued=False))]
    for part, chunk in enumerate(_packed(rungs, weights, ROWS_PER_SLIDE, LADDER_LINES_PER_SLIDE)):
        title = "Treatment options" if part == 0 else "Treatment options (continued)"
        drawn = LadderSlide(d, tuple(chunk), first=False, continued=part > 0)
        sections.append(_Section(title, drawn))
    return sections


def _rung_lines(rung: LadderRung) -> float:
    """About how many lines a treatment option's row takes (the tallest of its cells)."""
    option = _lines(rung.topic.title, LINE_CHARS * 0.3)
    option += _lines(f"{rung.topic.category_title}: {rung.note or ''}", LINE_CHARS * 0.4)
    cells = [
        sum(_lines(v.value, LINE_CHARS * share) for v in a.values) or 1
        for a, share in (
            (rung.invasiveness, 0.16),
            (rung.duration, 0.18),
            (rung.relief_duration, 0.26),
        )
    ]
    return max(option, *cells) + 0.4


def _reference_sections(groups: Sequence[tuple[str | None, Sequence[Source]]]) -> list[_Section]:
    """References, a few to a slide; a comparison's are grouped under each topic's title."""
    flat = [(name, source) for name, sources in groups for source in sources]
    sections = []
    for part, chunk in enumerate(_balanced(flat, REFERENCES_PER_SLIDE)):
        grouped: list[tuple[str | None, list[Source]]] = []
        for name, source in chunk:
            if not grouped or grouped[-1][0] != name:
                grouped.append((name, []))
            grouped[-1][1].append(source)
        title = "References" if part == 0 else "References (continued)"
        slide = ReferencesSlide(tuple((name, tuple(sources)) for name, sources in grouped))
        sections.append(_Section(title, slide))
    return sections


def _draw_all(page_title: str, sections: list[_Section], theme: Theme) -> list[Slide]:
    slides = []
    for number, section in enumerate(sections, start=1):
        draw = partial(
            _draw,
            section=section,
            page_title=page_title,
            number=number,
            count=len(sections),
        )
        slides.append(Slide(section.title, draw(theme), draw))
    return slides


def _draw(theme: Theme, *, section: _Section, page_title: str, number: int, count: int) -> str:
    return (
        environment()
        .get_template("slide.html")
        .render(
            slide=SlidePage(
                theme=theme,
                heading=section.title,
                page_title=page_title,
                number=number,
                count=count,
                footer_note=FOOTER_NOTE,
                part=section.part,
            )
        )
    )


def _balanced(items: Sequence[_T], size: int) -> list[list[_T]]:
    """items in as few parts of at most size as possible, the parts as even as possible."""
    if not items:
        return []
    parts = math.ceil(len(items) / size)
    base, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + base + (1 if index < extra else 0)
        chunks.append(list(items[start:end]))
        start = end
    return chunks


def _packed(
    items: Sequence[_T],
    weights: Sequence[float],
    max_rows: int = ROWS_PER_SLIDE,
    max_lines: float = TABLE_LINES_PER_SLIDE,
) -> list[list[_T]]:
    """Table rows in as few slides as max_rows and max_lines (estimated) allow, evenly.

    A row too long for any slide gets one of its own.
    """

    def fits(chunk: Sequence[float]) -> bool:
        if len(chunk) > max_rows:
            return False
        return len(chunk) == 1 or sum(chunk) <= max_lines

    greedy: list[list[int]] = []
    for index, _ in enumerate(items):
        if greedy and fits([weights[i] for i in (*greedy[-1], index)]):
            greedy[-1].append(index)
        else:
            greedy.append([index])
    if greedy:
        even = _balanced(range(len(items)), math.ceil(len(items) / len(greedy)))
        if len(even) == len(greedy) and all(fits([weights[i] for i in c]) for c in even):
            greedy = even
    return [[items[i] for i in chunk] for chunk in greedy]


def _row_lines(row: Row, column_chars: float) -> float:
    """About how many lines the tallest cell of a comparison row takes."""
    label = _lines(row.label + (f" ({row.unit})" if row.unit else ""), 14) + 2 * row.conflicting
    unit = f" {row.unit}" if row.unit else ""
    cells = []
    for cell in row.cells:
        lines = sum(
            _lines(f"{v.text}{unit} {'[n]' * len(v.refs)}", column_chars) for v in cell.values
        )
        cells.append(max(1, lines) + 2 * cell.conflicting)
    return max(label, *cells) + 0.5


def _lines(text: str, chars: float) -> int:
    return max(1, math.ceil(len(text.strip()) / max(chars, 1)))


def _body_sections(body_html: str) -> list[tuple[str, str]]:
    """(heading as plain text, the HTML under it) for each <p class="h2"> of a page body."""
    sections = []
    matches = list(_HEADING.finditer(body_html))
    intro = body_html[: matches[0].start() if matches else len(body_html)]
    if intro.strip():
        sections.append(("Overview", intro.strip()))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body_html)
        heading = " ".join(html_text.unescape(_TAG.sub("", match.group(1))).split())
        sections.append((heading, body_html[match.end() : end].strip()))
    return sections


def _split_blocks(body: str, budget: int) -> list[str]:
    """body in parts of about budget characters of text, cut only between top-level blocks."""
    blocks = _TopLevelBlocks.of(body)
    total = sum(_text_length(b) for b in blocks)
    if total <= budget or len(blocks) < 2:
        return [body]
    parts = math.ceil(total / budget)
    target = total / parts
    chunks: list[list[str]] = [[]]
    size = 0
    for block in blocks:
        length = _text_length(block)
        if chunks[-1] and size + length / 2 > target and len(chunks) < parts:
            # A subheading goes over with the text it heads.
            last = chunks[-1]
            carried = [last.pop()] if len(last) > 1 and last[-1].startswith('<p class="h3"') else []
            chunks.append(carried)
            size = sum(_text_length(b) for b in carried)
        chunks[-1].append(block)
        size += length
    return ["\n".join(chunk) for chunk in chunks]


def _text_length(fragment: str) -> int:
    return len(html_text.unescape(_TAG.sub("", fragment)).strip())


class _TopLevelBlocks(HTMLParser):
    """Cuts an HTML fragment into its top-level elements (paragraphs, lists, tables)."""

    _VOID = frozenset({"br", "hr", "img", "meta", "input", "col", "wbr", "area", "source"})

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        # getpos() counts lines by "\n" alone (not every line break str.splitlines knows).
        self._line_starts = [0] + [i + 1 for i, char in enumerate(fragment) if char == "\n"]
        self._depth = 0
        self.starts: list[int] = []

    @classmethod
    def of(cls, fragment: str) -> list[str]:
        parser = cls(fragment)
        parser.feed(fragment)
        parser.close()
        starts = parser.starts or [0]
        starts[0] = 0  # any text before the first element stays with it
        ends = [*starts[1:], len(fragment)]
        return [fragment[s:e].strip() for s, e in zip(starts, ends, strict=True)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self.starts.append(self._offset())
        if tag not in self._VOID:
            self._depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self.starts.append(self._offset())

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID:
            self._depth = max(0, self._depth - 1)
