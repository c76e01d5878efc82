"""One window per user: a second `painref` hands its request to the window already open.

The window holds a lock file in the user's cache folder (QLockFile: a lock whose process
has died is taken over). A second start that finds the lock held writes its request (open
a page, answer a query, or just come to the front) as a small JSON file in the folder's
requests/ and waits for the window to take it; the window watches that folder
(QFileSystemWatcher) and deletes each request it acts on. No socket of any kind is
opened. When no window takes the request in time (it hangs, or its folder cannot be
written), the second start opens a window of its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject

if TYPE_CHECKING:
    from typing import Self

LOCK_NAME = "window.lock"
REQUESTS = "requests"
HAND_OFF_WAIT_S = 3.0
"""How long a second start waits for the open window to take its request."""
POLL_S = 0.02
KINDS = ("show", "open", "query")


class _Request(NamedTuple):
    kind: str = "show"
    value: str = ""


class Request(_Request):
    """What a start asks of the window: "show" (come to the front), "open" a page id, or
    answer a "query". (A NamedTuple, checked when made: the first frame makes one.)"""

    __slots__ = ()

    def __new__(cls, kind: str = "show", value: str = "") -> Self:
        if kind not in KINDS:
            raise ValueError(f"unknown request {kind!r}")
        return super().__new__(cls, kind, value)


class Instance(QObject):
    """The lock that makes this process the user's one window, and its request box."""

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._lock: QLockFile | None = None
        self._watcher: QFileSystemWatcher | None = None
        self._handler: Callable[[Request], None] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another live process holds it. A folder that cannot
        be written counts as free (the window opens; requests cannot be handed over)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return True
        lock = QLockFile(str(self.folder / LOCK_NAME))
        lock.setStaleLockTime(0)  # only a dead owner's lock is taken over
        if lock.tryLock(0):
            self._lock = lock
            return True
        return lock.error() != QLockFile.LockError.LockFailedError

    def hand_off(self, request: Request, wait_s: float = HAND_OFF_WAIT_S) -> bool:
        """Give request to the window that holds the lock; True once it has taken it."""
        box = self.folder / REQUESTS
        try:
            box.mkdir(parents=True, exist_ok=True)
            path = box / f"{os.getpid()}-{time.monotonic_ns()}.json"
            temp = path.with_suffix(".part")
            temp.write_text(json.dumps({"kind": request.kind, "value": request.value}), "utf-8")
            os.replace(temp, path)
        except OSError:
            return False
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not path.exists():
                return True
            time.sleep(POLL_S)
        with contextlib.suppress(OSError):
            path.unlink()  # not taken: withdraw it, or the window would act on it later
            return False
        return True  # taken just as the wait ended

    def listen(self, handler: Callable[[Request], None]) -> None:
        """Act on requests (those waiting already, then each new one) with handler."""
        box = self.folder / REQUESTS
        try:
            box.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._handler = handler
        watcher = QFileSystemWatcher([str(box)], self)
        watcher.directoryChanged.connect(lambda _path: self._take())
        self._watcher = watcher
        self._take()

    def _take(self) -> None:
        box = self.folder / REQUESTS
        try:
            waiting = sorted(p for p in box.iterdir() if p.suffix == ".json")
        except OSError:
            return
        for path in waiting:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                request = Request(str(data["kind"]), str(data.get("value", "")))
            except (OSError, ValueError, KeyError, TypeError):
                request = None  # a damaged request is dropped, never acted on
            try:
                path.unlink()
            except OSError:
                continue  # withdrawn by its sender meanwhile
            if request is not None and self._handler is not None:
                self._handler(request)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
