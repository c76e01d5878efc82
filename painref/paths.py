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
    """The database the app reads: $PAINREF_DB, else the packaged copy, else the checkout's."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    bundle = _bundle_dir()
    if bundle is not None:
        return bundle / DB_NAME
    root = checkout_root()
    return (root / "data" / DB_NAME) if root else PACKAGE_DIR / "_bundle" / DB_NAME


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
