"""The layers below the user interface never load Qt, and the CLI loads it only to open the app."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

LOWER_LAYERS = [
    "painref.content.library",
    "painref.content.builder",
    "painref.content.loader",
    "painref.search.service",
    "painref.render.pages",
    "painref.cli",
]


def test_lower_layers_do_not_import_qt() -> None:
    code = (
        f"import sys; import {', '.join(LOWER_LAYERS)}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


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
