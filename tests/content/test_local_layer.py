"""Reading a local layer: pages, notes as annotations (overdue, drift), refusing bad files."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from painref.content.annotations import LOCAL, Drift, Target
from painref.content.library import Library
from painref.content.local_layer import LocalLayer
from painref.errors import DatabaseError, UnknownTopicError
from tests.local_fixtures import (
    REAL_DB,
    build_local_fixture,
    build_published,
    build_test_layer,
    replace_in,
)

from ..conftest import ROOT

NOTES = {
    "alpha-time": {"attach": {"page": "alpha-injection", "field": "time"}, "title": "Slots"},
    "alpha-meds": {"attach": {"page": "alpha-injection", "field": "medications"}},
    "alpha-page": {"attach": {"page": "alpha-injection"}},
    "alpha-onset": {"attach": {"page": "alpha-injection", "field": "relief-onset"}},
    "apixaban": {"attach": {"drug": "apixaban"}},
    "rivaroxaban": {"attach": {"drug": "rivaroxaban"}, "review_due": date(2026, 6, 30)},
    "beta-page": {"attach": {"page": "beta-therapy"}},
    "beta-aftercare": {"attach": {"page": "beta-therapy", "field": "aftercare"}},
}
PAGES = {
    "fasting": {"title": "Fasting before sedation", "aliases": ["nil by mouth"]},
    "escort": {"title": "Driving and escort", "review_due": date(2026, 3, 1)},
}
TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, Path]]:
    """A small published library and a local layer built against it."""
    folder = tmp_path_factory.mktemp("layer")
    library = Library.open(build_published(folder))
    db = build_local_fixture(folder, library, pages=PAGES, notes=NOTES)
    yield library, db
    library.close()


@pytest.fixture
def layer(built: tuple[Library, Path]) -> Iterator[LocalLayer]:
    with LocalLayer.open(built[1]) as opened:
        yield opened


def drifts(layer: LocalLayer, library: Library) -> dict[str, Drift | None]:
    return {a.id: a.drift for a in layer.annotations(library, TODAY)}


# --- pages and notes -------------------------------------------------------------------------


def test_meta_and_pages(layer: LocalLayer) -> None:
    assert (layer.meta.id, layer.meta.name, layer.meta.content_version) == (
        "test-layer",
        "Test Pain Service",
        "2026.11.1",
    )
    assert (layer.meta.pages, layer.meta.notes) == (2, 8)
    assert [p.id for p in layer.pages()] == ["escort", "fasting"]
    page = layer.page("fasting")
    assert (page.title, page.aliases, page.layer_name) == (
        "Fasting before sedation",
        ("nil by mouth",),
        "Test Pain Service",
    )
    assert page.label == "Local protocol: Test Pain Service"
    assert (page.approved, page.review_due) == (date(2026, 1, 15), date(2027, 1, 15))
    assert page.body_html == "<p>A local rule for the tests (fictional).</p>\n"
    assert layer.has("fasting")
    assert not layer.has("alpha-injection")
    with pytest.raises(UnknownTopicError):
        layer.page("alpha-injection")


def test_notes_are_annotations(layer: LocalLayer, built: tuple[Library, Path]) -> None:
    notes = {a.id: a for a in layer.annotations(built[0], TODAY)}
    assert list(notes) == sorted(NOTES)  # file-name order
    time = notes["alpha-time"]
    assert time.kind == LOCAL
    assert time.is_local
    assert time.label == "Local protocol: Test Pain Service"
    assert time.target == Target(page="alpha-injection", field="time")
    assert (time.title, time.author) == ("Slots", "Dr Test")
    assert (time.approved, time.review_due) == (date(2026, 1, 15), date(2027, 1, 15))
    assert time.body_html == "<p>A local rule for the tests (fictional).</p>\n"
    assert time.body_text == "A local rule for the tests (fictional)."
    assert notes["apixaban"].target == Target(drug="apixaban")
    assert notes["alpha-page"].target == Target(page="alpha-injection")
    # Built against this very library: nothing has drifted.
    assert not any(a.drift for a in notes.values())


def test_overdue_is_judged_on_the_day_given(layer: LocalLayer, built: tuple[Library, Path]) -> None:
    def overdue(today: date) -> list[str]:
        return [a.id for a in layer.annotations(built[0], today) if a.overdue]

    assert overdue(date(2026, 6, 30)) == []  # due that day: not yet overdue
    assert overdue(date(2026, 7, 1)) == ["rivaroxaban"]
    assert overdue(date(2027, 1, 16)) == sorted(NOTES)
    escort = layer.page("escort")
    assert not escort.overdue(date(2026, 3, 1))
    assert escort.overdue(date(2026, 3, 2))


# --- drift -----------------------------------------------------------------------------------


def test_drift_after_a_published_value_changes(
    layer: LocalLayer, built: tuple[Library, Path], tmp_path: Path
) -> None:
    def release(data: Path) -> None:
        replace_in(data / "content.yaml", '"2026.11.1"', '"2026.12.1"')
        replace_in(data / "topics" / "alpha-injection.md", "time: {value: 5,", "time: {value: 10,")
        replace_in(
            data / "topics" / "alpha-injection.md", "dose: 10 mg, volume: 2 mL", "dose: 8 mg"
        )
        tools = data / "tools" / "antithrombotics.yaml"
        text = tools.read_text()
        tools.write_text(text.replace("hold: 3 days", "hold: 4 days", 1))  # apixaban, first

    with as_library(tmp_path, release) as updated:
        found = drifts(layer, updated)
    assert found["alpha-time"] == Drift("2026.11.1", was="5 minutes", now="10 minutes")
    meds = found["alpha-meds"]
    assert meds is not None
    assert "dose 10 mg; volume 2 mL" in meds.was
    assert "dose 8 mg; volume not reported" in meds.now
    apixaban = found["apixaban"]
    assert apixaban is not None
    assert "stop 3 days before" in apixaban.was.splitlines()[2]  # intermediate risk
    assert "stop 4 days before" in apixaban.now.splitlines()[2]
    unchanged = ("alpha-page", "alpha-onset", "rivaroxaban", "beta-page", "beta-aftercare")
    assert all(found[name] is None for name in unchanged)


def test_no_drift_when_only_citation_numbers_change(
    layer: LocalLayer, built: tuple[Library, Path], tmp_path: Path
) -> None:
    def renumber(data: Path) -> None:
        # src-b cited first on the page: every [n] of alpha-injection moves up by one.
        replace_in(
            data / "topics" / "alpha-injection.md",
            "near the spine [@src-a].",
            "near the spine [@src-b] [@src-a].",
        )

    library, _ = built
    with as_library(tmp_path, renumber) as updated:
        before, after = library.topic("alpha-injection"), updated.topic("alpha-injection")
        assert before.attribute("time").values[0].refs != after.attribute("time").values[0].refs
        assert before.medications[0].refs != after.medications[0].refs
        assert all(d is None for d in drifts(layer, updated).values())


def test_a_note_whose_target_is_withdrawn_is_kept_with_drift(
    layer: LocalLayer, tmp_path: Path
) -> None:
    def withdraw(data: Path) -> None:
        (data / "topics" / "beta-therapy.md").unlink()
        tools = data / "tools" / "antithrombotics.yaml"
        text = tools.read_text()
        tools.write_text(text[: text.index("- id: rivaroxaban")])
        replace_in(
            data / "topics" / "alpha-injection.md", "  time: {value: 5, refs: [src-a]}\n", ""
        )

    with as_library(tmp_path, withdraw) as updated:
        found = drifts(layer, updated)
    assert found["beta-page"] == Drift("2026.11.1", was="Beta therapy", now="")
    # Nothing was published there at build time, and the page is gone now: still flagged.
    assert found["beta-aftercare"] == Drift("2026.11.1", was="", now="")
    rivaroxaban = found["rivaroxaban"]
    assert rivaroxaban is not None
    assert rivaroxaban.now == ""
    assert rivaroxaban.was.startswith("Rivaroxaban\n")
    assert found["alpha-time"] == Drift("2026.11.1", was="5 minutes", now="")
    assert found["alpha-page"] is None


def test_the_test_layer_reads_against_the_real_content(
    tmp_path: Path, real_library: Library
) -> None:
    with LocalLayer.open(build_test_layer(tmp_path, real_library)) as layer:
        assert [p.id for p in layer.pages()] == ["day-case-escort"]
        notes = {a.id: a for a in layer.annotations(real_library, date(2026, 12, 1))}
    assert notes["esi-repeat-interval"].target == Target(
        page="epidural-steroid-injection", field="repeat-interval"
    )
    assert notes["esi-sedation"].target.field == "sedation"
    assert notes["esi-booking"].target == Target(page="epidural-steroid-injection")
    assert notes["apixaban"].target == Target(drug="apixaban")
    assert [a.id for a in notes.values() if a.overdue] == ["esi-aftercare"]
    assert not any(a.drift for a in notes.values())


@contextlib.contextmanager
def as_library(folder: Path, edit: Callable[[Path], None]) -> Iterator[Library]:
    """A published library built from tests/data/ changed by edit (a content release)."""
    library = Library.open(build_published(folder, edit))
    try:
        yield library
    finally:
        library.close()


# --- refusing bad files ----------------------------------------------------------------------


def copy_of(built: tuple[Library, Path], tmp_path: Path) -> Path:
    target = tmp_path / "copy.db"
    shutil.copyfile(built[1], target)
    return target


def change(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in sql:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_missing_folder_empty_and_foreign_files_are_refused(tmp_path: Path) -> None:
    cases = {
        tmp_path / "nowhere.db": "the local layer .*nowhere.db is missing; rebuild it",
        tmp_path: "is a folder, not a local layer file",
        tmp_path / "empty.db": "is empty; rebuild it",
        tmp_path / "text.db": "is not a PainRef local layer \\(not an SQLite file\\)",
        REAL_DB: "is PainRef's published content database, not a local layer",
    }
    (tmp_path / "empty.db").write_bytes(b"")
    (tmp_path / "text.db").write_text("layer: yes\n" * 20)
    for path, message in cases.items():
        with pytest.raises(DatabaseError, match=message):
            LocalLayer.open(path)


def test_a_damaged_file_is_refused(built: tuple[Library, Path], tmp_path: Path) -> None:
    path = copy_of(built, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 2048] = b"\xff" * 2048
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=r"damaged|cannot be read") as caught:
        LocalLayer.open(path).annotations(built[0], TODAY)
    assert str(path) in str(caught.value)
    half = copy_of(built, tmp_path)
    half.write_bytes(built[1].read_bytes()[:2000])
    with pytest.raises(DatabaseError, match="local layer"):
        LocalLayer.open(half).pages()


def test_a_layer_from_a_newer_painref_is_refused(
    built: tuple[Library, Path], tmp_path: Path
) -> None:
    path = copy_of(built, tmp_path)
    change(path, "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(DatabaseError) as caught:
        LocalLayer.open(path)
    assert str(caught.value) == (
        f"the local layer {path} was made by a newer PainRef (local layer schema 2; this "
        "PainRef reads 1); update PainRef, or rebuild the layer with this version"
    )


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("DELETE FROM meta WHERE key = 'kind'", "is not a PainRef local layer"),
        ("UPDATE meta SET value = 'other' WHERE key = 'kind'", "is not a PainRef local layer"),
        ("DROP TABLE meta", "is not a PainRef local layer \\(it has no meta table\\)"),
        ("UPDATE meta SET value = 'x' WHERE key = 'schema_version'", "not a number"),
        ("DELETE FROM meta WHERE key = 'layer_name'", "its metadata lacks layer_name"),
        ("DROP TABLE notes", "cannot be read \\(no such table: notes\\)"),
        ("ALTER TABLE pages DROP COLUMN related", "cannot be read \\(no such column: related\\)"),
    ],
)
def test_a_foreign_or_incomplete_file_is_refused_when_opened(
    built: tuple[Library, Path], tmp_path: Path, sql: str, message: str
) -> None:
    path = copy_of(built, tmp_path)
    change(path, sql)
    with pytest.raises(DatabaseError, match=message):
        LocalLayer.open(path)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE pages SET approved = 'soon'", "the page 'escort': 'soon' is not a date"),
        ("UPDATE pages SET aliases = '{'", "the aliases of the page 'escort': not a list of names"),
        ("UPDATE notes SET review_due = 'x'", "the note 'alpha-meds': 'x' is not a date"),
        ("UPDATE notes SET page = NULL", "the note 'alpha-meds': it is attached to nothing"),
        (
            "UPDATE notes SET published_text = 'changed' WHERE id = 'alpha-time'",
            "the note 'alpha-time': its recorded published value fails its checksum",
        ),
    ],
)
def test_a_damaged_value_is_a_database_error(
    built: tuple[Library, Path], tmp_path: Path, sql: str, message: str
) -> None:
    path = copy_of(built, tmp_path)
    change(path, sql)

    def read_all(layer: LocalLayer) -> None:
        layer.pages()
        layer.annotations(built[0], TODAY)

    with LocalLayer.open(path) as layer, pytest.raises(DatabaseError) as caught:
        read_all(layer)
    assert f"the local layer {path} is damaged: {message}; rebuild it" in str(caught.value)


def test_the_reader_is_import_light() -> None:
    """On the start-up path: no pydantic, Markdown, YAML or sqlite-utils."""
    code = (
        "import sys; import painref.content.local_layer, painref.content.fingerprint; "
        "print(sorted(m for m in ('sqlite_utils', 'markdown_it', 'pydantic', 'yaml') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
