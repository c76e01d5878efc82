"""Help inside the app: the keyboard shortcuts, what the marks on a page mean, and About.

The window passes its own actions' names and keys (so the list cannot drift from what the
keys do); this module only draws them, in the page's theme, as HTML in Qt's rich-text subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from painref.render.contexts import DISCLAIMER, Theme
from painref.render.diagrams import palette as diagram_palette
from painref.render.env import environment

HelpTopic = Literal["shortcuts", "symbols", "about"]
HELP_TITLES: dict[HelpTopic, str] = {
    "shortcuts": "Keyboard shortcuts",
    "symbols": "What the symbols mean",
    "about": "About PainRef",
}

DIAGRAM_KEY: tuple[tuple[str, str], ...] = (
    ("target", "the target: where the needle tip, the probe or the lesion goes"),
    ("needle", "the needle, cannula or electrode"),
    ("nerve", "nerves, nerve roots and ganglia"),
    ("artery", "arteries (what the needle must avoid)"),
    ("bone", "bone"),
    ("disc", "intervertebral discs"),
    ("fluid", "fluid spaces: cerebrospinal fluid, the epidural space"),
    ("soft", "muscle and other soft tissue"),
    ("organ", "organs"),
    ("device", "implanted devices: leads, generators, pumps, catheters"),
)
"""The colours of PainRef's diagrams (content/diagrams.py's tokens), what each paints."""


@dataclass(frozen=True)
class Shortcut:
    """A command and the keys that give it."""

    command: str
    keys: tuple[str, ...]
    tip: str = ""


@dataclass(frozen=True)
class ShortcutGroup:
    """The shortcuts of one menu (or of the commands no menu lists)."""

    title: str
    shortcuts: tuple[Shortcut, ...]


@dataclass(frozen=True)
class Credits:
    """What About says: versions, who made the content, where corrections go."""

    app_version: str
    content_version: str
    built: str
    last_reviewed: str
    topic_count: int
    condition_count: int


@dataclass(frozen=True)
class HelpPage:
    """One help page: the shortcuts, the symbols, or About."""

    topic: HelpTopic
    groups: tuple[ShortcutGroup, ...] = ()
    credits: Credits | None = None
    theme: Theme = field(default_factory=Theme)
    disclaimer: str = DISCLAIMER

    @property
    def title(self) -> str:
        return HELP_TITLES[self.topic]


def render_help(page: HelpPage) -> str:
    """A help page as HTML."""
    colours = diagram_palette(page.theme)
    key = [(colours[token], text) for token, text in DIAGRAM_KEY]
    return (
        environment()
        .get_template("help.html")
        .render(page=page, t=page.theme, diagram_key=key, titles=HELP_TITLES)
    )
