"""A local layer's sources: every problem named as file: field: reason, all of them at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from painref.content.annotations import Target
from painref.content.library import Library
from painref.content.local_loader import LocalSourceError, load_local_source
from painref.errors import ContentError
from tests.local_fixtures import TEST_LAYER, build_published, write_local_source


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """tests/data with a tiny blood-thinner table (apixaban, rivaroxaban)."""
    library = Library.open(build_published(tmp_path_factory.mktemp("published")))
    yield library
    library.close()


@pytest.fixture(scope="module")
def no_drugs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library.open(build_published(tmp_path_factory.mktemp("nodrugs"), drugs=False))
    yield library
    library.close()


def problems(folder: Path, library: Library, **source: Any) -> list[str]:
    """The problems load_local_source reports for the layer written from source."""
    write_local_source(folder, **source)
    with pytest.raises(LocalSourceError) as caught:
        load_local_source(folder, library)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return list(caught.value.problems)


def one_problem(folder: Path, library: Library, **source: Any) -> str:
    found = problems(folder, library, **source)
    assert len(found) == 1, found
    return found[0]


NOTE = {"attach": {"page": "alpha-injection", "field": "time"}}


def test_a_valid_layer_loads(tmp_path: Path, published: Library) -> None:
    write_local_source(
        tmp_path,
        pages={"fasting": {"aliases": ["nil by mouth"], "related": ["alpha-injection"]}},
        notes={
            "alpha-time": NOTE,
            "alpha": {"attach": {"page": "alpha-injection"}, "title": "Booking"},
            "apixaban-rule": {"id": "apixaban", "attach": {"drug": "apixaban"}},
            "alpha-meds": {"attach": {"page": "alpha-injection", "field": "medications"}},
        },
        layer={"contact": "Extension 1234"},
    )
    source = load_local_source(tmp_path, published)
    assert source.layer.name == "Test Pain Service"
    assert source.layer.contact == "Extension 1234"
    assert [p.meta.id for p in source.pages] == ["fasting"]
    assert source.pages[0].meta.approved == date(2026, 1, 15)
    assert [n.id for n in source.notes] == ["alpha-meds", "alpha-time", "alpha", "apixaban"]
    assert source.notes[1].target == Target(page="alpha-injection", field="time")
    assert source.notes[3].target == Target(drug="apixaban")
    assert source.content_version == published.meta.content_version
    assert len(source.source_hash) == 64


def test_the_test_layer_is_valid_for_the_real_content(real_library: Library) -> None:
    source = load_local_source(TEST_LAYER, real_library)
    assert [n.id for n in source.notes] == [
        "apixaban",
        "esi-aftercare",
        "esi-booking",
        "esi-repeat-interval",
        "esi-sedation",
    ]


def test_every_problem_is_reported_at_once_in_file_order(
    tmp_path: Path, published: Library
) -> None:
    found = problems(
        tmp_path,
        published,
        pages={"alpha-injection": {}, "fine": {"related": ["nowhere"]}},
        notes={
            "a-note": {"attach": {"page": "alpha-injection", "field": "tme"}},
            "b-note": {"attach": {"drug": "apixabn"}, "colour": "red"},
        },
    )
    pages, notes = tmp_path / "pages", tmp_path / "notes"
    assert found == [
        f"{notes / 'b-note.md'}: colour: unknown field (a typo?); the fields here are: "
        "author, approved, review_due, id, attach, title",
        f"{pages / 'alpha-injection.md'}: id: 'alpha-injection' is a published page; a local "
        "page cannot replace a published page; attach a note instead (notes/NAME.md with "
        "attach: {page: alpha-injection})",
        f"{pages / 'fine.md'}: related.0: unknown published page 'nowhere'",
        f"{notes / 'a-note.md'}: attach.field: unknown field 'tme'; did you mean 'time'? A "
        "field is an at-a-glance key (time, anesthesia, imaging, invasiveness, relief-onset, "
        "relief-duration, recovery, components, bleeding-risk, evidence, injectate, "
        "diagnostic-criterion) or a section (indications, contraindications, anatomy, "
        "technique, medications, complications, aftercare, evidence)",
    ]


@pytest.mark.parametrize(
    ("note", "where", "reason"),
    [
        (
            {**NOTE, "approved": "soon"},
            "approved",
            "'soon' is not a date; write it as YYYY-MM-DD (2026-12-01)",
        ),
        ({**NOTE, "approved": 20260101}, "approved", "expected a date, written YYYY-MM-DD"),
        (
            {**NOTE, "review_due": date(2026, 1, 15)},
            "review_due",
            "2026-01-15 must come after the approval date (2026-01-15)",
        ),
        ({**NOTE, "author": None}, "author", "this field is required"),
        ({**NOTE, "id": "Bad_Id"}, "id", "'Bad_Id' is not an id"),
        (
            {"attach": {"page": "alpha-injection", "drug": "apixaban"}},
            "attach",
            "give either page (with an optional field) or drug, not both",
        ),
        ({"attach": {"field": "time"}}, "attach", "field needs a page"),
        ({"attach": {}}, "attach", "give page (with an optional field) or drug"),
        ({"attach": {"page": "alpha-injection", "lens": 1}}, "attach.lens", "unknown field"),
        (
            {"attach": {"page": "alpha-injecton"}},
            "attach.page",
            "unknown published page 'alpha-injecton'; did you mean 'alpha-injection'?",
        ),
        (
            {"attach": {"drug": "apixabn"}},
            "attach.drug",
            "unknown drug 'apixabn'; did you mean 'apixaban'? (the drug ids are listed by "
            "`painref anticoag --list`)",
        ),
        (
            {"attach": {"drug": "eliquis"}},
            "attach.drug",
            "unknown drug 'eliquis'; did you mean 'apixaban'?",
        ),
        (
            {"attach": {"page": "back-pain", "field": "time"}},
            "attach.field",
            "'back-pain' is a condition page, which has no at-a-glance fields or sections",
        ),
        (
            {"attach": {"page": "blood-thinners", "field": "time"}},
            "attach.field",
            "'blood-thinners' is a tool page",
        ),
        ({**NOTE, "body": ""}, "body", "the note is empty"),
        ({**NOTE, "body": "x" * 2001}, "body", "2001 characters; a note is shown beside"),
        ({**NOTE, "body": "Ask <b>now</b>."}, "body line 1", "raw HTML is not allowed ('<b>')"),
        ({**NOTE, "body": "<div>\nno\n</div>"}, "body line 1", "raw HTML is not allowed"),
        (
            {**NOTE, "body": "See [this](javascript:alert(1))."},
            "body",
            "link 'javascript:alert(1' is not allowed; only https:// and http:// links",
        ),
        ({**NOTE, "body": "![x](https://a.example/x.png)"}, "body line 1", "images are not"),
        ({**NOTE, "body": "Text.\n\n## Heading"}, "body line 3", "a note has no headings"),
        (
            {**NOTE, "body": "As the guideline says [@src-a]."},
            "body",
            "[@src-a] cites PainRef's reference list, which a local text cannot use",
        ),
    ],
)
def test_a_note_problem_names_its_file_and_field(
    tmp_path: Path, published: Library, note: dict[str, Any], where: str, reason: str
) -> None:
    found = one_problem(tmp_path, published, notes={"a-note": note})
    assert found.startswith(f"{tmp_path / 'notes' / 'a-note.md'}: {where}: {reason}"), found


@pytest.mark.parametrize(
    ("page", "where", "reason"),
    [
        ({"id": "other"}, "id", "'other' does not match the file name 'a-page'"),
        ({"title": None}, "title", "this field is required"),
        ({"summary": "See <https://x.example> [@src-a]."}, "summary", "[@src-a] cites"),
        ({"body": "# Title\n\nText."}, "body line 1", "use '##' headings"),
        ({"body": ""}, "body", "the Markdown body is empty"),
        ({"related": ["a-page"]}, "related.0", "a page cannot be related to itself"),
        ({"related": ["alpha-injecton"]}, "related.0", "unknown published page"),
        ({"aliases": "one"}, "aliases", "Input should be a valid list"),
        ({"approved": "2026-01-15 10:00"}, "approved", "'2026-01-15 10:00' is not a date"),
    ],
)
def test_a_page_problem_names_its_file_and_field(
    tmp_path: Path, published: Library, page: dict[str, Any], where: str, reason: str
) -> None:
    found = one_problem(tmp_path, published, pages={"a-page": page})
    assert found.startswith(f"{tmp_path / 'pages' / 'a-page.md'}: {where}: {reason}"), found


def test_a_date_with_a_time_is_refused(tmp_path: Path, published: Library) -> None:
    note = "---\nattach: {page: alpha-injection}\nauthor: A\napproved: 2026-01-15 10:00:00\n"
    note += "review_due: 2027-01-01\n---\nText.\n"
    found = one_problem(tmp_path, published, files={"notes/n.md": note})
    assert (
        found == f"{tmp_path / 'notes' / 'n.md'}: approved: give a date without a time (YYYY-MM-DD)"
    )


def test_quoted_dates_are_dates(tmp_path: Path, published: Library) -> None:
    write_local_source(
        tmp_path, notes={"n": {**NOTE, "approved": "2026-02-01", "review_due": "2027-02-01"}}
    )
    note = load_local_source(tmp_path, published).notes[0]
    assert (note.meta.approved, note.meta.review_due) == (date(2026, 2, 1), date(2027, 2, 1))


def test_a_key_given_twice_is_refused(tmp_path: Path, published: Library) -> None:
    note = "---\nattach: {page: alpha-injection}\nauthor: A\nauthor: B\n"
    note += "approved: 2026-01-01\nreview_due: 2027-01-01\n---\nText.\n"
    found = one_problem(tmp_path, published, files={"notes/n.md": note})
    assert found == (
        f"{tmp_path / 'notes' / 'n.md'}: author: the key is given twice (lines 3 and 4); "
        "YAML would silently keep only the last one"
    )


def test_front_matter_is_required(tmp_path: Path, published: Library) -> None:
    found = one_problem(tmp_path, published, files={"notes/n.md": "Just text.\n"})
    assert found.startswith(f"{tmp_path / 'notes' / 'n.md'}: front matter missing")


def test_two_items_with_one_id_are_refused(tmp_path: Path, published: Library) -> None:
    found = problems(
        tmp_path,
        published,
        pages={"shared": {}},
        notes={"first": {**NOTE, "id": "dup"}, "second": {**NOTE, "id": "dup"}, "shared": NOTE},
    )
    notes = tmp_path / "notes"
    assert found == [
        f"{notes / 'second.md'}: id: 'dup' is already used by {notes / 'first.md'}; "
        "every page and note of a layer needs its own id",
        f"{notes / 'shared.md'}: id: 'shared' is already used by "
        f"{tmp_path / 'pages' / 'shared.md'}; every page and note of a layer needs its own id",
    ]


def test_a_file_name_that_is_not_an_id_needs_an_id(tmp_path: Path, published: Library) -> None:
    found = one_problem(tmp_path, published, notes={"Alpha Note": NOTE})
    assert found.startswith(
        f"{tmp_path / 'notes' / 'Alpha Note.md'}: id: the file name 'Alpha Note' is not an id"
    )
    write_local_source(tmp_path / "named", notes={"Alpha Note": {**NOTE, "id": "alpha-note"}})
    assert load_local_source(tmp_path / "named", published).notes[0].id == "alpha-note"


def test_a_drug_note_needs_a_blood_thinner_table(tmp_path: Path, no_drugs: Library) -> None:
    found = one_problem(tmp_path, no_drugs, notes={"n": {"attach": {"drug": "apixaban"}}})
    assert found == (
        f"{tmp_path / 'notes' / 'n.md'}: attach.drug: this published content has no "
        "blood-thinner table to attach a drug note to"
    )


@pytest.mark.parametrize(
    ("layer", "where", "reason"),
    [
        ({"version": 2026.10}, "version", "2026.1 reads as a number; put the version in quotes"),
        ({"version": "v2"}, "version", "'v2': expected dotted whole numbers, such as 2026.12.1"),
        ({"name": None}, "name", "this field is required"),
        ({"id": "Test Layer"}, "id", "'Test Layer' is not an id"),
        ({"colour": "red"}, "colour", "unknown field (a typo?); the fields here are: id, name"),
    ],
)
def test_a_layer_file_problem_names_its_field(
    tmp_path: Path, published: Library, layer: dict[str, Any], where: str, reason: str
) -> None:
    found = one_problem(tmp_path, published, layer=layer, notes={"n": NOTE})
    assert found.startswith(f"{tmp_path / 'layer.yaml'}: {where}: {reason}"), found


def test_a_whole_number_version_is_text(tmp_path: Path, published: Library) -> None:
    write_local_source(tmp_path, layer={"version": 3}, notes={"n": NOTE})
    assert load_local_source(tmp_path, published).layer.version == "3"


def test_a_folder_without_layer_file_is_not_a_layer(tmp_path: Path, published: Library) -> None:
    write_local_source(tmp_path, notes={"n": NOTE})
    (tmp_path / "layer.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_local_source(tmp_path, published)
    assert str(caught.value) == (
        f"{tmp_path}: not a local layer folder (no layer.yaml; it names the layer: id, name, "
        "version)"
    )


def test_a_missing_folder_is_named(tmp_path: Path, published: Library) -> None:
    with pytest.raises(ContentError, match="does not exist; give the local layer's folder"):
        load_local_source(tmp_path / "nowhere", published)


def test_an_empty_layer_is_refused(tmp_path: Path, published: Library) -> None:
    found = one_problem(tmp_path, published)
    assert found == f"{tmp_path}: the layer has no pages (pages/*.md) and no notes (notes/*.md)"


def test_a_file_that_would_be_left_out_is_refused(tmp_path: Path, published: Library) -> None:
    found = one_problem(
        tmp_path,
        published,
        notes={"n": NOTE},
        files={"notes/apixaban.yaml": "attach: {drug: apixaban}\n", "notes/.hidden.md": "x"},
    )
    assert found.startswith(
        f"{tmp_path / 'notes' / 'apixaban.yaml'}: not a Markdown file; only notes/*.md files"
    )
