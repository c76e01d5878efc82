"""The comparison chart: topics placed by invasiveness and by how long relief lasts (SVG).

Everything is measured in the page's text size: the labels are drawn at the theme's
base_pt (the reader's text size times the zoom), and the chart grows around them, so the
chart's words are never smaller than the page's. Topics are numbered markers with a
legend under the plot; markers that share a cell stand side by side, so no label or
marker is drawn over another (Chart.boxes lists every box drawn, for the tests).

A topic is placed only by its own attribute values (content/comparison.py reads the
attributes table); a seed document's claim is a `seed_claims` entry, never a value, so
it cannot place a point. With fewer than two topics placeable the chart is a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from painref.content.comparison import (
    INVASIVENESS_LEVELS,
    RELIEF_LEVELS,
    Comparison,
    invasiveness_level,
    relief_level,
)
from painref.content.model import TopicDetail
from painref.content.tables import INVASIVENESS, RELIEF_DURATION
from painref.render.contexts import Theme
from painref.render.diagrams import is_high_contrast
from painref.render.env import environment

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
PX_PER_PT = 96 / 72
MIN_TOPICS = 2
"""Topics with both values needed for a chart (too_little_message says "two")."""
CAPTION = (
    "Each topic is placed by the values its own sources give; a topic whose sources "
    "give several values has its points joined by a dashed line."
)
"""What the chart shows, in one sentence: the page, the handout and the slides say it alike."""
LEGEND_EM = 20
"""The legend's narrowest line width, in em (about 35 characters): no wider than the plot."""

# Marker fills, dark enough for a white number (WCAG AA) and told apart by hue; each
# marker also carries its number and a ring in the text colour, so colour is never the
# only cue and every marker stands out from a light or a dark background.
SERIES_COLOURS = ("#1f5f99", "#a34a00", "#1e7a4f", "#7b3f99")

# Advance widths of DejaVu Sans (the SVG's first font), in em; Arial, the fallback, is
# narrower, so a box measured with these holds the text in either font.
_WIDTHS = {
    **dict.fromkeys(" ,.", 0.318),
    **dict.fromkeys(":;/\\", 0.337),
    **dict.fromkeys("()[]", 0.39),
    **dict.fromkeys("0123456789", 0.636),
    **dict.fromkeys("ijl'I", 0.295),
    **dict.fromkeys("ft", 0.392),
    "r": 0.411,
    "-": 0.361,
    "s": 0.521,
    "z": 0.525,
    "c": 0.55,
    "k": 0.579,
    **dict.fromkeys("vxy", 0.592),
    **dict.fromkeys("aeo", 0.615),
    **dict.fromkeys("bdghnpqu", 0.635),
    "w": 0.818,
    "m": 0.974,
    "M": 0.863,
    "W": 0.989,
    "—": 1.0,
    "…": 1.0,
}
_WIDE_DEFAULT = 0.78  # capitals and anything not listed
_BOLD = 1.12
ASCENT, DESCENT = 0.93, 0.24
"""Above and below the baseline, in em: a text's box."""


@dataclass(frozen=True)
class Box:
    """A rectangle in the chart's pixels."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        """True when the two share any area (touching edges do not)."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    """The baseline."""
    text: str
    colour: str
    anchor: str = "start"
    bold: bool = False

    def box(self, size: float) -> Box:
        width = text_width(self.text, size, bold=self.bold)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        return Box(left, self.y - ASCENT * size, width, (ASCENT + DESCENT) * size)


@dataclass(frozen=True)
class Marker:
    """A topic's numbered point (or its key in the legend)."""

    x: float
    y: float
    r: float
    number: int
    fill: str
    ring: str
    ink: str
    """The number's colour."""
    dashed: bool = False
    """A topic that is not on the plot: its key in the legend only."""

    @property
    def box(self) -> Box:
        return Box(self.x - self.r, self.y - self.r, 2 * self.r, 2 * self.r)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float
    dash: str = ""


