"""The images of the cached first page (its diagrams), kept as raw pixels: a page's three
diagrams decode from PNG in about 40 ms, which would be most of the first frame's cost;
raw, they read in about 6 ms.

A file is a 20-byte header (magic, width, height, bytes per line, QImage format) and the
pixel rows. Anything that does not match is no image: the page is then drawn afresh.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # QImage is read when a page has images to load, not at import
    from PySide6.QtGui import QImage

MAGIC = b"PRI1"
HEADER = struct.Struct("<4sIIII")
MAX_SIDE = 8192


def save(image: QImage, path: Path) -> bool:
    """Keep image at path (written whole or not at all); False when it cannot be."""
    from painref.fsutil import replacing

    if image.isNull():
        return False
    header = HEADER.pack(
        MAGIC, image.width(), image.height(), image.bytesPerLine(), image.format().value
    )
    try:
        with replacing(path) as temp:
            temp.write_bytes(header + bytes(image.constBits()))
    except OSError:
        return False
    return True


def load(path: Path) -> QImage | None:
    """The image kept at path, or None (absent, damaged, or of another layout)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < HEADER.size:
        return None
    magic, width, height, per_line, fmt = HEADER.unpack_from(data)
    if (
        magic != MAGIC
        or not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE)
        or per_line < width
        or len(data) != HEADER.size + per_line * height
    ):
        return None
    from PySide6.QtGui import QImage

    try:
        image_format = QImage.Format(fmt)
    except ValueError:
        return None
    pixels = data[HEADER.size :]
    image = QImage(pixels, width, height, per_line, image_format)
    return None if image.isNull() else image.copy()  # its own pixels, not the bytes'
