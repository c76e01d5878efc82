"""The page colours and the in-app link scheme: what the window's first frame needs of the
render layer, without the content model or Jinja2 (render/contexts.py re-exports both)."""

from __future__ import annotations

from dataclasses import dataclass

LINK_SCHEME = "painref"


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
