"""Word splitting shared by the database builder and the search service (import-light)."""

from __future__ import annotations

import re
import unicodedata

# Words are runs of letters and digits; everything else only separates words.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-folded, accent-folded text ("Épidural" -> "epidural")."""
    if text.isascii():  # the common case, and nothing to fold but case
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """The folded words of text, in order."""
    return WORD_RE.findall(fold(text))
