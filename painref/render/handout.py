"""Handouts for lectures: a cover, a contents list, then each page or comparison on its own sheet.

No Qt: the items are the existing topic, condition and compare pages, rendered for print
and cut down to their body; the UI layer lays the HTML out and prints it (ui/handout.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from painref import __version__
from painref.content.library import Library, Meta
from painref.errors import PainRefError
from painref.location import Location
from painref.render.chart import Chart
from painref.render.contexts import DISCLAIMER, Paper, Theme, ToolPage, TopicPage
from painref.render.env import environment
from painref.render.pages import (
    CHART_NAME,
    comparison_page,
    render_compare,
    render_tool,
    render_topic,
)

CHART_MAX_WIDTH = 620
"""Widest chart (CSS px) that fits A4 portrait inside the margins with room to spare."""
COMPARISON_SCALE = 0.86
"""Type size of comparisons, relative to the rest: three or four columns on portrait A4."""
LABEL_COLUMN = 21
"""Width (%) of a comparison's label column in a handout."""
PAGE_BREAK = "page-break-before: always;"
ITEM_MARK = "<!-- handout item -->"
"""Where each item starts in a rendered handout (handout.html writes it)."""
KIND_LABELS = {"topic": "Topic", "condition": "Condition", "comparison": "Comparison"}
"""A handout item's kind as its contents line names it (a page's own kind is its title-case)."""

_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.DOTALL | re.IGNORECASE)
_TABLE = re.compile(r"(<table\b[^>]*>)(.*?)</table>", re.DOTALL)
_ROW_START = re.compile(r"<tr\b")
_THEAD = re.compile(r"<thead>.*?</thead>", re.DOTALL)


@dataclass(frozen=True)
class HandoutItem:
    """One item of a handout: a topic, a condition or a comparison, as a body fragment."""

    title: str
    kind: str
    """"topic", "condition" or "comparison"."""
    html: str
    """Markup from inside a page's <body>, with its own references."""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.title())


@dataclass(frozen=True)
class HandoutPage:
    """A handout: what its cover says and the items that follow it."""

    title: str
    subtitle: str
    date: str
    meta: Meta
    items: tuple[HandoutItem, ...]
    item_pages: tuple[int, ...] = ()
    """The page each item starts on, once the printer has laid it out (for the contents)."""
    app_version: str = __version__
    theme: Theme = field(default_factory=Theme)
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True)
class HandoutParts:
    """A rendered handout and the charts its <img> tags name, to register before printing."""

    html: str
    charts: dict[str, Chart]
    page: HandoutPage


def render_handout(page: HandoutPage) -> str:
    """The handout as one HTML document in Qt's rich-text subset.

    Each item starts on a new page (CSS page-break-before, which QTextDocument honours).
    """
    return (
        environment()
        .get_template("handout.html")
        .render(page=page, t=page.theme, item_mark=ITEM_MARK, page_break=PAGE_BREAK)
    )


def build_handout(
    library: Library,
    locations: Sequence[str],
    *,
    title: str,
    date: str,
    subtitle: str = "",
    theme: Theme | None = None,
) -> HandoutParts:
    """The handout of locations (painref.location's text form), in the order given.

    Raises:
        PainRefError: no locations, an unknown id, or a comparison of too few or too many.
    """
    if not locations:
        raise PainRefError("a handout needs at least one topic, condition or comparison")
    theme = theme or Theme()
    items: list[HandoutItem] = []
    charts: dict[str, Chart] = {}
    for number, text in enumerate(locations, start=1):
        # Anchors are per page ("#ref-1"); in one document each item needs its own.
        prefix = f"item{number}-"
        location = Location.parse(text)
        if not location.is_comparison:
            page_id = location.page_id or text.strip()
            items.append(topic_fragment(library, page_id, theme=theme, anchor_prefix=prefix))
            continue
        name = CHART_NAME if not charts else f"{CHART_NAME}-{len(charts) + 1}"
        item, chart = comparison_fragment(
            library, location.ids, chart_name=name, theme=theme, anchor_prefix=prefix
        )
        items.append(item)
        charts[name] = chart
    page = HandoutPage(
        title=title,
        subtitle=subtitle,
        date=date,
        meta=library.meta,
        items=tuple(items),
        theme=theme,
    )
    return HandoutParts(render_handout(page), charts, page)


