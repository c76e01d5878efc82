"""`painref pack ...`: make a signing key, build and sign a content pack, verify one,
install one (or the newest from a folder), roll back, list what is in force, and read the
audit log. The work is painref.packs'; errors are PainRefErrors, one line and exit 1.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painref.errors import PainRefError

if TYPE_CHECKING:
    import argparse

    from painref.cli_tools import DumpJson, Output
    from painref.packs.keys import Trust

DEFAULT_LOG_LINES = 50


def add_command(commands: Any) -> None:
    """The `pack` subparser and its subcommands (commands: argparse's subparsers action)."""
    pack = commands.add_parser(
        "pack",
        help="content packs: build and sign, verify, install, roll back, list (for IT)",
        description="Signed content packs: published content and a department's local layer, "
        "each one file. docs/packs.md explains the format and the deployment.",
    )
    actions = pack.add_subparsers(
        dest="pack_command", metavar="ACTION", required=True, parser_class=type(pack)
    )

    keygen = actions.add_parser(
        "keygen",
        help="make an Ed25519 signing key (PEM, like `openssl genpkey -algorithm ed25519`)",
    )
    keygen.add_argument(
        "--output", "-o", type=Path, required=True, help="the private key file to write (0600)"
    )

    key = actions.add_parser(
        "key", help="the public key and key id of a key file (private or public PEM)"
    )
    key.add_argument("file", type=Path, metavar="KEY", help="a PEM key file")

    build = actions.add_parser("build", help="build and sign a pack")
    kinds = build.add_subparsers(
        dest="pack_kind", metavar="KIND", required=True, parser_class=type(pack)
    )
    published = kinds.add_parser("published", help="a published content pack (painref.db)")
    local = kinds.add_parser("local", help="a local layer pack, built from its source folder")
    local.add_argument("folder", type=Path, metavar="FOLDER", help="the local layer's folder")
    for parser in (published, local):
        parser.add_argument(
            "--key", type=Path, required=True, help="the private key (PEM) that signs it"
        )
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            required=True,
            help="the pack file (NAME.painrefpack), or a folder to write ID-VERSION.painrefpack in",
        )
    published.add_argument(
        "--db",
        type=Path,
        default=None,
        help="the content database (default: the one `painref build-db` writes)",
    )

    check = actions.add_parser(
        "check",
        help="check a local layer's folder against the content in force, without a key",
        description="Check every page and note of a local layer's folder (the same checks "
        "`pack build local` makes) and say what it holds; with --output, also write the "
        "unsigned layer database, to preview with PAINREF_LOCAL_DB=FILE painref.",
    )
    check.add_argument("folder", type=Path, metavar="FOLDER", help="the local layer's folder")
    check.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        metavar="PREVIEW.db",
        help="write the layer database here, for a preview (never installed: unsigned)",
    )

    verify = actions.add_parser(
        "verify", help="check a pack: what it is, who signed it, whether it is trusted"
    )
    verify.add_argument("file", type=Path, metavar="FILE", help="a .painrefpack file")
    verify.add_argument(
        "--key",
        type=Path,
        default=None,
        metavar="PUBLIC",
        help="check against this public key (PEM or base64) instead of the trusted keys",
    )
    verify.add_argument("--json", action="store_true", help="print JSON")

    install = actions.add_parser(
        "install", help="install a pack file, or the newest packs in a folder"
    )
    install.add_argument("source", type=Path, metavar="FILE|FOLDER")

    rollback = actions.add_parser(
        "rollback", help="put the previous version back in force (the current one is kept)"
    )
    rollback.add_argument("kind", choices=("published", "local"))

    listing = actions.add_parser("list", help="what is in force, and the previous versions")
    listing.add_argument("--json", action="store_true", help="print JSON")

    log = actions.add_parser("log", help="the audit log: installs, rollbacks, refusals")
    log.add_argument("--json", action="store_true", help="print a JSON list")
    log.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LOG_LINES,
        help=f"the newest N entries (default {DEFAULT_LOG_LINES}; 0 for all)",
    )


