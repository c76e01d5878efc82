"""The page service: a location in, a rendered page out; no Qt.

The window, printing, export, presentation and the command line all get their pages here,
so routing a location (home, a page, a comparison) and the comparison pipeline (compare,
draw the chart, render) are written once. The caller chooses the colours and whether the
page is interactive (the window) or for a file; the chart comes back as SVG, for the Qt
layer to draw as the image the page names, unless it is inline (a standalone HTML file).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from painref.errors import PainRefError
from painref.location import Location
from painref.render.contexts import (
    FIGURE_WIDTH,
    ComparePage,
    HomePage,
    Recent,
    Theme,
    ToolPage,
    TopicPage,
    compare_url,
    topic_url,
)
from painref.render.diagrams import DiagramImage, inline_svg, page_images
from painref.render.outline import Section, sectioned
from painref.render.pages import (
    CHART_NAME,
    comparison_page,
    render_compare,
    render_compare_text,
    render_home,
    render_tool,
    render_tool_text,
    render_topic,
    render_topic_text,
)

if TYPE_CHECKING:
    from painref.content.library import Library, TopicSummary
    from painref.render.chart import Chart

MIN_COLUMN_FIGURE = 140
"""A comparison column's diagram is never narrower than this (CSS pixels)."""
LANDSCAPE_COLUMNS = 3
"""A comparison of this many topics or more prints across the page."""


@dataclass(frozen=True)
class Page:
    """A rendered location: its title, its HTML and the charts that HTML names as images."""

    location: Location
    title: str
    html: str
    charts: Mapping[str, Chart] = field(default_factory=dict)
    """Image name (an <img src>) to chart, for the Qt layer to draw; empty when inline."""
    landscape: bool = False
    """A wide comparison: print it across the page."""
    outline: tuple[Section, ...] = ()
    """The page's section headings, each with the anchor that leads to it."""
    images: Mapping[str, DiagramImage] = field(default_factory=dict)
    """Image name to diagram, drawn in the page's theme, for the Qt layer to draw; empty
    when inline."""


