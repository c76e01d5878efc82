"""Stored text made plain for places that show no reference list. Qt-free and import-light
(re only): the sidebar imports it at start-up, without the renderer's Jinja2."""

from __future__ import annotations

import re

_CITATION_NUMBERS = re.compile(r"\s*\[\d+(?:,\s*\d+)*\]")


def uncite(text: str) -> str:
    """Text without its [n] citation numbers (as render.env.uncite)."""
    return _CITATION_NUMBERS.sub("", text)