@dataclass(frozen=True)
class Chart:
    """A drawn chart, or the sentence saying why there is none."""

    svg: str
    """The plot; with too little data, the sentence drawn as text (for image-only uses)."""
    width: int
    height: int
    unplaced: tuple[tuple[str, str], ...]
    """(title, why) for each topic that is not on the plot."""
    message: str | None = None
    """Why there is no plot (too little data); None when there is one."""
    boxes: tuple[tuple[str, Box], ...] = ()
    """Every label and marker drawn, named: none may overlap another."""
    font_px: float = 0.0
    """The size every label is drawn at (the theme's base_pt in pixels)."""
    caption: str = CAPTION

    @property
    def plotted(self) -> bool:
        return self.message is None


@dataclass(frozen=True)
class _Topic:
    number: int
    title: str
    invasive: tuple[int, ...]
    relief: tuple[int, ...]
    why: str
    """Why it is not on the plot ("" when it is)."""


def comparison_chart(comparison: Comparison, theme: Theme) -> Chart:
    """Place each topic at (invasiveness, relief duration), or say there is too little data.

    A topic whose sources give several values gets a point for each, joined by a dashed
    line. Topics missing either value are listed in the legend with the reason.
    """
    topics = [_topic(number, t) for number, t in enumerate(comparison.topics, start=1)]
    unplaced = tuple((t.title, t.why) for t in topics if t.why)
    placed = [t for t in topics if not t.why]
    size = theme.base_pt * PX_PER_PT
    if len(placed) < MIN_TOPICS:
        message = too_little_message(placed[0].title if placed else None)
        return _sentence_chart(message, unplaced, theme, size)
    return _Layout(topics, theme, size).chart(unplaced)


