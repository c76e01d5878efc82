"""Handouts for lectures: a cover with the contents, each page or comparison, one reference list.

No Qt: the items are the existing topic, condition and compare pages, rendered for print
and cut down to their body; the UI layer lays the HTML out and prints it (ui/handout.py).

References are numbered once for the whole handout and listed once, at the end: a
lecture's pages cite the same guidelines and trials again and again (the review's
four items repeated about a hundred sources, and a comparison repeated both its topics'
lists in full). Each page's own numbers become the handout's, so a citation still leads
to its source, and a reader looks in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

from painref import __version__
from painref.content.annotations import PageAnnotations
from painref.content.comparison import Comparison
from painref.content.library import Library, Meta
from painref.content.model import Diagram, Source
from painref.errors import PainRefError, UnknownTopicError
from painref.location import Location
from painref.render.chart import Chart
from painref.render.contexts import (
    DISCLAIMER,
    LocalTopicPage,
    Paper,
    Theme,
    ToolPage,
    TopicPage,
    place_notes,
)
from painref.render.diagrams import DiagramImage, page_images
from painref.render.env import environment
from painref.render.pages import (
    CHART_NAME,
    comparison_page,
    render_compare,
    render_local,
    render_tool,
    render_topic,
)

Annotator = Callable[[str, Sequence[str]], PageAnnotations]
"""A page id and the drugs its rows list -> the notes the handout carries on it."""

HANDOUT_PT = 9.0
"""The handout's text size: a printed reference's, not the screen's 11 pt."""
REFERENCE_SCALE = 0.85
"""The reference list's type, relative to the text (7.7 pt)."""
CHART_MAX_WIDTH = 620
"""Widest chart (CSS px) that fits A4 or Letter portrait inside the margins."""
COMPARISON_SCALE = 0.9
"""Type size of comparisons, relative to the rest: three or four columns on portrait paper."""
LABEL_COLUMN = 21
"""Width (%) of a comparison's label column in a handout."""
PAGE_BREAK = "page-break-before: always;"
ITEM_MARK = "<!-- handout item -->"
"""Where a new page starts in a rendered handout: each item after the first, and the
references (handout.html writes it)."""
KIND_LABELS = {
    "topic": "Topic",
    "condition": "Condition",
    "comparison": "Comparison",
    "local protocol": "Local protocol",
}
"""A handout item's kind as its contents line names it (a page's own kind is its title-case)."""

_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.DOTALL | re.IGNORECASE)
_TABLE = re.compile(r"(<table\b[^>]*>)(.*?)</table>", re.DOTALL)
_ROW_START = re.compile(r"<tr\b")
_THEAD = re.compile(r"<thead>.*?</thead>", re.DOTALL)
_REFERENCES = re.compile(r'<p class="h2">References\b.*?(?=<hr/>|</div>\s*\Z|\Z)', re.DOTALL)
"""A page's own reference list: its heading to the page's footer (_references.html), or
to the end of a comparison, whose footer is gone (inside base.html's type-size <div>)."""
_FOOTER = re.compile(r'<hr/>\s*<p class="small">.*?</p>', re.DOTALL)
_COMPARED_DIAGRAMS = re.compile(
    r'<p class="h2">Anatomy and target</p>\s*<table\b.*?</table>\s*', re.DOTALL
)
"""A comparison's row of its columns' first diagrams (compare.html)."""


@dataclass(frozen=True)
class HandoutItem:
    """One item of a handout: a topic, a condition or a comparison, as a body fragment."""

    title: str
    kind: str
    """"topic", "condition" or "comparison"."""
    html: str
    """Markup from inside a page's <body>."""
    sources: tuple[tuple[Source, ...], ...] = ()
    """The page's numbered references, per column of a comparison (one list for a page),
    which its citations ("#ref-N", "#ref-COLUMN-N") point into."""
    reviewed: str = ""
    """When the page was last reviewed (a page; not a comparison)."""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.title())


