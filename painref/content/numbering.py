"""Numbers a page's citations and renders its Markdown: [@id] becomes [n] and a link.

A page's references are numbered in the order of first citation, across all the parts the
builder writes in page order (tables.CITED_LISTS), so one Numbering is used per page. The
Markdown renderer is CommonMark with raw HTML escaped (the loader refuses it; this is the
second guard) and headings written as classed paragraphs that Qt's rich text can scale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown_it import MarkdownIt

from painref.content.schema import CITATION_RE

_CITE_PLACEHOLDER = "PAINREFCITE{}END"
_CITE_PLACEHOLDER_RE = re.compile(r"PAINREFCITE(\d+)END")
# Raw HTML is refused by the loader; html=False here is a second guard that escapes it.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _heading_open(self: object, tokens: list[Any], idx: int, options: object, env: object) -> str:
    # WORKAROUND: Qt's rich text ignores font-size on <h1>-<h6>; a classed paragraph
    # scales with the page's zoom (see templates/base.html).
    level = min(int(tokens[idx].tag[1]), 3)
    return f'<p class="h{level}">'


def _heading_close(self: object, tokens: list[Any], idx: int, options: object, env: object) -> str:
    return "</p>\n"


_MARKDOWN.add_render_rule("heading_open", _heading_open)
_MARKDOWN.add_render_rule("heading_close", _heading_close)


class Numbering:
    """Numbers a topic's references in order of first citation."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def cite(self, refs: Iterable[str]) -> list[int]:
        numbers = []
        for ref in refs:
            if ref not in self.order:
                self.order.append(ref)
            numbers.append(self.order.index(ref) + 1)
        return numbers

    def as_text(self, text: str) -> str:
        """Replace [@id] markers with [n]."""
        return CITATION_RE.sub(lambda m: f"[{self.cite([m.group(1)])[0]}]", text)

    def body(self, markdown: str) -> tuple[str, str]:
        """A Markdown body as (HTML, plain text) from one parse, citations numbered."""
        marked = CITATION_RE.sub(
            lambda m: _CITE_PLACEHOLDER.format(self.cite([m.group(1)])[0]), markdown
        )
        tokens = _MARKDOWN.parse(marked)
        html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
        html = _CITE_PLACEHOLDER_RE.sub(
            lambda m: f'<sup><a href="#ref-{m.group(1)}">[{m.group(1)}]</a></sup>', html
        )
        text = _CITE_PLACEHOLDER_RE.sub(lambda m: f"[{m.group(1)}]", _plain_from_tokens(tokens))
        return html, text

    def as_html(self, markdown: str, *, inline: bool = False) -> str:
        """Render Markdown to HTML, with citations as superscript links to the reference list."""
        marked = CITATION_RE.sub(
            lambda m: _CITE_PLACEHOLDER.format(self.cite([m.group(1)])[0]), markdown
        )
        html = _MARKDOWN.renderInline(marked) if inline else _MARKDOWN.render(marked)
        return _CITE_PLACEHOLDER_RE.sub(
            lambda m: f'<sup><a href="#ref-{m.group(1)}">[{m.group(1)}]</a></sup>', html
        )


def _plain_from_tokens(tokens: list[Any]) -> str:
    lines: list[str] = []
    prefix = ""
    for token in tokens:
        if token.type == "heading_open":
            if lines:
                lines.append("")
            prefix = ""
        elif token.type == "list_item_open":
            prefix = "- "
        elif token.type == "paragraph_open" and not prefix and lines:
            lines.append("")
        elif token.type == "inline":
            text = "".join(
                child.content if child.type not in ("softbreak", "hardbreak") else " "
                for child in token.children or []
            )
            lines.append(prefix + text)
            prefix = ""
    return "\n".join(lines).strip()
