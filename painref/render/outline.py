"""A page's outline: its section headings, each given an anchor to jump to (no Qt).

Every page template writes a section heading as `<p class="h2">` (Qt's rich text scales a
classed paragraph with the zoom, not an <h2>); `sectioned` names each one `sec-N` and lists
them, so the window's jump list, its Tab stops and its "current section" read one outline,
whatever template or Markdown body the heading came from.
"""

from __future__ import annotations

import re
from typing import NamedTuple

SECTION_PREFIX = "sec-"
_H2 = re.compile(r'<p class="h2">(.*?)</p>', re.DOTALL)
_SMALL = re.compile(r'<span class="small">.*?</span>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class Section(NamedTuple):
    """A heading of a page: the anchor that leads to it and its words."""

    anchor: str
    title: str


def sectioned(page_html: str) -> tuple[str, tuple[Section, ...]]:
    """page_html with an anchor at each section heading, and the sections in page order."""
    sections: list[Section] = []

    def name(match: re.Match[str]) -> str:
        import html as html_text  # here: html.entities is a large import

        inner = match.group(1)
        title = " ".join(html_text.unescape(_TAG.sub("", _SMALL.sub("", inner))).split())
        if not title:
            return match.group(0)
        anchor = f"{SECTION_PREFIX}{len(sections) + 1}"
        sections.append(Section(anchor, title))
        return f'<p class="h2"><a name="{anchor}"></a>{inner}</p>'

    return _H2.sub(name, page_html), tuple(sections)
