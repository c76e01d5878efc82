"""The `painref` command line's grammar: every command's arguments (argparse), for
cli_commands.py; cli_tools, cli_status and cli_packs add their own commands to it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from painref import cli_tools

if TYPE_CHECKING:
    import argparse

EXIT_USAGE = 2
MAX_LIMIT = 1000


def build_parser() -> argparse.ArgumentParser:
    # argparse is imported here, not at the top: `painref` with no arguments opens the
    # window without it.
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse that reports usage errors as one line and exit status 2."""

        def error(self, message: str) -> None:  # type: ignore[override]
            self.exit(EXIT_USAGE, f"painref: {message} (see `painref --help`)\n")

    parser = _Parser(
        prog="painref",
        description="Offline reference for interventional pain management. "
        "With no command, opens the app; `painref WORDS` opens it on the best match for the "
        "words, with the results listed (in the window already open, if there is one).",
        epilog="PainRef is an educational reference, not a substitute for clinical judgment.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the app version and the content version"
    )
    parser.add_argument(
        "--open",
        metavar="ID",
        help="open the window on that page (in the window already open, if there is one)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check the database, search, pages, the window and that no network is used",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    search = commands.add_parser("search", help="ranked search results")
    search.add_argument("query", help="words to look for: a name, an abbreviation, a question")
    search.add_argument(
        "--limit", type=_limit, default=10, help=f"at most N results (1 to {MAX_LIMIT})"
    )
    search.add_argument("--json", action="store_true", help="print a JSON list")

    show = commands.add_parser("show", help="one topic or condition page")
    show.add_argument(
        "id", help="the page id (epidural-steroid-injection), or its name or abbreviation (ESI)"
    )
    show.add_argument("--format", choices=("text", "html"), default="text")
    show.add_argument(
        "--no-local", action="store_true", help="leave out the local layer's protocols"
    )

    comparing = commands.add_parser("compare", help="two to four topics side by side")
    comparing.add_argument("ids", nargs="+", metavar="ID", help="2 to 4 topic ids or names")
    comparing.add_argument("--format", choices=("text", "html"), default="text")
    comparing.add_argument(
        "--only-differences", action="store_true", help="show only the rows where the topics differ"
    )
    comparing.add_argument(
        "--no-local", action="store_true", help="leave out the local layer's protocols"
    )

    export = commands.add_parser("export", help="a PDF handout of one or more pages")
    export.add_argument(
        "ids",
        nargs="+",
        metavar="ID",
        help="topic or condition ids (or names), or compare:ID,ID[,ID,ID] for a comparison",
    )
    export.add_argument("--output", "-o", type=Path, required=True, help="the PDF file to write")
    export.add_argument("--title", default=None, help="the handout's title")
    export.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="the paper size (default a4)"
    )
    export.add_argument(
        "--local-notes",
        action="store_true",
        help="include the local layer's protocols beside the published values, marked as such",
    )

    listing = commands.add_parser("list", help="every topic and condition with its category")
    listing.add_argument("--json", action="store_true", help="print a JSON list")

    fill = commands.add_parser(
        "fill-rate",
        help="how complete the procedure pages are: at-a-glance rows and template parts",
    )
    fill.add_argument("--json", action="store_true", help="print JSON")

    cli_tools.add_commands(commands)

    from painref import cli_status

    cli_status.add_command(commands)

    from painref import cli_packs

    cli_packs.add_command(commands)

    build = commands.add_parser("build-db", help="rebuild the bundled database from data/")
    build.add_argument(
        "--data", type=Path, default=None, help="content folder (default: the checkout's data/)"
    )
    build.add_argument(
        "--output", type=Path, default=None, help="database file (default: the bundled database)"
    )
    return parser


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _limit(text: str) -> int:
    import argparse

    value = _positive_int(text)
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be {MAX_LIMIT} or less")
    return value