def topic_fragment(
    library: Library, topic_id: str, theme: Theme | None = None, anchor_prefix: str = ""
) -> HandoutItem:
    """A topic or condition page for a handout: its body, print colours, no in-app links.

    Raises:
        UnknownTopicError: no page has that id.
    """
    detail = library.topic(topic_id)
    if detail.summary.kind == "tool":
        tool = ToolPage(
            detail=detail,
            tool=library.tool_page(topic_id),
            meta=library.meta,
            theme=theme or Theme(),
            disclaimer="",
            paper=Paper(anchor_prefix=anchor_prefix),
        )
        return HandoutItem(detail.summary.label, "topic", body_of(render_tool(tool)))
    page = TopicPage(
        detail=detail,
        meta=library.meta,
        theme=theme or Theme(),
        disclaimer="",
        paper=Paper(anchor_prefix=anchor_prefix),
    )
    kind = "condition" if detail.summary.is_condition else "topic"
    return HandoutItem(detail.summary.label, kind, body_of(render_topic(page)))


def comparison_fragment(
    library: Library,
    ids: Sequence[str],
    *,
    chart_name: str = CHART_NAME,
    theme: Theme | None = None,
    anchor_prefix: str = "",
) -> tuple[HandoutItem, Chart]:
    """A comparison for a handout and its chart, which the page shows as <img src=chart_name>.

    Three or four columns on portrait paper: a smaller type and a wider label column keep
    long labels ("complications") whole, and the chart is scaled to fit the page.

    Raises:
        PainRefError: fewer than two, more than four, repeated or unknown ids.
    """
    theme = theme or Theme()
    page, chart = comparison_page(library, ids, theme=theme, chart_name=chart_name, disclaimer="")
    paper = Paper(
        anchor_prefix=anchor_prefix,
        label_column=LABEL_COLUMN,
        chart_max_width=CHART_MAX_WIDTH,
        font_pt=round(theme.base_pt * COMPARISON_SCALE, 1),
    )
    html = render_compare(replace(page, paper=paper), chart)
    title = " vs ".join(t.title for t in page.comparison.topics)
    return HandoutItem(title, "comparison", body_of(html)), chart


def body_of(html: str) -> str:
    """The markup between <body> and </body> of a rendered page.

    Raises:
        ValueError: html has no body element.
    """
    match = _BODY.search(html)
    if match is None:
        raise ValueError("the page has no <body> element")
    return match.group(1).strip()


def split_tables(html: str, cuts: Collection[tuple[int, int]]) -> str:
    """html with tables cut in two before given rows, the rest starting a new page.

    Qt breaks a table row across pages line by line and has no page-break-inside, so the
    printer, which knows where pages end, asks for these cuts (ui/handout.py).

    Args:
        cuts: (table, row) pairs, both counted from 0 in document order; rows include the
            heading row. Row 0 starts the whole table on a new page; a cut inside the
            heading (<thead>) is ignored. The part after a cut repeats the table's
            <thead>. Tables must not nest.
    """
    by_table: dict[int, list[int]] = {}
    for table, row in cuts:
        by_table.setdefault(table, []).append(row)
    index = -1

    def split(match: re.Match[str]) -> str:
        nonlocal index
        index += 1
        rows = sorted(set(by_table.get(index, ())))
        if not rows:
            return match.group(0)
        tag, inner = match.group(1), match.group(2)
        starts = [m.start() for m in _ROW_START.finditer(inner)]
        head = _THEAD.search(inner)
        heading = head.group(0) if head else ""
        continued = _with_page_break(tag)
        pieces, last = [], 0
        for row in rows:
            if 0 < row < len(starts) and (head is None or starts[row] > head.end()):
                pieces.append(inner[last : starts[row]])
                last = starts[row]
        pieces.append(inner[last:])
        out = (continued if rows[0] == 0 else tag) + pieces[0] + "</table>"
        for piece in pieces[1:]:
            out += "\n" + continued + heading + "\n" + piece + "</table>"
        return out

    return _TABLE.sub(split, html)


def handout_sections(html: str) -> list[str]:
    """A rendered handout cut where its pages break: the cover, then each item.

    Each section is a whole HTML document with the handout's styles, starting on its
    own page; the last one ends with the closing disclaimer. The printer lays out each
    on its own, which is quicker than one long document and keeps items independent.
    """
    start, mark, rest = html.partition("<body>")
    body, end, tail = rest.rpartition("</body>")
    if not mark or not end:
        raise ValueError("the handout has no <body> element")
    sections = []
    for number, part in enumerate(body.split(ITEM_MARK)):
        if number:  # a document starts a page anyway; a break first would leave one blank
            part = part.replace(f' style="{PAGE_BREAK}"', "", 1)
        sections.append(start + mark + part + end + tail)
    return sections


def _with_page_break(tag: str) -> str:
    """A <table> tag that starts a new page."""
    if ' style="' in tag:
        return tag.replace(' style="', f' style="{PAGE_BREAK} ', 1)
    return tag[:-1].rstrip("/") + f' style="{PAGE_BREAK}">'
