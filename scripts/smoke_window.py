"""Smoke test of the real window: start `painref` on an X display and drive it with real keys.

    xvfb-run -a -s "-screen 0 1280x720x24" python scripts/smoke_window.py [--artifacts DIR]

(.ci/smoke.sh does that; without a DISPLAY this script starts itself under xvfb-run.)

Two launches, each with a fresh HOME and user folder whose settings already hold a recent
search ("esi"), so the recent-searches popup opens when the search field takes the focus:

1. Ctrl+K (the popup opens), type "radiofrequency", Enter: the page opens. Ctrl+Shift+C,
   the comparison picker: filter to Epidural steroid injection, Tab into the list,
   Space ticks it, Enter: the comparison of the two opens. F5 presents it, Page Down, Escape leaves,
   Ctrl+Q quits.
2. Ctrl+K, Down and Enter choose the recent search "esi", Enter opens its top result.

The app runs under `strace -f -e trace=socket,connect`. It fails, naming the step, when
the app crashes or exits non-zero, when a step's effect does not appear in time, when
stderr shows a Python traceback or a Qt warning, or when any socket other than AF_UNIX
(X11, D-Bus) was opened (tests/netcheck.py). A screenshot of the whole screen is taken
after every step, passed or failed, into the artifacts folder.

Needs xdotool, imagemagick (import), strace and an X server (Xvfb). No window manager is
needed: the script gives windows the keyboard focus itself, as a click would.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.netcheck import STRACE_ARGS, check_files  # noqa: E402

SCREEN = "1280x720x24"
UNROUTED_CUPS_SERVER = "192.0.2.10"  # TEST-NET-1: provokes and shows any CUPS look-up
# Generous: CI is a loaded two-core machine and the app runs under strace.
START_TIMEOUT = 90.0
STEP_TIMEOUT = 30.0
QUIT_TIMEOUT = 30.0
POLL = 0.1
SETTLE = 0.3
# stderr lines that fail the run: Python tracebacks, PySide's override errors, Qt's
# warnings ("qt.qpa.xcb: ...", "QWidget::...: ...", "QPainter::begin: ...").
BAD_STDERR = re.compile(
    r"Traceback \(most recent call last\)|Error calling Python override|Fatal Python error"
    r"|^qt\.[\w.]+:|^Q[A-Za-z]+(::\w+)*(\(.*?\))?: |^QWidget|Segmentation fault",
    re.MULTILINE,
)
COMPARED = "compare:radiofrequency-ablation,epidural-steroid-injection"

T = TypeVar("T")


class StepFailed(Exception):
    """A step's effect did not appear, or the app died."""

    def __init__(self, message: str, stderr_shown: bool = False) -> None:
        super().__init__(message)
        self.stderr_shown = stderr_shown


