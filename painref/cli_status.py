"""`painref status [--json]`: what an inventory tool asks of an installed PainRef.

The app and content versions, the content database in force (path, size, SHA-256), the
content packs in force (published and local, each with its previous version), where user
data lives and what chose that folder, the policy file in force (or none, or why it was not
applied) and the platform. The JSON's key names are a public interface: add keys, never
rename or remove one without raising STATUS_FORMAT.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from typing import TYPE_CHECKING, Any

from painref import __version__, paths
from painref import policy as machine_policy
from painref.errors import PainRefError

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from painref.cli_tools import DumpJson, Output

STATUS_FORMAT = 1
"""The version of the JSON's shape; raised only when a key is renamed or removed."""
CHUNK = 1 << 20

USER_DATA_SOURCES = {
    "policy": "set by the policy file",
    "environment": "set by PAINREF_USER_DIR",
    "portable": "portable mode: painref-portable.txt is next to the executable",
    "default": "the user's own folder",
}


def add_command(commands: Any) -> None:
    """The subparser (commands: argparse's subparsers action)."""
    status = commands.add_parser(
        "status",
        help="versions, database checksum, content packs, user data folder and policy (for IT)",
        description="What is installed and in force on this machine: the app and content "
        "versions, the content database's path and SHA-256, the content packs in force, "
        "where user data is kept, the policy file in force and the platform. Exit status 1 "
        "when the database cannot be opened.",
    )
    status.add_argument("--json", action="store_true", help="print JSON (stable key names)")


def collect() -> dict[str, Any]:
    """The status as JSON-ready data (the keys the README documents)."""
    from painref.content.library import Library

    db = paths.bundled_db()
    database: dict[str, Any] = {"path": str(db), "sha256": None, "bytes": None, "error": None}
    content: dict[str, Any] = {
        "content_version": None,
        "content_built": None,
        "content_source_hash": None,
        "schema_version": None,
    }
    try:
        library = Library.open(db, check=True)  # for IT: the whole file, every time
    except PainRefError as exc:
        database["error"] = str(exc)
    else:
        meta = library.meta
        library.close()
        content = {
            "content_version": meta.content_version,
            "content_built": meta.build_time,
            "content_source_hash": meta.source_hash,
            "schema_version": meta.schema_version,
        }
    try:
        database["sha256"], database["bytes"] = _sha256(db)
    except OSError as exc:
        database["error"] = database["error"] or f"cannot be read: {exc.strerror or exc}"
    folder, chosen_by = paths.user_data_location()
    rules = machine_policy.current()
    from painref.packs import status as packs_status

    return {
        "status_format": STATUS_FORMAT,
        "app_version": __version__,
        **content,
        "database": database,
        "user_data": {
            "path": str(folder),
            "chosen_by": chosen_by,
            "portable": chosen_by == "portable",
            "settings_file": str(paths.settings_file()),
        },
        "policy": {
            "path": str(rules.path) if rules.path is not None else None,
            "in_force": rules.in_force,
            "error": rules.problem,
            "settings": rules.settings(),
            "searched": [str(p) for p in rules.searched],
        },
        "packs": packs_status.collect(),
        "platform": {
            "system": platform.system(),
            "release": platform.release(),
            "version": platform.version(),
            "machine": platform.machine(),
            "python": platform.python_version(),
            "frozen": bool(getattr(sys, "frozen", False)),
            "executable": sys.executable,
        },
    }


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def status(args: argparse.Namespace, out: Output, dump_json: DumpJson) -> None:
    """Print the status; PainRefError (exit status 1) when the database cannot be opened,
    after printing everything else."""
    data = collect()
    if args.json:
        dump_json(data, out)
    else:
        out.write(text(data))
    error = data["database"]["error"]
    if error:
        raise PainRefError(error)


def text(data: dict[str, Any]) -> str:
    """The status for a person to read."""
    db, user, rules, system = data["database"], data["user_data"], data["policy"], data["platform"]
    lines = [f"PainRef {data['app_version']}"]
    if data["content_version"] is not None:
        lines.append(
            f"Content:    {data['content_version']} (built {data['content_built']}, "
            f"schema {data['schema_version']})"
        )
    else:
        lines.append("Content:    unknown (the database cannot be opened)")
    lines.append(f"Database:   {db['path']}")
    if db["sha256"] is not None:
        lines.append(f"  SHA-256:  {db['sha256']} ({db['bytes']:,} bytes)")
    lines.append(f"User data:  {user['path']} ({USER_DATA_SOURCES[user['chosen_by']]})")
    lines.append(f"Settings:   {user['settings_file']}")
    if rules["path"] is None:
        lines.append(f"Policy:     none (looked for {', '.join(rules['searched'])})")
    elif rules["error"]:
        lines.append(f"Policy:     NOT APPLIED: {rules['error']}")
    else:
        sets = machine_policy.describe_settings(rules["settings"])
        lines.append(f"Policy:     {rules['path']} (sets {sets})")
    from painref.packs import status as packs_status

    lines.extend(packs_status.text(data["packs"]))
    how = "packaged" if system["frozen"] else "from Python"
    lines.append(
        f"Platform:   {system['system']} {system['release']} {system['machine']}, "
        f"Python {system['python']} ({how}: {system['executable']})"
    )
    return "\n".join(lines) + "\n"
