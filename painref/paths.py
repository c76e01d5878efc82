"""Locates the bundled database, resources and content sources, from source or a package."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DB_NAME = "painref.db"
DB_ENV = "PAINREF_DB"


def _bundle_dir() -> Path | None:
    """The folder a wheel or a frozen build carries the database and resources in."""
    bundle = PACKAGE_DIR / "_bundle"
    return bundle if bundle.is_dir() else None


def checkout_root() -> Path | None:
    """The root of a source checkout (the folder holding data/ and pyproject.toml), if any."""
    root = PACKAGE_DIR.parent
    if (root / "data" / "categories.yaml").is_file() and (root / "pyproject.toml").is_file():
        return root
    return None


def data_dir() -> Path:
    """The content sources folder; only a source checkout has one."""
    root = checkout_root()
    if root is None:
        from painref.errors import PainRefError

        raise PainRefError(
            "the content sources (data/) are not part of an installed package; "
            "run this from a source checkout, or pass --data DIR"
        )
    return root / "data"


def bundled_db() -> Path:
    """The content database the app reads.

    $PAINREF_DB, else the installed published content pack when it can be used (see
    installed_published_db()), else the copy this PainRef ships (shipped_db()).
    """
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    installed, _why_not = installed_published_db()
    return installed if installed is not None else shipped_db()


def shipped_db() -> Path:
    """The database this PainRef carries: the packaged copy, else the checkout's."""
    bundle = _bundle_dir()
    if bundle is not None:
        return bundle / DB_NAME
    root = checkout_root()
    return (root / "data" / DB_NAME) if root else PACKAGE_DIR / "_bundle" / DB_NAME


# -- content packs (painref/packs/ installs them; this is the start-up side, kept cheap) ------

PACKS_FOLDER = "packs"
PACK_STATE = "state.json"
LOCAL_DB_ENV = "PAINREF_LOCAL_DB"
MAX_STATE_BYTES = 1 << 20


def packs_location() -> tuple[Path, str]:
    """Where installed content packs live, and what chose it: the policy's packs_dir
    ("policy"), else a folder in the user data ("user data")."""
    from painref import policy

    enforced = policy.current().packs_dir
    if enforced is not None:
        return enforced, "policy"
    return user_data_dir() / PACKS_FOLDER, "user data"


def packs_dir() -> Path:
    """Where installed content packs live (packs_location() says what chose it)."""
    return packs_location()[0]


def installed_pack(kind: str, folder: Path | None = None) -> dict[str, object] | None:
    """The pack of kind ("published" or "local") the pack store's state file names as
    current, as recorded when it was verified and installed; None when there is none or the
    state cannot be read (painref.packs reports why). Nothing is hashed or verified here:
    this is on the start-up path."""
    state = read_pack_state(folder if folder is not None else packs_dir())
    entry = state.get(kind) if state else None
    current = entry.get("current") if isinstance(entry, dict) else None
    return current if isinstance(current, dict) else None


