"""Back and forward history of the pages shown (plain Python; the window wires it to actions)."""

from __future__ import annotations

from painref.location import HOME_TEXT as HOME

__all__ = ["HOME", "History"]


class History:
    """A list of visited locations with a cursor, as in a web browser."""

    def __init__(self, limit: int = 100) -> None:
        self._entries: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._entries[self._index] if self._index >= 0 else None

    def visit(self, location: str) -> None:
        """Go to a new location: what was ahead of the cursor is dropped."""
        if location == self.current:
            return
        del self._entries[self._index + 1 :]
        self._entries.append(location)
        if len(self._entries) > self._limit:
            del self._entries[0]
        self._index = len(self._entries) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back_list(self) -> list[tuple[int, str]]:
        """(offset, location) for the entries behind, nearest first (offset < 0)."""
        return [(i - self._index, self._entries[i]) for i in range(self._index - 1, -1, -1)]

    def forward_list(self) -> list[tuple[int, str]]:
        """(offset, location) for the entries ahead, nearest first (offset > 0)."""
        return [
            (i - self._index, self._entries[i]) for i in range(self._index + 1, len(self._entries))
        ]

    def go(self, offset: int) -> str | None:
        """Move the cursor by offset (negative is back); returns the new location."""
        target = self._index + offset
        if offset == 0 or not 0 <= target < len(self._entries):
            return None
        self._index = target
        return self._entries[target]
