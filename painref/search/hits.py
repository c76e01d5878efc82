"""A search's results: each page found with the text around the match, its matched words
marked (FTS5's snippet() between HIGHLIGHT_START and HIGHLIGHT_END), and what the search
understood of the query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


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


@dataclass(frozen=True)
class Outcome:
    """Results with what the search understood."""

    hits: list[Hit]
    corrected: str | None = None
    """The query with misspellings corrected, when any were ("did you mean")."""
    words: tuple[str, ...] = field(default=())


def hit(topic_id: str, title: str, category: str, kind: str, score: float, marked: str) -> Hit:
    """A result from a page's row and its snippet as FTS5 marked it."""
    snippet, highlights = split_highlights(_trim(marked))
    return Hit(
        id=topic_id,
        title=title,
        category=category,
        kind=kind,
        score=score,
        snippet=snippet,
        highlights=highlights,
    )


FIELD_JOINER = " ; "
"""What the builder puts between the facts of a page in the searchable facts column."""
SNIPPET_JOINER = " · "


_CITATION_MARKS = re.compile(r"\s*\[\d+(?:\]\s*\[\d+)*\]")
"""A snippet's citation numbers ("pain [1] [2]."): the result list shows no references."""


def _trim(text: str, limit: int = 220) -> str:
    # The facts column is a list joined into one text: show its seams as a middle dot.
    text = _CITATION_MARKS.sub("", text)
    text = " ".join(text.split()).replace(FIELD_JOINER, SNIPPET_JOINER)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
