"""The cached first page's images: raw pixels that read fast, and nothing that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from painref.ui import image_cache


def picture() -> QImage:
    image = QImage(37, 21, QImage.Format.Format_ARGB32)
    image.fill(QColor(10, 200, 30, 128))
    image.setPixelColor(5, 7, QColor("#ff0000"))
    return image


def test_an_image_kept_reads_back_pixel_for_pixel(qtbot: QtBot, tmp_path: Path) -> None:
    assert image_cache.save(picture(), tmp_path / "a.image")
    back = image_cache.load(tmp_path / "a.image")
    assert back is not None and back == picture()


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"PRI1",
        b"PNG\x00" + b"\x00" * 40,
        image_cache.HEADER.pack(b"PRI1", 37, 21, 148, 5) + b"\x00" * 10,  # short
        image_cache.HEADER.pack(b"PRI1", 0, 21, 148, 5),
        image_cache.HEADER.pack(b"PRI1", 99999, 1, 400000, 5) + b"\x00" * 400000,
        image_cache.HEADER.pack(b"PRI1", 37, 21, 10, 5) + b"\x00" * 210,  # rows too short
        image_cache.HEADER.pack(b"PRI1", 2, 2, 8, 999) + b"\x00" * 16,  # no such format
    ],
)
def test_a_damaged_file_is_no_image(qtbot: QtBot, tmp_path: Path, damage: bytes) -> None:
    (tmp_path / "b.image").write_bytes(damage)
    assert image_cache.load(tmp_path / "b.image") is None


def test_a_missing_file_or_an_unwritable_folder_is_no_image(qtbot: QtBot, tmp_path: Path) -> None:
    assert image_cache.load(tmp_path / "absent.image") is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not image_cache.save(picture(), blocker / "c.image")
    assert not image_cache.save(QImage(), tmp_path / "null.image")


def test_the_first_frame_reads_only_the_images_its_html_shows(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painref import first_page, paths
    from painref.first_page import CachedPage
    from painref.ui.first_frame import cached_images

    monkeypatch.setattr(paths, "user_cache_dir", lambda: tmp_path)
    names = ("diagram:top", "diagram:further-down")
    page = CachedPage("a-page", "A page", "<html>...</html>", 11.0, images=names)
    (tmp_path / first_page.FOLDER).mkdir()
    for name in names:
        assert image_cache.save(picture(), first_page.image_file(tmp_path, "a-page", name))
    opening = '<p><img src="diagram:top"/></p>'
    assert set(cached_images(page, opening) or {}) == {"diagram:top"}
    assert set(cached_images(page, have=["diagram:top"]) or {}) == {"diagram:further-down"}
    assert set(cached_images(page) or {}) == set(names)
    first_page.image_file(tmp_path, "a-page", "diagram:further-down").unlink()
    assert cached_images(page, opening) is not None  # the opening has what it shows
    assert cached_images(page) is None  # the whole page does not: it is drawn afresh
