"""Turns whatever a person types into a safe FTS5 MATCH expression."""

from __future__ import annotations

import re
import unicodedata

# Words are runs of letters and digits; everything else (quotes, parentheses, operators,
# '-', '*', ':', emoji, control characters) only separates words and is never passed on.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TOKENS = 24
MAX_TOKEN_LENGTH = 48


def tokens(text: str) -> list[str]:
    """The words of text, case-folded and accent-folded, at most MAX_TOKENS of them."""
    folded = unicodedata.normalize("NFKD", text[:4000])
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    words = WORD_RE.findall(folded)
    return [w[:MAX_TOKEN_LENGTH] for w in words[:MAX_TOKENS]]


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
