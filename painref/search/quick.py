"""The names that name one page exactly: what `painref WORDS` can show in the window's
first frame, before the search service and the content are loaded.

Only an unambiguous exact title or abbreviation counts, folded the way the search folds
words: "ESI" or "epidural steroid injection", never "back pain". Aliases are left to the
full search, which ranks a few of them below another page (tests/search/test_quick.py
holds the two to the same answer).
When the window keeps its pages for the next start (ui/first_frame.py), it keeps these
names of them too, so the first frame finds the page a query names without opening the
database (first_page.named). The window runs the full search once it has loaded and lists
the results; should its best match differ (a reader's note or a local page can lift
another page), it shows that one.

Import-light: the word splitter only (norm() is what the first frame needs; sqlite3 loads
with a lookup).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from painref.content.text import words

_EXACT_KINDS = "('title', 'abbreviation', 'tool-title', 'tool-abbreviation')"


def norm(text: str) -> str:
    """text as the names table's norm column holds a name (the search's own folding)."""
    return " ".join(words(text))


def exact_names(database: Path, page_ids: Iterable[str]) -> dict[str, str]:
    """The folded names that name exactly one page, a title or an abbreviation of one of
    page_ids, each with its page (empty when the database cannot be read: never raises)."""
    ids = sorted(set(page_ids))
    if not ids:
        return {}
    import sqlite3

    try:
        connection = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return {}
    marks = ",".join("?" * len(ids))
    try:
        rows = connection.execute(
            f"SELECT norm, MIN(topic_id) FROM names WHERE kind IN {_EXACT_KINDS} AND norm IN "
            f"(SELECT norm FROM names WHERE topic_id IN ({marks}) AND kind IN {_EXACT_KINDS}) "
            "GROUP BY norm HAVING COUNT(DISTINCT topic_id) = 1",
            ids,
        ).fetchall()
    except sqlite3.Error:
        return {}
    finally:
        connection.close()
    return {str(name): str(page) for name, page in rows if name}
