"""Tiny purpose-built corpora for the ranking tests, built with the real builder.

Each ranking test writes the few pages its rule needs into a tmp folder (shared files
copied from tests/data, so categories, references and attributes are the small test set)
and builds a database from them, so the test reads as the rule it pins.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from painref.content.builder import build_database
from painref.content.library import Library

TEST_DATA = Path(__file__).resolve().parent.parent / "data"
SHARED = ("attributes.yaml", "categories.yaml", "content.yaml", "references.yaml")
FILLER_BODY = "Plain filler sentence [@src-a]."
PLAIN_CONDITION = {
    "id": "plain-condition",
    "title": "Plain condition",
    "summary": "A condition every page links to [@src-a].",
    "refs": ["src-a"],
    "reviewed": "2026-01-02",
}
"""Linked from every page by default: the builder expects some page-condition link."""
UNUSED_SYNONYMS = ["hushword", "quietword"]
"""Always written: the builder expects a synonym group; no page uses these words."""


def page(page_id: str, title: str, body: str = FILLER_BODY, **fields: Any) -> dict[str, Any]:
    """One topic page: front matter fields (summary defaults to filler) and its body."""
    meta: dict[str, Any] = {
        "id": page_id,
        "title": title,
        "kind": "procedure",
        "category": "injections",
        "summary": "Plain filler summary [@src-a].",
        "reviewed": "2026-01-02",
        "conditions": [{"id": PLAIN_CONDITION["id"], "refs": ["src-a"]}],
    }
    meta.update(fields)
    return {"meta": meta, "body": body}


def write_corpus(
    folder: Path,
    pages: list[dict[str, Any]],
    *,
    conditions: list[dict[str, Any]] | None = None,
    synonyms: list[list[str]] | None = None,
) -> Path:
    """A content folder holding pages, conditions (beside PLAIN_CONDITION) and synonym
    groups; returns its path."""
    folder.mkdir(parents=True)
    for name in SHARED:
        shutil.copy(TEST_DATA / name, folder / name)
    (folder / "conditions.yaml").write_text(
        yaml.safe_dump([PLAIN_CONDITION, *(conditions or [])]), encoding="utf-8"
    )
    (folder / "synonyms.yaml").write_text(
        yaml.safe_dump([*(synonyms or []), UNUSED_SYNONYMS]), encoding="utf-8"
    )
    topics = folder / "topics"
    topics.mkdir()
    for entry in pages:
        meta = entry["meta"]
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        text = f"---\n{front}---\n{entry['body']}\n"
        (topics / f"{meta['id']}.md").write_text(text, encoding="utf-8")
    return folder


@contextmanager
def library_for(
    tmp_path: Path,
    pages: list[dict[str, Any]],
    *,
    conditions: list[dict[str, Any]] | None = None,
    synonyms: list[list[str]] | None = None,
) -> Iterator[Library]:
    """The library of a database built from just these pages (closed afterwards)."""
    data = write_corpus(tmp_path / "data", pages, conditions=conditions, synonyms=synonyms)
    db = tmp_path / "painref.db"
    build_database(data, db)
    library = Library.open(db)
    try:
        yield library
    finally:
        library.close()
