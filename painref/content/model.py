"""What one page of the bundled database is: the frozen dataclasses the library returns.

Categories, topic summaries, attributes, cited sentences, complications, medications,
evidence, references and the whole page (TopicDetail) are values with no behaviour but the
views the templates read (a page's glance rows, its evidence by kind). They live apart from
the Library that fills them so the renderer, the comparison and the window can name them
without the queries. Import-light on purpose (dataclasses only): this module is on the
start-up path.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Meta:
    """What the database says about itself."""

    schema_version: int
    content_version: str
    build_time: str
    source_hash: str


@dataclass(frozen=True)
class Category:
    """A sidebar category with how many topics it holds."""

    id: str
    title: str
    intro: str
    ladder_step: int
    topic_count: int


@dataclass(frozen=True)
class TopicSummary:
    """A topic or condition as lists show it."""

    id: str
    title: str
    kind: str
    category_id: str
    category_title: str
    summary_text: str
    abbreviations: tuple[str, ...] = ()

    @property
    def is_condition(self) -> bool:
        return self.kind == "condition"

    @property
    def extra_abbreviations(self) -> tuple[str, ...]:
        """Abbreviations the title does not already show in parentheses."""
        return tuple(a for a in self.abbreviations if f"({a})" not in self.title)

    @property
    def label(self) -> str:
        """The title with its abbreviations, as lists show it."""
        extra = self.extra_abbreviations
        return f"{self.title} ({', '.join(extra)})" if extra else self.title


@dataclass(frozen=True)
class AttributeValue:
    """One sourced value of a structured field."""

    value: str
    note: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Attribute:
    """A structured field of a topic; no values means the sources do not report it."""

    key: str
    label: str
    unit: str | None
    description: str
    missing: str
    values: tuple[AttributeValue, ...]
    conflicting: bool = False
    """True when the sources state this field in ways that disagree."""
    footnote: str | None = None
    glance: bool = False
    """A key every procedure page answers unless it is not applicable (attributes.yaml)."""

    @property
    def reported(self) -> bool:
        return bool(self.values)

    def display(self) -> str:
        """The values as one line of text, with the unit; the 'missing' text when absent."""
        if not self.values:
            return self.missing
        unit = f" {self.unit}" if self.unit else ""
        return " / ".join(f"{v.value}{unit}" for v in self.values)


@dataclass(frozen=True)
class Cited:
    """A sentence with its reference numbers."""

    text: str
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Complication:
    """An adverse effect or complication, with its incidence where a source gives one."""

    name: str
    description: str
    refs: tuple[int, ...]
    incidence: str | None = None
    population: str | None = None
    serious: bool = False


@dataclass(frozen=True)
class Medication:
    """An agent a procedure injects, as a source gives it; None is not reported."""

    agent: str
    role: str
    dose: str | None
    volume: str | None
    particulate: bool | None
    use: str | None
    note: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Evidence:
    """One body's recommendation, one review's conclusion or one trial's result."""

    body: str
    kind: str
    year: int
    population: str
    direction: str
    strength: str
    statement: str
    refs: tuple[int, ...]

    @property
    def independent(self) -> bool:
        """An independent guideline body or a systematic review, not a specialty society."""
        return self.kind in ("guideline", "review")


@dataclass(frozen=True)
class SeedClaim:
    """A source-document statement, what is wrong with it, and what is known."""

    claim: str
    verdict: str
    known: str
    refs: tuple[int, ...]


@dataclass(frozen=True)
class ConditionLink:
    """A condition a topic is used for (or, on a condition page, a topic used for it)."""

    id: str
    title: str
    note: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Source:
    """A numbered reference of one page."""

    number: int
    id: str
    title: str
    publisher: str
    url: str | None
    note: str | None
    strength: str


@dataclass(frozen=True)
class LadderRung:
    """One option on a condition's treatment ladder, with its key facts."""

    topic: TopicSummary
    ladder_step: int
    invasiveness: Attribute
    duration: Attribute
    relief_duration: Attribute
    note: str | None
    evidence: str = ""
    """What the option's page says of the evidence, counted: "Independent guidelines and
    reviews: 2 for, 1 against; specialty societies: 1 for" (empty when it lists none)."""


@dataclass(frozen=True)
class Region:
    """A body region with the pages that concern it (topics and conditions, sidebar order)."""

    id: str
    title: str
    words: tuple[str, ...]
    pages: tuple[TopicSummary, ...]


@dataclass(frozen=True)
class Icd10:
    """An ICD-10-CM code of a condition, with its reference numbers."""

    code: str
    title: str
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Diagram:
    """A schematic drawing a page shows: its SVG (light colours; render/diagrams.py themes
    it), and its caption and facts cited in the page's reference numbers."""

    id: str
    title: str
    view: str
    alt: str
    svg: str
    width: int
    height: int
    caption_html: str
    caption_text: str
    facts: tuple[Cited, ...]
    reviewed: str


@dataclass(frozen=True)
class TopicDetail:
    """Everything one page shows."""

    summary: TopicSummary
    aliases: tuple[str, ...]
    summary_html: str
    body_html: str
    body_text: str
    reviewed: str
    attributes: tuple[Attribute, ...]
    benefits: tuple[Cited, ...]
    complications: tuple[Complication, ...]
    conditions: tuple[ConditionLink, ...]
    related: tuple[TopicSummary, ...]
    source_notes: tuple[Cited, ...]
    references: tuple[Source, ...]
    safety_notices: tuple[Cited, ...] = ()
    ladder: tuple[LadderRung, ...] = field(default=())
    not_applicable: tuple[str, ...] = ()
    indications: tuple[Cited, ...] = ()
    contraindications_absolute: tuple[Cited, ...] = ()
    contraindications_relative: tuple[Cited, ...] = ()
    anatomy: tuple[Cited, ...] = ()
    technique: tuple[Cited, ...] = ()
    medications: tuple[Medication, ...] = ()
    aftercare: tuple[Cited, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    seed_claims: tuple[SeedClaim, ...] = ()
    presentation_html: str = ""
    """A condition's presentation (symptoms, signs, diagnosis), rendered with citations."""
    presentation_text: str = ""
    icd10: tuple[Icd10, ...] = ()
    """A condition's ICD-10-CM codes."""
    diagrams: tuple[Diagram, ...] = ()
    """Schematic drawings of the anatomy and target, shown after the anatomy list."""

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def glance(self) -> tuple[Attribute, ...]:
        """The at-a-glance rows with a value, in display order (not-applicable ones left off)."""
        return tuple(a for a in self.attributes if a.reported and a.key not in self.not_applicable)

    @property
    def unreported(self) -> tuple[Attribute, ...]:
        """Glance keys that apply to this page and that no source answered.

        Condition pages, overview and therapy pages answer only the keys they give.
        """
        if self.summary.kind != "procedure":
            return ()
        return tuple(
            a
            for a in self.attributes
            if a.glance and not a.reported and a.key not in self.not_applicable
        )

    @property
    def independent_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind in ("guideline", "review"))

    @property
    def society_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind == "society")

    @property
    def trials(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind == "trial")

    @property
    def title(self) -> str:
        return self.summary.title

    def attribute(self, key: str) -> Attribute:
        for attribute in self.attributes:
            if attribute.key == key:
                return attribute
        raise KeyError(key)
