"""Every kind of damaged user database: the app opens, says what happened, loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from painref.store.user import UserData

from .corpus import USER_CASE_NAMES, user_db_cases

# What opening each case should end in: a fresh database with the damaged one kept aside,
# running without saving (a reason to show), or simply working.
RECOVERED = "recovered"
UNAVAILABLE = "unavailable"
WORKS = "works"
EXPECTED = {
    "random_bytes": RECOVERED,
    "text": RECOVERED,
    "truncated_100": RECOVERED,
    "truncated_page": RECOVERED,
    "truncated_half": RECOVERED,
    "zeroed_page": RECOVERED,
    "bitflips": RECOVERED,
    "zero_length": WORKS,  # an empty file is a new database
    "another_schema": WORKS,  # PainRef's tables are added beside the others
    "newer_migration": UNAVAILABLE,  # left alone for the newer PainRef
    "directory": UNAVAILABLE,
    "dropped_bookmarks": RECOVERED,
    "dropped_history": RECOVERED,
    "dropped_lecture_sets": RECOVERED,
    "dropped_lecture_set_items": RECOVERED,
    "bookmarks_missing_column": RECOVERED,
}


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return dict(user_db_cases(tmp_path_factory.mktemp("user-faults")))


def test_every_case_has_an_expectation() -> None:
    assert set(EXPECTED) == set(USER_CASE_NAMES)


@pytest.mark.parametrize("case", USER_CASE_NAMES)
def test_a_damaged_user_database(case: str, damaged: dict[str, Path], tmp_path: Path) -> None:
    path = damaged[case]
    before = path.read_bytes() if path.is_file() else None
    data = UserData.open(path)  # never raises: the window must open
    try:
        outcome = (
            UNAVAILABLE
            if data.store is None
            else RECOVERED
            if data.recovered_from is not None
            else WORKS
        )
        assert outcome == EXPECTED[case], data.problem
        if outcome == UNAVAILABLE:
            assert data.problem and "\n" not in data.problem
            assert (path.read_bytes() if path.is_file() else None) == before  # left alone
            return
        if outcome == RECOVERED:
            assert data.recovered_from is not None
            assert data.recovered_from.read_bytes() == before  # kept byte for byte
        assert data.bookmarks and data.history and data.lecture_sets
        data.bookmarks.add("epidural-steroid-injection", "Epidural steroid injection")
        assert data.bookmarks.contains("epidural-steroid-injection")
        data.history.visit("epidural-steroid-injection", "Epidural steroid injection")
        assert data.history.recent()[0].location == "epidural-steroid-injection"
        lecture = data.lecture_sets.create("Spine")
        data.lecture_sets.add_item(lecture.id, "epidural-steroid-injection", "ESI")
        data.bookmarks.export_json(tmp_path / "bookmarks.json")
        data.lecture_sets.export_json(lecture.id, tmp_path / "set.json")
        assert data.lecture_sets.import_json(tmp_path / "set.json").name == "Spine (2)"
    finally:
        data.close()