class Session:
    """One launch of the app under strace, with its own HOME, and the steps run on it."""

    def __init__(self, name: str, artifacts: Path, workdir: Path) -> None:
        self.name = name
        self.artifacts = artifacts
        self.home = workdir / name
        self.user_dir = self.home / "painref-user"
        self.user_dir.mkdir(parents=True)
        runtime = self.home / "runtime"
        runtime.mkdir(mode=0o700)
        # The recent search the popup offers, as the app saved it in an earlier session.
        (self.user_dir / "settings.ini").write_text("[search]\nrecent=esi\n", encoding="utf-8")
        self.trace = artifacts / f"{name}-strace.txt"
        self.stderr_path = artifacts / f"{name}-stderr.txt"
        self.step_number = 0
        self.window = ""
        self.pid = ""
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "PAINREF_DB", "PAINREF_DEBUG")
        }
        env.update(
            HOME=str(self.home),
            PAINREF_USER_DIR=str(self.user_dir),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_RUNTIME_DIR=str(runtime),
            CUPS_SERVER=UNROUTED_CUPS_SERVER,
        )
        self._stderr = open(self.stderr_path, "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [*STRACE_ARGS, "-o", str(self.trace), *painref_command()],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            cwd=self.home,
            start_new_session=True,  # strace and the app in a group of their own, to end both
        )
        self.reported_stderr = 0

    # -- steps ---------------------------------------------------------------------------

    @contextmanager
    def step(self, title: str, *, screenshot: bool = True) -> Iterator[None]:
        """Run a step; a screenshot after it; fail with its name and what went wrong."""
        self.step_number += 1
        label = f"[{self.name} {self.step_number:02d}] {title}"
        print(f"{label} ...", flush=True)
        start = time.monotonic()
        try:
            yield
            self.check_stderr()
        except StepFailed as exc:
            shot = self.screenshot(title, failed=True)
            raise StepFailed(f"{label}: {exc}\n  screenshot: {shot}", exc.stderr_shown) from None
        seconds = time.monotonic() - start
        shot_name = self.screenshot(title).name if screenshot else ""
        print(f"{label}: ok ({seconds:.1f} s) {shot_name}", flush=True)

    def screenshot(self, title: str, *, failed: bool = False) -> Path:
        time.sleep(SETTLE)  # the window repaints just after its title changes
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
        path = self.artifacts / (
            f"{self.name}-{self.step_number:02d}-{slug}{'-FAILED' if failed else ''}.png"
        )
        subprocess.run(["import", "-window", "root", str(path)], check=False, timeout=30)
        return path

    def check_stderr(self) -> None:
        """Fail on a traceback or a Qt warning the app printed so far."""
        self._stderr.flush()
        text = self.stderr_path.read_text(encoding="utf-8", errors="replace")
        found = BAD_STDERR.search(text, self.reported_stderr)
        if found:
            start = text.rfind("\n", 0, found.start()) + 1
            raise StepFailed(f"the app wrote to stderr:\n{indent(text[start:][:2000])}", True)
        self.reported_stderr = len(text)

    def wait(self, what: str, check: Callable[[], T | None], timeout: float = STEP_TIMEOUT) -> T:
        """Poll check until it gives a value; fail when the app exits or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value is not None and value is not False:
                return value
            status = self.process.poll()
            if status is not None:
                raise StepFailed(f"the app {describe_exit(status)} while waiting for {what}")
            if time.monotonic() > deadline:
                raise StepFailed(f"{what} did not happen within {timeout:.0f} s")
            time.sleep(POLL)

    # -- the app's windows ---------------------------------------------------------------

    def start(self) -> None:
        with self.step("the window opens"):
            self.window = self.wait(
                "the main window 'PainRef' to be shown",
                lambda: first(xdotool("search", "--onlyvisible", "--name", "^PainRef$")),
                START_TIMEOUT,
            )
            self.pid = xdotool("getwindowpid", self.window).strip()
            self.focus(self.window)

    def focus(self, window: str) -> None:
        """Give window the keyboard focus, as clicking it would (there is no window manager)."""
        xdotool("windowfocus", "--sync", window, check=False)
        self.wait(f"window {window} to take the keyboard focus", lambda: self.focused(window))

    def focused(self, window: str) -> bool:
        return xdotool("getwindowfocus", check=False).strip() == window

    def title(self) -> str:
        return xdotool("getwindowname", self.window, check=False).strip()

    def visible(self) -> list[str]:
        """The app's visible windows (the main window, popups, dialogs)."""
        return xdotool("search", "--onlyvisible", "--pid", self.pid, check=False).split()

    def named(self, pattern: str) -> str | None:
        return first(xdotool("search", "--onlyvisible", "--name", pattern, check=False))

    def title_matches(self, pattern: str) -> str | None:
        title = self.title()
        return title if re.search(pattern, title) else None

    def last_visit(self) -> str | None:
        """The page most recently recorded in the user's history database."""
        try:
            with sqlite3.connect(f"file:{self.user_dir / 'user.db'}?mode=ro", uri=True) as db:
                row = db.execute(
                    "SELECT location FROM history ORDER BY seq DESC LIMIT 1"
                ).fetchone()
        except sqlite3.Error:
            return None
        return str(row[0]) if row else None

    def quit(self) -> None:
        with self.step("Ctrl+Q quits"):
            self.focus(self.window)
            key("ctrl+q")
            try:
                status = self.process.wait(QUIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise StepFailed(f"the app was still running {QUIT_TIMEOUT:.0f} s later") from None
            if status != 0:
                raise StepFailed(f"the app {describe_exit(status)}")

    def finish(self) -> None:
        """After the steps: no network was used, stderr is clean."""
        with self.step("no network socket (strace)", screenshot=False):
            found = check_files([self.trace])
            if found:
                raise StepFailed("network used:\n" + indent("\n".join(str(f) for f in found[:20])))
        self.close()

    def close(self) -> None:
        # strace does not end the program it traces when it is killed itself: end the
        # whole process group (only our own strace and the app it started).
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        self._stderr.close()


# -- the two launches ----------------------------------------------------------------------


def search_compare_present(session: Session) -> None:
    session.start()
    with session.step("Ctrl+K: the recent-searches popup opens"):
        key("ctrl+k")
        session.wait("the recent-searches popup", lambda: len(session.visible()) >= 2)
    with session.step("type 'radiofrequency'"):
        xdotool("type", "--delay", "40", "radiofrequency")
        # Typed text replaces the recent searches with results.
        session.wait("the popup to close as text is typed", lambda: len(session.visible()) == 1)
    with session.step("Enter opens the page"):
        key("Return")
        session.wait(
            "the title 'Radiofrequency ablation - PainRef'",
            lambda: session.title_matches(r"^Radiofrequency ablation\b.* - PainRef$"),
        )
    with session.step("Ctrl+Shift+C opens the comparison picker"):
        key("ctrl+shift+c")
        picker = session.wait(
            "the 'Compare topics' dialog", lambda: session.named("^Compare topics$")
        )
        session.focus(picker)
    with session.step("filter, Tab, Space ticks Epidural steroid injection"):
        # The filter has the focus. It leaves one topic, the list's current one, which
        # Space ticks once Tab has moved into the list.
        xdotool("type", "--delay", "30", "epidural steroid injection (esi)")
        time.sleep(0.3)  # the filter applies on each key; nothing to poll for in X
        key("Tab", "space")
    with session.step("Enter compares the two"):
        key("Return")
        session.wait(
            "the picker to close", lambda: session.named("^Compare topics$") is None or None
        )
        # A comparison is titled by its columns: "Compare: ESI, RFA - PainRef".
        session.wait("the title 'Compare: ...'", lambda: session.title_matches(r"^Compare: "))
        shown = session.wait("the comparison in the history", session.last_visit)
        if shown != COMPARED:
            raise StepFailed(f"the comparison shown is {shown!r}, not {COMPARED!r}")
    with session.step("F5 presents the comparison"):
        session.focus(session.window)  # the closed dialog took the focus with it
        key("F5")
        presentation = session.wait(
            "the presentation window", lambda: session.named(r" - PainRef presentation$")
        )
        session.focus(presentation)
        key("Next")
    with session.step("Escape leaves the presentation"):
        key("Escape")
        session.wait(
            "the presentation window to close",
            lambda: session.named(r" - PainRef presentation$") is None or None,
        )
    session.quit()
    session.finish()


def recent_search(session: Session) -> None:
    session.start()
    with session.step("Ctrl+K: the recent-searches popup opens"):
        key("ctrl+k")
        session.wait("the recent-searches popup", lambda: len(session.visible()) >= 2)
    with session.step("Down, Enter choose the recent search 'esi'"):
        key("Down")
        key("Return")
        session.wait("the popup to close", lambda: len(session.visible()) == 1)
    with session.step("Enter opens its top result"):
        if not session.title_matches(r"^Epidural steroid injection\b"):
            key("Return")
        session.wait(
            "the title 'Epidural steroid injection - PainRef'",
            lambda: session.title_matches(r"^Epidural steroid injection\b.* - PainRef$"),
        )
        shown = session.wait("the page in the history", session.last_visit)
        if shown != "epidural-steroid-injection":
            raise StepFailed(f"the page shown is {shown!r}, not 'epidural-steroid-injection'")
    session.quit()
    session.finish()


# -- helpers ---------------------------------------------------------------------------------


def painref_command() -> list[str]:
    """The installed `painref` beside this Python (a virtual environment), else the module."""
    script = Path(sys.executable).with_name("painref")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "painref"]


