"""content/tables.py is the schema's one declaration: the loader checks every cited list, the
builder and the library carry each one to the page, and a build makes exactly its tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from painref.content.library import Library
from painref.content.loader import FRONT_MATTER_RE, load_corpus
from painref.content.model import TopicDetail
from painref.content.schema import TopicMeta
from painref.content.tables import (
    CHILD_TABLES,
    CITED_LISTS,
    DATABASE_TABLES,
    ITEM_PARTS,
    REQUIRED_ATTRIBUTES,
    CitedList,
)
from painref.errors import ContentError

from ..conftest import REAL_DATA


def test_the_declared_tables_are_the_tables_a_build_makes(real_db_path: Path) -> None:
    with sqlite3.connect(real_db_path) as conn:
        built = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert sorted(built) == sorted(DATABASE_TABLES)
    assert len(set(DATABASE_TABLES)) == len(DATABASE_TABLES)


def _cited_fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The fields of a content model that are lists of items with refs, as dotted paths."""
    found = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += _cited_fields(annotation, f"{prefix}{name}.")
        elif get_origin(annotation) is list:
            (item,) = get_args(annotation)
            if (
                isinstance(item, type)
                and issubclass(item, BaseModel)
                and "refs" in item.model_fields
            ):
                found.append(prefix + name)
    return found


def test_every_cited_list_of_the_content_model_is_declared() -> None:
    # conditions link to condition pages and have a table and checks of their own.
    assert sorted(_cited_fields(TopicMeta)) == sorted(
        [c.field for c in CITED_LISTS] + ["conditions"]
    )


def test_every_cited_list_has_a_table_and_a_page_field() -> None:
    assert {c.table for c in CITED_LISTS} <= set(CHILD_TABLES)
    assert len({c.field for c in CITED_LISTS}) == len(CITED_LISTS)
    assert [c.part for c in CITED_LISTS if c.table == "items"] == list(ITEM_PARTS)
    assert all(c.attribute in TopicDetail.__dataclass_fields__ for c in CITED_LISTS)
    # Searched somewhere: a list in neither index would be on the page but not found.
    assert all(c.facts or c.details for c in CITED_LISTS)


@pytest.mark.parametrize("cited", CITED_LISTS, ids=[c.field for c in CITED_LISTS])
def test_the_loader_checks_the_references_of_every_cited_list(
    cited: CitedList, test_data_copy: Path
) -> None:
    path = test_data_copy / "topics" / "alpha-injection.md"
    match = FRONT_MATTER_RE.match(path.read_text(encoding="utf-8"))
    assert match is not None
    meta = yaml.safe_load(match.group(1))
    *parents, name = cited.field.split(".")
    holder = meta
    for parent in parents:
        holder = holder.setdefault(parent, {})
    items = holder.setdefault(name, [])
    if not items:  # a list this page does not give: a sentence is what these lists hold
        items.append({"text": "A cited sentence."})
    items[0]["refs"] = ["no-such-source"]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n{match.group(2)}", encoding="utf-8")

    with pytest.raises(ContentError) as info:
        load_corpus(test_data_copy)
    assert f"alpha-injection.md: {cited.field}.0.refs: unknown reference 'no-such-source'" in str(
        info.value
    )


def test_every_cited_list_reaches_the_page(real_library: Library) -> None:
    corpus = load_corpus(REAL_DATA)
    given = dict.fromkeys((c.field for c in CITED_LISTS), 0)
    for topic in corpus.topics:
        detail = real_library.topic(topic.meta.id)
        for cited in CITED_LISTS:
            source = cited.items(topic.meta)
            shown = getattr(detail, cited.attribute)
            assert len(shown) == len(source), f"{topic.meta.id}: {cited.field}"
            given[cited.field] += len(source)
    # The real content gives every list somewhere, so none is checked only empty.
    assert all(given.values()), given


def test_the_required_attributes_are_defined_by_the_content() -> None:
    keys = {a.key for a in load_corpus(REAL_DATA).attributes}
    assert set(REQUIRED_ATTRIBUTES) <= keys
