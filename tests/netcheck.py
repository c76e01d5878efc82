"""Read `strace -f -e trace=socket,connect` output and name every network socket in it.

PainRef promises to use no network. NetworkGuard (the self-test) sees only Python's own
sockets; C libraries (libcups behind Qt's print support, for one) open theirs below it.
strace sees every socket at the system call, whoever opens it.

Allowed, because they cannot leave the machine:
- AF_UNIX (AF_LOCAL) sockets and connects: the X server (/tmp/.X11-unix/X<n> or its
  abstract twin), D-Bus (the session and system bus), glibc's nscd socket for user
  and host look-ups, the systemd journal. A Unix socket only ever reaches a process on
  this machine.

Everything else is reported: a socket() of any other family (AF_INET, AF_INET6,
AF_PACKET, AF_NETLINK, AF_BLUETOOTH, ... or a family strace prints as a number), even
one that failed (the attempt is the defect), and a connect() to any address that is not
AF_UNIX, or to one strace could not read.

Used by tests/test_no_network.py and by the window smoke test (.ci/smoke.sh), which runs
it as `python tests/netcheck.py STRACE_FILE...` (exit status 1 and a report when any
network socket was seen).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

STRACE_ARGS = ("strace", "-f", "-qq", "-e", "trace=socket,connect")
ALLOWED_FAMILIES = frozenset({"AF_UNIX", "AF_LOCAL", "PF_UNIX", "PF_LOCAL"})

# "1234 socket(...) = 5", "[pid  1234] connect(...", or with no pid (no -f, or -o per pid).
# A call interrupted by another thread's output is printed in two parts; the first,
# "connect(5, {sa_family=AF_INET, ...}, 16 <unfinished ...>", holds the arguments, and
# the "<... connect resumed>" part is not needed.
_CALL = re.compile(r"^(?:\[pid\s+)?(?P<pid>\d+)?\]?\s*(?P<call>socket|connect)\((?P<args>.*)$")
_FAMILY = re.compile(r"sa_family=(?P<family>[A-Z0-9_]+)")
_FIRST_ARG = re.compile(r"^\s*(?P<family>[A-Za-z0-9_]+)")


@dataclass(frozen=True)
class Finding:
    """One system call that opened or reached for the network."""

    line_number: int
    line: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line_number}: {self.reason}: {self.line}"


def findings(lines: Iterable[str]) -> list[Finding]:
    """Every socket() and connect() in strace output that is not local (see the module)."""
    found = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        match = _CALL.match(line)
        if match is None:
            continue
        args = match["args"]
        if match["call"] == "socket":
            first = _FIRST_ARG.match(args)
            family = first["family"] if first else "?"
            if family not in ALLOWED_FAMILIES:
                found.append(Finding(number, line, f"socket of family {family}"))
        else:
            address = _FAMILY.search(args)
            if address is None:
                found.append(Finding(number, line, "connect to an address strace did not read"))
            elif address["family"] not in ALLOWED_FAMILIES:
                found.append(Finding(number, line, f"connect to an {address['family']} address"))
    return found


def check_files(paths: Iterable[Path]) -> list[Finding]:
    """The findings of strace output files (one per process with -ff, or one for all)."""
    found = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as text:
            found += [
                Finding(f.line_number, f"{path.name}: {f.line}", f.reason) for f in findings(text)
            ]
    return found


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python tests/netcheck.py STRACE_OUTPUT...\n")
        return 2
    found = check_files(Path(a) for a in argv)
    if found:
        sys.stderr.write(f"network used ({len(found)} system calls):\n")
        sys.stderr.writelines(f"  {f}\n" for f in found)
        return 1
    sys.stdout.write(f"no network socket in {', '.join(argv)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
