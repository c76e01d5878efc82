"""Locates the bundled database, resources and content sources, from source or a package."""

from __future__ import annotations

import os
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


def is_frozen() -> bool:
    """True inside a PyInstaller build."""
    return bool(getattr(sys, "frozen", False))
