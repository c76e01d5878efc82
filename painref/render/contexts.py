"""What each page template receives: plain frozen dataclasses, no Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from painref.content.library import Category, Meta, TopicDetail, TopicSummary
from painref.content.model import Diagram
from painref.content.tool_model import ToolPageData

if TYPE_CHECKING:
    from painref.content.comparison import Comparison

DISCLAIMER = (
    "PainRef is an educational reference. It is not a substitute for clinical judgment, "
    "and it does not give medical advice for any individual patient."
)
LINK_SCHEME = "painref"
FIGURE_WIDTH = 680
"""A diagram's width on a page at the normal text size, in CSS pixels."""


def topic_url(topic_id: str) -> str:
    """The in-app link to a page."""
    return f"{LINK_SCHEME}://topic/{topic_id}"


def compare_url(ids: tuple[str, ...] | list[str]) -> str:
    """The in-app link to a comparison."""
    return f"{LINK_SCHEME}://compare/{','.join(ids)}"


def action_url(action: str, *args: str | int) -> str:
    """An in-app link that asks the window to do something (reorder, remove, toggle)."""
    return f"{LINK_SCHEME}://{action}/" + "/".join(str(a) for a in args)


@dataclass(frozen=True)
class Theme:
    """Colours a page is drawn with; the window passes its palette's, exports the light one."""

    text: str = "#1d2329"
    background: str = "#ffffff"
    muted: str = "#5b6670"
    accent: str = "#1f5f99"
    panel: str = "#eef3f8"
    border: str = "#c9d3dc"
    warning: str = "#fff4d6"
    warning_text: str = "#5c4300"
    base_pt: float = 11.0


@dataclass(frozen=True)
class Paper:
    """How a page is drawn for print (a handout) rather than the screen.

    On paper there are no in-app links, a table's heading row is marked to repeat on each
    page, and several pages share one document, so each page's anchors carry a prefix.
    """

    anchor_prefix: str = ""
    label_column: int | None = None
    """A comparison's label column, % of the width (None: as on screen)."""
    chart_max_width: int | None = None
    """A comparison chart wider than this (CSS px) is scaled down to it."""
    font_pt: float | None = None
    """A comparison's type size (None: the theme's)."""


TOOL_SUPPORT = (
    "These tables support, and do not replace, the judgment of the clinician and of the "
    "prescriber; each value names its source, so check it there before acting on it."
)


@dataclass(frozen=True)
class ToolPage:
    """A procedure-day tool page: its sections, and its title and references (detail)."""

    detail: TopicDetail
    tool: ToolPageData
    meta: Meta
    theme: Theme = field(default_factory=Theme)
    interactive: bool = False
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    support: str = TOOL_SUPPORT


@dataclass(frozen=True)
class TopicPage:
    """A topic or condition page."""

    detail: TopicDetail
    meta: Meta
    theme: Theme = field(default_factory=Theme)
    interactive: bool = False
    """In the window: offer links that act (compare with...), not only links that read."""
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    """Drawn for a handout (see Paper); None on screen and in files."""
    figure_width: int = FIGURE_WIDTH
    """How wide a diagram is drawn, in CSS pixels (the window fits it to its view)."""
    inline_diagrams: Mapping[str, str] = field(default_factory=dict)
    """Diagram id to themed SVG markup, for a standalone HTML file; empty: the page names
    each diagram as an image (render/diagrams.image_name) for its viewer to draw."""

    def figure_height(self, diagram: Diagram) -> int:
        """A diagram's height at figure_width."""
        return round(diagram.height * self.figure_width / diagram.width)


@dataclass(frozen=True)
class ComparePage:
    """A comparison of two to four topics.

    interactive pages (the window) carry links to reorder and remove columns; exported
    ones do not. The chart is either an image URL the view resolves (chart_src) or an
    inline SVG (chart_svg, for HTML files).
    """

    comparison: Comparison
    meta: Meta
    theme: Theme = field(default_factory=Theme)
    only_differences: bool = False
    interactive: bool = False
    chart_src: str | None = None
    chart_svg: str | None = None
    disclaimer: str = DISCLAIMER
    paper: Paper | None = None
    """Drawn for a handout (see Paper); None on screen and in files."""
    figure_width: int = FIGURE_WIDTH // 2
    """How wide each column's diagram is drawn, in CSS pixels."""
    inline_diagrams: Mapping[str, str] = field(default_factory=dict)
    """Diagram id to themed SVG markup for a standalone file (see TopicPage)."""


@dataclass(frozen=True)
class PreviewPage:
    """The settings dialog's sample of a page: a heading, a line, a link and a warning."""

    title: str
    text: str
    link: str
    warning: str
    theme: Theme = field(default_factory=Theme)


@dataclass(frozen=True)
class Recent:
    """A page or a comparison the home page lists as recently viewed."""

    url: str
    title: str


@dataclass(frozen=True)
class HomePage:
    """The start page: what PainRef is, the categories, recent pages, the overview."""

    meta: Meta
    categories: tuple[Category, ...]
    condition_count: int
    recent: tuple[Recent, ...]
    overview: TopicSummary | None
    last_reviewed: str
    theme: Theme = field(default_factory=Theme)
    disclaimer: str = DISCLAIMER
    site_name: str = ""
    """The organization's name under the title (the machine's policy file), or none."""