def read_pack_state(folder: Path) -> dict[str, object] | None:
    """The pack store's state file as data; None when there is none or it is unreadable,
    too large or not a JSON object (the writer, painref/packs/store.py, reports those)."""
    path = folder / PACK_STATE
    try:
        with path.open("rb") as file:
            data = file.read(MAX_STATE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_STATE_BYTES:
        return None
    import json  # here: a machine with no pack installed never imports it at start-up

    try:
        state = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def pack_payload(entry: dict[str, object], folder: Path | None = None) -> Path | None:
    """The payload file an installed pack's state entry names, inside the pack store; None
    when the entry names no file or one outside the store."""
    relative = entry.get("path")
    if not isinstance(relative, str) or not relative:
        return None
    parts = relative.split("/")
    if relative.startswith(("/", "\\")) or any(
        p in ("", ".", "..") or "\\" in p or ":" in p for p in parts
    ):
        return None
    return (folder if folder is not None else packs_dir()).joinpath(*parts)


def installed_published_db() -> tuple[Path | None, str | None]:
    """The installed published pack's database when the app should read it, else None
    and why not (None when no pack is installed).

    It is used when its file exists, its schema is the one this PainRef reads, and its
    content is not older than the content this PainRef ships (after an app update that
    ships newer content, the older pack steps aside). The state file holds what was
    verified at install; the database's own checks run when the Library opens it.
    """
    folder = packs_dir()
    entry = installed_pack("published", folder)
    if entry is None:
        return None, None
    version = entry.get("version")
    db = pack_payload(entry, folder)
    if db is None or not isinstance(version, str):
        return None, f"the pack store's state file in {folder} names no usable database"
    if not db.is_file():
        return None, f"the installed content {version} is missing its database {db}"
    from painref.content.version import SCHEMA_VERSION

    if entry.get("schema_version") != SCHEMA_VERSION:
        return None, (
            f"the installed content {version} has schema {entry.get('schema_version')}; "
            f"this PainRef reads schema {SCHEMA_VERSION}"
        )
    shipped = shipped_content_version()
    if shipped is not None and version_key(version) < version_key(shipped):
        return None, (
            f"the installed content {version} is older than the content this PainRef "
            f"ships ({shipped})"
        )
    return db, None


def local_layer_db() -> Path | None:
    """The local layer database in force: $PAINREF_LOCAL_DB (for authoring previews and
    tests), else the installed local layer pack's, else None."""
    override = os.environ.get(LOCAL_DB_ENV)
    if override:
        return Path(override)
    folder = packs_dir()
    entry = installed_pack("local", folder)
    if entry is None:
        return None
    db = pack_payload(entry, folder)
    return db if db is not None and db.is_file() else None


def version_key(version: str) -> tuple[int, ...]:
    """A dotted version ("2026.11.5") as numbers, for comparing; () when it is not one."""
    parts = version.split(".")
    if not all(part.isdigit() and part.isascii() for part in parts):
        return ()
    return tuple(int(part) for part in parts)


def shipped_content_version() -> str | None:
    """The content version of the database this PainRef ships; None when it cannot be
    read (a cheap look at its meta table, not the checks the Library makes)."""
    from painref.content.dbfile import content_version

    return content_version(shipped_db())


def resources_dir() -> Path:
    """Icons and style sheets."""
    bundle = _bundle_dir()
    if bundle is not None:
        return bundle / "resources"
    return PACKAGE_DIR.parent / "resources"


PORTABLE_MARKER = "painref-portable.txt"
PORTABLE_FOLDER = "PainRef-data"
USER_DIR_ENV = "PAINREF_USER_DIR"


def executable_dir() -> Path:
    """The folder of the packaged executable (or of the python running from source)."""
    return Path(sys.executable).resolve().parent


def portable_dir() -> Path | None:
    """The portable data folder when a marker file sits next to the executable (and the
    machine's policy file does not forbid portable mode)."""
    from painref import policy

    if policy.current().allow_portable is False:
        return None
    folder = executable_dir()
    if (folder / PORTABLE_MARKER).is_file():
        return folder / PORTABLE_FOLDER
    return None


def user_data_dir() -> Path:
    """Where bookmarks, history and other user data live; never the install folder.

    See user_data_location() for the order.
    """
    return user_data_location()[0]


def user_data_location() -> tuple[Path, str]:
    """Where user data lives, and what chose it.

    The folder the machine's policy file sets ("policy"), else $PAINREF_USER_DIR
    ("environment"), else the portable folder next to the executable when the marker file
    is there ("portable"), else the platform's per-user data folder ("default").
    """
    from painref import policy

    enforced = policy.current().user_data_dir
    if enforced is not None:
        return enforced, "policy"
    override = os.environ.get(USER_DIR_ENV)
    if override:
        return Path(override), "environment"
    portable = portable_dir()
    if portable is not None:
        return portable, "portable"
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "PainRef", "default"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "PainRef", "default"
    base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "painref", "default"


def user_cache_dir() -> Path:
    """Where PainRef keeps what it can always make again (the first page drawn at start,
    the record of which content databases passed their integrity check): under the user
    data folder, never the install folder. Deleting it loses nothing."""
    return user_data_dir() / "cache"


def settings_file() -> Path:
    """The settings file: beside the user data when something chose its folder (the policy,
    $PAINREF_USER_DIR, portable mode) and on Windows and macOS, else the config folder."""
    folder, chosen_by = user_data_location()
    if chosen_by != "default" or sys.platform in ("win32", "darwin"):
        return folder / "settings.ini"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "painref" / "settings.ini"


def replace_problem(path: Path) -> str | None:
    """Why a new file must not replace path, or None when it may.

    PainRef writes a file beside its target and renames it over the target, so the target
    appears whole or not at all. That is right only for a regular file (or nothing yet).
    Refused: a symbolic link (the rename would replace the link, not the file it points
    to), a folder, and a device, pipe or socket (a rename would replace the device node,
    e.g. /dev/full when run as root).
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISLNK(mode):
        return "it is a symbolic link; give the path of the file itself"
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a device, a pipe or a socket)"
    return None
