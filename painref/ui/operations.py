"""One place where the window runs a change against the user's store and reports its error.

A change that fails (a full disk, a damaged or read-only database) is said in the status bar
and never raised: the reader keeps reading. Reads that fail give a default the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QStatusBar

from painref.errors import PainRefError

T = TypeVar("T")
ERROR_MS = 8000


class StoreOperations:
    """Runs store calls for the window's controllers, reporting failures in its status bar."""

    def __init__(self, status: QStatusBar) -> None:
        self._status = status

    def save(self, what: str, change: Callable[[], object]) -> bool:
        """Run a change; True when it was saved, False (said in the status bar) when not."""
        try:
            change()
        except PainRefError as exc:
            self._status.showMessage(f"Could not save {what}: {exc}", ERROR_MS)
            return False
        return True

    def read(self, what: str, read: Callable[[], T], default: T) -> T:
        """Read from the store; a failure is reported and gives default."""
        try:
            return read()
        except PainRefError as exc:
            self._status.showMessage(f"Could not read {what}: {exc}", ERROR_MS)
            return default

    def read_list(self, what: str, read: Callable[[], list[T]]) -> list[T]:
        """A list from the store; a failure is reported and gives no rows."""
        return self.read(what, read, [])