@dataclass(frozen=True)
class HandoutPage:
    """A handout: what its cover says, the items that follow it and their references."""

    title: str
    subtitle: str
    date: str
    meta: Meta
    items: tuple[HandoutItem, ...]
    references: tuple[Source, ...] = ()
    """Every source the items cite, once, numbered for the whole handout."""
    item_pages: tuple[int, ...] = ()
    """The page each item starts on, then the references', once the printer has laid it
    out (for the contents)."""
    app_version: str = __version__
    theme: Theme = field(default_factory=lambda: Theme(base_pt=HANDOUT_PT))
    disclaimer: str = DISCLAIMER
    site_name: str = ""
    """The organization's name above the title (the machine's policy file), or none."""

    @property
    def reference_pt(self) -> float:
        return round(self.theme.base_pt * REFERENCE_SCALE, 1)


@dataclass(frozen=True)
class HandoutParts:
    """A rendered handout and the images its <img> tags name, to register before printing."""

    html: str
    charts: dict[str, Chart]
    page: HandoutPage
    diagrams: dict[str, DiagramImage] = field(default_factory=dict)
    """Image name to diagram, drawn light for paper."""


def render_handout(page: HandoutPage) -> str:
    """The handout as one HTML document in Qt's rich-text subset.

    The first item follows the contents on the cover page; each later item and the
    references start a new page (CSS page-break-before, which QTextDocument honours).
    """
    return (
        environment()
        .get_template("handout.html")
        .render(
            page=page,
            t=page.theme,
            item_mark=ITEM_MARK,
            page_break=PAGE_BREAK,
        )
    )


def build_handout(
    library: Library,
    locations: Sequence[str],
    *,
    title: str,
    date: str,
    subtitle: str = "",
    theme: Theme | None = None,
    site_name: str = "",
    annotate: Annotator | None = None,
    local_page: Callable[[str], LocalTopicPage] | None = None,
) -> HandoutParts:
    """The handout of locations (painref.location's text form), in the order given;
    site_name (none when empty) goes on the cover, above the title.

    annotate: the notes each page carries (page id and the drugs its rows list -> its
    local protocols and the reader's note), only as the reader chose; none when None.
    local_page: the context of a page of the local layer, for a "local:ID" location.

    Raises:
        PainRefError: no locations, an unknown id, or a comparison of too few or too many.
    """
    if not locations:
        raise PainRefError("a handout needs at least one topic, condition or comparison")
    theme = theme or Theme(base_pt=HANDOUT_PT)
    items: list[HandoutItem] = []
    charts: dict[str, Chart] = {}
    shown: dict[str, str] = {}
    """Diagram id to the item that shows it first ("item 1, Epidural steroid injection")."""
    diagrams: dict[str, DiagramImage] = {}
    for number, text in enumerate(locations, start=1):
        # Anchors are per page ("#ref-1"); in one document each item needs its own.
        prefix = f"item{number}-"
        location = Location.parse(text)
        if location.is_local:
            if local_page is None:
                raise UnknownTopicError(str(location))
            items.append(local_fragment(local_page(location.ids[0]), theme, prefix))
            continue
        if not location.is_comparison:
            page_id = location.page_id or text.strip()
            item = topic_fragment(
                library, page_id, theme=theme, anchor_prefix=prefix, annotate=annotate
            )
            drawn = library.topic(page_id).diagrams
        else:
            name = CHART_NAME if not charts else f"{CHART_NAME}-{len(charts) + 1}"
            item, chart = comparison_fragment(
                library,
                location.ids,
                chart_name=name,
                theme=theme,
                anchor_prefix=prefix,
                annotate=annotate,
            )
            charts[name] = chart
            # A comparison shows each column's first diagram (compare.html).
            drawn = tuple(t.diagrams[0] for t in map(library.topic, location.ids) if t.diagrams)
        item = _once(item, prefix, drawn, shown)
        if item.reviewed:
            # Its date goes in the item's heading line: a footer alone at the top of a
            # page would cost a sheet of paper for one line.
            item = replace(item, html=_FOOTER.sub("", item.html, count=1))
        for diagram in drawn:
            shown.setdefault(diagram.id, f"item {number}, {item.title}")
        items.append(item)
        # Paper is white: the diagrams are drawn in the light colours whatever the theme.
        diagrams.update(page_images(drawn, Theme()))
    numbered, references = number_references(items, [f"item{n}-" for n in range(1, len(items) + 1)])
    page = HandoutPage(
        title=title,
        subtitle=subtitle,
        date=date,
        meta=library.meta,
        items=tuple(numbered),
        references=references,
        theme=theme,
        site_name=site_name,
    )
    return HandoutParts(render_handout(page), charts, page, diagrams)


