"""What a local layer's source files may say (layer.yaml, pages/*.md, notes/*.md), by pydantic.

A department's local layer is written like data/: YAML front matter and a Markdown body,
unknown fields refused as typos. Dates are real dates (YYYY-MM-DD, unquoted), and a review
date comes after the approval date. docs/local-layers.md is the format for authors; the
checks against the published content (does the page, field or drug exist?) are
content/local_loader.py's.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from painref.content.schema import SLUG, Slug, Text

LAYER_FILE = "layer.yaml"
PAGES_FOLDER = "pages"
NOTES_FOLDER = "notes"

VERSION_RE = re.compile(r"^\d+(?:\.\d+)*$")
"""A layer version: dotted whole numbers, "2026.12.1"."""
SLUG_RE = re.compile(SLUG)

NOTE_MAX_CHARACTERS = 2000
"""A note is drawn beside a published value: longer text belongs on a local page."""


def _a_date(value: object) -> object:
    """A date as YAML reads YYYY-MM-DD; quoted dates are accepted, anything else is not."""
    if isinstance(value, datetime):
        raise ValueError("give a date without a time (YYYY-MM-DD)")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value[:30]!r} is not a date; write it as YYYY-MM-DD (2026-12-01)"
            ) from None
    raise ValueError("expected a date, written YYYY-MM-DD (2026-12-01)")


def _a_version(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected a version such as 2026.12.1")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # YAML reads 2026.10 as the number 2026.1: the version would silently change.
        raise ValueError(f'{value!r} reads as a number; put the version in quotes ("2026.10")')
    if isinstance(value, str) and VERSION_RE.match(value.strip()):
        return value.strip()
    raise ValueError(f"{str(value)[:30]!r}: expected dotted whole numbers, such as 2026.12.1")


Day = Annotated[date, BeforeValidator(_a_date)]
Version = Annotated[str, BeforeValidator(_a_version)]
Name = Annotated[str, Field(min_length=1, max_length=120)]


class _Strict(BaseModel):
    """As content/schema.py's: unknown fields are typos, and typos are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class LayerInfo(_Strict):
    """layer.yaml: which department's layer this is, and its version."""

    id: Slug
    name: Name
    """The department, as labels show it: "Local protocol: <name>"."""
    version: Version
    contact: str | None = None
    """Who to ask about the layer (a name, a phone extension, an e-mail address)."""


class _Approved(_Strict):
    """Who wrote it, when it was approved and when it must be reviewed again."""

    author: Name
    approved: Day
    review_due: Day

    @field_validator("review_due")
    @classmethod
    def _review_after_approval(cls, value: date, info: ValidationInfo) -> date:
        approved = info.data.get("approved")
        if isinstance(approved, date) and value <= approved:
            raise ValueError(f"{value} must come after the approval date ({approved})")
        return value


class LocalPageMeta(_Approved):
    """The front matter of pages/ID.md: a department's own page."""

    id: Slug
    title: Name
    summary: Text
    """One or two sentences: what the page is for (lists and search show it)."""
    aliases: list[Name] = []
    """Other words search finds the page by."""
    related: list[Slug] = []
    """Published page ids the page links to."""


class Attach(_Strict):
    """Where a note is shown: a published page (one of its fields), or a drug's rows."""

    page: Slug | None = None
    field: Slug | None = None
    """An at-a-glance key (attributes.yaml) or a section (content/annotations.py SECTIONS)."""
    drug: Slug | None = None
    """A drug id of the blood-thinner table."""

    @model_validator(mode="after")
    def _one_target(self) -> Attach:
        if self.drug is not None and (self.page is not None or self.field is not None):
            raise ValueError(
                "give either page (with an optional field) or drug, not both; "
                "write two notes to say something in both places"
            )
        if self.drug is None and self.page is None:
            if self.field is not None:
                raise ValueError("field needs a page: attach: {page: PAGE-ID, field: KEY}")
            raise ValueError("give page (with an optional field) or drug")
        return self


class LocalNoteMeta(_Approved):
    """The front matter of notes/NAME.md: a department's note beside a published value."""

    id: Slug | None = None
    """Defaults to the file name."""
    attach: Attach
    title: Name | None = None
