"""Content packs from the folder IT points PainRef at (the policy file's pack_folder).

After the window is shown, the folder (usually a read-only network share) is checked in a
thread of its own, so a slow share never holds the window; each new pack that verifies is
installed (painref.packs.sync), and the status bar says what happened. What was installed
is used from the next start: content does not change under a reader's eyes.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from painref import policy
from painref.ui import crash

if TYPE_CHECKING:
    from painref.packs.sync import SyncResult
    from painref.ui.main_window import MainWindow

MESSAGE_MS = 20_000
NEXT_START = "PainRef uses it from its next start"


class PackSync(QObject):
    """Checks the policy's pack folder once, off the window's thread.

    Signals:
        finished(object): the SyncResult, delivered on the window's thread.
    """

    finished = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._thread: threading.Thread | None = None
        self.result: SyncResult | None = None
        self.finished.connect(self._on_finished)

    def start(self) -> bool:
        """Start checking the folder; False when the policy names none."""
        if policy.current().pack_folder is None:
            return False
        self._thread = threading.Thread(target=self._run, name="painref-pack-sync", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to timeout seconds (None: for ever) for the check to end (tests, and
        quitting: the app waits a little before the window goes). True when no check is
        running any more."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from painref.packs.sync import SyncResult, sync_from_policy

        try:
            result = sync_from_policy()
        except Exception as exc:  # never let a thread die silently: say it, log it
            crash.log.exception("content pack sync failed")
            result = SyncResult(policy.current().pack_folder, problems=(str(exc),))
        try:
            self.finished.emit(result)
        except RuntimeError:  # quitting: the window (and this object) went first
            crash.log.info("content pack sync ended after the window closed")

    def _on_finished(self, result: SyncResult) -> None:
        self.result = result
        text = result.summary()
        if not text:
            return
        if result.changed:
            text += f". {NEXT_START}"
        for problem in result.problems:
            crash.log.warning("content pack: %s", problem)
        self._window.statusBar().showMessage(text, MESSAGE_MS)
