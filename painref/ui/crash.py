"""Logging to a file in the user's data folder, and an exception hook that says what broke.

A slot that raises in a Qt application does not stop it: PySide6 hands the exception to
sys.excepthook and carries on, and by default that only prints to a terminal a desktop
user never sees. The hook installed here writes the traceback to the log file and shows a
plain-text dialog naming that file, so a fault is seen and can be reported.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections.abc import Callable, Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from painref import paths

LOG_NAME = "painref.log"
LOG_MAX_BYTES = 1_000_000
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("painref")

Show = Callable[[str, str], None]
"""Shows a dialog: (title, plain text)."""


@contextlib.contextmanager
def reporting(show: Show, folder: Path | None = None) -> Iterator[Path | None]:
    """While the block runs, log to the user's log file and report uncaught errors with show.

    Yields the log file (None when it cannot be written); afterwards the handler is closed
    and the previous sys.excepthook is back.
    """
    previous = sys.excepthook
    handler = _file_handler(folder or paths.user_data_dir())
    log_path = Path(handler.baseFilename) if handler is not None else None
    if handler is not None:
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    install(log_path, show)
    try:
        yield log_path
    finally:
        sys.excepthook = previous
        if handler is not None:
            log.removeHandler(handler)
            handler.close()


def _file_handler(folder: Path) -> RotatingFileHandler | None:
    """A handler writing painref.log in folder, or None when the folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / LOG_NAME, maxBytes=LOG_MAX_BYTES, backupCount=1, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


class ExceptionHook:
    """sys.excepthook for the window: log the traceback, then say so in a dialog."""

    def __init__(self, log_path: Path | None, show: Show) -> None:
        self._log_path = log_path
        self._show = show

    def __call__(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details.rstrip())
        sys.stderr.write(details)
        where = (
            f"The details were written to {self._log_path}."
            if self._log_path is not None
            else "The details could not be written to a log file."
        )
        summary = f"{kind.__name__}: {value}" if str(value) else kind.__name__
        self._show(
            "PainRef: unexpected error",
            f"Something went wrong inside PainRef:\n{summary}\n\n{where}\n"
            "PainRef keeps running; if something looks wrong, restart it.",
        )


def install(log_path: Path | None, show: Show) -> ExceptionHook:
    """Make an ExceptionHook sys.excepthook; returns it."""
    hook = ExceptionHook(log_path, show)
    sys.excepthook = hook
    return hook
