"""The content model: what one source file in data/ may say, validated by pydantic."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG)

Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]
Text = Annotated[str, Field(min_length=1)]

# Link schemes a content source may use; anything else (javascript:, file:, data:, ...)
# is refused at build time so it can never be rendered live.
ALLOWED_URL_SCHEMES = ("https://", "http://")


class _Strict(BaseModel):
    """Base for content models: unknown fields are typos, and typos are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Category(_Strict):
    """A sidebar group with a short introduction for the home page."""

    id: Slug
    title: Text
    intro: Text
    ladder_step: int = Field(ge=0, le=9)
    """Place on a condition's treatment ladder: 0 overview, 1 conservative ... 5 surgery."""


class Reference(_Strict):
    """A source that facts cite by its id."""

    id: Slug
    title: Text
    publisher: Text
    url: str | None = None
    note: str | None = None
    strength: Literal["authoritative", "secondary", "weak", "seed"] = "secondary"

    @field_validator("url")
    @classmethod
    def _url_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(ALLOWED_URL_SCHEMES):
            raise ValueError("a reference URL must start with https:// or http://")
        return value


class AttributeDef(_Strict):
    """A structured field that pages show at a glance and comparisons align."""

    key: Slug
    label: Text
    unit: str | None = None
    description: Text
    missing: Text = "not reported"
    footnote: str | None = None
    """Shown under a reported value (the guideline's caveat for bleeding-risk classes)."""


class Cited(_Strict):
    """A piece of text with the references that support it."""

    text: Text
    refs: list[Slug] = Field(min_length=1)


class AttributeValue(_Strict):
    """One value of a structured field, as one source states it."""

    value: Text
    refs: list[Slug] = Field(min_length=1)
    note: str | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: object) -> object:
        # YAML reads `value: 5` as an int; the database keeps every value as text.
        return str(value) if isinstance(value, int | float) else value


class Risk(_Strict):
    """An adverse effect, complication or challenge, with what it means."""

    name: Text
    description: Text
    refs: list[Slug] = Field(min_length=1)


class ConditionLink(_Strict):
    """A condition a topic is used for, with the source that says so."""

    id: Slug
    refs: list[Slug] = Field(min_length=1)
    note: str | None = None


class Condition(_Strict):
    """A condition page: what the sources say of it; its procedures come from the links."""

    id: Slug
    title: Text
    aliases: list[Text] = []
    summary: Text
    refs: list[Slug] = Field(min_length=1)
    reviewed: date


class SynonymGroup(RootModel[list[Annotated[str, Field(pattern=r"^[a-z0-9]+$")]]]):
    """Single lower-case words search treats as one."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _two_or_more(self) -> SynonymGroup:
        if len(self.root) < 2:
            raise ValueError("a synonym group needs two or more words")
        return self


class TopicMeta(_Strict):
    """The front matter of one topic file in data/topics/."""

    id: Slug
    title: Text
    kind: Literal["overview", "procedure", "therapy"]
    category: Slug
    abbreviations: list[Text] = []
    aliases: list[Text] = []
    summary: Text
    reviewed: date
    attributes: dict[Slug, list[AttributeValue]] = {}
    benefits: list[Cited] = []
    risks: list[Risk] = []
    conditions: list[ConditionLink] = []
    related: list[Slug] = []
    safety_notices: list[Cited] = []
    """Regulator warnings and similar: shown in a box at the top of the page."""
    source_notes: list[Cited] = []
    """Where the sources disagree or are thin: said on the page, never silently resolved."""
    conflicts: list[Slug] = []
    """Attribute keys whose several values are sources disagreeing (not several kinds)."""

    @field_validator("attributes", mode="before")
    @classmethod
    def _one_value_or_many(cls, value: object) -> object:
        # `anesthesia: {value: ..., refs: [...]}` is shorthand for a one-item list;
        # a list of several is how conflicting sources are recorded.
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, dict) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _no_self_links(self) -> TopicMeta:
        if self.id in self.related:
            raise ValueError("a topic cannot list itself as related")
        for key in self.conflicts:
            if len(self.attributes.get(key, [])) < 2:
                raise ValueError(f"conflicts: {key!r} needs two or more values in attributes")
        return self


class Topic(BaseModel):
    """A validated topic: its front matter and its Markdown body."""

    model_config = ConfigDict(frozen=True)

    meta: TopicMeta
    body: str
    path: str


class Corpus(BaseModel):
    """Everything in data/, validated and cross-checked."""

    model_config = ConfigDict(frozen=True)

    content_version: str
    categories: list[Category]
    references: list[Reference]
    attributes: list[AttributeDef]
    conditions: list[Condition]
    topics: list[Topic]
    synonyms: list[list[str]]
    source_hash: str
