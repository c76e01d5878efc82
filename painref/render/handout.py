"""Handouts for lectures: a cover, a contents list, then each page or comparison on its own sheet.

No Qt: the items are the existing topic, condition and compare pages, rendered for print
and cut down to their body; the UI layer lays the HTML out and prints it (ui/handout.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from painref import __version__
from painref.content.library import Library, Meta
from painref.errors import PainRefError
from painref.location import Location
from painref.render.chart import Chart
from painref.render.contexts import DISCLAIMER, Theme, TopicPage
from painref.render.env import environment
from painref.render.pages import CHART_NAME, comparison_page, render_compare, render_topic

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

_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.DOTALL | re.IGNORECASE)
_IN_APP_LINK = re.compile(r'<a href="painref://[^"]*"[^>]*>(.*?)</a>', re.DOTALL)
_TRAILING_BREAK = re.compile(r"<br\s*/?>\s*</p>\s*$")
_TABLE = re.compile(r"(<table\b[^>]*>)(.*?)</table>", re.DOTALL)
_ROW_START = re.compile(r"<tr\b")
_THEAD = re.compile(r"<thead>.*?</thead>", re.DOTALL)
_HEADER_ROW = re.compile(r"(<table\b[^>]*>\s*)(<tr\b[^>]*>\s*<th\b.*?</tr>)", re.DOTALL)


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
    for text in locations:
        location = Location.parse(text)
        if not location.is_comparison:
            items.append(topic_fragment(library, location.page_id or text.strip(), theme=theme))
            continue
        name = CHART_NAME if not charts else f"{CHART_NAME}-{len(charts) + 1}"
        item, chart = comparison_fragment(library, location.ids, chart_name=name, theme=theme)
        items.append(item)
        charts[name] = chart
    # Anchors are per page ("#ref-1"); in one document each item needs its own.
    items = [
        HandoutItem(item.title, item.kind, _prefix_anchors(item.html, f"item{n}-"))
        for n, item in enumerate(items, start=1)
    ]
    page = HandoutPage(
        title=title,
        subtitle=subtitle,
        date=date,
        meta=library.meta,
        items=tuple(items),
        theme=theme,
    )
    return HandoutParts(render_handout(page), charts, page)


def topic_fragment(library: Library, topic_id: str, theme: Theme | None = None) -> HandoutItem:
    """A topic or condition page for a handout: its body, print colours, no in-app links.

    Raises:
        UnknownTopicError: no page has that id.
    """
    detail = library.topic(topic_id)
    html = render_topic(
        TopicPage(detail=detail, meta=library.meta, theme=theme or Theme(), disclaimer="")
    )
    kind = "condition" if detail.summary.is_condition else "topic"
    return HandoutItem(detail.summary.label, kind, _for_print(body_of(html)))


def comparison_fragment(
    library: Library,
    ids: Sequence[str],
    *,
    chart_name: str = CHART_NAME,
    theme: Theme | None = None,
) -> tuple[HandoutItem, Chart]:
    """A comparison for a handout and its chart, which the page shows as <img src=chart_name>.

    Raises:
        PainRefError: fewer than two, more than four, repeated or unknown ids.
    """
    theme = theme or Theme()
    page, chart = comparison_page(library, ids, theme=theme, chart_name=chart_name, disclaimer="")
    comparison = page.comparison
    html = render_compare(page, chart)
    fragment = _fit_image(_for_print(body_of(html)), chart_name, CHART_MAX_WIDTH)
    # Three or four columns on portrait paper: a smaller type and a wider label column
    # keep long labels ("complications") whole.
    fragment = _widen_label_column(fragment, len(comparison.topics))
    size = round(theme.base_pt * COMPARISON_SCALE, 1)
    fragment = f'<div style="font-size: {size}pt;">\n{fragment}\n</div>'

    title = " vs ".join(t.title for t in comparison.topics)
    return HandoutItem(title, "comparison", fragment), chart


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


def _for_print(fragment: str) -> str:
    """A fragment for paper: no in-app links, heading rows that repeat, no trailing break."""
    fragment = _IN_APP_LINK.sub(r"\1", fragment)
    # A table's heading row in <thead> is repeated on each page the table continues on.
    fragment = _HEADER_ROW.sub(r"\1<thead>\2</thead>", fragment)
    return _TRAILING_BREAK.sub("</p>", fragment)


def _prefix_anchors(fragment: str, prefix: str) -> str:
    """In-page anchors ("#ref-1", name="ref-1") renamed so two items' anchors differ."""
    fragment = fragment.replace('href="#', f'href="#{prefix}')
    return fragment.replace('<a name="', f'<a name="{prefix}')


def _widen_label_column(fragment: str, topics: int) -> str:
    """The side-by-side table's heading row with its label column LABEL_COLUMN % wide."""
    head = _THEAD.search(fragment)
    if head is None:
        return fragment
    widths = iter([LABEL_COLUMN, *[round((100 - LABEL_COLUMN) / topics)] * topics])
    row = re.sub(r'<th width="\d+%"', lambda _: f'<th width="{next(widths, 0)}%"', head.group(0))
    return fragment[: head.start()] + row + fragment[head.end() :]


def _fit_image(fragment: str, name: str, max_width: int) -> str:
    """The <img src=name> of fragment scaled down, proportionally, to at most max_width."""
    pattern = re.compile(rf'(<img src="{re.escape(name)}") width="(\d+)" height="(\d+)"')

    def scale(match: re.Match[str]) -> str:
        width, height = int(match.group(2)), int(match.group(3))
        if width > max_width:
            width, height = max_width, round(height * max_width / width)
        return f'{match.group(1)} width="{width}" height="{height}"'

    return pattern.sub(scale, fragment)
