"""The content model: what one source file in data/ may say, validated by pydantic."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]
Text = Annotated[str, Field(min_length=1)]

# Link schemes a content source may use; anything else (javascript:, file:, data:, ...)
# is refused at build time so it can never be rendered live.
ALLOWED_URL_SCHEMES = ("https://", "http://")

# A citation in a summary, a presentation or a body: [@reference-id].
CITATION_RE = re.compile(r"\[@([^\]\s]*)\]")


def citations_in(text: str) -> list[str]:
    """The reference ids cited with [@id] in text, in order."""
    return CITATION_RE.findall(text)


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
    doi: str | None = None
    """The DOI without the resolver ("10.1056/NEJMoa1313265"); two references may not share one."""
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
    glance: bool = False
    """A key every procedure page answers unless it lists the key as not applicable;
    the fill-rate report counts these."""


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


class Complication(_Strict):
    """An adverse effect or complication: what it is, and how often, in whom, per which source."""

    name: Text
    description: Text
    incidence: str | None = None
    """As the source gives it ("8.1 per million", "about 1%"); absent means not reported."""
    population: str | None = None
    """Whom the incidence was measured in; required with an incidence."""
    serious: bool = False
    refs: list[Slug] = Field(min_length=1)

    @field_validator("incidence", "population", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _incidence_has_population(self) -> Complication:
        if self.incidence and not self.population:
            raise ValueError("an incidence needs its population (whom it was measured in)")
        return self


class Medication(_Strict):
    """One agent a procedure injects or infuses, as a source gives it."""

    agent: Text
    """Generic name, with a common brand in parentheses on first use on the page."""
    role: Text
    dose: str | None = None
    volume: str | None = None
    particulate: bool | None = None
    """For corticosteroids: True for a suspension, False for a solution."""
    use: str | None = None
    note: str | None = None
    refs: list[Slug] = Field(min_length=1)

    @field_validator("dose", "volume", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


EVIDENCE_KINDS = ("guideline", "review", "society", "trial")
"""guideline: an independent body (NICE, ACR, AOMRC); review: a systematic review (Cochrane or
independent); society: a specialty society of the field; trial: a named randomized trial."""

EVIDENCE_DIRECTIONS = ("for", "against", "no-benefit", "uncertain")


class Evidence(_Strict):
    """One body's recommendation, one review's conclusion or one trial's result."""

    body: Text
    kind: Literal["guideline", "review", "society", "trial"]
    year: int = Field(ge=1950, le=2100)
    population: Text
    direction: Literal["for", "against", "no-benefit", "uncertain"]
    strength: Text
    """The body's own grading or the GRADE certainty; "not graded" when it gives none."""
    statement: Text
    refs: list[Slug] = Field(min_length=1)


class SeedClaim(_Strict):
    """A source-document statement the evidence contradicts or oversimplifies."""

    claim: Text
    verdict: Literal["wrong", "oversimplified", "unsupported", "outdated"]
    known: Text
    refs: list[Slug] = Field(min_length=1)


class Contraindications(_Strict):
    """Absolute, then relative."""

    absolute: list[Cited] = []
    relative: list[Cited] = []


class ConditionLink(_Strict):
    """A condition a topic is used for, with the source that says so."""

    id: Slug
    refs: list[Slug] = Field(min_length=1)
    note: str | None = None


