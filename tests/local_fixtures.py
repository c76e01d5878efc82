"""Small local layers and published databases for tests (content, packs, pages, the window).

write_local_source writes a layer folder from dicts (front matter fields, "body" for the
Markdown); build_local_fixture writes one and builds it against a Library. build_published
builds a small published database from a copy of tests/data/ with a tiny blood-thinner table
(apixaban, rivaroxaban), optionally edited first: a content update for the drift tests.
TEST_LAYER is a tiny valid layer for the real bundled content (data/painref.db).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from painref.content.builder import build_database
from painref.content.library import Library
from painref.content.local_builder import build_local_layer

TESTS = Path(__file__).resolve().parent
TEST_DATA = TESTS / "data"
TEST_LAYER = TEST_DATA / "local-layer"
"""One page (day-case-escort); notes on epidural-steroid-injection's repeat-interval
(esi-repeat-interval) and sedation (esi-sedation), on the page itself (esi-booking), on the
drug apixaban (apixaban), and an overdue one on its aftercare (esi-aftercare, review due
2025-05-01). The others are due 2027-01-15 or later."""
REAL_DB = TESTS.parent / "data" / "painref.db"

APPROVED = date(2026, 1, 15)
REVIEW_DUE = date(2027, 1, 15)
LAYER_NAME = "Test Pain Service"
BODY = "A local rule for the tests (fictional)."

Fields = Mapping[str, Any]


def write_local_source(
    folder: Path,
    *,
    pages: Mapping[str, Fields] | None = None,
    notes: Mapping[str, Fields] | None = None,
    layer: Fields | None = None,
    files: Mapping[str, str] | None = None,
) -> Path:
    """Write a local layer folder; returns it.

    Args:
        pages: file stem -> front matter fields of pages/STEM.md. id, title, summary,
            author, approved and review_due have defaults; "body" is the Markdown body.
            A field given as None is left out (to test a missing field).
        notes: file stem -> front matter fields of notes/STEM.md (give attach); author,
            approved and review_due have defaults; "body" as for pages.
        layer: layer.yaml fields over the defaults (id test-layer, name LAYER_NAME,
            version 2026.12.1); None values are left out.
        files: relative path -> exact text, written last (for malformed files).
    """
    folder.mkdir(parents=True, exist_ok=True)
    info = {"id": "test-layer", "name": LAYER_NAME, "version": "2026.12.1", **(layer or {})}
    (folder / "layer.yaml").write_text(_yaml(info), encoding="utf-8")
    for stem, fields in (pages or {}).items():
        defaults = {
            "id": stem,
            "title": stem.replace("-", " ").capitalize(),
            "summary": f"What {stem} is for (test page).",
            "author": "Dr Test",
            "approved": APPROVED,
            "review_due": REVIEW_DUE,
        }
        _write_md(folder / "pages" / f"{stem}.md", {**defaults, **fields})
    for stem, fields in (notes or {}).items():
        defaults = {"author": "Dr Test", "approved": APPROVED, "review_due": REVIEW_DUE}
        _write_md(folder / "notes" / f"{stem}.md", {**defaults, **fields})
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def build_local_fixture(
    folder: Path,
    library: Library,
    *,
    pages: Mapping[str, Fields] | None = None,
    notes: Mapping[str, Fields] | None = None,
    layer: Fields | None = None,
    output: Path | None = None,
) -> Path:
    """Write a layer to folder/source and build it against library; returns the database
    (output, or folder/local.db)."""
    source = write_local_source(folder / "source", pages=pages, notes=notes, layer=layer)
    output = output or folder / "local.db"
    build_local_layer(source, library, output)
    return output


def build_test_layer(folder: Path, library: Library | None = None) -> Path:
    """TEST_LAYER built against library (the real bundled content when None); returns the
    database, folder/test-layer.db."""
    output = folder / "test-layer.db"
    if library is None:
        with _real_library() as real:
            build_local_layer(TEST_LAYER, real, output)
    else:
        build_local_layer(TEST_LAYER, library, output)
    return output


ANTITHROMBOTICS = {
    "page": {
        "id": "blood-thinners",
        "title": "Blood thinners before pain procedures",
        "summary": "When to stop and restart blood thinners (test data).",
        "reviewed": date(2026, 1, 2),
    },
    "guideline": {
        "ref": "src-a",
        "name": "Test guideline",
        "edition": "First edition",
        "citation": "Test 2026",
        "values_from": "The test guideline's own table.",
    },
    "procedures": [
        {"name": "Alpha injection", "class": "intermediate", "pages": ["alpha-injection"],
         "refs": ["src-a"]},
    ],
    "classes": [
        {"id": "test-anticoagulants", "title": "Test anticoagulants",
         "summary": "Direct oral anticoagulants (test data)."},
    ],
    "drugs": [
        {"id": "apixaban", "name": "Apixaban", "brands": ["Eliquis"],
         "class": "test-anticoagulants",
         "low": {"hold": "shared", "restart": "24 hours"},
         "intermediate": {"hold": "3 days", "restart": "24 hours"},
         "high": {"hold": "3 days", "restart": "24 hours"},
         "refs": ["src-a"]},
        {"id": "rivaroxaban", "name": "Rivaroxaban", "brands": ["Xarelto"],
         "class": "test-anticoagulants",
         "low": {"hold": "shared", "restart": "24 hours"},
         "intermediate": {"hold": "3 days", "restart": "24 hours"},
         "high": {"hold": "3 days", "restart": "24 hours"},
         "refs": ["src-a"]},
    ],
}  # fmt: skip
"""data/tools/antithrombotics.yaml of build_published's copy, as data."""


def build_published(
    folder: Path,
    edit: Callable[[Path], None] | None = None,
    *,
    drugs: bool = True,
    name: str = "painref.db",
) -> Path:
    """A published database built from a copy of tests/data/ (at folder/data), with the
    blood-thinner table above when drugs; edit(data_dir) changes the copy first (a content
    release). Returns the database, folder/name."""
    data = folder / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(TEST_DATA, data, ignore=shutil.ignore_patterns("local-layer"))
    if drugs:
        (data / "tools").mkdir()
        (data / "tools" / "antithrombotics.yaml").write_text(
            _yaml(ANTITHROMBOTICS), encoding="utf-8"
        )
    if edit is not None:
        edit(data)
    output = folder / name
    build_database(data, output)
    return output


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace old (which must be there) by new in a source file: an edit for build_published."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@contextlib.contextmanager
def _real_library() -> Iterator[Library]:
    library = Library.open(REAL_DB)
    try:
        yield library
    finally:
        library.close()


def _yaml(data: Fields) -> str:
    return yaml.safe_dump(
        {k: v for k, v in data.items() if v is not None},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )


def _write_md(path: Path, fields: Fields) -> None:
    fields = dict(fields)
    body = fields.pop("body", BODY)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{_yaml(fields)}---\n{body}\n", encoding="utf-8")