def _once(
    item: HandoutItem, prefix: str, drawn: Sequence[Diagram], shown: dict[str, str]
) -> HandoutItem:
    """item with each diagram an earlier item showed replaced by a line saying where.

    A lecture's pages share their pictures (the safe triangle is on the ESI and the TFESI
    page, and the comparison of the two shows both again): on paper, once is enough.
    """
    html = item.html
    if item.kind == "comparison":
        if drawn and all(d.id in shown for d in drawn):
            where = "; ".join(f"{d.title}: {shown[d.id]}" for d in drawn)
            line = _note(f"Diagrams shown earlier in this handout: {where}.")
            html = _COMPARED_DIAGRAMS.sub(lambda _: line, html, count=1)
        return replace(item, html=html)
    for diagram in drawn:
        if diagram.id in shown:
            block = re.compile(
                rf'<p class="h3"><a name="{re.escape(prefix)}diagram-{re.escape(diagram.id)}">'
                r'</a>.*?(?=<p class="h[23]"|\Z)',
                re.DOTALL,
            )
            line = _note(f"Diagram: {diagram.title}: shown in {shown[diagram.id]}.")
            html = block.sub(lambda _, line=line: line, html, count=1)  # type: ignore[misc]
    return replace(item, html=html)


def _note(text: str) -> str:
    return f'<p class="small"><i>{_escape(text)}</i></p>\n'


def number_references(
    items: Sequence[HandoutItem], prefixes: Sequence[str]
) -> tuple[list[HandoutItem], tuple[Source, ...]]:
    """The items citing one handout-wide list, and that list: each source once.

    Sources are numbered in the order the handout first lists them (each page lists its
    own in the order it cites them), so the numbers rise as a reader goes. Each item's
    own reference list is taken out and its citations renumbered.

    Raises:
        ValueError: an item's page has a reference list this cannot find (its template
            changed): better no handout than one whose numbers are wrong.
    """
    numbers: dict[str, int] = {}
    listed: list[Source] = []
    for item in items:
        for column in item.sources:
            for source in column:
                if source.id not in numbers:
                    numbers[source.id] = len(numbers) + 1
                    listed.append(replace(source, number=numbers[source.id]))
    out = []
    for item, prefix in zip(items, prefixes, strict=True):
        local = [{s.number: numbers[s.id] for s in column} for column in item.sources]
        html = _renumbered(item.html, prefix, local)
        out.append(replace(item, html=html))
    return out, tuple(listed)


def _renumbered(html: str, prefix: str, local: list[dict[int, int]]) -> str:
    """html with its citations in the handout's numbers and its own reference list gone."""
    cited = re.compile(rf'<a href="#{re.escape(prefix)}ref-(\d+)(?:-(\d+))?"([^>]*)>\[\d+\]</a>')

    def number(match: re.Match[str]) -> str:
        column, n = (int(match[1]), int(match[2])) if match[2] else (0, int(match[1]))
        handout = local[column][n]
        return f'<a href="#ref-{handout}"{match[3]}>[{handout}]</a>'

    html = cited.sub(number, html)
    if local and any(local):
        html, found = _REFERENCES.subn("", html, count=1)
        if not found or f'name="{prefix}ref-' in html:
            raise ValueError("a page's reference list was not where the handout looks for it")
    return html


def local_fragment(page: LocalTopicPage, theme: Theme, anchor_prefix: str) -> HandoutItem:
    """A page of the local layer for a handout, marked as the department's own."""
    page = replace(page, theme=theme, disclaimer="", paper=Paper(anchor_prefix=anchor_prefix))
    html = _FOOTER.sub("", body_of(render_local(page)), count=1)
    return HandoutItem(page.local.title, "local protocol", html, ())


