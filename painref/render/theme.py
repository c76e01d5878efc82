"""The page colours and the in-app link scheme: what the window's first frame needs of the
render layer, without the content model or Jinja2 (render/contexts.py re-exports both)."""

from __future__ import annotations

from typing import NamedTuple

LINK_SCHEME = "painref"


class Theme(NamedTuple):
    """Colours a page is drawn with; the window passes its palette's, exports the light one.
    (A NamedTuple, not a dataclass: the first frame uses it, and a dataclass costs a few
    milliseconds to create; `_replace` makes a changed copy.)"""

    text: str = "#1d2329"
    background: str = "#ffffff"
    muted: str = "#5b6670"
    accent: str = "#1f5f99"
    panel: str = "#eef3f8"
    border: str = "#c9d3dc"
    warning: str = "#fff4d6"
    warning_text: str = "#5c4300"
    base_pt: float = 11.0
