"""Lecture sets: named, ordered lists of pages to show in turn; JSON export and import."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from painref.store.db import LectureSetError, UserStore, now_iso
from painref.store.jsonfile import item_error, location_and_title, read_json_file, write_json

FILE_FORMAT = "painref-lecture-set"
FILE_VERSION = 1
_NUMBERED = re.compile(r"^(?P<base>.*) \((?P<n>\d+)\)$")


@dataclass(frozen=True)
class LectureItem:
    """One page of a lecture set: a topic id, "compare:a,b,c" or a condition id, and a title."""

    location: str
    title: str


@dataclass(frozen=True)
class LectureSet:
    """A named, ordered list of pages."""

    id: int
    name: str
    items: tuple[LectureItem, ...] = ()


class LectureSetStore:
    """The lecture sets in a user database.

    Methods that take an id raise LectureSetError when no set has it (it may have been
    deleted); an item index out of range is a bug and raises IndexError. Any method raises
    StoreError when the database cannot be read or written.
    """

    def __init__(self, store: UserStore) -> None:
        self._store = store

    def create(self, name: str) -> LectureSet:
        """A new, empty set; a name already taken gets " (2)", " (3)"... added.

        Raises:
            LectureSetError: the name is empty.
        """
        name = _clean_name(name)
        with self._store.transaction() as connection:
            return self._insert(connection, name, ())

    def rename(self, set_id: int, name: str) -> LectureSet:
        """Rename a set.

        Raises:
            LectureSetError: no such set, the name is empty or another set has it.
        """
        name = _clean_name(name)
        with self._store.transaction() as connection:
            self._require(connection, set_id)
            taken = connection.execute(
                "SELECT 1 FROM lecture_sets WHERE name = ? AND id != ?", [name, set_id]
            ).fetchone()
            if taken:
                raise LectureSetError(
                    f"there is already a lecture set named {name!r}; choose another name"
                )
            connection.execute(
                "UPDATE lecture_sets SET name = ?, modified = ? WHERE id = ?",
                [name, now_iso(), set_id],
            )
            return self._read(connection, set_id)

    def delete(self, set_id: int) -> None:
        """Delete a set and its items."""
        with self._store.transaction() as connection:
            self._require(connection, set_id)
            connection.execute("DELETE FROM lecture_set_items WHERE set_id = ?", [set_id])
            connection.execute("DELETE FROM lecture_sets WHERE id = ?", [set_id])

    def list(self) -> list[LectureSet]:
        """Every set with its items, by name (StoreError when the database cannot be read)."""
        with self._store.reading() as connection:
            ids = [
                row[0] for row in connection.execute("SELECT id FROM lecture_sets ORDER BY name")
            ]
            return [self._read(connection, set_id) for set_id in ids]

    def get(self, set_id: int) -> LectureSet:
        """One set with its items."""
        with self._store.reading() as connection:
            return self._read(connection, set_id)

    def set_items(self, set_id: int, items: Sequence[LectureItem]) -> LectureSet:
        """Replace a set's items with these, in this order."""
        with self._store.transaction() as connection:
            self._require(connection, set_id)
            self._write_items(connection, set_id, items)
            return self._read(connection, set_id)

    def add_item(self, set_id: int, location: str, title: str) -> LectureSet:
        """Append a page to a set (a page may appear more than once)."""
        with self._store.transaction() as connection:
            items = list(self._read(connection, set_id).items)
            items.append(LectureItem(location, title))
            self._write_items(connection, set_id, items)
            return self._read(connection, set_id)

    def remove_item(self, set_id: int, index: int) -> LectureSet:
        """Remove the item at index (0-based)."""
        with self._store.transaction() as connection:
            items = list(self._read(connection, set_id).items)
            _check_index(items, index)
            del items[index]
            self._write_items(connection, set_id, items)
            return self._read(connection, set_id)

    def move_item(self, set_id: int, index: int, step: int) -> LectureSet:
        """Move the item at index by step places (negative: up); it stops at either end.

        The item's new index is ``max(0, min(len(items) - 1, index + step))``.
        """
        with self._store.transaction() as connection:
            items = list(self._read(connection, set_id).items)
            _check_index(items, index)
            item = items.pop(index)
            items.insert(max(0, min(len(items), index + step)), item)
            self._write_items(connection, set_id, items)
            return self._read(connection, set_id)

    def export_json(self, set_id: int, path: Path) -> None:
        """Write a set to a small versioned JSON file another PainRef can import.

        Raises:
            LectureSetError: no such set.
            StoreError: the file cannot be written.
        """
        lecture_set = self.get(set_id)
        write_json(
            path,
            {
                "format": FILE_FORMAT,
                "version": FILE_VERSION,
                "name": lecture_set.name,
                "items": [{"location": i.location, "title": i.title} for i in lecture_set.items],
            },
        )

    def import_json(self, path: Path) -> LectureSet:
        """Add the set in an exported file as a new set; a name already taken gets " (2)".

        Raises:
            ImportFileError: the file is unreadable, malformed, another kind of file or from
                a newer PainRef; nothing was added.
        """
        path = Path(path)
        data = read_json_file(path, FILE_FORMAT, FILE_VERSION)
        name = data.get("name")
        if not isinstance(name, str) or not name.split():
            raise item_error(path, "name", "the lecture set has no name")
        entries = data.get("items")
        if not isinstance(entries, list):
            raise item_error(path, "items", "expected a list of items")
        items = [_parse_item(path, i, entry) for i, entry in enumerate(entries)]
        with self._store.transaction() as connection:
            return self._insert(connection, _clean_name(name), items)

    # -- helpers -------------------------------------------------------------------------

    def _insert(
        self, connection: sqlite3.Connection, name: str, items: Sequence[LectureItem]
    ) -> LectureSet:
        stamp = now_iso()
        cursor = connection.execute(
            "INSERT INTO lecture_sets (name, created, modified) VALUES (?, ?, ?)",
            [_unique_name(connection, name), stamp, stamp],
        )
        set_id = cursor.lastrowid
        assert set_id is not None
        self._write_items(connection, set_id, items)
        return self._read(connection, set_id)

    def _require(self, connection: sqlite3.Connection, set_id: int) -> None:
        if connection.execute("SELECT 1 FROM lecture_sets WHERE id = ?", [set_id]).fetchone():
            return
        raise LectureSetError(f"no lecture set with id {set_id}; it may have been deleted")

    def _read(self, connection: sqlite3.Connection, set_id: int) -> LectureSet:
        row = connection.execute("SELECT name FROM lecture_sets WHERE id = ?", [set_id]).fetchone()
        if row is None:
            raise LectureSetError(f"no lecture set with id {set_id}; it may have been deleted")
        items = connection.execute(
            "SELECT location, title FROM lecture_set_items WHERE set_id = ? ORDER BY position",
            [set_id],
        )
        return LectureSet(set_id, row[0], tuple(LectureItem(*item) for item in items))

    def _write_items(
        self, connection: sqlite3.Connection, set_id: int, items: Sequence[LectureItem]
    ) -> None:
        # Sets are short: rewriting them keeps positions dense without juggling the key.
        connection.execute("DELETE FROM lecture_set_items WHERE set_id = ?", [set_id])
        connection.executemany(
            "INSERT INTO lecture_set_items (set_id, position, location, title) VALUES (?, ?, ?, ?)",
            [(set_id, position, i.location, i.title) for position, i in enumerate(items)],
        )
        connection.execute("UPDATE lecture_sets SET modified = ? WHERE id = ?", [now_iso(), set_id])


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise LectureSetError("a lecture set needs a name")
    return cleaned


def _unique_name(connection: sqlite3.Connection, name: str) -> str:
    """name, or name with the lowest free " (n)" when another set has it (case-insensitive)."""
    taken = {row[0].casefold() for row in connection.execute("SELECT name FROM lecture_sets")}
    if name.casefold() not in taken:
        return name
    match = _NUMBERED.match(name)
    base = match.group("base") if match else name
    n = 2
    while f"{base} ({n})".casefold() in taken:
        n += 1
    return f"{base} ({n})"


def _check_index(items: Sequence[LectureItem], index: int) -> None:
    if not 0 <= index < len(items):
        raise IndexError(f"item index {index} out of range for a set of {len(items)}")


def _parse_item(path: Path, index: int, entry: object) -> LectureItem:
    return LectureItem(*location_and_title(path, f"items[{index}]", entry))
