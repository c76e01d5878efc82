"""The search service shared by the window and the command line."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from painref.content.library import CONDITION_CATEGORY_TITLE, Library
from painref.errors import DatabaseError
from painref.search.query import match_expression, tokens

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
# bm25 weights per FTS column: title, names, conditions_text, summary_text, body_text.
# A hit in the title or another name of a page outweighs one in its body.
COLUMN_WEIGHTS = (10.0, 8.0, 3.0, 2.0, 1.0)


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    title: str
    category: str
    kind: str
    score: float
    snippet: str
    """Plain text around the match."""
    highlights: tuple[tuple[int, int], ...]
    """(start, end) offsets of the matched words within snippet."""

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "kind": self.kind,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }


class SearchService:
    """Ranked full-text search over the bundled database."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._sql = (
            "SELECT t.id, t.title, coalesce(c.title, ?), t.kind, "
            f"bm25(topics_fts, {', '.join(str(w) for w in COLUMN_WEIGHTS)}) AS score, "
            f"snippet(topics_fts, -1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) "
            "FROM topics_fts JOIN topics t ON t.rowid = topics_fts.rowid "
            "LEFT JOIN categories c ON c.id = t.category_id "
            "WHERE topics_fts MATCH ? ORDER BY score LIMIT ?"
        )

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """Pages matching every word of text, best first; never raises for any text."""
        expression = match_expression(tokens(text), prefix_last=True)
        if expression is None or limit <= 0:
            return []
        try:
            rows = self._library.connection.execute(
                self._sql, [CONDITION_CATEGORY_TITLE, expression, limit]
            ).fetchall()
        except sqlite3.OperationalError as exc:
            # Every token is quoted, so this means a broken index, not a bad query.
            raise DatabaseError(f"search failed on {self._library.path}: {exc}") from None
        return [_hit(row) for row in rows]


def _hit(row: tuple[object, ...]) -> Hit:
    snippet, highlights = split_highlights(str(row[5]))
    return Hit(
        id=str(row[0]),
        title=str(row[1]),
        category=str(row[2]),
        kind=str(row[3]),
        score=-float(str(row[4])),
        snippet=snippet,
        highlights=highlights,
    )


def split_highlights(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove highlight markers, returning the text and the marked spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start = -1
    length = 0
    for ch in marked:
        if ch == HIGHLIGHT_START:
            start = length
        elif ch == HIGHLIGHT_END:
            if start >= 0:
                spans.append((start, length))
            start = -1
        else:
            out.append(ch)
            length += 1
    return "".join(out), tuple(spans)