def topic_fragment(
    library: Library,
    topic_id: str,
    theme: Theme | None = None,
    anchor_prefix: str = "",
    annotate: Annotator | None = None,
) -> HandoutItem:
    """A topic or condition page for a handout: its body, print colours, no in-app links.

    The fragment still lists its own references, numbered for the page; build_handout
    numbers them for the whole handout (number_references).

    Raises:
        UnknownTopicError: no page has that id.
    """
    theme = theme or Theme(base_pt=HANDOUT_PT)
    detail = library.topic(topic_id)
    if detail.summary.kind == "tool":
        tool_data = library.tool_page(topic_id)
        drugs = [r.drug for x in tool_data.sections if x.table for r in x.table.rows if r.drug]
        tool = ToolPage(
            detail=detail,
            tool=tool_data,
            meta=library.meta,
            theme=theme,
            disclaimer="",
            paper=Paper(anchor_prefix=anchor_prefix),
            notes=place_notes(annotate(topic_id, drugs), detail) if annotate else PageAnnotations(),
        )
        html = body_of(render_tool(tool))
        sources = (detail.references,)
        return HandoutItem(detail.summary.label, "topic", html, sources, detail.reviewed)
    page = TopicPage(
        detail=detail,
        meta=library.meta,
        theme=theme,
        disclaimer="",
        paper=Paper(anchor_prefix=anchor_prefix),
        notes=place_notes(annotate(topic_id, ()), detail) if annotate else PageAnnotations(),
    )
    kind = "condition" if detail.summary.is_condition else "topic"
    html = body_of(render_topic(page))
    return HandoutItem(detail.summary.label, kind, html, (detail.references,), detail.reviewed)


def comparison_fragment(
    library: Library,
    ids: Sequence[str],
    *,
    chart_name: str = CHART_NAME,
    theme: Theme | None = None,
    anchor_prefix: str = "",
    annotate: Annotator | None = None,
) -> tuple[HandoutItem, Chart]:
    """A comparison for a handout and its chart, which the page shows as <img src=chart_name>.

    Three or four columns on portrait paper: a smaller type and a wider label column keep
    long labels ("complications") whole, and the chart is scaled to fit the page. Rows no
    topic reports fold into one line under the table; the page's footer (its reference
    lists are "listed above") is left out.

    Raises:
        PainRefError: fewer than two, more than four, repeated or unknown ids.
    """
    theme = theme or Theme(base_pt=HANDOUT_PT)
    font_pt = round(theme.base_pt * COMPARISON_SCALE, 1)
    # The chart's words at the comparison's type size, not larger than the table's.
    page, chart = comparison_page(
        library,
        ids,
        theme=theme._replace(base_pt=font_pt),
        chart_name=chart_name,
        disclaimer="",
    )
    comparison, unreported = _fold_unreported(page.comparison)
    paper = Paper(
        anchor_prefix=anchor_prefix,
        label_column=LABEL_COLUMN,
        chart_max_width=CHART_MAX_WIDTH,
        font_pt=font_pt,
    )
    notes = tuple(annotate(i, ()) for i in comparison.ids) if annotate else ()
    page = replace(page, comparison=comparison, theme=theme, paper=paper, notes=notes)
    html = body_of(render_compare(page, chart))
    html = _FOOTER.sub("", html, count=1)
    if unreported:
        labels = ", ".join(unreported)
        folded = f'<p class="small">Not reported for any of these topics: {labels}.</p>\n'
        at = html.find('<p class="h2">References')
        html = html[:at] + folded + html[at:] if at >= 0 else html + folded
    title = " vs ".join(t.title for t in comparison.topics)
    sources = tuple(t.references for t in comparison.topics)
    return HandoutItem(title, "comparison", html, sources), chart


def _fold_unreported(comparison: Comparison) -> tuple[Comparison, list[str]]:
    """The comparison without the rows no topic reports, and those rows' labels."""
    kept = [row for row in comparison.rows if any(cell.reported for cell in row.cells)]
    gone = [_escape(row.label) for row in comparison.rows if row not in kept]
    return replace(comparison, rows=tuple(kept)), gone


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    printer, which knows where pages end, asks for these cuts (ui/pagination.py).

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
    """A rendered handout cut where its pages break: the cover with the first item, each
    later item, the references.

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
            part = re.sub(rf"{re.escape(PAGE_BREAK)} ?", "", part, count=1)
        sections.append(start + mark + part + end + tail)
    return sections


def _with_page_break(tag: str) -> str:
    """A <table> tag that starts a new page."""
    if ' style="' in tag:
        return tag.replace(' style="', f' style="{PAGE_BREAK} ', 1)
    return tag[:-1].rstrip("/") + f' style="{PAGE_BREAK}">'