def too_little_message(only: str | None) -> str:
    """The sentence shown instead of a chart, naming the one topic that could be placed."""
    have = (
        f"only {only} has both its invasiveness and how long relief lasts reported"
        if only
        else "none of these topics has both its invasiveness and how long relief lasts reported"
    )
    return f"Too little data for a chart: {have}; a chart needs at least two such topics."


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of text in DejaVu Sans at size pixels (a little over, never under)."""
    em = sum(_WIDTHS.get(ch, _WIDE_DEFAULT) for ch in text)
    return em * size * (_BOLD if bold else 1.0)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """text in lines no wider than width (a single word longer than that stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold=bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _topic(number: int, topic: TopicDetail) -> _Topic:
    invasive, invasive_text = _levels(topic, INVASIVENESS, invasiveness_level)
    relief, relief_text = _levels(topic, RELIEF_DURATION, relief_level)
    reasons = [
        _why(name, levels, texts)
        for name, levels, texts in (
            ("invasiveness", invasive, invasive_text),
            ("relief duration", relief, relief_text),
        )
        if not levels
    ]
    if len(reasons) == 2 and all(r.endswith(" not reported") for r in reasons):
        reasons = ["invasiveness and relief duration not reported"]
    return _Topic(number, topic.title, invasive, relief, "; ".join(reasons))


def _levels(
    topic: TopicDetail, key: str, rank: Callable[[str], int | None]
) -> tuple[tuple[int, ...], list[str]]:
    """The scale places of a topic's values for key, and the values that name none."""
    levels: list[int] = []
    unranked: list[str] = []
    for value in topic.attribute(key).values:
        level = rank(value.value)
        if level is None:
            unranked.append(value.value)
        elif level not in levels:
            levels.append(level)
    return tuple(levels), unranked


def _why(name: str, levels: tuple[int, ...], texts: list[str]) -> str:
    if texts:
        given = " or ".join(f"“{t}”" for t in texts)
        return f"{name} given as {given}, which is not on the chart's scale"
    return f"{name} not reported"


class _Layout:
    """Where everything goes, in pixels, all of it measured from the text size."""

    def __init__(self, topics: Sequence[_Topic], theme: Theme, size: float) -> None:
        self.topics = topics
        self.theme = theme
        self.size = size
        self.high_contrast = is_high_contrast(theme)
        self.items: list[tuple[str, Text | Marker]] = []
        self.lines: list[Line] = []

    @property
    def texts(self) -> list[Text]:
        return [item for _, item in self.items if isinstance(item, Text)]

    @property
    def markers(self) -> list[Marker]:
        return [item for _, item in self.items if isinstance(item, Marker)]

    def boxes(self) -> tuple[tuple[str, Box], ...]:
        return tuple(
            (name, item.box(self.size) if isinstance(item, Text) else item.box)
            for name, item in self.items
        )

    def colours(self, number: int) -> tuple[str, str, str]:
        """(fill, ring, number) of a topic's marker."""
        if self.high_contrast:
            return self.theme.accent, self.theme.text, self.theme.background
        return SERIES_COLOURS[(number - 1) % len(SERIES_COLOURS)], self.theme.text, "#ffffff"

    def chart(self, unplaced: tuple[tuple[str, str], ...]) -> Chart:
        s, t = self.size, self.theme
        r = 0.8 * s
        pitch = 2 * r + 0.35 * s
        line_h = 1.25 * s
        margin = 0.6 * s
        cells: dict[tuple[int, int], list[int]] = {}
        for topic in self.topics:
            if topic.why:
                continue
            for inv in topic.invasive:
                for rel in topic.relief:
                    cells.setdefault((inv, rel), []).append(topic.number)
        crowd = max(len(numbers) for numbers in cells.values())
        # Relief labels in up to two lines each, right-aligned against the plot.
        relief_lines = [wrap(label, 6.2 * s, s) for label in RELIEF_LEVELS]
        label_w = max(text_width(line, s) for lines in relief_lines for line in lines)
        left = margin + label_w + 0.6 * s
        col_w = max(
            max(text_width(label, s) for label in INVASIVENESS_LEVELS) + 1.2 * s,
            crowd * pitch + 0.6 * s,
        )
        row_h = max(2 * r + 0.7 * s, max(len(lines) for lines in relief_lines) * line_h + 0.3 * s)
        top = margin + line_h + 0.4 * s  # room for "Relief lasts" above the plot
        plot_w = col_w * len(INVASIVENESS_LEVELS)
        plot_h = row_h * len(RELIEF_LEVELS)
        bottom = top + plot_h
        width = left + plot_w + margin + 0.6 * s

        def row_y(rel: int) -> float:
            return top + (len(RELIEF_LEVELS) - 1 - rel) * row_h + row_h / 2

        def col_x(inv: int) -> float:
            return left + inv * col_w + col_w / 2

        # The frame and the grid: dashed through each column's and row's middle.
        for rel in range(len(RELIEF_LEVELS)):
            self.rule(left, row_y(rel), left + plot_w, row_y(rel), dashed=True)
        for inv in range(len(INVASIVENESS_LEVELS)):
            self.rule(col_x(inv), top, col_x(inv), bottom, dashed=True)
        right = left + plot_w
        for x1, y1, x2, y2 in ((left, top, right, top), (left, bottom, right, bottom)):
            self.rule(x1, y1, x2, y2, dashed=False)
        for x in (left, right):
            self.rule(x, top, x, bottom, dashed=False)
        self.add("axis", Text(margin, margin + ASCENT * s, "Relief lasts", t.text, bold=True))
        for rel, lines in enumerate(relief_lines):
            first = row_y(rel) + 0.35 * s - (len(lines) - 1) * line_h / 2
            for n, line in enumerate(lines):
                self.add("relief", Text(left - 0.6 * s, first + n * line_h, line, t.text, "end"))
        labels_y = bottom + line_h
        for inv, label in enumerate(INVASIVENESS_LEVELS):
            self.add("invasiveness", Text(col_x(inv), labels_y, label, t.text, "middle"))
        title_y = labels_y + line_h + 0.2 * s
        self.add("axis", Text(left + plot_w / 2, title_y, "Invasiveness", t.text, "middle", True))

        # The points: side by side where several share a cell, a topic's own joined.
        for topic in self.topics:
            if topic.why:
                continue
            fill, ring, ink = self.colours(topic.number)
            previous: tuple[float, float] | None = None
            for inv in topic.invasive:
                for rel in topic.relief:
                    numbers = cells[(inv, rel)]
                    offset = numbers.index(topic.number) - (len(numbers) - 1) / 2
                    x, y = col_x(inv) + offset * pitch, row_y(rel)
                    if previous is not None:
                        dash = f"{s * 0.4:.1f},{s * 0.3:.1f}"
                        self.lines.append(Line(*previous, x, y, fill, s / 6, dash))
                    previous = (x, y)
                    self.add("point", Marker(x, y, r, topic.number, fill, ring, ink))

        # The legend: each topic's number, title and where it is (or why it is not).
        y = title_y + DESCENT * s + 0.8 * s
        text_x = margin + 2 * r + 0.5 * s
        legend_w = max(width - text_x - margin, LEGEND_EM * s)
        width = max(width, text_x + legend_w + margin)
        for topic in self.topics:
            fill, ring, ink = self.colours(topic.number)
            if topic.why:
                fill, ink = t.background, t.text
            lines = wrap(f"{topic.title}: {self.where(topic)}", legend_w, s)
            block_h = max(2 * r, len(lines) * line_h)
            centre = y + block_h / 2
            key = Marker(margin + r, centre, r, topic.number, fill, ring, ink, bool(topic.why))
            self.add("key", key)
            first = centre + 0.35 * s - (len(lines) - 1) * line_h / 2
            for n, line in enumerate(lines):
                self.add("legend", Text(text_x, first + n * line_h, line, t.text))
            y += block_h + 0.35 * s
        height = y + margin
        svg = _svg(self, round(width), round(height))
        return Chart(svg, round(width), round(height), unplaced, None, self.boxes(), s)

    def where(self, topic: _Topic) -> str:
        if topic.why:
            return f"not on the chart ({topic.why})"
        differ = " (its sources differ)"
        invasive = " or ".join(INVASIVENESS_LEVELS[i].lower() for i in topic.invasive)
        relief = " or ".join(RELIEF_LEVELS[i].lower() for i in topic.relief)
        invasive += differ if len(topic.invasive) > 1 else ""
        relief += differ if len(topic.relief) > 1 else ""
        return f"invasiveness {invasive}, relief {relief}"

    def add(self, name: str, item: Text | Marker) -> None:
        self.items.append((name, item))

    def rule(self, x1: float, y1: float, x2: float, y2: float, *, dashed: bool) -> None:
        """A frame edge (solid, text colour) or a grid line (dashed, border colour)."""
        s = self.size
        if dashed:
            dash = f"{s * 0.2:.1f},{s * 0.3:.1f}"
            self.lines.append(Line(x1, y1, x2, y2, self.theme.border, max(1.0, s / 14), dash))
        else:
            self.lines.append(Line(x1, y1, x2, y2, self.theme.text, max(1.0, s / 12)))


def _sentence_chart(
    message: str, unplaced: tuple[tuple[str, str], ...], theme: Theme, size: float
) -> Chart:
    """The sentence as a small picture, for places that can show only an image."""
    layout = _Layout((), theme, size)
    margin = 0.6 * size
    lines = wrap(message, 30 * size, size)
    for n, line in enumerate(lines):
        baseline = margin + ASCENT * size + n * 1.25 * size
        layout.add("message", Text(margin, baseline, line, theme.text))
    width = max(text_width(line, size) for line in lines) + 2 * margin
    height = len(lines) * 1.25 * size + 2 * margin
    svg = _svg(layout, round(width), round(height))
    return Chart(svg, round(width), round(height), unplaced, message, layout.boxes(), size)


def _svg(layout: _Layout, width: int, height: int) -> str:
    return (
        environment()
        .get_template("chart.svg")
        .render(
            w=width,
            h=height,
            font=FONT_FAMILY,
            size=round(layout.size, 2),
            t=layout.theme,
            lines=layout.lines,
            markers=layout.markers,
            texts=layout.texts,
            ring=max(1.0, layout.size / 10),
        )
    )
