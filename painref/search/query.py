"""Turns whatever a person types into a safe FTS5 MATCH expression."""

from __future__ import annotations

from painref.content.text import words

# Quotes, parentheses, operators, '-', '*', ':', emoji and control characters only
# separate words; no character of the user's text reaches FTS5 unquoted.
MAX_TOKENS = 24
MAX_TOKEN_LENGTH = 48
MAX_INPUT = 4000

_STOP_TEXT = """
a about after again all am an and any are as at be been before being both but by can
could did do does doing done during each explain for from further get gets got had has
have having he her here his how i if in into is it its itself just me mean means more
most my no nor not of off on once only or other our out over own same she should so some
such tell than that the their them then there these they this those through to too under
until up use used uses using very was we were what when where which while who whom why
will with would you your
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
"""Words a query sets aside when it has others: question words and the like."""


def tokens(text: str) -> list[str]:
    """The words of text, case-folded and accent-folded, at most MAX_TOKENS of them."""
    return [w[:MAX_TOKEN_LENGTH] for w in words(text[:MAX_INPUT])[:MAX_TOKENS]]


def quote(token: str) -> str:
    """A token as an FTS5 string literal (a double quote is doubled)."""
    return '"' + token.replace('"', '""') + '"'


def match_expression(words: list[str], *, prefix_last: bool) -> str | None:
    """All words must match; the last one may be a prefix of an indexed word.

    Returns:
        The MATCH expression, or None when there is nothing to search for.
    """
    if not words:
        return None
    parts = [quote(w) for w in words]
    if prefix_last:
        parts[-1] += "*"
    return " ".join(parts)
