"""Word splitting shared by the database builder and the search service (import-light)."""

from __future__ import annotations

import re

# Words are runs of letters and digits; everything else only separates words.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-folded, accent-folded text ("Épidural" -> "epidural")."""
    if text.isascii():  # the common case, and nothing to fold but case
        return text.lower()
    import unicodedata  # (not before the window's first frame: `painref ESI` folds ASCII)

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_RUN = re.compile(r"\S*")  # from a position to the end of its run of non-space characters


def _run_end(text: str, at: int) -> int:
    found = _RUN.match(text, at)  # (\S* always matches, if only the empty string)
    return found.end() if found else at


def may_have_word(text: str, word: str) -> bool:
    """False when folded word cannot be one of text's words: a test in C that spares
    folding long texts character by character (words(text) then decides).

    Folding works character by character and never makes whitespace a letter, so text's
    words are its whitespace-separated runs' words: a run in ASCII folds to its lower case,
    which text.lower() holds, and only the few runs with a character beyond ASCII need
    fold() itself (each found from that character: forwards in text, backwards in it
    reversed)."""
    if word in text.lower():
        return True
    if text.isascii():
        return False
    backwards = text[::-1]
    n = len(text)
    end = 0
    for found in _NON_ASCII.finditer(text):
        at = found.start()
        if at < end:
            continue  # in the run just folded
        start = n - _run_end(backwards, n - 1 - at)
        end = _run_end(text, at)
        if word in fold(text[start:end]):
            return True
    return False


def words(text: str) -> list[str]:
    """The folded words of text, in order."""
    return WORD_RE.findall(fold(text))
