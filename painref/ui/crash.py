"""Logging to a file in the user's data folder, an exception hook that says what broke, and
a notice after a run that ended in a crash.

A slot that raises in a Qt application does not stop it: PySide6 hands the exception to
sys.excepthook and carries on, and by default that only prints to a terminal a desktop
user never sees. The hook installed here writes the traceback to the log file and shows a
plain-text dialog naming that file, so a fault is seen and can be reported.

A crash (a segmentation fault, the process killed) runs no Python at all. So each run
leaves a file, crash-PID.txt, in the user's data folder, into which faulthandler writes
the stacks if the process dies of a fatal signal, and which a normal exit removes. The
next start finds the file of a process that no longer runs, keeps any report it holds as
last-crash.txt, and says once that PainRef closed unexpectedly.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from painref import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

LOG_NAME = "painref.log"
RUN_FILE_PATTERN = "crash-*.txt"
LAST_CRASH_NAME = "last-crash.txt"
CRASH_TITLE = "PainRef closed unexpectedly"
LOG_MAX_BYTES = 1_000_000
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("painref")

Show = Callable[[str, str], None]
"""Shows a dialog: (title, plain text)."""


@contextlib.contextmanager
def reporting(
    show: Show, folder: Path | None = None, notice: Show | None = None
) -> Iterator[Path | None]:
    """While the block runs, log to the user's log file and report uncaught errors with show.

    If the last run in folder crashed, notice (by default a box on the main window that
    does not wait to be closed) says so once, as soon as the event loop runs.

    Yields the log file (None when it cannot be written); afterwards the handler is closed,
    the previous sys.excepthook is back and this run's crash file is gone.
    """
    folder = folder or paths.user_data_dir()
    previous = sys.excepthook
    handler = _file_handler(folder)
    log_path = Path(handler.baseFilename) if handler is not None else None
    if handler is not None:
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    install(log_path, show)
    crashed = previous_crash(folder)
    run = _RunFile.start(folder)
    if crashed is not None:
        log.warning("the previous run ended unexpectedly (%s)", crashed.report or "no report")
        _later(notice or _open_notice, CRASH_TITLE, crashed.text(log_path))
    try:
        yield log_path
    finally:
        run.end()
        sys.excepthook = previous
        if handler is not None:
            log.removeHandler(handler)
            handler.close()


@dataclass(frozen=True)
class Crash:
    """A run that ended without closing normally, and the report it left (if any)."""

    report: Path | None

    def text(self, log_path: Path | None) -> str:
        """What the notice says (plain text)."""
        lines = [
            "PainRef closed unexpectedly last time.",
            "Your bookmarks, notes, history and lecture sets are saved as you make them, "
            "so they are safe.",
        ]
        log = f"PainRef's log: {log_path}" if log_path is not None else ""
        if self.report is not None:
            lines += ["", f"A report of where it stopped was kept in\n{self.report}"]
            if log:
                lines.append(log)
            lines += ["", "If it happens again, those files show what went wrong."]
        else:
            lines += ["", "It left no report of where it stopped."]
            if log:
                lines += ["If it happens again, the log may show what went wrong.", log]
        return "\n".join(lines)


def previous_crash(folder: Path) -> Crash | None:
    """The crash of an earlier run in folder, found once: the run files of processes no
    longer running are removed, and the last report among them kept as last-crash.txt."""
    crashed = False
    report: Path | None = None
    try:
        run_files = sorted(folder.glob(RUN_FILE_PATTERN), key=_modified)
    except OSError:
        return None
    for run_file in run_files:
        pid = _pid(run_file)
        if pid is None or _is_running(pid):
            continue  # not a run file, or another PainRef that is open now
        crashed = True
        try:
            if run_file.stat().st_size:
                report = run_file.replace(folder / LAST_CRASH_NAME)
            else:
                run_file.unlink()
        except OSError:
            continue
    return Crash(report) if crashed else None


class _RunFile:
    """This run's crash-PID.txt: faulthandler's target while the app runs, removed at exit."""

    def __init__(self, path: Path | None, stream: IO[str] | None, previous_fault: bool) -> None:
        self._path = path
        self._stream = stream
        self._previous_fault = previous_fault

    @classmethod
    def start(cls, folder: Path) -> _RunFile:
        previous_fault = faulthandler.is_enabled()
        path = folder / f"crash-{os.getpid()}.txt"
        try:
            stream = path.open("w", encoding="utf-8")
        except OSError:
            return cls(None, None, previous_fault)
        # Without a file descriptor (an odd stream) the file still marks the run.
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            faulthandler.enable(stream, all_threads=True)
        return cls(path, stream, previous_fault)

    def end(self) -> None:
        if self._stream is None or self._path is None:
            return
        faulthandler.disable()
        if self._previous_fault and sys.__stderr__ is not None:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                faulthandler.enable(sys.__stderr__)
        self._stream.close()
        with contextlib.suppress(OSError):
            self._path.unlink()
        self._stream = None


def _pid(run_file: Path) -> int | None:
    match = re.fullmatch(r"crash-(\d+)\.txt", run_file.name)
    return int(match.group(1)) if match else None


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _is_running(pid: int) -> bool:
    """Whether a process pid runs now (a recycled pid counts as running: no notice)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        # os.kill(pid, 0) would send Ctrl+C there; ask whether the process is still active.
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A process that has ended but not been reaped yet (Linux): it crashed all the same."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    # The state follows the command name, which is in parentheses and may hold spaces.
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _later(notice: Show, title: str, text: str) -> None:
    """Run notice once the event loop runs (after the window is shown), or now without Qt."""
    from PySide6.QtCore import QCoreApplication, QTimer

    if QCoreApplication.instance() is None:
        notice(title, text)
    else:
        QTimer.singleShot(0, lambda: notice(title, text))


def _open_notice(title: str, text: str) -> None:
    """The notice as a box on the main window that does not wait to be closed (so it can
    never hold up a start without anyone to close it)."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    from painref.ui import messages

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    parent = QApplication.activeWindow() or next((w for w in windows if w.isVisible()), None)
    box = messages.box(parent, messages.Icon.Information, title, text)
    box.setObjectName("CrashNotice")
    _open_boxes.append(box)  # a box with no parent lives as long as Python holds it
    box.finished.connect(lambda _result: _open_boxes.remove(box))
    box.open()


_open_boxes: list[QMessageBox] = []


class _LogFile(logging.FileHandler):
    """painref.log, moved to painref.log.1 (replacing the one before) once it reaches
    LOG_MAX_BYTES: what logging.handlers.RotatingFileHandler does, without the socket and
    pickle modules that logging.handlers loads with it."""

    def emit(self, record: logging.LogRecord) -> None:
        stream = self.stream
        try:
            if stream is not None and os.fstat(stream.fileno()).st_size >= LOG_MAX_BYTES:
                self.acquire()
                try:
                    stream.close()
                    self.stream = None  # reopened by emit
                    os.replace(self.baseFilename, f"{self.baseFilename}.1")
                finally:
                    self.release()
        except OSError:
            pass  # a log that cannot roll over keeps growing rather than lose the record
        super().emit(record)


def _file_handler(folder: Path) -> logging.FileHandler | None:
    """A handler writing painref.log in folder, or None when the folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(folder / LOG_NAME, encoding="utf-8")
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
