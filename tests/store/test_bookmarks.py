"""Bookmarks: add, remove, newest first, and JSON export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from painref.errors import PainRefError
from painref.store.bookmarks import FILE_FORMAT, Bookmark, BookmarkStore
from painref.store.db import ImportFileError, StoreError, UserStore


@pytest.fixture
def bookmarks(store: UserStore) -> BookmarkStore:
    return BookmarkStore(store)


def test_add_and_contains(bookmarks: BookmarkStore) -> None:
    assert not bookmarks.contains("nerve-block")
    assert bookmarks.add("nerve-block", "Nerve block") is True
    assert bookmarks.contains("nerve-block")
    assert not bookmarks.contains("Nerve-Block")


def test_adding_twice_keeps_the_first(bookmarks: BookmarkStore) -> None:
    assert bookmarks.add("nerve-block", "Nerve block")
    assert bookmarks.add("nerve-block", "Another title") is False
    assert [(b.location, b.title) for b in bookmarks.list()] == [("nerve-block", "Nerve block")]


def test_remove(bookmarks: BookmarkStore) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    assert bookmarks.remove("nerve-block") is True
    assert bookmarks.remove("nerve-block") is False
    assert not bookmarks.contains("nerve-block")
    assert bookmarks.list() == []


def test_list_is_newest_first_with_iso_times(bookmarks: BookmarkStore) -> None:
    locations = ["nerve-block", "compare:acupuncture,physical-therapy", "low-back-pain"]
    for location in locations:
        bookmarks.add(location, location.title())
    listed = bookmarks.list()
    assert [b.location for b in listed] == list(reversed(locations))
    assert all(isinstance(b, Bookmark) for b in listed)
    for b in listed:
        assert b.created.endswith("+00:00")


def test_unicode_and_quotes_survive(bookmarks: BookmarkStore) -> None:
    bookmarks.add("compare:a,b", "Épidural 'vs' \"nerve\" — block")
    assert bookmarks.list()[0].title == "Épidural 'vs' \"nerve\" — block"


def test_bookmarks_persist(user_db_path: Path) -> None:
    with UserStore.open(user_db_path) as store:
        BookmarkStore(store).add("nerve-block", "Nerve block")
        BookmarkStore(store).add("acupuncture", "Acupuncture")
        before = BookmarkStore(store).list()
    with UserStore.open(user_db_path) as store:
        assert BookmarkStore(store).list() == before


def test_export_import_round_trip(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    bookmarks.add("compare:acupuncture,physical-therapy", "Compare: acupuncture, PT")
    exported = bookmarks.list()
    target = tmp_path / "bookmarks.json"
    bookmarks.export_json(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == FILE_FORMAT
    assert data["version"] == 1
    assert [b["location"] for b in data["bookmarks"]] == [b.location for b in exported]

    with UserStore.open(tmp_path / "other" / "user.db") as other_store:
        other = BookmarkStore(other_store)
        assert other.import_json(target) == 2
        assert other.list() == exported


def test_import_merges_and_counts_only_new(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    target = tmp_path / "bookmarks.json"
    bookmarks.export_json(target)
    bookmarks.remove("nerve-block")
    bookmarks.add("acupuncture", "Acupuncture")
    assert bookmarks.import_json(target) == 1
    assert bookmarks.import_json(target) == 0
    assert {b.location for b in bookmarks.list()} == {"nerve-block", "acupuncture"}


def test_import_keeps_dates_in_utc_and_orders_by_them(
    bookmarks: BookmarkStore, tmp_path: Path
) -> None:
    source = tmp_path / "bookmarks.json"
    source.write_text(
        json.dumps(
            {
                "format": FILE_FORMAT,
                "version": 1,
                "bookmarks": [
                    {"location": "old", "title": "Old", "created": "2020-01-01T12:00:00+02:00"},
                    {"location": "older", "title": "Older", "created": "2019-05-01T00:00:00"},
                    {"location": "undated", "title": "Undated"},
                    {"location": "old", "title": "Duplicate in the file"},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert bookmarks.import_json(source) == 3
    listed = bookmarks.list()
    assert [b.location for b in listed] == ["undated", "old", "older"]
    assert listed[1].title == "Old"
    assert listed[1].created == "2020-01-01T10:00:00+00:00"
    assert listed[2].created == "2019-05-01T00:00:00+00:00"


MALFORMED = [
    pytest.param(b"{not json", "not a valid JSON", id="not-json"),
    pytest.param(b"\xff\xfe\x00garbage", "not a valid JSON", id="not-utf8"),
    pytest.param(b"[]", "not a PainRef bookmarks file", id="a-list"),
    pytest.param(b'{"version": 1, "bookmarks": []}', "format", id="no-format"),
    pytest.param(
        b'{"format": "painref-lecture-set", "version": 1, "name": "x", "items": []}',
        "is a PainRef lecture set file",
        id="a-lecture-set",
    ),
    pytest.param(b'{"format": "painref-bookmarks", "bookmarks": []}', "version", id="no-version"),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": "1", "bookmarks": []}',
        "version",
        id="text-version",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 2, "bookmarks": []}',
        "newer version",
        id="newer",
    ),
    pytest.param(b'{"format": "painref-bookmarks", "version": 1}', "bookmarks", id="no-list"),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": [{"location": "a", "title": "A"}, 3]}',
        r"bookmarks\[1\]",
        id="not-an-object",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": [{"location": "a", "title": "A"}, {"title": "B"}]}',
        "no location",
        id="no-location",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": [{"location": "a", "title": "A"}, {"location": "  ", "title": "B"}]}',
        "no location",
        id="blank-location",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": [{"location": "a", "title": "A"}, {"location": "b"}]}',
        "no title",
        id="no-title",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": [{"location": "a", "title": "A"}, {"location": "b", "title": "B", "created": "yesterday"}]}',
        "created",
        id="bad-date",
    ),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED)
def test_malformed_import_changes_nothing(
    bookmarks: BookmarkStore, tmp_path: Path, content: bytes, message: str
) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    before = bookmarks.list()
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=message) as info:
        bookmarks.import_json(source)
    assert isinstance(info.value, PainRefError)
    assert str(source) in str(info.value)
    assert bookmarks.list() == before


def test_import_of_a_missing_file(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read"):
        bookmarks.import_json(tmp_path / "missing.json")


def test_export_to_an_unwritable_place(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write"):
        bookmarks.export_json(blocker / "bookmarks.json")


def test_export_replaces_an_existing_file_whole(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "bookmarks.json"
    target.write_text("old content that is longer than the new one" * 100)
    bookmarks.export_json(target)
    assert json.loads(target.read_text(encoding="utf-8"))["bookmarks"] == []
    assert [p.name for p in folder.iterdir()] == ["bookmarks.json"]


# -- crafted files (reliability review D10, N1) ----------------------------------------------

CRAFTED = [
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": '
        b'[{"location": "\\ud800", "title": "A"}]}',
        "not valid Unicode",
        id="lone-surrogate-location",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": '
        b'[{"location": "a", "title": "x\\udfff"}]}',
        "not valid Unicode",
        id="lone-surrogate-title",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": '
        b'[{"location": "a", "title": "A", "created": "0001-01-01T00:00:00+14:00"}]}',
        "out of range",
        id="created-before-year-1",
    ),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": '
        b'[{"location": "a", "title": "A", "created": "9999-12-31T23:00:00-14:00"}]}',
        "out of range",
        id="created-after-year-9999",
    ),
]


@pytest.mark.parametrize(("content", "message"), CRAFTED)
def test_crafted_import_is_one_clear_refusal(
    bookmarks: BookmarkStore, tmp_path: Path, content: bytes, message: str
) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    before = bookmarks.list()
    source = tmp_path / "crafted.json"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=message) as info:
        bookmarks.import_json(source)
    assert "\n" not in str(info.value)
    assert bookmarks.list() == before


def test_import_a_file_with_a_byte_order_mark(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    source = tmp_path / "notepad.json"
    source.write_bytes(
        b"\xef\xbb\xbf"
        + b'{"format": "painref-bookmarks", "version": 1, "bookmarks": '
        + b'[{"location": "nerve-block", "title": "Nerve block"}]}'
    )
    assert bookmarks.import_json(source) == 1


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_import_from_a_device_is_refused_without_reading_it(
    bookmarks: BookmarkStore, device: str
) -> None:
    if not Path(device).exists():
        pytest.skip(f"needs {device}")
    with pytest.raises(ImportFileError, match="not a regular file"):
        bookmarks.import_json(Path(device))


def test_import_from_a_fifo_is_refused_without_blocking(
    bookmarks: BookmarkStore, tmp_path: Path
) -> None:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # nobody writes to it: a blocking open would never return
    with pytest.raises(ImportFileError, match="not a regular file"):
        bookmarks.import_json(fifo)


def test_import_reads_no_more_than_the_limit(
    bookmarks: BookmarkStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painref.store import jsonfile

    monkeypatch.setattr(jsonfile, "MAX_IMPORT_BYTES", 100)
    source = tmp_path / "big.json"
    source.write_bytes(b" " * 101 + b"{}")
    with pytest.raises(ImportFileError, match="too large"):
        bookmarks.import_json(source)


def test_export_refuses_to_replace_a_symlink(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("keep me")
    link = tmp_path / "bookmarks.json"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        bookmarks.export_json(link)
    assert link.is_symlink()
    assert target.read_text() == "keep me"


def test_export_refuses_to_replace_a_device_or_folder(
    bookmarks: BookmarkStore, tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="folder"):
        bookmarks.export_json(tmp_path)
    if Path("/dev/full").exists():
        with pytest.raises(StoreError, match="not a regular file"):
            bookmarks.export_json(Path("/dev/full"))
        assert Path("/dev/full").is_char_device()
