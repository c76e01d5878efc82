"""The page a query names exactly, found with one indexed query: what `painref WORDS` can
show in the window's first frame, before the search service and the content are loaded.

Only an unambiguous exact title or abbreviation counts, folded the way the search folds
words: "ESI" or "epidural steroid injection", never "back pain". Aliases are left to the
full search, which ranks a few of them below another page (tests/search/test_quick.py
holds the two to the same answer).
The window runs the full search once it has loaded and lists the results; should its best
match differ (a reader's note or a local page can lift another page), it shows that one.

Import-light: sqlite3 and the word splitter only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from painref.content.text import words


def exact_page(database: Path, text: str) -> str | None:
    """The one page whose name is exactly text, or None (none, several, or a database
    that cannot be read: never raises)."""
    folded = " ".join(words(text))
    if not folded:
        return None
    try:
        connection = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        rows = connection.execute(
            "SELECT DISTINCT topic_id FROM names WHERE norm = ? AND kind IN "
            "('title', 'abbreviation', 'tool-title', 'tool-abbreviation') LIMIT 2",
            (folded,),
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(rows[0][0]) if len(rows) == 1 else None
