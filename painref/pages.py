"""The page service: a location in, a rendered page out; no Qt.

The window, printing, export, presentation and the command line all get their pages here,
so routing a location (home, a page, a comparison) and the comparison pipeline (compare,
draw the chart, render) are written once. The caller chooses the colours and whether the
page is interactive (the window) or for a file; the chart comes back as SVG, for the Qt
layer to draw as the image the page names, unless it is inline (a standalone HTML file).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from painref.content.annotations import (
    LOCAL,
    PERSONAL,
    Annotation,
    PageAnnotations,
    Target,
    group,
)
from painref.errors import PainRefError, UnknownTopicError
from painref.location import Location
from painref.render.contexts import (
    CHART_NAME,
    FIGURE_WIDTH,
    ComparePage,
    HomePage,
    LocalSummary,
    LocalTopicPage,
    Recent,
    ReviewItem,
    Theme,
    ToolPage,
    TopicPage,
    compare_url,
    field_label,
    place_notes,
    topic_url,
)
from painref.render.diagrams import DiagramImage, inline_svg, page_images
from painref.render.outline import Section, sectioned

if TYPE_CHECKING:
    from types import ModuleType

    from painref.content.library import Library, TopicSummary
    from painref.content.local_layer import LocalLayer, LocalPage
    from painref.render.chart import Chart

MIN_COLUMN_FIGURE = 140
"""A comparison column's diagram is never narrower than this (CSS pixels)."""
LANDSCAPE_COLUMNS = 3
"""A comparison of this many topics or more prints across the page."""


def _templates() -> ModuleType:
    """render.pages, which loads Jinja2 and compiles the templates: imported with the first
    page drawn, so the window's first frame and a cached first page go without it."""
    from painref.render import pages as templates

    return templates


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


class PersonalNote(Protocol):
    """A reader's note as the user database keeps it (store/notes.Note)."""

    @property
    def text(self) -> str: ...
    @property
    def modified(self) -> str: ...


class NoteSource(Protocol):
    """Where the reader's notes are read (store/notes.NoteStore)."""

    def get(self, location: str) -> PersonalNote | None: ...


@dataclass(frozen=True)
class NoteChoice:
    """Which notes a page carries: on screen both; on paper only what the reader chooses."""

    local: bool = True
    """The department's local protocols."""
    personal: bool = True
    """The reader's own note."""


NO_NOTES = NoteChoice(local=False, personal=False)
PERSONAL_LABEL = "My note"


