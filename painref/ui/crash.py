"""Logging to a file in the user's data folder, and an exception hook that says what broke.

A slot that raises in a Qt application does not stop it: PySide6 hands the exception to
sys.excepthook and carries on, and by default that only prints to a terminal a desktop
user never sees. The hook installed here writes the traceback to the log file and shows a
plain-text dialog naming that file, so a fault is seen and can be reported.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
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


def setup_logging(folder: Path | None = None) -> Path | None:
    """Log PainRef's messages (INFO and up) to painref.log in the user data folder.

    Returns the log file, or None when the folder cannot be written (the app still runs).
    """
    folder = folder or paths.user_data_dir()
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=1, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


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