def run(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    """Run `painref pack ACTION`."""
    handlers = {
        "keygen": _keygen,
        "key": _key,
        "build": _build,
        "check": _check,
        "verify": _verify,
        "install": _install,
        "rollback": _rollback,
        "list": _list,
        "log": _log,
    }
    handlers[args.pack_command](args, out, dump_json)


def _keygen(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs import keys

    public = keys.write_new_key(args.output)
    text = keys.encode(public)
    out.write(
        f"wrote {args.output}: an Ed25519 private key, readable by you only; keep it secret "
        "and backed up\n"
        f"public key: {text}\n"
        f"key id:     {keys.key_id(public)}\n"
        f"A key for a local layer is trusted by the policy file line:  local_keys = {text}\n"
    )


def _key(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs import keys

    public = keys.public_key_from_file(args.file)
    text = keys.encode(public)
    out.write(f"public key: {text}\nkey id:     {keys.key_id(public)}\n")


def _build(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref import paths
    from painref.packs import builder, keys
    from painref.packs.keys import Trust

    key = keys.load_signing_key(args.key)
    if args.pack_kind == "published":
        db = args.db if args.db is not None else paths.shipped_db()
        built = builder.build_pack("published", db, key, args.output)
    else:
        from painref.content.library import Library

        library = Library.open(paths.bundled_db())
        try:
            built = builder.build_local(args.folder, library, key, args.output)
        finally:
            library.close()
    manifest = built.manifest
    out.write(
        f"wrote {built.path}: {manifest.describe()}, {built.size:,} bytes, "
        f"SHA-256 {built.sha256}, signed by key {key.key_id}\n"
    )
    try:
        trusted = Trust.current().find(manifest.kind, key.key_id) is not None
    except PainRefError:
        trusted = False
    if not trusted:
        where = (
            "built into PainRef"
            if manifest.kind == "published"
            else "in local_keys of this machine's policy file"
        )
        out.write(f"note: key {key.key_id} is not {where}, so this machine would refuse the pack\n")


def _check(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from datetime import date

    from painref import paths
    from painref.content.library import Library
    from painref.content.local_builder import build_local_layer
    from painref.content.local_loader import load_local_source

    library = Library.open(paths.bundled_db())
    try:
        source = load_local_source(args.folder, library)
        today = date.today()
        overdue = [p.meta.id for p in source.pages if p.meta.review_due < today]
        overdue += [n.id for n in source.notes if n.meta.review_due < today]
        out.write(
            f"{args.folder}: {source.layer.name} {source.layer.version}, "
            f"{len(source.pages)} page{'s' if len(source.pages) != 1 else ''} and "
            f"{len(source.notes)} note{'s' if len(source.notes) != 1 else ''}, checked against "
            f"content {library.meta.content_version}: no problems\n"
        )
        if overdue:
            out.write(f"review overdue: {', '.join(overdue)}\n")
        if args.output is not None:
            build_local_layer(args.folder, library, args.output)
            out.write(
                f"wrote {args.output} (unsigned, for a preview): "
                f"PAINREF_LOCAL_DB={args.output} painref\n"
            )
    finally:
        library.close()


def _verify(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs import keys, reader
    from painref.packs.keys import Trust, TrustedKey

    if args.key is not None:
        given = TrustedKey(keys.public_key_from_file(args.key), f"--key {args.key}", "--key")
        trust: Trust = Trust((given,), (given,), f"--key {args.key}")
    else:
        trust = Trust.current()
    pack = reader.read(args.file, trust, shown=str(args.file))
    with tempfile.TemporaryDirectory(prefix="painref-verify-") as work:
        target = Path(work) / pack.manifest.payload.path
        reader.extract(pack, target)
    manifest = pack.manifest
    where = "given with --key" if args.key is not None else pack.key.source
    data = {
        "file": str(args.file),
        "verified": True,
        "pack_sha256": pack.sha256,
        "bytes": pack.size,
        **manifest.to_json(),
        "key": {"id": pack.key.key_id, "label": pack.key.label, "trusted_as": where},
    }
    if args.json:
        dump_json(data, out)
        return
    payload = manifest.payload
    built_against = (
        f", built against content {manifest.content_version}" if manifest.kind == "local" else ""
    )
    out.write(
        f"{args.file}: {manifest.describe()}, pack format {manifest.format_version}\n"
        f"  created:   {manifest.created} (schema {manifest.schema_version}{built_against})\n"
        f"  pack:      {pack.size:,} bytes, SHA-256 {pack.sha256}\n"
        f"  payload:   {payload.path}, {payload.size:,} bytes, SHA-256 {payload.sha256}: "
        "matches the signed manifest and opens\n"
        f"  signed by: key {pack.key.key_id} ({pack.key.label}; {where}): signature valid\n"
        "verified: this PainRef accepts it\n"
    )


def _install(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs.store import PackStore
    from painref.packs.sync import install_from_folder

    source: Path = args.source
    store = PackStore.default()
    if source.is_dir():
        result = install_from_folder(source, store)
        for item in result.files:
            out.write(f"{item.file}: {item.outcome}: {item.message}\n")
        shown = {item.message for item in result.files}
        for problem in result.problems:
            if problem not in shown:
                out.write(f"problem: {problem}\n")
        if not result.files and not result.problems:
            out.write(f"no .painrefpack files in {source}\n")
        if result.problems:
            count = len(result.problems)
            raise PainRefError(
                f"{count} problem{'s' if count != 1 else ''} with the packs in {source}; "
                "`painref pack log` has the details"
            )
        return
    outcome = store.install(source)
    out.write(outcome.message + "\n")


def _rollback(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs.store import PackStore

    outcome = PackStore.default().rollback(args.kind)
    out.write(outcome.message + "\n")


def _list(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs import status

    data = status.collect()
    if args.json:
        dump_json(data, out)
        return
    out.write("\n".join(status.text(data)) + "\n")


def _log(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    from painref.packs.store import PackStore

    if args.limit < 0:
        raise PainRefError("--limit must be 0 (all) or more")
    store = PackStore.default()
    entries = store.read_log()
    if args.limit:
        entries = entries[-args.limit :]
    if args.json:
        dump_json(entries, out)
        return
    if not entries:
        out.write(f"the audit log {store.log_file} is empty\n")
        return
    for entry in entries:
        out.write(_log_line(entry) + "\n")


def _log_line(entry: dict[str, Any]) -> str:
    what = " ".join(str(entry.get(k)) for k in ("kind", "id", "version") if entry.get(k))
    said = entry.get("reason") or entry.get("outcome") or ""
    digest = entry.get("pack_sha256")
    parts = [
        str(entry.get("time", "?")),
        str(entry.get("action", "?")).ljust(8),
        what or "-",
        f"by {entry.get('user', '?')}@{entry.get('host', '?')}",
    ]
    if entry.get("file"):
        parts.append(f"file {entry['file']}")
    if digest:
        parts.append(f"sha256 {str(digest)[:16]}...")
    if entry.get("key_id"):
        parts.append(f"key {entry['key_id']}")
    return "  ".join(parts) + (f": {said}" if said else "")
