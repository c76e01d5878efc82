"""Bookmarks: pages the person wants to find again, newest first; JSON export and import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from painref.store.db import UserStore, now_iso
from painref.store.jsonfile import item_error, location_and_title, read_json_file, write_json

FILE_FORMAT = "painref-bookmarks"
FILE_VERSION = 1


@dataclass(frozen=True)
class Bookmark:
    """A bookmarked page: its location (a topic id, "compare:a,b", ...) and title."""

    location: str
    title: str
    created: str
    """When it was bookmarked, ISO 8601 in UTC."""


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

    def export_json(self, path: Path) -> None:
        """Write every bookmark to a versioned JSON file.

        Raises:
            StoreError: the file cannot be written.
        """
        write_json(
            path,
            {
                "format": FILE_FORMAT,
                "version": FILE_VERSION,
                "bookmarks": [
                    {"location": b.location, "title": b.title, "created": b.created}
                    for b in self.list()
                ],
            },
        )

    def import_json(self, path: Path) -> int:
        """Add the bookmarks of an exported file that are not already here.

        Returns:
            How many were added.

        Raises:
            ImportFileError: the file is unreadable or malformed; nothing was added.
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
        added = 0
        with self._store.transaction() as connection:
            # Files list the newest first; adding the oldest first keeps that order among
            # bookmarks made in the same second.
            for b in reversed(bookmarks.values()):
                cursor = connection.execute(
                    "INSERT OR IGNORE INTO bookmarks (location, title, created) VALUES (?, ?, ?)",
                    [b.location, b.title, b.created],
                )
                added += cursor.rowcount
        return added


def _parse_entry(path: Path, index: int, entry: object) -> Bookmark:
    where = f"bookmarks[{index}]"
    location, title = location_and_title(path, where, entry)
    assert isinstance(entry, dict)  # location_and_title refused anything else
    created = entry.get("created")
    if created is None:
        return Bookmark(location, title, now_iso())
    if not isinstance(created, str):
        raise item_error(path, where, "created is not a date and time")
    shown = created if len(created) <= 40 else created[:37] + "..."
    try:
        moment = datetime.fromisoformat(created)
    except ValueError:
        raise item_error(path, where, f"created is not a date and time: {shown!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        # Stored in UTC so that sorting the text sorts by time.
        stamp = moment.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is before the year 1 in UTC
        raise item_error(path, where, f"created is out of range: {shown!r}") from None
    return Bookmark(location, title, stamp)
