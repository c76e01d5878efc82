"""The user's data as the app sees it: the stores, or the reason they cannot be saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from painref.store.bookmarks import BookmarkStore
from painref.store.db import StoreUnavailable, UserStore
from painref.store.history import HistoryStore
from painref.store.lecture_sets import LectureSetStore
from painref.store.notes import NoteStore


@dataclass
class UserData:
    """Bookmarks, notes, history and lecture sets; all None when the user database is
    unavailable."""

    store: UserStore | None
    bookmarks: BookmarkStore | None
    history: HistoryStore | None
    lecture_sets: LectureSetStore | None
    problem: str | None = None
    """Why nothing can be saved (shown to the person); None when all is well."""
    notes: NoteStore | None = None
    """The reader's private notes on pages (last, so the fields before keep their places)."""

    @classmethod
    def open(cls, path: Path) -> UserData:
        """Open the user database at path; never raises for an unusable folder or file."""
        try:
            store = UserStore.open(path)
        except StoreUnavailable as exc:
            return cls.unavailable(str(exc))
        return cls(
            store,
            BookmarkStore(store),
            HistoryStore(store),
            LectureSetStore(store),
            notes=NoteStore(store),
        )

    @classmethod
    def unavailable(cls, problem: str) -> UserData:
        return cls(None, None, None, None, problem, notes=None)

    @property
    def recovered_from(self) -> Path | None:
        """The damaged file that was kept aside when a fresh database was made."""
        return self.store.recovered_from if self.store else None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