def xdotool(*args: str, check: bool = True) -> str:
    try:
        result = subprocess.run(
            ["xdotool", *args], capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise StepFailed(
            f"xdotool {' '.join(args)} did not return in {STEP_TIMEOUT:.0f} s"
        ) from None
    if check and result.returncode != 0 and args[0] != "search":
        raise StepFailed(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def key(*keys: str) -> None:
    """Real key presses (XTEST) into the window with the keyboard focus."""
    xdotool("key", "--delay", "60", *keys)


def first(output: str) -> str | None:
    words = output.split()
    return words[0] if words else None


def describe_exit(status: int) -> str:
    if status < 0:
        return f"was killed by signal {-status}"
    return f"exited with status {status}"


def indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.rstrip().splitlines())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--artifacts", type=Path, help="where screenshots and logs go")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        if shutil.which("xvfb-run") is None:
            print("smoke: no DISPLAY and no xvfb-run", file=sys.stderr)
            return 2
        command = [sys.executable, __file__, *argv]
        return subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN}", *command]).returncode
    missing = [tool for tool in ("xdotool", "import", "strace") if shutil.which(tool) is None]
    if missing:
        print(f"smoke: missing tools: {', '.join(missing)}", file=sys.stderr)
        return 2
    artifacts = (args.artifacts or Path(tempfile.mkdtemp(prefix="painref-smoke-"))).resolve()
    artifacts.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="painref-smoke-home-") as workdir:
        for name, run in (("search", search_compare_present), ("recent", recent_search)):
            session = Session(name, artifacts, Path(workdir))
            try:
                run(session)
            except BaseException as exc:
                session.close()  # never leave the app or strace running, whatever failed
                if not isinstance(exc, StepFailed):
                    raise
                print(f"\nSMOKE TEST FAILED {exc}", file=sys.stderr)
                session.close()
                stderr = session.stderr_path.read_text(encoding="utf-8", errors="replace")
                if stderr.strip() and not exc.stderr_shown:
                    print(f"  the app's stderr ({session.stderr_path}):", file=sys.stderr)
                    print(indent(stderr[-4000:]), file=sys.stderr)
                print(f"  screenshots and logs: {artifacts}", file=sys.stderr)
                return 1
    print(f"smoke test passed in {time.monotonic() - started:.1f} s; screenshots in {artifacts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