class PageService:
    """Turns locations into pages over one library, with the local layer's protocols and the
    reader's notes beside the published content."""

    def __init__(
        self,
        library: Library,
        *,
        site_name: str = "",
        local: LocalLayer | None = None,
        notes: NoteSource | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        """site_name: the organization's name (the machine's policy file sets it), shown on
        the home page and on handout covers; none when empty. local: the department's local
        layer, if one is installed. notes: the reader's notes (the user database). today:
        the day reviews are judged overdue on."""
        self.library = library
        self.site_name = site_name
        self.local = local
        self.notes = notes
        self._today = today
        self._local_notes: tuple[date, list[Annotation]] | None = None
        self._summary: tuple[date, LocalSummary | None] | None = None
        self.local_problem: str = ""
        """Why the local layer's protocols cannot be shown (said on every page), or ""."""

    def title(self, location: Location | str) -> str:
        """What a location is called in titles, menus and status messages.

        An unknown page id is called by its id, so a stale bookmark still has a name.
        """
        location = _location(location)
        if location.is_home:
            return "Home"
        if location.is_comparison:
            return "Compare: " + ", ".join(self.short_title(i) for i in location.ids)
        if location.is_local:
            try:
                return self._local_page(location.ids[0]).title
            except PainRefError:
                return location.ids[0]
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
        notes: NoteChoice = NoteChoice(),
    ) -> Page:
        """A location as an HTML page.

        Args:
            interactive: the window's page, with links that act (reorder, copy, compare).
            inline_charts: a comparison carries its chart, and a page its diagrams, as SVG
                (a standalone file).
            recent: the pages the home page lists as recently viewed.
            figure_width: how wide diagrams are drawn, in CSS pixels.
            notes: which notes the page carries beside the published content.

        Raises:
            UnknownTopicError: no page has that id.
            PainRefError: a comparison of too few, too many, repeated or unknown ids.
        """
        location = _location(location)
        theme = theme or Theme()
        if location.is_home:
            return Page(location, "Home", _templates().render_home(self.home_page(theme, recent)))
        page = self._render_page(
            location,
            theme=theme,
            interactive=interactive,
            only_differences=only_differences,
            inline_charts=inline_charts,
            figure_width=figure_width,
            notes=notes,
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
        notes: NoteChoice,
    ) -> Page:
        """A page or a comparison as render() draws it, before its sections are named."""
        if location.is_local:
            local = self.local_page(
                location.ids[0], theme=theme, interactive=interactive, notes=notes
            )
            return Page(location, local.local.title, _templates().render_local(local))
        if location.is_comparison:
            page, chart = self.comparison(
                location.ids,
                theme=theme,
                only_differences=only_differences,
                interactive=interactive,
                inline_chart=inline_charts,
                notes=notes,
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
                location,
                title,
                _templates().render_compare(page, chart),
                charts,
                landscape,
                images=images,
            )
        page_id = location.page_id or ""
        if self.library.summary(page_id).kind == "tool":
            tool = self.tool_page(page_id, theme=theme, interactive=interactive, notes=notes)
            return Page(location, tool.detail.title, _templates().render_tool(tool))
        topic = self.topic_page(
            page_id,
            theme=theme,
            interactive=interactive,
            figure_width=figure_width,
            inline_diagrams=inline_charts,
            notes=notes,
        )
        images = {} if inline_charts else page_images(topic.detail.diagrams, theme)
        return Page(location, topic.detail.title, _templates().render_topic(topic), images=images)

    def text(
        self,
        location: Location | str,
        *,
        only_differences: bool = False,
        notes: NoteChoice = NoteChoice(),
    ) -> str:
        """A page or a comparison as plain text for a terminal.

        Raises:
            UnknownTopicError, PainRefError: as render(); home has no text form.
        """
        location = _location(location)
        if location.is_comparison:
            page, _ = self.comparison(location.ids, only_differences=only_differences, notes=notes)
            return str(_templates().render_compare_text(page))
        if location.is_home:
            raise PainRefError("the home page has no text form")
        if location.is_local:
            return str(
                _templates().render_local_text(self.local_page(location.ids[0], notes=notes))
            )
        page_id = location.page_id or ""
        if self.library.summary(page_id).kind == "tool":
            return str(_templates().render_tool_text(self.tool_page(page_id, notes=notes)))
        return str(_templates().render_topic_text(self.topic_page(page_id, notes=notes)))

    def topic_page(
        self,
        page_id: str,
        *,
        theme: Theme | None = None,
        interactive: bool = False,
        figure_width: int = FIGURE_WIDTH,
        inline_diagrams: bool = False,
        notes: NoteChoice = NoteChoice(),
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
            notes=place_notes(self.annotations(page_id, notes), detail),
        )

    def tool_page(
        self,
        page_id: str,
        *,
        theme: Theme | None = None,
        interactive: bool = False,
        notes: NoteChoice = NoteChoice(),
    ) -> ToolPage:
        """The context of a procedure-day tool page.

        Raises:
            UnknownTopicError: no tool page has that id.
        """
        detail = self.library.topic(page_id)
        tool = self.library.tool_page(page_id)
        drugs = [r.drug for s in tool.sections if s.table for r in s.table.rows if r.drug]
        return ToolPage(
            detail=detail,
            tool=tool,
            meta=self.library.meta,
            theme=theme or Theme(),
            interactive=interactive,
            notes=place_notes(self.annotations(page_id, notes, drugs), detail),
        )

    def local_page(
        self,
        page_id: str,
        *,
        theme: Theme | None = None,
        interactive: bool = False,
        notes: NoteChoice = NoteChoice(),
    ) -> LocalTopicPage:
        """The context of a page of the local layer.

        Raises:
            UnknownTopicError: the local layer has no such page, or none is installed.
        """
        local = self._local_page(page_id)
        assert self.local is not None  # _local_page raised otherwise
        related = tuple(self.library.summary(i) for i in local.related if self.library.has(i))
        personal = self._personal(str(Location.local(page_id))) if notes.personal else []
        return LocalTopicPage(
            local=local,
            layer=self.local.meta,
            meta=self.library.meta,
            today=self._today(),
            theme=theme or Theme(),
            interactive=interactive,
            related=related,
            notes=PageAnnotations(page=tuple(personal)),
        )

    def _local_page(self, page_id: str) -> LocalPage:
        if self.local is None:
            raise UnknownTopicError(f"local:{page_id}")
        return self.local.page(page_id)

    def annotations(
        self, page_id: str, choice: NoteChoice = NoteChoice(), drugs: Sequence[str] = ()
    ) -> PageAnnotations:
        """The local protocols and the reader's note on a published page (and on the drugs
        its rows list), by where they are drawn; what choice leaves out is not there."""
        found: list[Annotation] = []
        if choice.local:
            found += self.local_annotations()
        if choice.personal:
            found += self._personal(page_id)
        grouped = group(found, page_id, drugs)
        if choice.local and self.local_problem:
            grouped = replace(grouped, problem=self.local_problem)
        return grouped

    def handout_sources(
        self, choice: NoteChoice
    ) -> tuple[
        Callable[[str, Sequence[str]], PageAnnotations] | None, Callable[[str], LocalTopicPage]
    ]:
        """What a handout needs beyond the library: the notes the reader chose to print on
        each page (None: none), and the pages of the local layer."""

        def annotate(page_id: str, drugs: Sequence[str]) -> PageAnnotations:
            return self.annotations(page_id, choice, drugs)

        def local(page_id: str) -> LocalTopicPage:
            return self.local_page(page_id, notes=choice)

        return (annotate if (choice.local or choice.personal) else None), local

    def drug_notes(self, drug_ids: Sequence[str]) -> dict[str, tuple[Annotation, ...]]:
        """The local protocols on antithrombotic drugs (the planner draws them under each
        drug's row), by drug id."""
        return dict(group(self.local_annotations(), "", drug_ids).drugs)

    def local_annotations(self) -> list[Annotation]:
        """Every local protocol note, with drift and overdue judged today (worked out once a
        day: drift reads each note's published value)."""
        if self.local is None:
            return []
        today = self._today()
        if self._local_notes is None or self._local_notes[0] != today:
            try:
                found = self.local.annotations(self.library, today)
            except PainRefError as exc:
                # A damaged local layer hides its own notes, never the published content.
                self._local_failed(exc)
                found = []
            self._local_notes = (today, found)
        return self._local_notes[1]

    def _local_failed(self, exc: PainRefError) -> None:
        self.local_problem = f"Local protocols cannot be shown: {exc}"

    def _local_pages(self) -> list[LocalPage]:
        """The local layer's pages; none (and the problem said) when it cannot be read."""
        if self.local is None:
            return []
        try:
            return self.local.pages()
        except PainRefError as exc:
            self._local_failed(exc)
            return []

    def _personal(self, location: str) -> list[Annotation]:
        if self.notes is None:
            return []
        try:
            note = self.notes.get(location)
        except PainRefError:
            return []  # the user database is unreadable: the window says so elsewhere
        if note is None or not note.text.strip():
            return []
        page_id = Location.parse(location).page_id or location
        return [
            Annotation(
                kind=PERSONAL,
                id=location,
                target=Target(page=page_id),
                label=PERSONAL_LABEL,
                body_html="",  # the template draws body_text's lines, escaped
                body_text=note.text,
                modified=note.modified,
            )
        ]

    def comparison(
        self,
        ids: Sequence[str],
        *,
        theme: Theme | None = None,
        only_differences: bool = False,
        interactive: bool = False,
        chart_name: str = CHART_NAME,
        inline_chart: bool = False,
        notes: NoteChoice = NoteChoice(),
    ) -> tuple[ComparePage, Chart]:
        """The context of a comparison and its chart (see render.pages.comparison_page),
        each column with its local protocols (and the reader's notes on its page)."""
        page, chart = _templates().comparison_page(
            self.library,
            ids,
            theme=theme,
            only_differences=only_differences,
            interactive=interactive,
            chart_name=chart_name,
            inline_chart=inline_chart,
        )
        if notes.local or notes.personal:
            own = str(Location.comparison(page.comparison.ids))
            page = replace(
                page,
                notes=tuple(self.annotations(t.id, notes) for t in page.comparison.topics),
                own=PageAnnotations(page=tuple(self._personal(own) if notes.personal else ())),
            )
        return page, chart

    def home_page(self, theme: Theme, recent: Sequence[TopicSummary | str] = ()) -> HomePage:
        """The context of the start page; recent: pages (or any locations, comparisons
        too) viewed most recently, newest first."""
        library = self.library
        return HomePage(
            meta=library.meta,
            categories=tuple(library.categories()),
            condition_count=library.count_conditions(),
            recent=tuple(self._recent(r) for r in recent),
            overview=library.first_topic("overview"),
            last_reviewed=library.last_reviewed(),
            theme=theme,
            site_name=self.site_name,
            local=self._local_summary(),
        )

    def _local_summary(self) -> LocalSummary | None:
        """The local layer's pages, and its notes that need review (overdue, or the value
        they were written against has changed or gone), for the home page."""
        if self.local is None:
            return None
        today = self._today()
        if self._summary is None or self._summary[0] != today:
            self._summary = (today, self._make_summary(today))
        return self._summary[1]

    def _make_summary(self, today: date) -> LocalSummary | None:
        assert self.local is not None
        listed = self._local_pages()
        pages = tuple(Recent(topic_url(str(Location.local(p.id))), p.title) for p in listed)
        review = [
            ReviewItem(
                Annotation(
                    kind=LOCAL,
                    id=p.id,
                    target=Target(),
                    label=p.title,
                    body_html="",
                    body_text="",
                    title=p.title,
                    author=p.author,
                    review_due=p.review_due,
                    overdue=True,
                ),
                topic_url(str(Location.local(p.id))),
                "the local page",
            )
            for p in listed
            if p.overdue(today)
        ]
        for note in self.local_annotations():
            if not note.needs_review:
                continue
            target = note.target
            page_id = target.page
            if target.drug:
                page_id = self._drug_page(target.drug)
            url = topic_url(page_id) if page_id and self.library.has(page_id) else None
            where = self.title(page_id) if url and page_id else target.describe()
            if url and page_id and target.field:
                where += ": " + field_label(self.library.topic(page_id), target.field)
            elif target.drug:
                where += f" ({target.drug})"
            review.append(ReviewItem(note, url, where))
        return LocalSummary(
            self.local.meta.name,
            self.local.meta.version,
            pages,
            tuple(review),
            self.local_problem,
        )

    def _drug_page(self, drug_id: str) -> str | None:
        """The tool page whose table lists a drug (its class's page)."""
        data = self.library.tool_data("antithrombotics")
        if not isinstance(data, dict):
            return None
        for drug in data.get("drugs", ()):
            if isinstance(drug, dict) and drug.get("id") == drug_id:
                found = drug.get("class")
                return str(found) if found else None
        return None

    def _recent(self, item: TopicSummary | str) -> Recent:
        if not isinstance(item, str):
            return Recent(topic_url(item.id), item.title)
        location = _location(item)
        if location.is_comparison:
            return Recent(compare_url(list(location.ids)), self.title(location))
        if location.is_local:
            return Recent(topic_url(str(location)), self.title(location))
        return Recent(topic_url(location.page_id or ""), self.title(location))


def _location(location: Location | str) -> Location:
    return location if isinstance(location, Location) else Location.parse(location)
