"""Bookmarks: pages the person wants to find again, newest first; JSON export and import.

The bookmarks file carries the reader's notes too (store/notes.py): version 1 held
bookmarks only, version 2 adds ``notes: [{location, title, text, created, modified}]``.
Both import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from painref.store import notes as note_rules
from painref.store.db import ImportFileError, NoteError, UserStore, now_iso
from painref.store.jsonfile import (
    item_error,
    location_and_title,
    read_json_file,
    utc_stamp,
    write_json,
)
from painref.store.notes import Note, NoteStore

FILE_FORMAT = "painref-bookmarks"
FILE_VERSION = 2
"""1: bookmarks; 2: bookmarks and notes."""


@dataclass(frozen=True)
class Bookmark:
    """A bookmarked page: its location (a topic id, "compare:a,b", ...) and title."""

    location: str
    title: str
    created: str
    """When it was bookmarked, ISO 8601 in UTC."""


@dataclass(frozen=True)
class ExportCounts:
    """What an export wrote."""

    bookmarks: int
    notes: int


@dataclass(frozen=True)
class ImportCounts:
    """What an import changed."""

    bookmarks_added: int
    notes_added: int
    """Notes on pages that had none."""
    notes_merged: int
    """Notes added below the reader's own different note on the same page."""


class BookmarkStore:
    """The bookmarks in a user database.

    Every method returns data or raises StoreError (ImportFileError for a bad file);
    sqlite3 errors never leave it.
    """

    def __init__(self, store: UserStore) -> None:
        self._store = store

    def add(self, location: str, title: str) -> bool:
        """Bookmark a page; False (and nothing changed) if it is already bookmarked."""
        with self._store.transaction() as connection:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO bookmarks (location, title, created) VALUES (?, ?, ?)",
                [location, title, now_iso()],
            )
            return cursor.rowcount == 1

    def remove(self, location: str) -> bool:
        """Remove a bookmark; False if there was none."""
        with self._store.transaction() as connection:
            cursor = connection.execute("DELETE FROM bookmarks WHERE location = ?", [location])
            return cursor.rowcount == 1

    def contains(self, location: str) -> bool:
        """True when the page is bookmarked (StoreError when the database cannot be read)."""
        with self._store.reading() as connection:
            row = connection.execute(
                "SELECT 1 FROM bookmarks WHERE location = ?", [location]
            ).fetchone()
        return row is not None

    def list(self) -> list[Bookmark]:
        """Every bookmark, newest first (StoreError when the database cannot be read)."""
        with self._store.reading() as connection:
            rows = connection.execute(
                "SELECT location, title, created FROM bookmarks ORDER BY created DESC, rowid DESC"
            ).fetchall()
        return [Bookmark(*row) for row in rows]

    def export_json(self, path: Path) -> ExportCounts:
        """Write every bookmark and note to a versioned JSON file.

        Returns:
            How many bookmarks and notes it holds.

        Raises:
            StoreError: the file cannot be written, or the database cannot be read.
        """
        bookmarks = self.list()
        notes = NoteStore(self._store).list()
        write_json(
            path,
            {
                "format": FILE_FORMAT,
                "version": FILE_VERSION,
                "bookmarks": [
                    {"location": b.location, "title": b.title, "created": b.created}
                    for b in bookmarks
                ],
                "notes": [
                    {
                        "location": n.location,
                        "title": n.title,
                        "text": n.text,
                        "created": n.created,
                        "modified": n.modified,
                    }
                    for n in notes
                ],
            },
        )
        return ExportCounts(len(bookmarks), len(notes))

    def import_json(self, path: Path, today: date | None = None) -> ImportCounts:
        """Add the bookmarks and notes of an exported file (version 1 or 2) that are new.

        A bookmark already here is left as it is. A note on a page with no note is added;
        one that differs from the note already there is added below it, under a line
        "--- imported <today> ---" (neither text is lost); one already there is skipped.

        Args:
            today: the date the merge line names; the local date when None.

        Returns:
            How many bookmarks and notes were added, and how many notes were merged.

        Raises:
            ImportFileError: the file is unreadable or malformed (the bad entry named), or a
                merged note would be too long; nothing was imported.
            StoreError: the database could not be written; nothing was imported.
        """
        path = Path(path)
        data = read_json_file(path, FILE_FORMAT, FILE_VERSION)
        entries = data.get("bookmarks")
        if not isinstance(entries, list):
            raise item_error(path, "bookmarks", "expected a list of bookmarks")
        bookmarks: dict[str, Bookmark] = {}
        for i, entry in enumerate(entries):
            parsed = _parse_entry(path, i, entry)
            bookmarks.setdefault(parsed.location, parsed)
        notes = _parse_notes(path, data.get("notes", []))
        today = today or date.today()
        added = notes_added = notes_merged = 0
        with self._store.transaction() as connection:
            # Files list the newest first; adding the oldest first keeps that order among
            # bookmarks made in the same second.
            for b in reversed(bookmarks.values()):
                cursor = connection.execute(
                    "INSERT OR IGNORE INTO bookmarks (location, title, created) VALUES (?, ?, ?)",
                    [b.location, b.title, b.created],
                )
                added += cursor.rowcount
            # Oldest first too; two notes on one page in the file merge like any other two.
            for where, note in reversed(notes):
                try:
                    outcome = note_rules.merge_note(connection, note, today)
                except NoteError as exc:
                    raise ImportFileError(
                        f"{path}: the note at {where} ({note.title or note.location}) cannot "
                        f"be imported: {exc}; nothing was imported"
                    ) from None
                notes_added += outcome == note_rules.ADDED
                notes_merged += outcome == note_rules.MERGED
        return ImportCounts(added, notes_added, notes_merged)


def _parse_entry(path: Path, index: int, entry: object) -> Bookmark:
    where = f"bookmarks[{index}]"
    location, title = location_and_title(path, where, entry)
    assert isinstance(entry, dict)  # location_and_title refused anything else
    created = utc_stamp(path, where, "created", entry.get("created"))
    return Bookmark(location, title, created or now_iso())


def _parse_notes(path: Path, entries: object) -> list[tuple[str, Note]]:
    """The notes of a file with where each is ("notes[3]"), in file order; blank ones
    are left out (a blank note is no note).

    Raises:
        ImportFileError: a note is malformed; it is named.
    """
    if not isinstance(entries, list):
        raise item_error(path, "notes", "expected a list of notes")
    notes: list[tuple[str, Note]] = []
    for i, entry in enumerate(entries):
        where = f"notes[{i}]"
        location, title = location_and_title(path, where, entry)
        assert isinstance(entry, dict)  # location_and_title refused anything else
        problem = note_rules.location_problem(location)
        if problem:
            raise item_error(path, where, problem)
        text = entry.get("text")
        if text is None:
            raise item_error(path, where, "no text")
        problem = note_rules.text_problem(text) or note_rules.text_problem(title, "the title")
        if problem:
            raise item_error(path, where, problem)
        assert isinstance(text, str)  # text_problem refused anything else
        created = utc_stamp(path, where, "created", entry.get("created"))
        modified = utc_stamp(path, where, "modified", entry.get("modified"))
        if not text.strip():
            continue
        modified = modified or created or now_iso()
        notes.append((where, Note(location, title, text, created or modified, modified)))
    return notes
