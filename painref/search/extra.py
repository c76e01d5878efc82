"""Search beyond the published content: the department's local pages and the reader's notes.

The published pages are ranked by search/service.py; this module ranks the pages of the local
layer (its own small FTS5 index, local_fts, built by content/local_builder.py) on the same
scale, so a local protocol named by what is typed ("escort", "fasting policy") comes first
the way a published page named so does, and it finds the pages whose note, kept by this
reader in the user database, holds every word typed. No Qt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from painref.content.text import words as text_words
from painref.errors import DatabaseError, PainRefError
from painref.location import Location
from painref.search.query import quote

if TYPE_CHECKING:
    from painref.content.local_layer import LocalLayer

LOCAL_KIND = "local"
LOCAL_CATEGORY = "Local protocols"
NOTE_PREFIX = "My note: "
EXACT_NAME = 1000.0
CONTAINED_NAME = 200.0
PREFIX_NAME = 120.0
ALL_WORDS = 50.0
NOTE_MATCH = 150.0
"""A page whose note holds every word typed: the reader wrote those words about it, so it
comes before a page that merely uses them, and after a page the query names."""
TEXT_MATCH = 8.0
"""A local page whose text has the words: about what a published page's bm25 gives a good
match (5 to 9), so it sits among them."""
NAME_MATCH = 10.0
"""And its title or other names have them."""
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


class Note(Protocol):
    @property
    def location(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...


class NoteSearch(Protocol):
    """The reader's notes (store/notes.NoteStore)."""

    def search(self, text: str) -> Sequence[Note]: ...


@dataclass(frozen=True)
class ExtraHit:
    """A result from the local layer or the reader's notes, before it joins the list."""

    id: str
    title: str
    category: str
    kind: str
    score: float
    marked: str
    """The snippet, with the matched words between HIGHLIGHT_START and HIGHLIGHT_END."""


class LocalSearch:
    """Ranks the local layer's pages for the words of a query."""

    def __init__(self, layer: LocalLayer, stop_words: frozenset[str] = frozenset()) -> None:
        self._layer = layer
        self._connection: sqlite3.Connection = layer.connection
        self._names: dict[str, list[tuple[str, ...]]] = {}
        self._titles: dict[str, str] = {}
        for page in layer.pages():
            self._titles[page.id] = page.title
            names = [
                [w for w in text_words(n) if w not in stop_words]
                for n in (page.title, *page.aliases)
            ]
            self._names[page.id] = [tuple(n) for n in names if n]
        self.category = f"{LOCAL_CATEGORY}: {layer.meta.name}"

    def knows(self, word: str) -> bool:
        """True when a local page uses word (so it is not a misspelling to correct)."""
        if any(word in name for names in self._names.values() for name in names):
            return True
        rows = self._execute(
            "SELECT 1 FROM local_fts WHERE local_fts MATCH ? LIMIT 1", [quote(word)]
        )
        return bool(rows)

    def hits(self, words: list[str], prefix_last: bool, limit: int) -> list[ExtraHit]:
        if not words:
            return []
        scores: dict[str, float] = {}
        for page_id, names in self._names.items():
            boost = max((_name_score(words, n, prefix_last) for n in names), default=0.0)
            if boost:
                scores[page_id] = boost
        groups = [
            quote(w) + ("*" if prefix_last and i == len(words) - 1 else "")
            for i, w in enumerate(words)
        ]
        seen: set[str] = set()
        for operator, bonus in ((" AND ", ALL_WORDS), (" OR ", 0.0)):
            if operator == " OR " and len(groups) == 1:
                break
            expression = operator.join(groups)
            named = {
                str(i)
                for (i,) in self._execute(
                    "SELECT id FROM local_fts WHERE local_fts MATCH ?",
                    ["{title aliases}: (" + expression + ")"],
                )
            }
            for (page_id,) in self._execute(
                "SELECT id FROM local_fts WHERE local_fts MATCH ? LIMIT ?", [expression, limit]
            ):
                if str(page_id) in seen:
                    continue
                seen.add(str(page_id))
                # bm25 means little over a department's handful of pages (a word on every
                # page scores nothing), so a match scores like a good published one.
                text = TEXT_MATCH + (NAME_MATCH if str(page_id) in named else 0.0)
                scores[str(page_id)] = scores.get(str(page_id), 0.0) + bonus + text
        snippets = self._snippets(" OR ".join(groups), list(scores))
        return [
            ExtraHit(
                str(Location.local(page_id)),
                self._titles.get(page_id, page_id),
                self.category,
                LOCAL_KIND,
                score,
                snippets.get(page_id, ""),
            )
            for page_id, score in scores.items()
            if page_id in self._titles
        ]

    def _snippets(self, expression: str, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self._execute(
            f"SELECT id, snippet(local_fts, 3, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 14) "
            f"FROM local_fts WHERE local_fts MATCH ? AND id IN ({marks})",
            [expression, *ids],
        )
        found = {str(i): str(s) for i, s in rows if s}
        for page_id in ids:
            found.setdefault(page_id, "")
        return found

    def _execute(self, sql: str, args: list[object]) -> list[tuple[Any, ...]]:
        try:
            return self._connection.execute(sql, args).fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise DatabaseError(
                f"the local layer {self._layer.meta.name!r} is damaged: its search index is "
                f"unusable ({' '.join(str(exc).split())}); ask IT to reinstall it"
            ) from None


def note_hits(notes: NoteSearch, text: str, words: list[str]) -> list[ExtraHit]:
    """The pages whose note (this reader's) holds every word typed, best first.

    A user database that cannot be read gives no note hits: search itself must go on.
    """
    if not words:
        return []
    try:
        found = notes.search(text)
    except PainRefError:
        return []
    out = []
    for note in found:
        out.append(
            ExtraHit(note.location, note.title, "", "note", NOTE_MATCH, _mark(note.text, words))
        )
    return out


def _mark(text: str, words: list[str]) -> str:
    """My note: the first lines of text, with the words typed marked."""
    flat = " ".join(text.split())
    if len(flat) > 200:
        flat = flat[:199].rstrip() + "…"
    out = []
    for token in flat.split(" "):
        folded = text_words(token)
        if folded and any(f.startswith(w) for f in folded for w in words):
            out.append(f"{HIGHLIGHT_START}{token}{HIGHLIGHT_END}")
        else:
            out.append(token)
    return NOTE_PREFIX + " ".join(out)


def _name_score(words: list[str], name: tuple[str, ...], prefix_last: bool) -> float:
    """How well the words name a local page: the whole name, all of it inside them, or its
    start being typed."""
    if tuple(words) == name:
        return EXACT_NAME
    if all(w in name for w in words[:-1]) and (
        words[-1] in name or (prefix_last and any(n.startswith(words[-1]) for n in name))
    ):
        if len(words) >= len(name) and set(name) <= set(words):
            return CONTAINED_NAME
        return PREFIX_NAME * len(words) / max(len(name), 1)
    if set(name) <= set(words):
        return CONTAINED_NAME * len(name) / len(words)
    return 0.0
