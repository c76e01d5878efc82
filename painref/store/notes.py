"""Personal notes: a reader's private note on a page, kept in the user database.

One note per location (a topic, a condition, a tool page, a comparison, a local page: the
stored form the window shows, never home). The text is kept exactly as typed; only whether
it is blank looks past surrounding whitespace, and a blank note is no note. Notes travel in
the bookmarks file (store/bookmarks.py), where an imported note never overwrites one that
differs: it is added below a line "--- imported <date> ---" (merge_note).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date

from painref.store.db import NoteError, UserStore, now_iso

MAX_NOTE_CHARS = 20_000
"""The longest note kept: several pages of text, far more than a note on a page needs."""
MAX_LOCATION_CHARS = 1_000
HOME_LOCATION = "home"
"""The start page's stored form (painref.location.HOME_TEXT; the store sits below it)."""
IMPORT_MARKER = "--- imported {date} ---"
"""The line above a note's imported text when the reader already had a different one."""
_MARKER_LINE = re.compile(r"^--- imported \d{4}-\d{2}-\d{2} ---$", re.MULTILINE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Note:
    """A reader's note on one page."""

    location: str
    """The page it is on, in its stored form ("epidural-steroid-injection", "compare:a,b")."""
    title: str
    """The page's title when the note was last saved."""
    text: str
    created: str
    """When the note was first written, ISO 8601 in UTC."""
    modified: str
    """When it last changed, ISO 8601 in UTC."""


class NoteStore:
    """The reader's notes in a user database.

    Every method returns data or raises StoreError (NoteError for a note that cannot be
    kept as given); sqlite3 errors never leave it.
    """

    def __init__(self, store: UserStore) -> None:
        self._store = store

    def get(self, location: str) -> Note | None:
        """The note on a page, or None when it has none."""
        with self._store.reading() as connection:
            row = connection.execute(
                "SELECT location, title, text, created, modified FROM notes WHERE location = ?",
                [location],
            ).fetchone()
        return Note(*row) if row else None

    def set(self, location: str, title: str, text: str) -> None:
        """Keep text as the note on location (titled as the page is); blank text deletes it.

        Saving the same title and text again changes nothing, not even the modified time.

        Raises:
            NoteError: location is not a page (empty, home, spaces around it, too long),
                or the text is longer than MAX_NOTE_CHARS or not valid Unicode; nothing
                was changed.
            StoreError: the change could not be saved; nothing was changed.
        """
        _require_location(location)
        if not text.strip():
            self.delete(location)
            return
        _require_text(text, "the note")
        _require_text(title, "the page title")
        stamp = now_iso()
        with self._store.transaction() as connection:
            connection.execute(
                "INSERT INTO notes (location, title, text, created, modified, seq) "
                "VALUES (?1, ?2, ?3, ?4, ?4, (SELECT coalesce(max(seq), 0) + 1 FROM notes)) "
                "ON CONFLICT (location) DO UPDATE SET "
                "title = excluded.title, text = excluded.text, "
                "modified = excluded.modified, seq = excluded.seq "
                "WHERE notes.text != excluded.text OR notes.title != excluded.title",
                [location, title, text, stamp],
            )

    def delete(self, location: str) -> bool:
        """Delete the note on a page; False if it had none."""
        with self._store.transaction() as connection:
            cursor = connection.execute("DELETE FROM notes WHERE location = ?", [location])
            return cursor.rowcount == 1

    def search(self, text: str) -> list[Note]:
        """The notes with every word of text in their text or title, the most recently
        changed first.

        Case, accents and punctuation are ignored, and a word matches inside a longer one
        ("spin" finds "spine"); text with no words finds nothing. A reader has few notes,
        so this reads them all rather than keeping an index.
        """
        words = _WORD.findall(_fold(text))
        if not words:
            return []
        return [
            note
            for note in self.list()
            if all(word in _fold(f"{note.title}\n{note.text}") for word in words)
        ]

    def list(self) -> list[Note]:
        """Every note, the most recently changed first."""
        with self._store.reading() as connection:
            rows = connection.execute(
                "SELECT location, title, text, created, modified FROM notes "
                "ORDER BY modified DESC, seq DESC"
            ).fetchall()
        return [Note(*row) for row in rows]


# -- checks -----------------------------------------------------------------------------------


def location_problem(location: object) -> str | None:
    """Why a note cannot be on location, or None when it can."""
    if not isinstance(location, str) or not location.strip():
        return "a note needs the page it is on, and the location is empty"
    if location == HOME_LOCATION:
        return "a note belongs on a page, and the home page is not one"
    if location != location.strip():
        return f"{_shown(location)} is not a page location (it has spaces around it)"
    if len(location) > MAX_LOCATION_CHARS:
        return f"{_shown(location)} is too long to be a page location"
    if any(unicodedata.category(c) == "Cc" for c in location):
        return f"{_shown(location)} is not a page location (it holds control characters)"
    return None


def text_problem(text: object, what: str = "the note") -> str | None:
    """Why text cannot be kept as a note's text, or None when it can."""
    if not isinstance(text, str):
        return f"{what} is not text"
    if len(text) > MAX_NOTE_CHARS:
        return f"{what} is {len(text):,} characters long; a note can hold up to {MAX_NOTE_CHARS:,}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 text (and no SQLite text) holds it
        return f"{what} holds characters that are not valid Unicode"
    return None


def _require_location(location: str) -> None:
    problem = location_problem(location)
    if problem:
        raise NoteError(f"cannot keep this note: {problem}")


def _require_text(text: str, what: str) -> None:
    problem = text_problem(text, what)
    if problem:
        advice = "; shorten it to save it" if len(text) > MAX_NOTE_CHARS else ""
        raise NoteError(f"cannot keep this note: {problem}{advice}")


def _shown(location: str) -> str:
    return repr(location if len(location) <= 60 else location[:57] + "...")


def _fold(text: str) -> str:
    """text without case or accents, for matching ("Épidural" -> "epidural")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# -- importing ------------------------------------------------------------------------------

ADDED = "added"
MERGED = "merged"
UNCHANGED = "unchanged"


def merge_note(connection: sqlite3.Connection, note: Note, today: date) -> str:
    """Bring an imported note in, inside the caller's transaction; never lose either text.

    A page with no note gets it as it is (its own dates). A page whose note already holds
    the imported text (as the whole note, or as one of the parts an earlier import added)
    is left alone. Otherwise the existing text is kept exactly and each part of the
    imported text it lacks is added below, under a line "--- imported <today> ---".

    Returns:
        ADDED, MERGED or UNCHANGED.

    Raises:
        NoteError: the merged note would be longer than MAX_NOTE_CHARS (nothing written).
        sqlite3.Error: for the caller's transaction to turn into a StoreError.
    """
    row = connection.execute(
        "SELECT text FROM notes WHERE location = ?", [note.location]
    ).fetchone()
    if row is None:
        connection.execute(
            "INSERT INTO notes (location, title, text, created, modified, seq) "
            "VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM notes))",
            [note.location, note.title, note.text, note.created, note.modified],
        )
        return ADDED
    existing = str(row[0])
    have = {part.strip() for part in _parts(existing)}
    new = [part.strip("\n") for part in _parts(note.text) if part.strip() not in have]
    if not new:
        return UNCHANGED
    marker = IMPORT_MARKER.format(date=today.isoformat())
    # One blank line above each marker, whatever the existing text ends with.
    gap = "" if existing.endswith("\n\n") else "\n" if existing.endswith("\n") else "\n\n"
    merged = existing + gap + "\n".join(f"{marker}\n{part}\n" for part in new)
    if len(merged) > MAX_NOTE_CHARS:
        raise NoteError(
            f"added to your note on that page it would make a note of {len(merged):,} "
            f"characters, more than the {MAX_NOTE_CHARS:,} a note can hold; shorten your "
            "note there first"
        )
    connection.execute(
        "UPDATE notes SET text = ?, modified = ?, "
        "seq = (SELECT coalesce(max(seq), 0) + 1 FROM notes) WHERE location = ?",
        [merged, now_iso(), note.location],
    )
    return MERGED


def _parts(text: str) -> list[str]:
    """A note's own text and each part an import added, without the marker lines."""
    return [part for part in _MARKER_LINE.split(text) if part.strip()]
