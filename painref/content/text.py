"""Word splitting shared by the database builder and the search service (import-light)."""

from __future__ import annotations

import re
from functools import cache

# Words are runs of letters and digits; everything else only separates words.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-folded, accent-folded text ("Épidural" -> "epidural")."""
    if text.isascii():  # the common case, and nothing to fold but case
        return text.lower()
    import unicodedata  # (not before the window's first frame: `painref ESI` folds ASCII)

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def _combining_marks() -> re.Pattern[str]:
    """Every combining mark of the Basic Multilingual Plane: what fold() drops (built once,
    in about 10 ms)."""
    import unicodedata

    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile(f"[{re.escape(marks)}]")


def may_have_word(text: str, word: str) -> bool:
    """False when folded word cannot be one of text's words: a test in C that spares
    folding long texts character by character (words(text) then decides)."""
    if text.isascii():
        return word in text.lower()
    if max(text) >= "\U00010000":
        return True  # beyond the Basic Multilingual Plane: words() decides alone
    import unicodedata

    return word in _combining_marks().sub("", unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    """The folded words of text, in order."""
    return WORD_RE.findall(fold(text))
