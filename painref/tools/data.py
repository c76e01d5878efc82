"""A tool's data from the library, as its content/tools_schema.py model."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from painref.errors import DatabaseError, PainRefError

if TYPE_CHECKING:
    from painref.content.library import Library

M = TypeVar("M", bound=BaseModel)

WHAT = {
    "antithrombotics": "blood-thinner intervals",
    "local-anesthetics": "local anesthetic doses",
    "last": "LAST checklist",
    "corticosteroids": "corticosteroid table",
}


def load(library: Library, name: str, model: type[M]) -> M:
    """data/tools/NAME.yaml as the database holds it.

    Raises:
        PainRefError: this database has no such data (an old or a test database).
        DatabaseError: the stored data is damaged.
    """
    raw = library.tool_data(name)
    if raw is None:
        raise PainRefError(
            f"this PainRef database has no {WHAT.get(name, name)} "
            f"({library.path}); reinstall PainRef or run `painref build-db`"
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DatabaseError(
            f"the PainRef database {library.path} is damaged: the {WHAT.get(name, name)} "
            f"are not what the builder writes ({exc.error_count()} problems); "
            "reinstall PainRef or run `painref build-db`"
        ) from None


def norm(text: str) -> str:
    """A name as it is matched: case, spaces and hyphens folded."""
    return " ".join(text.casefold().replace("-", " ").split())
