"""The `painref` subcommands (DESIGN.md): their handlers and output. cli.py imports this
module only when a command runs, not when the window opens; the grammar is cli_parser.py's,
the procedure-day tools' commands are in cli_tools.py, `status` in cli_status.py, `pack` in
cli_packs.py.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from painref import __version__, cli_tools
from painref.cli_parser import build_parser
from painref.errors import PainRefError

if TYPE_CHECKING:
    import argparse

    from painref.content.library import Library
    from painref.content.local_layer import LocalLayer
    from painref.search.service import SearchService

EXIT_OK = 0
EXIT_ERROR = 1


Output = cli_tools.Output
"""Where a command writes: standard output, through _Output."""


class _OutputError(Exception):
    """Writing to standard output failed (a full disk, an I/O error)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


class _Output:
    """Standard output whose write errors are told apart from the commands' own errors."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.utf8 = _is_utf8(getattr(stream, "encoding", None))
        self.terminal = _is_terminal(stream)

    def write(self, text: str, /) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc) from None


def run(argv: Sequence[str]) -> int:
    """A command, `--version`, `--self-test`, or a form of --open argparse reads; returns
    the exit status."""
    _tolerate_unencodable_output()
    args = build_parser().parse_args(argv)
    if args.open is not None and args.command is None and not (args.version or args.self_test):
        from painref import launch

        return launch.open_window(page=args.open)
    if args.version or args.self_test or args.command is not None:
        _say_policy_problem()
    if args.version:
        return _run(_version, args)
    if args.self_test:
        from painref import launch

        return launch.run_self_test()
    if args.command is None:
        from painref import launch

        return launch.open_window()
    handler = {
        "search": _search,
        "show": _show,
        "list": _list,
        "fill-rate": _fill_rate,
        "build-db": _build_db,
        "compare": _compare,
        "export": _export,
        "anticoag": lambda a, o: cli_tools.anticoag(a, o, _library(), _dump_json),
        "dose": lambda a, o: cli_tools.dose(a, o, _library(), _dump_json),
        "status": _status,
        "pack": _pack,
    }
    return _run(handler[args.command], args)


def _run(handler: object, args: argparse.Namespace) -> int:
    out = _Output(sys.stdout)
    try:
        handler(args, out)  # type: ignore[operator]
        out.flush()
    except PainRefError as exc:
        print(f"painref: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # `painref list | head`: the reader left; not an error worth a traceback.
        _discard_stdout()
        sys.stderr.close()
        return EXIT_OK
    except _OutputError as exc:
        # `painref show X > /dev/full`: say so once, not again when Python exits.
        _discard_stdout()
        print(f"painref: cannot write output: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _tolerate_unencodable_output() -> None:
    """Make standard output and error write any text without UnicodeEncodeError.

    Redirected to a pipe or a file, with no encoding asked for in PYTHONIOENCODING, they
    write UTF-8: Windows would give them its ANSI code page (cp1252, which has no "≥" and
    no Greek letters for a page title or a user's folder name to hold), a POSIX locale
    ASCII. A terminal keeps its own encoding (Windows' console takes Unicode anyway).
    Whatever an encoding still lacks (PYTHONIOENCODING=ascii, a latin-1 terminal) prints
    as "?" on stdout and as a backslash escape on stderr; JSON escapes it instead (see
    _dump_json), so it stays exact.
    """
    asked = os.environ.get("PYTHONIOENCODING", "").partition(":")[0].strip()
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # None in a windowed build, or a stand-in stream
            continue
        change: dict[str, str] = {}
        utf8 = _is_utf8(getattr(stream, "encoding", None))
        if not utf8 and not asked and not _is_terminal(stream):
            change["encoding"] = "utf-8"
            utf8 = True
        current = getattr(stream, "errors", "strict")
        # surrogateescape writes back the undecodable bytes of a file name: right on UTF-8,
        # but on any other encoding it raises for "≥" like strict does.
        if current == "strict" or (current == "surrogateescape" and not utf8):
            change["errors"] = errors
        elif "encoding" in change:
            change["errors"] = current
        if change:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(**change)


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # closed
        return False


def _say_policy_problem() -> None:
    """A policy file that was not applied, said once on stderr (the commands run on the
    defaults; `painref status` reports it too)."""
    from painref import policy

    problem = policy.current().problem
    if problem:
        print(f"painref: {problem}", file=sys.stderr)


def _discard_stdout() -> None:
    """Point file descriptor 1 at the null device, so the exit-time flush cannot fail."""
    with contextlib.suppress(OSError, ValueError):  # a captured stream has no descriptor
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()  # what was buffered goes to the null device now


def _dump_json(data: object, out: Output) -> None:
    """JSON, with non-ASCII characters as they are on a UTF-8 terminal and escaped (\\u2265)
    anywhere else: a program reading a pipe may decode it in another code page (Windows
    PowerShell reads a command's output in the console's OEM code page), and ASCII reads
    the same in all of them."""
    import json

    unicode_ok = getattr(out, "utf8", True) and getattr(out, "terminal", True)
    json.dump(data, out, ensure_ascii=not unicode_ok, indent=2)
    out.write("\n")


def _library() -> Library:
    """The content in force; an installed content pack's database that cannot be opened
    falls back to the copy PainRef ships, said on stderr."""
    from painref import paths
    from painref.content.library import Library

    path = paths.bundled_db()
    try:
        return Library.open(path)
    except PainRefError as exc:
        if path == paths.shipped_db() or os.environ.get(paths.DB_ENV):
            raise  # the shipped copy, or the one $PAINREF_DB names: nothing to fall back to
        print(
            f"painref: the installed content {path} cannot be used ({exc}); using the content "
            "PainRef ships. `painref pack rollback published` or a new pack puts it right",
            file=sys.stderr,
        )
        return Library.open(paths.shipped_db())


def _local_layer() -> LocalLayer | None:
    """The department's local layer in force, or None (none installed, or one that cannot be
    opened: said on stderr, and the published content is shown all the same)."""
    from painref.content.local_layer import open_in_force

    layer, problem = open_in_force()
    if problem:
        print(f"painref: {problem}; they are left out", file=sys.stderr)
    return layer


def _version(args: argparse.Namespace, out: Output) -> None:
    from painref.errors import DatabaseError

    try:
        library = _library()
    except DatabaseError as exc:
        out.write(f"PainRef {__version__}\n")
        raise PainRefError(f"content version unknown: {exc}") from None
    meta = library.meta
    out.write(
        f"PainRef {__version__}\n"
        f"content {meta.content_version} (built {meta.build_time}, "
        f"schema {meta.schema_version})\n"
    )


def _status(args: argparse.Namespace, out: Output) -> None:
    from painref import cli_status

    cli_status.status(args, out, _dump_json)


def _pack(args: argparse.Namespace, out: Output) -> None:
    from painref import cli_packs

    cli_packs.run(args, out, _dump_json)


def _search(args: argparse.Namespace, out: Output) -> None:
    from painref.search.service import SearchService

    service = SearchService(_library(), local=_local_layer())
    outcome = service.query(args.query, limit=args.limit, prefix_last=True)
    hits = outcome.hits
    if args.json:
        _dump_json([hit.as_json() for hit in hits], out)
        return
    if outcome.corrected and hits:
        out.write(f"Showing results for: {outcome.corrected}\n")
    if not hits:
        out.write("No results. Try fewer words, an abbreviation (ESI, RFA) or a condition.\n")
        return
    for n, hit in enumerate(hits, start=1):
        out.write(f"{n:>2}. {hit.title}  [{hit.category}]  {hit.id}\n")
        out.write(f"    {_mark(hit.snippet, hit.highlights)}\n")


def _mark(snippet: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Matched words in brackets for a terminal."""
    out, last = [], 0
    for start, end in spans:
        out += [snippet[last:start], "[", snippet[start:end], "]"]
        last = end
    out.append(snippet[last:])
    return " ".join("".join(out).split())


def _show(args: argparse.Namespace, out: Output) -> None:
    from painref.location import Location
    from painref.pages import PageService

    library = _library()
    local = None if args.no_local else _local_layer()
    (page_id,) = _Resolver(library, local).ids([args.id])
    pages, location = PageService(library, local=local), Location.parse(page_id)
    out.write(pages.render(location).html if args.format == "html" else pages.text(location))


def _compare(args: argparse.Namespace, out: Output) -> None:
    from painref.content.comparison import check_ids
    from painref.location import Location
    from painref.pages import PageService

    check_ids(args.ids)  # before opening anything: a usage mistake gets the plain message
    library = _library()
    pages = PageService(library, local=None if args.no_local else _local_layer())
    location = Location.comparison(_Resolver(library).ids(args.ids))
    only = args.only_differences
    if args.format == "html":
        out.write(pages.render(location, only_differences=only, inline_charts=True).html)
    else:
        out.write(pages.text(location, only_differences=only))


def _export(args: argparse.Namespace, out: Output) -> None:
    if args.output.suffix.lower() != ".pdf":
        raise PainRefError(f"{args.output} does not end in .pdf; give a PDF file to write")
    library = _library()
    local = _local_layer()
    locations = _Resolver(library, local).locations(args.ids)
    title = args.title or (
        library.summary(locations[0]).title
        if len(locations) == 1 and library.has(locations[0])
        else "PainRef handout"
    )
    # Qt draws the PDF; without a display it draws offscreen.
    try:
        from painref import app
        from painref.ui.handout import export_handout_pdf
    except ImportError as exc:  # a missing system library: one line, not a traceback
        from painref import launch

        if not launch.is_qt_problem(exc):
            raise
        raise PainRefError(f"Qt cannot be loaded: {launch.qt_import_problem(exc)}") from None

    from painref import policy
    from painref.pages import NoteChoice, PageService

    app.use_offscreen_without_display()
    app.create_application()
    annotate, local_page = PageService(library, local=local).handout_sources(
        NoteChoice(local=args.local_notes, personal=False)
    )
    export_handout_pdf(
        library,
        locations,
        args.output,
        title,
        paper=args.paper,
        site_name=policy.current().site_name or "",
        annotate=annotate,
        local_page=local_page,
    )
    out.write(f"wrote {args.output}: {len(locations)} item{'s' if len(locations) != 1 else ''}\n")


class _Resolver:
    """Page ids from what a person typed: an id, a title, an abbreviation or another name.

    The search tables are read only when something is not an exact id, so `show ID` keeps
    working on a database whose search index is damaged.
    """

    def __init__(self, library: Library, local: LocalLayer | None = None) -> None:
        self._library = library
        self._local = local
        self._service: SearchService | None = None

    def ids(self, names: Sequence[str]) -> list[str]:
        return [self._one(name) for name in names]

    def locations(self, locations: Sequence[str]) -> list[str]:
        """Export locations: page names, or "compare:A,B" with names in place of ids."""
        from painref.location import Location

        out = []
        for text in locations:
            location = Location.parse(text)
            if location.is_comparison:
                out.append(str(Location.comparison(self.ids(location.ids))))
            elif location.is_local:
                out.append(self._one(text.strip()))
            else:
                out.append(self._one(location.page_id or text.strip()))
        return out

    def _one(self, name: str) -> str:
        if self._library.has(name):
            return name
        from painref.location import Location

        location = Location.parse(name)
        if location.is_local:
            if self._local is None:
                raise PainRefError(
                    f"{name}: no local layer is installed (painref pack list says what is)"
                )
            self._local.page(location.ids[0])  # UnknownTopicError names it
            return str(location)
        if self._service is None:
            from painref.search.service import SearchService

            self._service = SearchService(self._library)
        return self._service.resolve(name)


def _list(args: argparse.Namespace, out: Output) -> None:
    pages = _library().all_pages()
    if args.json:
        _dump_json(
            [
                {"id": p.id, "title": p.title, "category": p.category_title, "kind": p.kind}
                for p in pages
            ],
            out,
        )
        return
    width = max(len(p.id) for p in pages)
    for p in pages:
        out.write(f"{p.id.ljust(width)}  {p.category_title}: {p.title}\n")


def _fill_rate(args: argparse.Namespace, out: Output) -> None:
    from painref.content.fillrate import TARGET, fill_report

    report = fill_report(_library())
    if args.json:
        _dump_json(
            {
                "filled": report.filled,
                "applicable": report.applicable,
                "rate": round(report.rate, 4),
                "fields": [
                    {
                        "key": f.key,
                        "filled": len(f.filled),
                        "applies": f.applies,
                        "missing": list(f.missing),
                        "not_applicable": list(f.not_applicable),
                    }
                    for f in report.fields
                ],
                "pages": [
                    {
                        "id": p.id,
                        "filled": list(p.filled),
                        "missing": list(p.missing),
                        "not_applicable": list(p.not_applicable),
                        "missing_parts": list(p.missing_parts),
                    }
                    for p in report.pages
                ],
            },
            out,
        )
        return
    verdict = "meets" if report.rate >= TARGET else "below"
    out.write(
        f"At a glance, {len(report.pages)} procedure pages: {report.filled} of "
        f"{report.applicable} applicable rows filled ({report.rate:.1%}; {verdict} the "
        f"{TARGET:.0%} target). Rows marked not applicable on a page are not counted.\n\n"
    )
    out.write("By field                     filled  n/a  not reported on\n")
    for f in report.fields:
        where = ", ".join(f.missing) or "-"
        counts = f"{len(f.filled):>2}/{f.applies:<2}"
        out.write(f"  {f.label[:26].ljust(26)} {counts}  {len(f.not_applicable):>3}  {where}\n")
    out.write("\nBy page" + " " * 34 + "filled  not reported; template parts missing\n")
    for p in report.pages:
        gaps = ", ".join(p.missing) or "-"
        parts = ", ".join(p.missing_parts) or "-"
        counts = f"{len(p.filled):>2}/{len(p.filled) + len(p.missing):<2}"
        out.write(f"  {p.id[:38].ljust(38)} {counts}   {gaps}; {parts}\n")


def _build_db(args: argparse.Namespace, out: Output) -> None:
    from painref import paths
    from painref.content.builder import build_database

    data = args.data if args.data is not None else paths.data_dir()
    if args.output is not None:
        output = args.output
    else:
        root = paths.checkout_root()
        output = (
            (root / "data" / paths.DB_NAME) if root and args.data is None else paths.shipped_db()
        )
    report = build_database(data, output)
    out.write(
        f"built {report.path}: {report.topics} topics, {report.conditions} conditions, "
        f"{report.references} references, content {report.content_version} "
        f"in {report.seconds:.2f} s\n"
    )