class PageService:
    """Turns locations into pages over one library."""

    def __init__(self, library: Library, *, site_name: str = "") -> None:
        """site_name: the organization's name (the machine's policy file sets it), shown on
        the home page and on handout covers; none when empty."""
        self.library = library
        self.site_name = site_name

    def title(self, location: Location | str) -> str:
        """What a location is called in titles, menus and status messages.

        An unknown page id is called by its id, so a stale bookmark still has a name.
        """
        location = _location(location)
        if location.is_home:
            return "Home"
        if location.is_comparison:
            return "Compare: " + ", ".join(self.short_title(i) for i in location.ids)
        page_id = location.page_id or ""
        try:
            return self.library.summary(page_id).title
        except PainRefError:
            return page_id

    def short_title(self, page_id: str) -> str:
        """A page's abbreviation when it has one (ESI), else its title: a column's name."""
        try:
            summary = self.library.summary(page_id)
        except PainRefError:
            return page_id
        return summary.abbreviations[0] if summary.abbreviations else summary.title

    def render(
        self,
        location: Location | str,
        *,
        theme: Theme | None = None,
        interactive: bool = False,
        only_differences: bool = False,
        inline_charts: bool = False,
        recent: Sequence[TopicSummary | str] = (),
        figure_width: int = FIGURE_WIDTH,
    ) -> Page:
        """A location as an HTML page.

        Args:
            interactive: the window's page, with links that act (reorder, copy, compare).
            inline_charts: a comparison carries its chart, and a page its diagrams, as SVG
                (a standalone file).
            recent: the pages the home page lists as recently viewed.
            figure_width: how wide diagrams are drawn, in CSS pixels.

        Raises:
            UnknownTopicError: no page has that id.
            PainRefError: a comparison of too few, too many, repeated or unknown ids.
        """
        location = _location(location)
        theme = theme or Theme()
        if location.is_home:
            return Page(location, "Home", render_home(self.home_page(theme, recent)))
        page = self._render_page(
            location,
            theme=theme,
            interactive=interactive,
            only_differences=only_differences,
            inline_charts=inline_charts,
            figure_width=figure_width,
        )
        html, outline = sectioned(page.html)
        return replace(page, html=html, outline=outline)

    def _render_page(
        self,
        location: Location,
        *,
        theme: Theme,
        interactive: bool,
        only_differences: bool,
        inline_charts: bool,
        figure_width: int,
    ) -> Page:
        """A page or a comparison as render() draws it, before its sections are named."""
        if location.is_comparison:
            page, chart = self.comparison(
                location.ids,
                theme=theme,
                only_differences=only_differences,
                interactive=interactive,
                inline_chart=inline_charts,
            )
            charts = {} if inline_charts else {CHART_NAME: chart}
            landscape = len(location.ids) >= LANDSCAPE_COLUMNS
            title = self.title(location)
            # Each column's first diagram, as wide as a column of the page.
            shown = [t.diagrams[0] for t in page.comparison.topics if t.diagrams]
            column = max(MIN_COLUMN_FIGURE, figure_width // len(location.ids) - 16)
            page = replace(
                page,
                figure_width=column,
                inline_diagrams={d.id: inline_svg(d.svg, theme, column) for d in shown}
                if inline_charts
                else {},
            )
            images = {} if inline_charts else page_images(shown, theme)
            return Page(
                location, title, render_compare(page, chart), charts, landscape, images=images
            )
        page_id = location.page_id or ""
        if self.library.summary(page_id).kind == "tool":
            tool = self.tool_page(page_id, theme=theme, interactive=interactive)
            return Page(location, tool.detail.title, render_tool(tool))
        topic = self.topic_page(
            page_id,
            theme=theme,
            interactive=interactive,
            figure_width=figure_width,
            inline_diagrams=inline_charts,
        )
        images = {} if inline_charts else page_images(topic.detail.diagrams, theme)
        return Page(location, topic.detail.title, render_topic(topic), images=images)

    def text(self, location: Location | str, *, only_differences: bool = False) -> str:
        """A page or a comparison as plain text for a terminal.

        Raises:
            UnknownTopicError, PainRefError: as render(); home has no text form.
        """
        location = _location(location)
        if location.is_comparison:
            page, _ = self.comparison(location.ids, only_differences=only_differences)
            return render_compare_text(page)
        if location.is_home:
            raise PainRefError("the home page has no text form")
        page_id = location.page_id or ""
        if self.library.summary(page_id).kind == "tool":
            return render_tool_text(self.tool_page(page_id))
        return render_topic_text(self.topic_page(page_id))

    def topic_page(
        self,
        page_id: str,
        *,
        theme: Theme | None = None,
        interactive: bool = False,
        figure_width: int = FIGURE_WIDTH,
        inline_diagrams: bool = False,
    ) -> TopicPage:
        """The context of a topic or condition page.

        Args:
            inline_diagrams: carry the diagrams as themed SVG (a standalone file) rather
                than as images for the viewer to draw.

        Raises:
            UnknownTopicError: no page has that id.
        """
        detail = self.library.topic(page_id)
        theme = theme or Theme()
        inline = (
            {d.id: inline_svg(d.svg, theme, figure_width) for d in detail.diagrams}
            if inline_diagrams
            else {}
        )
        return TopicPage(
            detail=detail,
            meta=self.library.meta,
            theme=theme,
            interactive=interactive,
            figure_width=figure_width,
            inline_diagrams=inline,
        )

    def tool_page(
        self, page_id: str, *, theme: Theme | None = None, interactive: bool = False
    ) -> ToolPage:
        """The context of a procedure-day tool page.

        Raises:
            UnknownTopicError: no tool page has that id.
        """
        return ToolPage(
            detail=self.library.topic(page_id),
            tool=self.library.tool_page(page_id),
            meta=self.library.meta,
            theme=theme or Theme(),
            interactive=interactive,
        )

    def comparison(
        self,
        ids: Sequence[str],
        *,
        theme: Theme | None = None,
        only_differences: bool = False,
        interactive: bool = False,
        chart_name: str = CHART_NAME,
        inline_chart: bool = False,
    ) -> tuple[ComparePage, Chart]:
        """The context of a comparison and its chart (see render.pages.comparison_page)."""
        return comparison_page(
            self.library,
            ids,
            theme=theme,
            only_differences=only_differences,
            interactive=interactive,
            chart_name=chart_name,
            inline_chart=inline_chart,
        )

    def home_page(self, theme: Theme, recent: Sequence[TopicSummary | str] = ()) -> HomePage:
        """The context of the start page; recent: pages (or any locations, comparisons
        too) viewed most recently, newest first."""
        library = self.library
        overview = next((t for t in library.topics() if t.kind == "overview"), None)
        return HomePage(
            meta=library.meta,
            categories=tuple(library.categories()),
            condition_count=len(library.conditions()),
            recent=tuple(self._recent(r) for r in recent),
            overview=overview,
            last_reviewed=library.last_reviewed(),
            theme=theme,
            site_name=self.site_name,
        )

    def _recent(self, item: TopicSummary | str) -> Recent:
        if not isinstance(item, str):
            return Recent(topic_url(item.id), item.title)
        location = _location(item)
        if location.is_comparison:
            return Recent(compare_url(list(location.ids)), self.title(location))
        return Recent(topic_url(location.page_id or ""), self.title(location))


def _location(location: Location | str) -> Location:
    return location if isinstance(location, Location) else Location.parse(location)
