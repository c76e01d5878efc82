"""The `painref` command: opens the app, or runs one of the subcommands of DESIGN.md.

This module is imported by every start of the window, so it holds only what tells a
window start from a command; the commands, their parser and their output are in
cli_commands.py, imported when a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    if not argv:
        from painref import launch

        return launch.open_window()
    if len(argv) == 2 and argv[0] == "--open" and not argv[1].startswith("-"):
        # Without argparse: importing it and building the parser of every command took
        # about 50 ms here, a sixth of the window's whole start (other forms of --open,
        # `--open=ID`, go through it and read the same).
        from painref import launch

        return launch.open_window(page=argv[1])
    if _is_query(argv):
        from painref import launch

        words = argv[1:] if argv[0] == "--" else argv
        return launch.open_window(query=" ".join(words))
    from painref import cli_commands

    return cli_commands.run(argv)


COMMANDS = (
    "search",
    "show",
    "list",
    "fill-rate",
    "build-db",
    "compare",
    "export",
    "anticoag",
    "dose",
    "status",
    "pack",
)


def _is_query(argv: Sequence[str]) -> bool:
    """`painref WORDS`: words that are neither a command nor an option ask the window for
    the best match ("painref -- show" searches for the word "show")."""
    if argv[0] == "--" and len(argv) > 1:
        return True
    return not argv[0].startswith("-") and argv[0] not in COMMANDS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
