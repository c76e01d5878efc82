"""Writing a file so that a reader never sees half of it: write beside it, then rename.

One helper for every file PainRef writes whole (the bundled database, JSON exports, PDF
handouts). Qt-free and import-light.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside path; when the block ends without an error it replaces path.

    The temporary file is created (empty) before the block runs, so a folder that cannot be
    written fails at once, before any costly work. If the block raises, or the rename fails,
    the temporary file is removed and path is left as it was.

    Raises:
        OSError: the temporary file cannot be created, or the rename fails. Callers turn it
            into their own error with the path in it.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    # os.urandom, not secrets: secrets loads hashlib and with it libcrypto (3.6 MiB), which
    # nothing else on the window's start-up path needs.
    temp = folder / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.part"
    temp.touch(exist_ok=False)
    try:
        yield temp
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
