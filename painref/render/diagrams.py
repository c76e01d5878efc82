"""Diagrams drawn in the page's theme: each colour token swapped for the theme's (no Qt).

How a page reaches its diagrams: `TopicDetail.diagrams` (content/model.py) lists them in
order, each with its SVG source in light colours (content/diagrams.py's tokens), its title,
view, words for a screen reader, and its caption and facts cited in the page's reference
numbers. A template names a diagram as an image, `<img src="diagram:ID">`
(`image_name`); whoever shows the page draws `themed_svg(diagram.svg, theme)` as that
image (the window and PDFs through Qt's SVG renderer, ui/export.svg_to_image), or puts the
themed SVG inline (`inline_svg`) in a standalone HTML file. `page_images` gives every
diagram of a page at once, by image name.

The themes: light draws the source as it is; dark keeps each meaning on a dark ground
(dimmed fills, light lines); high contrast is black, white and yellow for the things to
look at (the target in yellow, nerves in cyan), with fills kept dark so lines and labels
carry the drawing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from painref.content.diagrams import TOKENS
from painref.content.model import Diagram
from painref.render.contexts import FIGURE_WIDTH, Theme

IMAGE_PREFIX = "diagram:"
MIN_FIGURE_WIDTH = 320
MAX_FIGURE_WIDTH = 960
FIGURE_MARGIN = 64
"""The page's margins and scroll bar: a diagram narrower than the view by this much fits."""

_DARK = {
    "bone": "#5b5340",
    "soft": "#5a3b37",
    "disc": "#3f4c34",
    "fluid": "#27465f",
    "nerve": "#e0b400",
    "artery": "#ef5350",
    "organ": "#6a5440",
    "needle": "#cfd8dc",
    "target": "#ff9e40",
    "device": "#90a4ae",
}
_HIGH_CONTRAST = {
    "bone": "#2b2b2b",
    "soft": "#1a1a1a",
    "disc": "#1f2a14",
    "fluid": "#0a2440",
    "nerve": "#00ffff",
    "artery": "#ff6b6b",
    "organ": "#2e2416",
    "needle": "#ffffff",
    "target": "#ffff00",
    "device": "#bfbfbf",
}
_TOKEN_RE = re.compile("|".join(re.escape(v) for v in TOKENS.values()), re.IGNORECASE)


@dataclass(frozen=True)
class DiagramImage:
    """A diagram ready to draw: its themed SVG and its size in CSS pixels."""

    svg: str
    width: int
    height: int


def image_name(diagram_id: str) -> str:
    """The name a page's <img src> gives a diagram."""
    return IMAGE_PREFIX + diagram_id


def figure_width(view_width: int, theme: Theme) -> int:
    """How wide a diagram is drawn in a view view_width pixels wide: it grows with the
    text size and zoom, and never needs a horizontal scroll bar."""
    wanted = round(FIGURE_WIDTH * theme.base_pt / 11.0)
    fits = max(MIN_FIGURE_WIDTH, view_width - FIGURE_MARGIN)
    return max(MIN_FIGURE_WIDTH, min(wanted, fits, MAX_FIGURE_WIDTH))


def is_high_contrast(theme: Theme) -> bool:
    """The high-contrast theme (black ground, yellow accent), however it was made."""
    return theme.background.lower() == "#000000" and theme.accent.lower() == "#ffff00"


def is_dark(theme: Theme) -> bool:
    return _luminance(theme.background) < 0.4


def palette(theme: Theme) -> dict[str, str]:
    """Token name to the colour it is drawn with in theme."""
    colours = dict(TOKENS)
    if is_high_contrast(theme):
        colours.update(_HIGH_CONTRAST)
    elif is_dark(theme):
        colours.update(_DARK)
    else:
        return colours
    colours.update(ink=theme.text, muted=theme.muted, paper=theme.background)
    return colours


def themed_svg(svg: str, theme: Theme) -> str:
    """svg (a diagram's source) with each colour token in theme's colour."""
    by_hex = {TOKENS[name].lower(): colour for name, colour in palette(theme).items()}
    return _TOKEN_RE.sub(lambda m: by_hex[m.group(0).lower()], svg)


def page_images(diagrams: Iterable[Diagram], theme: Theme) -> dict[str, DiagramImage]:
    """Every diagram of a page by image name, drawn in theme."""
    return {
        image_name(d.id): DiagramImage(themed_svg(d.svg, theme), d.width, d.height)
        for d in diagrams
    }


def inline_svg(svg: str, theme: Theme, width: int) -> str:
    """A diagram themed and sized to width CSS pixels (its height follows its viewBox),
    to put inside an HTML file."""
    themed = themed_svg(svg, theme)
    return re.sub(
        r'<svg\b([^>]*?)\swidth="\d+"\s+height="\d+"',
        lambda m: f'<svg{m.group(1)} width="{width}"',
        themed,
        count=1,
    )


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) != 6:
        return 1.0
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
