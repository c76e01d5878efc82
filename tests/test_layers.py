"""The layers below the user interface never load Qt, and the CLI loads it only to open the app."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from .conftest import ROOT

LOWER_PACKAGES = ["content", "packs", "search", "render", "store", "tools"]
"""Every module in these packages (painref/<name>/), found on disk, so a new one is checked too."""
LOWER_MODULES = [
    "painref.pages",
    "painref.paths",
    "painref.policy",
    "painref.location",
    "painref.errors",
    "painref.fsutil",
    "painref.syslibs",
    "painref.cli_tools",
    "painref.cli_status",
    "painref.cli_packs",
    "painref.cli",
    "painref.cli_commands",
    "painref.cli_parser",
    "painref.launch",
]
"""The modules outside those packages that stay Qt-free (the CLI and launcher import it only
to open the app)."""


def lower_layers() -> list[str]:
    found = list(LOWER_MODULES)
    for package in LOWER_PACKAGES:
        folder = ROOT / "painref" / package
        found.append(f"painref.{package}")
        found += sorted(
            f"painref.{package}.{info.name}" for info in pkgutil.iter_modules([str(folder)])
        )
    return found


def test_the_lower_layers_are_all_listed() -> None:
    """The list is found on disk: it holds the modules the layers are made of."""
    layers = lower_layers()
    assert {
        "painref.packs.sync",
        "painref.packs.store",
        "painref.packs.keys",
        "painref.content.library",
        "painref.content.local_layer",
        "painref.content.local_builder",
        "painref.content.annotations",
        "painref.content.fingerprint",
        "painref.search.extra",
        "painref.render.pages",
        "painref.store.user",
    } <= set(layers)
    assert not [m for m in layers if m.startswith(("painref.ui", "painref.app"))]


def test_lower_layers_do_not_import_qt() -> None:
    """Each lower module is imported in turn; the first one after which Qt is loaded is named."""
    code = (
        "import importlib, sys\n"
        f"for name in {lower_layers()!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules):\n"
        "        print(name)\n"
        "        break\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{result.stdout.strip()} loads Qt"


def test_start_up_path_skips_the_builder() -> None:
    """The reader and renderer stay light: no sqlite-utils, Markdown or pydantic at start-up."""
    code = (
        "import sys; import painref.content.library, painref.search.service, "
        "painref.render.pages; "
        "print(sorted(m for m in ('sqlite_utils', 'markdown_it', 'pydantic', 'yaml') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
