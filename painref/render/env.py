"""The one Jinja2 environment: templates from the package, autoescape on, strict undefined."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from painref.content import plain


@cache
def environment() -> Environment:
    """The shared environment; HTML templates escape every value, text templates do not."""
    env = Environment(
        loader=PackageLoader("painref.render", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["refs"] = format_refs
    env.filters["uncite"] = uncite
    env.filters["anchored"] = anchored
    env.filters["in_column"] = in_column
    env.filters["breakable"] = breakable
    env.globals["direction_label"] = DIRECTION_LABELS.__getitem__
    env.globals["verdict_label"] = VERDICT_LABELS.__getitem__
    return env


DIRECTION_LABELS = {
    "for": "For",
    "against": "Against",
    "no-benefit": "No benefit shown",
    "uncertain": "Uncertain",
}
"""How a recommendation or a trial result reads on a page (schema.EVIDENCE_DIRECTIONS)."""
VERDICT_LABELS = {
    "wrong": "Wrong",
    "oversimplified": "Oversimplified",
    "unsupported": "Not supported by the evidence",
    "outdated": "Outdated",
}


def format_refs(numbers: tuple[int, ...] | list[int]) -> str:
    """Reference numbers as '[1, 3]' (text form)."""
    return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""


def uncite(text: str) -> str:
    """Text without its [n] citation numbers, for places that show no reference list."""
    return plain.uncite(text)


def anchored(html: str, prefix: str) -> str:
    """Stored page HTML (a summary or body, with its [n] links) with its anchors prefixed,
    so that several pages in one handout keep their own reference links."""
    if not prefix:
        return html
    return html.replace('href="#', f'href="#{prefix}').replace('<a name="', f'<a name="{prefix}')


def in_column(html: str, column: int, prefix: str = "") -> str:
    """Stored page HTML with its [n] links led to column's references in a comparison
    ("#ref-3" becomes "#ref-1-3"; prefix as in anchored)."""
    return html.replace('href="#ref-', f'href="#{prefix}ref-{column}-')


_URL_BREAKS = re.compile(r"([/?&=_.\-]+)")


def breakable(url: str) -> Markup:
    """A URL as a page shows it, with a zero-width space after each / ? & = _ . - so a
    long address wraps in its table cell instead of widening the page (the link's target
    is the URL itself, untouched)."""
    return escape(_URL_BREAKS.sub("\\1\u200b", url))
