"""Diagrams as content: data/diagrams/ID.svg drawn by hand, ID.yaml saying what it shows.

A diagram is reviewed source like a page, so its SVG is held to a small, safe subset that
every renderer here draws the same way (Qt's SVG renderer in the window and the PDFs, a
browser for an exported HTML file): the shapes and text of SVG Tiny, presentation
attributes only, no style sheets, no links, images, scripts or entities. Its colours are a
fixed set of tokens that name what they paint (bone, nerve, needle, target...), so the
render layer can swap each for the theme's colour (render/diagrams.py) and meaning never
rests on a shade. Standard library only: the loader runs in the build, the checks in tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from painref.errors import ContentError

if TYPE_CHECKING:
    from xml.etree import ElementTree

SVG_NS = "http://www.w3.org/2000/svg"
MAX_BYTES = 40_000
"""A hand-drawn schematic is a few kilobytes; anything this large is not one."""
WIDTH = 800
"""Every diagram is drawn 800 units wide, so type sizes mean the same on every one."""
HEIGHT_RANGE = (300, 700)
MIN_FONT_SIZE = 14.0
"""Label type at the drawing's own scale: about 11 pt when shown 800 px wide."""

TOKENS: dict[str, str] = {
    "ink": "#1d2329",
    "muted": "#5b6670",
    "paper": "#ffffff",
    "bone": "#e8dcc0",
    "soft": "#f3d3cc",
    "disc": "#d6e4c4",
    "fluid": "#bcd7ee",
    "nerve": "#f2c200",
    "artery": "#c62828",
    "organ": "#e6ccb0",
    "needle": "#37474f",
    "target": "#e65100",
    "device": "#607d8b",
}
"""The colours a diagram may use, by what they paint (their light-theme values)."""

ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "title",
        "desc",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "path",
        "text",
        "tspan",
    }
)
ATTRIBUTES = frozenset(
    {
        "viewBox",
        "width",
        "height",
        "font-family",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-linecap",
        "stroke-linejoin",
        "opacity",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "x",
        "y",
        "dx",
        "dy",
        "d",
        "points",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "transform",
        "x1",
        "y1",
        "x2",
        "y2",
    }
)
COLOUR_ATTRIBUTES = ("fill", "stroke")
_NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")
_FORBIDDEN_TEXT = ("<!DOCTYPE", "<!ENTITY", "<?xml-stylesheet", "<![CDATA[")


def check_svg(path: Path, text: str) -> tuple[int, int, str]:
    """The width, height and title of a diagram's SVG, or ContentError naming what breaks
    the rules (module docstring)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ContentError(f"{path}: larger than {MAX_BYTES // 1000} kB; a diagram is a schematic")
    for marker in _FORBIDDEN_TEXT:
        if marker.lower() in text.lower():
            raise ContentError(f"{path}: {marker} is not allowed in a diagram")
    from xml.etree import ElementTree  # the builder's: the window only reads TOKENS

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ContentError(f"{path}: not well-formed SVG ({exc})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ContentError(f"{path}: the root element must be <svg> in the SVG namespace")
    width, height = _size(path, root)
    _walk(path, root, None)
    title_element = root.find(f"{{{SVG_NS}}}title")
    title = (title_element.text or "").strip() if title_element is not None else ""
    if not title:
        raise ContentError(f"{path}: the <svg> needs a <title> child naming the diagram")
    if root.find(f"{{{SVG_NS}}}desc") is None:
        raise ContentError(f"{path}: the <svg> needs a <desc> child describing it in words")
    return width, height, title


def token_of(colour: str) -> str | None:
    """The token name of a colour a diagram uses, or None for "none"."""
    colour = colour.strip().lower()
    if colour == "none":
        return None
    for name, value in TOKENS.items():
        if value == colour:
            return name
    raise ValueError(colour)


def _size(path: Path, root: ElementTree.Element) -> tuple[int, int]:
    box = root.get("viewBox", "").split()
    if len(box) != 4 or not all(_NUMBER.match(b) for b in box):
        raise ContentError(f'{path}: the <svg> needs viewBox="0 0 {WIDTH} HEIGHT"')
    x, y, width, height = (float(b) for b in box)
    low, high = HEIGHT_RANGE
    if (x, y, width) != (0, 0, WIDTH) or not low <= height <= high:
        raise ContentError(
            f'{path}: viewBox must be "0 0 {WIDTH} H" with H from {low} to {high}, '
            f"not {root.get('viewBox')!r}"
        )
    if root.get("width") != str(WIDTH) or root.get("height") != str(int(height)):
        raise ContentError(f'{path}: width="{WIDTH}" and height="{int(height)}" must match viewBox')
    return WIDTH, int(height)


def _walk(path: Path, element: ElementTree.Element, font_size: str | None) -> None:
    """Check element and its children; text must have a size, its own or inherited."""
    name = _local(path, element.tag)
    if name not in ELEMENTS:
        raise ContentError(f"{path}: <{name}> is not allowed (allowed: {sorted(ELEMENTS)})")
    for attribute, value in element.attrib.items():
        _check_attribute(path, name, attribute, value)
    font_size = element.get("font-size", font_size)
    if name == "text" and font_size is None:
        text = "".join(element.itertext()).strip()
        raise ContentError(f"{path}: <text> {text[:40]!r} needs a font-size (on it or its group)")
    for child in element:
        _walk(path, child, font_size)


def _local(path: Path, tag: str) -> str:
    if not tag.startswith(f"{{{SVG_NS}}}"):
        raise ContentError(f"{path}: element {tag!r} is not in the SVG namespace")
    return tag.removeprefix(f"{{{SVG_NS}}}")


def _check_attribute(path: Path, element: str, attribute: str, value: str) -> None:
    where = f"{path}: <{element} {attribute}>"
    if attribute not in ATTRIBUTES:
        # xlink:href, style, class, on*, id... : links, CSS and scripts have no place here.
        raise ContentError(f"{where}: attribute not allowed (presentation attributes only)")
    if attribute in COLOUR_ATTRIBUTES:
        try:
            token_of(value)
        except ValueError:
            allowed = ", ".join(f"{k} {v}" for k, v in TOKENS.items())
            raise ContentError(f"{where}: {value!r} is not a diagram colour ({allowed})") from None
    if attribute == "font-family" and element != "svg":
        raise ContentError(f"{where}: set font-family once, on the <svg>")
    if attribute == "font-size" and (not _NUMBER.match(value) or float(value) < MIN_FONT_SIZE):
        raise ContentError(f"{where}: {value!r}: labels need a size of {MIN_FONT_SIZE:g} or more")
    if attribute == "opacity" and (not _NUMBER.match(value) or not 0.3 <= float(value) <= 1):
        raise ContentError(f"{where}: {value!r}: opacity from 0.3 to 1")
    if "url(" in value or "javascript:" in value.lower():
        raise ContentError(f"{where}: references are not allowed")
