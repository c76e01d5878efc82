"""Bookmarks: add, remove, newest first, and JSON export and import (with the reader's notes
from file version 2 on; version 1 files still import)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from painref.errors import PainRefError
from painref.store.bookmarks import (
    FILE_FORMAT,
    Bookmark,
    BookmarkStore,
    ExportCounts,
    ImportCounts,
)
from painref.store.db import ImportFileError, StoreError, UserStore
from painref.store.notes import MAX_NOTE_CHARS, NoteStore


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
    assert bookmarks.export_json(target) == ExportCounts(bookmarks=2, notes=0)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == FILE_FORMAT
    assert data["version"] == 2
    assert [b["location"] for b in data["bookmarks"]] == [b.location for b in exported]
    assert data["notes"] == []

    with UserStore.open(tmp_path / "other" / "user.db") as other_store:
        other = BookmarkStore(other_store)
        assert other.import_json(target) == ImportCounts(2, 0, 0)
        assert other.list() == exported


def test_import_merges_and_counts_only_new(bookmarks: BookmarkStore, tmp_path: Path) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    target = tmp_path / "bookmarks.json"
    bookmarks.export_json(target)
    bookmarks.remove("nerve-block")
    bookmarks.add("acupuncture", "Acupuncture")
    assert bookmarks.import_json(target).bookmarks_added == 1
    assert bookmarks.import_json(target).bookmarks_added == 0
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
    assert bookmarks.import_json(source) == ImportCounts(3, 0, 0)
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
        b'{"format": "painref-bookmarks", "version": 3, "bookmarks": [], "notes": []}',
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
    assert bookmarks.import_json(source).bookmarks_added == 1


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


# -- notes in the bookmarks file (version 2) ---------------------------------------------------

TODAY = date(2026, 11, 2)
MARKER = "--- imported 2026-11-02 ---"


@pytest.fixture
def notes(store: UserStore) -> NoteStore:
    return NoteStore(store)


def _file(tmp_path: Path, notes: list[Any], bookmarks: list[Any] | None = None) -> Path:
    source = tmp_path / "import.json"
    source.write_text(
        json.dumps(
            {"format": FILE_FORMAT, "version": 2, "bookmarks": bookmarks or [], "notes": notes}
        ),
        encoding="utf-8",
    )
    return source


def _note(location: str, text: str, **more: str) -> dict[str, str]:
    return {"location": location, "title": location.title(), "text": text, **more}


def test_notes_travel_with_the_bookmarks(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    notes.set("nerve-block", "Nerve block", "  exact\n\ttext \n")
    notes.set("compare:a,b", "A vs B", "Teaching note")
    exported = notes.list()
    target = tmp_path / "bookmarks.json"
    assert bookmarks.export_json(target) == ExportCounts(bookmarks=1, notes=2)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["notes"] == [
        {
            "location": n.location,
            "title": n.title,
            "text": n.text,
            "created": n.created,
            "modified": n.modified,
        }
        for n in exported
    ]
    with UserStore.open(tmp_path / "other" / "user.db") as other_store:
        assert BookmarkStore(other_store).import_json(target) == ImportCounts(1, 2, 0)
        assert NoteStore(other_store).list() == exported  # text, dates and order as they were


def test_a_version_1_file_still_imports(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    source = tmp_path / "old.json"
    source.write_text(
        json.dumps(
            {
                "format": FILE_FORMAT,
                "version": 1,
                "bookmarks": [{"location": "nerve-block", "title": "Nerve block"}],
            }
        ),
        encoding="utf-8",
    )
    notes.set("nerve-block", "Nerve block", "mine")
    assert bookmarks.import_json(source) == ImportCounts(1, 0, 0)
    assert bookmarks.contains("nerve-block")
    assert notes.get("nerve-block").text == "mine"  # type: ignore[union-attr]


def test_a_different_note_is_added_below_the_readers_own(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    notes.set("nerve-block", "Nerve block", "Mine: 5 mL.")
    notes.set("same", "Same", "identical\n")
    source = _file(
        tmp_path,
        [
            _note("nerve-block", "Theirs: 3 mL.\n"),
            _note("same", "  identical  "),  # equal but for surrounding whitespace
            _note("new-page", "brand new"),
        ],
    )
    assert bookmarks.import_json(source, today=TODAY) == ImportCounts(0, 1, 1)
    assert notes.get("nerve-block").text == f"Mine: 5 mL.\n\n{MARKER}\nTheirs: 3 mL.\n"  # type: ignore[union-attr]
    assert notes.get("nerve-block").title == "Nerve block"  # type: ignore[union-attr]
    assert notes.get("same").text == "identical\n"  # type: ignore[union-attr]
    assert notes.get("new-page").text == "brand new"  # type: ignore[union-attr]
    # Importing the same file again changes nothing: the merged text is already there.
    assert bookmarks.import_json(source, today=date(2026, 12, 1)) == ImportCounts(0, 0, 0)
    assert notes.get("nerve-block").text.count("--- imported") == 1  # type: ignore[union-attr]


def test_merging_back_and_forth_adds_only_what_is_missing(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    """Home and work each had a note; work imported home's; home then imports work's."""
    notes.set("nerve-block", "Nerve block", "home text")
    work_text = f"work text\n\n{MARKER}\nhome text\n"
    source = _file(tmp_path, [_note("nerve-block", work_text)])
    assert bookmarks.import_json(source, today=date(2026, 11, 3)) == ImportCounts(0, 0, 1)
    assert notes.get("nerve-block").text == (  # type: ignore[union-attr]
        "home text\n\n--- imported 2026-11-03 ---\nwork text\n"
    )


def test_two_notes_on_one_page_in_a_file_are_both_kept(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    source = _file(tmp_path, [_note("p", "second"), _note("p", "first")])  # newest first
    assert bookmarks.import_json(source, today=TODAY) == ImportCounts(0, 1, 1)
    assert notes.get("p").text == f"first\n\n{MARKER}\nsecond\n"  # type: ignore[union-attr]


def test_imported_notes_keep_their_dates_and_sort_by_them(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    notes.set("today", "Today", "written now")
    source = _file(
        tmp_path,
        [
            _note(
                "old", "old", created="2020-01-01T00:00:00+02:00", modified="2021-06-01T12:00:00"
            ),
            _note("undated", "undated"),
            _note("created-only", "c", created="2019-01-01T00:00:00Z"),
            _note("blank", "   \n"),  # a blank note is no note: skipped, not counted
        ],
    )
    assert bookmarks.import_json(source) == ImportCounts(0, 3, 0)
    by_location = {n.location: n for n in notes.list()}
    assert "blank" not in by_location
    assert by_location["old"].created == "2019-12-31T22:00:00+00:00"
    assert by_location["old"].modified == "2021-06-01T12:00:00+00:00"
    assert by_location["created-only"].modified == "2019-01-01T00:00:00+00:00"
    assert [n.location for n in notes.list()][-2:] == ["old", "created-only"]


NOTE_MALFORMED = [
    pytest.param({"notes": {"a": 1}}, r"at notes: expected a list", id="not-a-list"),
    pytest.param({"notes": ["text"]}, r"notes\[0\]: expected an object", id="not-an-object"),
    pytest.param(
        {"notes": [{"title": "T", "text": "x"}]}, r"notes\[0\]: no location", id="no-location"
    ),
    pytest.param(
        {"notes": [_note("a", "fine"), {"location": "home", "title": "Home", "text": "x"}]},
        r"notes\[1\]: .*home page",
        id="home",
    ),
    pytest.param(
        {"notes": [{"location": " a", "title": "A", "text": "x"}]},
        r"notes\[0\]: .*spaces around it",
        id="spaces",
    ),
    pytest.param(
        {"notes": [{"location": "a", "text": "x"}]}, r"notes\[0\]: no title", id="no-title"
    ),
    pytest.param(
        {"notes": [{"location": "a", "title": "A"}]}, r"notes\[0\]: no text", id="no-text"
    ),
    pytest.param(
        {"notes": [{"location": "a", "title": "A", "text": 3}]},
        r"notes\[0\]: the note is not text",
        id="text-not-text",
    ),
    pytest.param(
        {"notes": [_note("a", "x" * (MAX_NOTE_CHARS + 1))]},
        r"notes\[0\]: the note is 20,001 characters",
        id="too-long",
    ),
    pytest.param(
        {"notes": [_note("a", "x", modified="last week")]},
        r"notes\[0\]: modified is not a date",
        id="bad-modified",
    ),
    pytest.param(
        {"notes": [_note("a", "x", created="0001-01-01T00:00:00+14:00")]},
        r"notes\[0\]: created is out of range",
        id="created-out-of-range",
    ),
]


@pytest.mark.parametrize(("fields", "message"), NOTE_MALFORMED)
def test_a_malformed_note_refuses_the_whole_file(
    bookmarks: BookmarkStore,
    notes: NoteStore,
    tmp_path: Path,
    fields: dict[str, Any],
    message: str,
) -> None:
    bookmarks.add("nerve-block", "Nerve block")
    notes.set("nerve-block", "Nerve block", "mine")
    before = (bookmarks.list(), notes.list())
    source = tmp_path / "bad.json"
    data = {
        "format": FILE_FORMAT,
        "version": 2,
        "bookmarks": [{"location": "new-bookmark", "title": "New"}],
        **fields,
    }
    source.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFileError, match=message) as info:
        bookmarks.import_json(source)
    assert str(source) in str(info.value)
    assert "nothing was imported" in str(info.value)
    assert (bookmarks.list(), notes.list()) == before  # not even the good bookmark


def test_a_merge_that_would_be_too_long_refuses_the_file(
    bookmarks: BookmarkStore, notes: NoteStore, tmp_path: Path
) -> None:
    mine = "m" * (MAX_NOTE_CHARS - 100)
    notes.set("nerve-block", "Nerve block", mine)
    source = _file(
        tmp_path,
        [_note("other", "would be added"), _note("nerve-block", "t" * 200)],
        bookmarks=[{"location": "new-bookmark", "title": "New"}],
    )
    with pytest.raises(ImportFileError, match=r"notes\[1\].*shorten your note") as info:
        bookmarks.import_json(source, today=TODAY)
    assert "nothing was imported" in str(info.value)
    assert notes.get("nerve-block").text == mine  # type: ignore[union-attr]
    assert notes.get("other") is None
    assert bookmarks.list() == []
