"""Building and checking a published pack needs none of the content builder's libraries:
the packaged app leaves pydantic, YAML and Markdown out, and its pack check imports this."""

from __future__ import annotations

import subprocess
import sys


def test_the_pack_builder_imports_no_content_builder_library() -> None:
    code = (
        "import sys, painref.packs.builder, painref.packs.reader; "
        "heavy = sorted(m for m in ('pydantic', 'yaml', 'markdown_it', 'sqlite_utils') "
        "if m in sys.modules); print(' '.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