class Icd10Code(_Strict):
    """An ICD-10-CM code (public domain) a condition is recorded under."""

    code: Annotated[str, Field(pattern=r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")]
    title: Text
    refs: list[Slug] = Field(min_length=1)


class Condition(_Strict):
    """A condition page: what the sources say of it; its procedures come from the links."""

    id: Slug
    title: Text
    aliases: list[Text] = []
    summary: Text
    """What the condition is; what treats it comes from the topics that link to it."""
    presentation: str | None = None
    """How it presents: symptoms, signs, how it is diagnosed; cited like the summary."""
    refs: list[Slug] = Field(min_length=1)
    reviewed: date
    seed_claims: list[SeedClaim] = []
    icd10: list[Icd10Code] = []
    """Its ICD-10-CM codes, each cited to the code set or a source that lists it."""


class Region(_Strict):
    """A body region: the words people use for it and the pages that concern it."""

    id: Slug
    title: Text
    words: list[Annotated[str, Field(pattern=r"^[a-z]+( [a-z]+)?$")]] = Field(min_length=1)
    """Lower-case words or two-word phrases ("knee", "tailbone", "lower back")."""
    pages: list[Slug] = Field(min_length=1)
    """Topic and condition ids."""


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
    kind: Literal["overview", "procedure", "therapy", "safety"]
    category: Slug
    abbreviations: list[Text] = []
    aliases: list[Text] = []
    summary: Text
    reviewed: date
    safety_notices: list[Cited] = []
    """Regulator warnings and similar: shown in a box at the top of the page."""
    attributes: dict[Slug, list[AttributeValue]] = {}
    """At a glance: short values by key from attributes.yaml."""
    not_applicable: list[Slug] = []
    """At-a-glance keys that do not apply to this topic (left off the page and the fill rate)."""
    indications: list[Cited] = []
    contraindications: Contraindications = Contraindications()
    anatomy: list[Cited] = []
    technique: list[Cited] = []
    medications: list[Medication] = []
    complications: list[Complication] = []
    aftercare: list[Cited] = []
    evidence: list[Evidence] = []
    seed_claims: list[SeedClaim] = []
    """What the source documents say that the evidence contradicts or oversimplifies."""
    benefits: list[Cited] = []
    conditions: list[ConditionLink] = []
    related: list[Slug] = []
    source_notes: list[Cited] = []
    """Where the sources disagree or are thin: said on the page, never silently resolved."""
    conflicts: list[Slug] = []
    """Attribute keys whose several values are authoritative sources disagreeing."""

    @field_validator("attributes", mode="before")
    @classmethod
    def _one_value_or_many(cls, value: object) -> object:
        # `anesthesia: {value: ..., refs: [...]}` is shorthand for a one-item list;
        # a list of several is how conflicting sources are recorded.
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, dict) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TopicMeta:
        if self.id in self.related:
            raise ValueError("a topic cannot list itself as related")
        for key in self.conflicts:
            if len(self.attributes.get(key, [])) < 2:
                raise ValueError(f"conflicts: {key!r} needs two or more values in attributes")
        both = sorted(set(self.not_applicable) & set(self.attributes))
        if both:
            raise ValueError(f"not_applicable: {both} also have values in attributes")
        return self

    def missing_parts(self) -> list[str]:
        """The parts of the clinical template a procedure page still lacks (data/README.md)."""
        if self.kind != "procedure":
            return []
        return [name for name in PROCEDURE_PARTS if not self._has(name)]

    def _has(self, name: str) -> bool:
        if name == "contraindications":
            return bool(self.contraindications.absolute or self.contraindications.relative)
        if name == "medications":
            return bool(self.medications) or "injectate" in self.not_applicable
        if name == "an incidence in complications":
            return any(c.incidence for c in self.complications)
        return bool(getattr(self, name))


PROCEDURE_PARTS = (
    "indications",
    "contraindications",
    "technique",
    "medications",
    "complications",
    "an incidence in complications",
    "aftercare",
    "evidence",
)
"""What every procedure page must give (issue 13); medications unless it injects nothing."""


ListItem = Cited | Medication | Complication | Evidence | SeedClaim
"""An item of a cited list (tables.CITED_LISTS): what the builder writes as one row."""


class DiagramMeta(_Strict):
    """data/diagrams/ID.yaml: what a diagram shows, on which pages, and its sources."""

    id: Slug
    title: Text
    view: Text
    """The projection and orientation ("Lateral view, anterior to the left")."""
    topics: list[Slug] = Field(min_length=1)
    """The pages that show it; the first is its main page."""
    caption: Text
    """What it shows and the point to take from it, with [@id] citations."""
    alt: Text
    """The picture in words, for a screen reader."""
    facts: list[Cited] = Field(min_length=1)
    """Every claim a label or a shape makes, each cited."""
    reviewed: date


class Diagram(BaseModel):
    """A validated diagram: its metadata and its SVG source (content/diagrams.py's rules)."""

    model_config = ConfigDict(frozen=True)

    meta: DiagramMeta
    svg: str
    width: int
    height: int
    path: str


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
    regions: list[Region] = []
    """data/regions.yaml: the body regions search and the sidebar know."""
    tools: dict[str, Any] = {}
    """data/tools/NAME.yaml by NAME, each its content/tools_schema.py model."""
    diagrams: list[Diagram] = []
    """data/diagrams/ID.svg with ID.yaml: the schematic drawings pages show."""
