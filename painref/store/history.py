"""History: the pages visited most recently, one row per page, at most HISTORY_LIMIT rows."""

from __future__ import annotations

from dataclasses import dataclass

from painref.store.db import UserStore, now_iso

HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Visit:
    """The last visit to a page."""

    location: str
    title: str
    visited: str
    """When, ISO 8601 in UTC."""


class HistoryStore:
    """The visit history in a user database; its methods raise StoreError, never sqlite3's."""

    def __init__(self, store: UserStore, limit: int = HISTORY_LIMIT) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self._store = store
        self._limit = limit

    def visit(self, location: str, title: str) -> None:
        """Record a visit: the page moves to the top, and the oldest beyond the limit go."""
        with self._store.transaction() as connection:
            # seq, not the time, orders the list: two visits can share a second.
            connection.execute(
                "INSERT INTO history (location, title, visited, seq) "
                "VALUES (?1, ?2, ?3, (SELECT coalesce(max(seq), 0) + 1 FROM history)) "
                "ON CONFLICT (location) DO UPDATE SET "
                "title = excluded.title, visited = excluded.visited, seq = excluded.seq",
                [location, title, now_iso()],
            )
            connection.execute(
                "DELETE FROM history WHERE seq <= "
                "(SELECT seq FROM history ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                [self._limit],
            )

    def recent(self, limit: int = 20) -> list[Visit]:
        """The most recent visits, newest first (StoreError when the database cannot be read)."""
        with self._store.reading() as connection:
            rows = connection.execute(
                "SELECT location, title, visited FROM history ORDER BY seq DESC LIMIT ?",
                [max(limit, 0)],
            ).fetchall()
        return [Visit(*row) for row in rows]

    def remove(self, location: str) -> bool:
        """Forget one page; False if it was not in the history."""
        with self._store.transaction() as connection:
            cursor = connection.execute("DELETE FROM history WHERE location = ?", [location])
            return cursor.rowcount == 1

    def clear(self) -> None:
        """Forget every visit."""
        with self._store.transaction() as connection:
            connection.execute("DELETE FROM history")
