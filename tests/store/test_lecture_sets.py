"""Lecture sets: named, ordered pages; editing, persistence and JSON export and import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from painref.errors import PainRefError
from painref.store.db import ImportFileError, LectureSetError, StoreError, UserStore
from painref.store.lecture_sets import FILE_FORMAT, LectureItem, LectureSet, LectureSetStore

ITEMS = (
    LectureItem("low-back-pain", "Low back pain"),
    LectureItem("epidural-steroid-injection", "Epidural steroid injection"),
    LectureItem("compare:radiofrequency-ablation,cryoablation", "RFA vs cryoablation"),
)


@pytest.fixture
def sets(store: UserStore) -> LectureSetStore:
    return LectureSetStore(store)


def _locations(lecture_set: LectureSet) -> list[str]:
    return [item.location for item in lecture_set.items]


def test_create_and_get(sets: LectureSetStore) -> None:
    created = sets.create("  Back pain   basics ")
    assert created == LectureSet(created.id, "Back pain basics", ())
    assert sets.get(created.id) == created


def test_create_with_a_taken_name_numbers_it(sets: LectureSetStore) -> None:
    assert sets.create("Week 1").name == "Week 1"
    assert sets.create("Week 1").name == "Week 1 (2)"
    assert sets.create("week 1").name == "week 1 (3)"
    assert sets.create("Week 1 (2)").name == "Week 1 (4)"


def test_empty_name_is_refused(sets: LectureSetStore) -> None:
    with pytest.raises(LectureSetError, match="needs a name"):
        sets.create("   ")
    assert sets.list() == []


def test_list_by_name_with_items(sets: LectureSetStore) -> None:
    b = sets.create("beta")
    a = sets.create("Alpha")
    sets.set_items(b.id, ITEMS[:1])
    listed = sets.list()
    assert [s.name for s in listed] == ["Alpha", "beta"]
    assert listed[0] == a
    assert _locations(listed[1]) == ["low-back-pain"]


def test_rename(sets: LectureSetStore) -> None:
    one = sets.create("One")
    sets.create("Two")
    renamed = sets.rename(one.id, "First")
    assert renamed.name == "First"
    assert sets.get(one.id).name == "First"
    assert sets.rename(one.id, "FIRST").name == "FIRST"
    with pytest.raises(LectureSetError, match="already a lecture set named"):
        sets.rename(one.id, "two")
    with pytest.raises(LectureSetError, match="needs a name"):
        sets.rename(one.id, "")
    assert sets.get(one.id).name == "FIRST"


def test_delete_removes_the_set_and_its_items(store: UserStore, sets: LectureSetStore) -> None:
    keep = sets.create("Keep")
    sets.set_items(keep.id, ITEMS)
    gone = sets.create("Gone")
    sets.set_items(gone.id, ITEMS)
    sets.delete(gone.id)
    assert [s.id for s in sets.list()] == [keep.id]
    rows = store.connection.execute("SELECT DISTINCT set_id FROM lecture_set_items").fetchall()
    assert rows == [(keep.id,)]
    # Ids are not reused, so a stale id never finds another set.
    assert sets.create("New").id > gone.id


@pytest.mark.parametrize(
    "call",
    [
        lambda s, _: s.get(999),
        lambda s, _: s.rename(999, "x"),
        lambda s, _: s.delete(999),
        lambda s, _: s.set_items(999, ITEMS),
        lambda s, _: s.add_item(999, "a", "A"),
        lambda s, _: s.remove_item(999, 0),
        lambda s, _: s.move_item(999, 0, 1),
        lambda s, folder: s.export_json(999, folder / "unused.json"),
    ],
)
def test_unknown_id(
    sets: LectureSetStore, tmp_path: Path, call: Callable[[LectureSetStore, Path], object]
) -> None:
    sets.create("Existing")
    with pytest.raises(LectureSetError, match="no lecture set with id 999") as info:
        call(sets, tmp_path)
    assert isinstance(info.value, PainRefError)
    assert not (tmp_path / "unused.json").exists()
    assert [s.name for s in sets.list()] == ["Existing"]


def test_set_items_replaces_in_order(sets: LectureSetStore) -> None:
    lecture = sets.create("L")
    assert sets.set_items(lecture.id, ITEMS).items == ITEMS
    assert sets.set_items(lecture.id, ITEMS[::-1]).items == ITEMS[::-1]
    assert sets.set_items(lecture.id, []).items == ()


def test_add_item_appends_and_allows_repeats(sets: LectureSetStore) -> None:
    lecture = sets.create("L")
    sets.add_item(lecture.id, "low-back-pain", "Low back pain")
    sets.add_item(lecture.id, "nerve-block", "Nerve block")
    updated = sets.add_item(lecture.id, "low-back-pain", "Low back pain")
    assert _locations(updated) == ["low-back-pain", "nerve-block", "low-back-pain"]
    assert sets.get(lecture.id) == updated


def test_remove_item(sets: LectureSetStore) -> None:
    lecture = sets.set_items(sets.create("L").id, ITEMS)
    assert sets.remove_item(lecture.id, 1).items == (ITEMS[0], ITEMS[2])
    assert sets.remove_item(lecture.id, 1).items == (ITEMS[0],)
    with pytest.raises(IndexError):
        sets.remove_item(lecture.id, 1)
    with pytest.raises(IndexError):
        sets.remove_item(lecture.id, -1)
    assert sets.get(lecture.id).items == (ITEMS[0],)


@pytest.mark.parametrize(
    ("index", "step", "expected"),
    [
        (0, 1, [1, 0, 2]),
        (2, -1, [0, 2, 1]),
        (0, 2, [1, 2, 0]),
        (1, 0, [0, 1, 2]),
        (0, -1, [0, 1, 2]),
        (2, 1, [0, 1, 2]),
        (1, 10, [0, 2, 1]),
        (1, -10, [1, 0, 2]),
    ],
)
def test_move_item(sets: LectureSetStore, index: int, step: int, expected: list[int]) -> None:
    lecture = sets.set_items(sets.create("L").id, ITEMS)
    moved = sets.move_item(lecture.id, index, step)
    assert moved.items == tuple(ITEMS[i] for i in expected)
    assert sets.get(lecture.id) == moved


def test_move_item_out_of_range(sets: LectureSetStore) -> None:
    lecture = sets.set_items(sets.create("L").id, ITEMS)
    with pytest.raises(IndexError):
        sets.move_item(lecture.id, 3, -1)
    assert sets.get(lecture.id).items == ITEMS


def test_lecture_sets_persist(user_db_path: Path) -> None:
    with UserStore.open(user_db_path) as store:
        sets = LectureSetStore(store)
        lecture = sets.set_items(sets.create("Persisted").id, ITEMS)
        sets.move_item(lecture.id, 2, -2)
        before = sets.list()
    with UserStore.open(user_db_path) as store:
        assert LectureSetStore(store).list() == before
        assert _locations(before[0])[0].startswith("compare:")


def test_export_import_round_trip(sets: LectureSetStore, tmp_path: Path) -> None:
    lecture = sets.set_items(sets.create("Résumé — week 1").id, ITEMS)
    target = tmp_path / "week1.json"
    sets.export_json(lecture.id, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data == {
        "format": FILE_FORMAT,
        "version": 1,
        "name": "Résumé — week 1",
        "items": [{"location": i.location, "title": i.title} for i in ITEMS],
    }

    with UserStore.open(tmp_path / "other" / "user.db") as other_store:
        imported = LectureSetStore(other_store).import_json(target)
        assert imported.name == "Résumé — week 1"
        assert imported.items == ITEMS

    again = sets.import_json(target)
    assert again.name == "Résumé — week 1 (2)"
    assert again.items == ITEMS
    assert again.id != lecture.id
    assert sets.import_json(target).name == "Résumé — week 1 (3)"


def test_export_to_an_unwritable_place(sets: LectureSetStore, tmp_path: Path) -> None:
    lecture = sets.create("L")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write"):
        sets.export_json(lecture.id, blocker / "set.json")


def _set_file(**fields: object) -> bytes:
    data: dict[str, object] = {"format": FILE_FORMAT, "version": 1, "name": "N", "items": []}
    data.update(fields)
    return json.dumps({k: v for k, v in data.items() if v is not None}).encode()


MALFORMED = [
    pytest.param(b"", "not a valid JSON", id="empty"),
    pytest.param(b'{"format": ', "not a valid JSON", id="truncated"),
    pytest.param(b'"a string"', "not a PainRef lecture set file", id="a-string"),
    pytest.param(_set_file(format="something-else"), "format field", id="other-format"),
    pytest.param(
        b'{"format": "painref-bookmarks", "version": 1, "bookmarks": []}',
        "is a PainRef bookmarks file, not a PainRef lecture set file",
        id="a-bookmarks-file",
    ),
    pytest.param(_set_file(version=None), "no valid version", id="no-version"),
    pytest.param(_set_file(version=True), "no valid version", id="bool-version"),
    pytest.param(_set_file(version=0), "no valid version", id="version-0"),
    pytest.param(_set_file(version=2), "newer version of PainRef", id="newer"),
    pytest.param(_set_file(name=None), "no name", id="no-name"),
    pytest.param(_set_file(name="  "), "no name", id="blank-name"),
    pytest.param(_set_file(name=7), "no name", id="number-name"),
    pytest.param(_set_file(items=None), "items", id="no-items"),
    pytest.param(_set_file(items={"location": "a"}), "list of items", id="items-object"),
    pytest.param(
        _set_file(items=[{"location": "a", "title": "A"}, "b"]), r"items\[1\]", id="string-item"
    ),
    pytest.param(_set_file(items=[{"title": "A"}]), "no location", id="no-location"),
    pytest.param(_set_file(items=[{"location": 3, "title": "A"}]), "no location", id="int-loc"),
    pytest.param(_set_file(items=[{"location": "a"}]), "no title", id="no-title"),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED)
def test_malformed_import_changes_nothing(
    sets: LectureSetStore, tmp_path: Path, content: bytes, message: str
) -> None:
    sets.set_items(sets.create("N").id, ITEMS)
    before = sets.list()
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=message) as info:
        sets.import_json(source)
    assert str(source) in str(info.value)
    assert sets.list() == before


def test_import_of_a_missing_file(sets: LectureSetStore, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read"):
        sets.import_json(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(_set_file(name="\ud800"), "not valid Unicode", id="surrogate-name"),
        pytest.param(
            _set_file(items=[{"location": "a\udc00", "title": "A"}]),
            "not valid Unicode",
            id="surrogate-item",
        ),
        pytest.param(b"\xef\xbb\xbf" + b'{"format": 3}', "format field", id="bom-is-read"),
    ],
)
def test_crafted_import_is_one_clear_refusal(
    sets: LectureSetStore, tmp_path: Path, content: bytes, message: str
) -> None:
    before = sets.list()
    source = tmp_path / "crafted.json"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        sets.import_json(source)
    assert sets.list() == before


def test_import_from_a_device_or_fifo_is_refused(sets: LectureSetStore, tmp_path: Path) -> None:
    import os

    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        with pytest.raises(ImportFileError, match="not a regular file"):
            sets.import_json(fifo)
    if Path("/dev/zero").exists():
        with pytest.raises(ImportFileError, match="not a regular file"):
            sets.import_json(Path("/dev/zero"))


def test_export_refuses_to_replace_a_symlink(sets: LectureSetStore, tmp_path: Path) -> None:
    lecture = sets.create("L")
    target = tmp_path / "elsewhere.json"
    target.write_text("keep me")
    link = tmp_path / "set.json"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        sets.export_json(lecture.id, link)
    assert target.read_text() == "keep me"
