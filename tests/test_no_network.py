"""No network at the system call: every CLI command, run under strace, opens no internet socket.

The self-test's NetworkGuard sees only Python's sockets. This test sees the ones C
libraries open too: it runs each command in a subprocess under
`strace -f -e trace=socket,connect` and fails on any socket that is not AF_UNIX
(tests/netcheck.py says what is allowed and why).

CUPS_SERVER points at a TEST-NET address (RFC 5737, never routed) so that anything that
loads Qt's print support (libcups) tries it and is seen; the CUPS plugin connects to
localhost:631 even without it.

Skipped where strace is missing or may not trace (ptrace forbidden in a container);
with PAINREF_REQUIRE_STRACE=1 (CI sets it) either of those fails instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.netcheck import STRACE_ARGS, findings

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_ENV = "PAINREF_REQUIRE_STRACE"
UNROUTED_CUPS_SERVER = "192.0.2.10"  # TEST-NET-1: a connect to it can only fail
ESI = "epidural-steroid-injection"
RFA = "radiofrequency-ablation"

# (an id for the report, the arguments, a file the command must write); the commands that
# draw with Qt (export, --self-test) are skipped where PySide6 is not installed.
QT_COMMANDS = {"export", "--self-test"}
COMMANDS: list[tuple[str, list[str], str | None]] = [
    ("version", ["--version"], None),
    ("help", ["--help"], None),
    ("search", ["search", "esi"], None),
    ("search-json", ["search", "--json", "esi"], None),
    ("show", ["show", ESI], None),
    ("show-html", ["show", "--format", "html", ESI], None),
    ("list", ["list"], None),
    ("list-json", ["list", "--json"], None),
    ("status", ["status"], None),
    ("status-json", ["status", "--json"], None),
    ("compare", ["compare", ESI, RFA], None),
    ("compare-html", ["compare", "--format", "html", ESI, RFA], None),
    ("export", ["export", ESI, "-o", "page.pdf"], "page.pdf"),
    ("export-compare", ["export", f"compare:{ESI},{RFA}", "-o", "compare.pdf"], "compare.pdf"),
    ("build-db", ["build-db", "--output", "built.db"], "built.db"),
    ("self-test", ["--self-test"], None),
]


@functools.cache
def _strace_problem() -> str | None:
    """Why strace cannot be used here, or None when it can."""
    if shutil.which("strace") is None:
        return "strace is not installed (apt-get install strace)"
    probe = subprocess.run(
        [*STRACE_ARGS, "-o", os.devnull, sys.executable, "-c", "pass"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        return f"strace cannot trace here (ptrace not permitted?): {probe.stderr.strip()[:300]}"
    return None


@pytest.fixture
def strace() -> None:
    problem = _strace_problem()
    if problem is None:
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1, but {problem}")
    pytest.skip(problem)


def _traced(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Run args under strace in cwd; (exit status, stderr, strace output)."""
    log = cwd / "strace.txt"
    result = subprocess.run(
        [*STRACE_ARGS, "-o", str(log), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stderr, log.read_text(encoding="utf-8", errors="replace")


def _env(tmp_path: Path, real_db_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "PAINREF_DEBUG")
    }
    env.update(
        HOME=str(home),
        PAINREF_USER_DIR=str(home / "painref-user"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PAINREF_DB=str(real_db_path),
        QT_QPA_PLATFORM="offscreen",
        CUPS_SERVER=UNROUTED_CUPS_SERVER,
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.mark.usefixtures("strace")
@pytest.mark.parametrize(
    ("args", "writes"), [(a, w) for _, a, w in COMMANDS], ids=[i for i, _, _ in COMMANDS]
)
def test_command_opens_no_network_socket(
    args: list[str], writes: str | None, tmp_path: Path, real_db_path: Path
) -> None:
    if QT_COMMANDS & set(args):
        pytest.importorskip("PySide6", reason="draws with Qt")
    status, stderr, trace = _traced(
        [sys.executable, "-m", "painref", *args], tmp_path, _env(tmp_path, real_db_path)
    )
    # A command that failed early would prove nothing about the network.
    assert status == 0, stderr[-2000:]
    if writes is not None:
        assert (tmp_path / writes).stat().st_size > 0
    found = findings(trace.splitlines())
    assert not found, "network used:\n" + "\n".join(str(f) for f in found)


@pytest.mark.usefixtures("strace")
def test_the_pack_commands_open_no_network_socket(tmp_path: Path, real_db_path: Path) -> None:
    """Make a key, check and build a local layer, verify it, install it, list and read the
    log: a department's whole round, each step traced."""
    env = _env(tmp_path, real_db_path)
    layer = ROOT / "tests" / "data" / "local-layer"
    steps = [
        ["pack", "keygen", "-o", "dept.pem"],
        ["pack", "check", str(layer), "-o", "preview.db"],
        ["pack", "build", "local", str(layer), "--key", "dept.pem", "-o", "layer.painrefpack"],
        ["pack", "verify", "layer.painrefpack", "--key", "dept.pem"],
        ["pack", "list"],
        ["pack", "log"],
    ]
    for args in steps:
        status, stderr, trace = _traced([sys.executable, "-m", "painref", *args], tmp_path, env)
        assert status == 0, f"{args}: {stderr[-2000:]}"
        found = findings(trace.splitlines())
        assert not found, f"{args}: network used:\n" + "\n".join(str(f) for f in found)
    assert (tmp_path / "layer.painrefpack").stat().st_size > 0


@pytest.mark.usefixtures("strace")
def test_the_trace_sees_a_socket_opened_below_python(tmp_path: Path, real_db_path: Path) -> None:
    """The check is not blind: an internet socket made by a C library call (ctypes, not
    Python's socket module) in a child process is reported. It is never connected."""
    code = (
        "import ctypes, socket; libc = ctypes.CDLL(None); "
        "fd = libc.socket(socket.AF_INET6, socket.SOCK_STREAM, 0); "
        "assert fd >= 0; libc.close(fd)"
    )
    script = [
        sys.executable,
        "-c",
        f"import subprocess, sys; subprocess.run([sys.executable, '-c', {code!r}], check=True)",
    ]
    status, stderr, trace = _traced(script, tmp_path, _env(tmp_path, real_db_path))
    assert status == 0, stderr
    found = findings(trace.splitlines())
    assert [f.reason for f in found] == ["socket of family AF_INET6"]


def test_the_parser_allows_unix_sockets_only() -> None:
    trace = """\
101 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3
101 connect(3, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X99"}, 21) = 0
101 connect(4, {sa_family=AF_UNIX, sun_path="/run/dbus/system_bus_socket"}, 110) = 0
[pid   102] socket(AF_LOCAL, SOCK_DGRAM, 0) = 5
102 socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 5
102 connect(5, {sa_family=AF_INET6, sin6_port=htons(631), inet_pton(AF_INET6, "::1", &sin6_addr)}, 28 <unfinished ...>
103 <... connect resumed>) = -1 EINPROGRESS (Operation now in progress)
103 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = -1 EACCES (Permission denied)
103 connect(6, {sa_family=AF_INET, sin_port=htons(631), sin_addr=inet_addr("192.0.2.10")}, 16) = -1 EINPROGRESS
104 socket(AF_PACKET, SOCK_RAW, 768) = 7
104 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 8
104 socket(0x2c /* AF_??? */, SOCK_STREAM, 0) = -1 EAFNOSUPPORT
104 connect(9, 0x7ffd5a1c, 16) = -1 EFAULT (Bad address)
104 +++ exited with 0 +++
"""
    found = findings(trace.splitlines())
    assert [(f.line_number, f.reason) for f in found] == [
        (5, "socket of family AF_INET6"),
        (6, "connect to an AF_INET6 address"),
        (8, "socket of family AF_INET"),
        (9, "connect to an AF_INET address"),
        (10, "socket of family AF_PACKET"),
        (11, "socket of family AF_NETLINK"),
        (12, "socket of family 0x2c"),
        (13, "connect to an address strace did not read"),
    ]


def test_pdf_export_loads_no_print_support(tmp_path: Path, small_db_path: Path) -> None:
    """PDFs are written by QPdfWriter: Qt's print support (and with it libcups) is never
    imported or loaded. In a fresh process, since other tests here may load it."""
    pytest.importorskip("PySide6", reason="draws with Qt")
    code = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from painref.content.library import Library
from painref.ui.export import export_pdf
from painref.ui.handout import export_handout_pdf
app = QApplication([])
library = Library.open(Path({str(small_db_path)!r}))
export_handout_pdf(library, ["alpha-injection", "compare:alpha-injection,gamma-stimulator"],
                   Path("handout.pdf"), "T")
export_pdf("<p>A page</p>", Path("page.pdf"), landscape=True)
modules = sorted(m for m in sys.modules if "PrintSupport" in m)
maps = Path("/proc/self/maps")  # Linux: the shared libraries loaded
lines = maps.read_text().splitlines() if maps.exists() else []
libraries = sorted({{l.split()[-1] for l in lines if "PrintSupport" in l or "libcups" in l}})
print(modules, libraries)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"
    assert (tmp_path / "handout.pdf").stat().st_size > 0
    assert (tmp_path / "page.pdf").stat().st_size > 0
