"""The procedure-day tools' sources (data/tools/*.yaml), validated by pydantic.

Four files, each optional to the loader (a test corpus may have none) and each one or more
pages: antithrombotics.yaml (the interventional pain guideline's hold and restart intervals,
a page of its own plus a page per drug class), local-anesthetics.yaml (maximum doses, per
source), last.yaml (the checklist for local anesthetic systemic toxicity) and
corticosteroids.yaml. Every value cites references by id, like the topics; data/README.md
("Procedure-day tools") is the format for editors.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from painref.content.schema import Slug, Text

RiskClass = Literal["low", "intermediate", "high"]
RISK_CLASSES: tuple[RiskClass, ...] = ("low", "intermediate", "high")

DURATION_RE = re.compile(r"^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))? (hours?|days?)$")
"""A duration in a hold or restart cell: "6 hours", "7 days", "12-24 hours", "4-5 days"."""
HOLD_WORDS = ("continue", "shared", "none-given", "not-found")
"""A hold cell that is not a duration: no need to stop; the guideline's "shared assessment
and risk stratification" with the prescriber; the guideline gives no interval; the
guideline's value could not be read in any source PainRef opened (so it is not shown)."""
RESTART_WORDS = ("none-given", "not-found")

Refs = Annotated[list[Slug], Field(min_length=1)]


class _Strict(BaseModel):
    """As content/schema.py's: unknown fields are typos, and typos are errors. (Declared
    here too so that linters see the pydantic base of each model in this module.)"""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_duration(value: str, words: tuple[str, ...], what: str) -> str:
    match = DURATION_RE.match(value)
    if value in words:
        return value
    if not match:
        choices = ", ".join(words)
        raise ValueError(
            f"{what} {value!r}: expected a duration such as '7 days', '24 hours' or "
            f"'12-24 hours', or one of: {choices}"
        )
    low, high = match.group(1), match.group(2)
    if high is not None and float(high) <= float(low):
        raise ValueError(f"{what} {value!r}: a range must go from the shorter to the longer")
    return value


class Fact(_Strict):
    """A cited statement."""

    text: Text
    refs: Refs
    where: str | None = None
    """Where in the source: "Table 3", "Table 3, p 233", "checklist box 2"."""


class Value(_Strict):
    """A cited value."""

    value: Text
    refs: Refs
    where: str | None = None


class PageInfo(_Strict):
    """What a tool page is called and found by (title, names people type, one-line summary)."""

    id: Slug
    title: Text
    summary: Text
    aliases: list[Text] = []
    abbreviations: list[Text] = []
    reviewed: date
    """When an editor last reviewed the page (a drug class page takes its file's)."""


# --- antithrombotics ---------------------------------------------------------------------


class Guideline(_Strict):
    ref: Slug
    name: Text
    edition: Text
    citation: Text
    values_from: Text
    """Where the intervals were read: the guideline's own tables, or which adaptation."""
    values_short: str | None = None
    """values_from in one or two sentences, for a plan printed on one page."""


class ProcedureClass(_Strict):
    """One line of the guideline's procedure classification."""

    name: Text
    risk_class: RiskClass = Field(alias="class")
    pages: list[Slug] = []
    refs: Refs
    where: str | None = None
    note: str | None = None


class Cell(_Strict):
    """One drug at one risk class: how long before to stop, how long after to restart."""

    hold: Text
    restart: Text
    note: str | None = None

    @field_validator("hold")
    @classmethod
    def _hold(cls, value: str) -> str:
        return _check_duration(value, HOLD_WORDS, "hold")

    @field_validator("restart")
    @classmethod
    def _restart(cls, value: str) -> str:
        return _check_duration(value, RESTART_WORDS, "restart")


class DrugClass(_Strict):
    """A page of drugs the guideline treats together."""

    id: Slug
    title: Text
    summary: Text
    aliases: list[Text] = []
    notes: list[Fact] = []


class Drug(_Strict):
    """A drug and dosing regimen with its interval per risk class."""

    id: Slug
    name: Text
    regimen: str | None = None
    brands: list[Text] = []
    drug_class: Slug = Field(alias="class")
    group: str | None = None
    low: Cell
    intermediate: Cell
    high: Cell
    conditions: list[Fact] = []
    refs: Refs
    where: str | None = None

    def cell(self, risk_class: RiskClass) -> Cell:
        return {"low": self.low, "intermediate": self.intermediate, "high": self.high}[risk_class]


class Antithrombotics(_Strict):
    page: PageInfo
    guideline: Guideline
    procedures: Annotated[list[ProcedureClass], Field(min_length=1)]
    patient_factors: list[Fact] = []
    principles: list[Fact] = []
    classes: Annotated[list[DrugClass], Field(min_length=1)]
    drugs: Annotated[list[Drug], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Antithrombotics:
        class_ids = [c.id for c in self.classes]
        _unique(class_ids, "classes")
        _unique([d.id for d in self.drugs], "drugs")
        for drug in self.drugs:
            if drug.drug_class not in class_ids:
                raise ValueError(f"drugs: {drug.id}: class {drug.drug_class!r} is not in classes")
        empty = [c for c in class_ids if not any(d.drug_class == c for d in self.drugs)]
        if empty:
            raise ValueError(f"classes: {empty[0]!r} has no drugs")
        return self


# --- local anesthetics ---------------------------------------------------------------------


class Limit(_Strict):
    """A maximum single dose: by weight, capped at a total; either may be unpublished."""

    mg_per_kg: float | None = Field(default=None, gt=0, le=50)
    max_mg: float | None = Field(default=None, gt=0, le=5000)

    @model_validator(mode="after")
    def _some(self) -> Limit:
        if self.mg_per_kg is None and self.max_mg is None:
            raise ValueError("give mg_per_kg, max_mg or both (or leave the limit out)")
        return self


class MaxDoseSource(_Strict):
    """One source's maximum doses for an agent, plain and with epinephrine."""

    refs: Refs
    where: str | None = None
    plain: Limit | None = None
    epinephrine: Limit | None = None
    use: bool = False
    """The one entry per agent the calculator uses."""
    note: str | None = None


class Anesthetic(_Strict):
    id: Slug
    name: Text
    aliases: list[Text] = []
    brands: list[Text] = []
    concentrations: list[Annotated[float, Field(gt=0, le=10)]] = []
    """Percent, as injected (1% = 10 mg/mL)."""
    onset: Value | None = None
    duration: Value | None = None
    max_doses: Annotated[list[MaxDoseSource], Field(min_length=1)]
    notes: list[Fact] = []

    @model_validator(mode="after")
    def _one_used(self) -> Anesthetic:
        used = [m for m in self.max_doses if m.use]
        if len(used) != 1:
            raise ValueError(
                f"max_doses: exactly one entry must have use: true (the calculator's), "
                f"not {len(used)}"
            )
        return self


class LocalAnesthetics(_Strict):
    page: PageInfo
    caveats: list[Fact] = []
    weight: Fact | None = None
    combination: Fact | None = None
    agents: Annotated[list[Anesthetic], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self) -> LocalAnesthetics:
        _unique([a.id for a in self.agents], "agents")
        return self


# --- LAST ------------------------------------------------------------------------------


class Checklist(_Strict):
    ref: Slug
    name: Text
    edition: Text


class Step(_Strict):
    heading: Text
    items: Annotated[list[Fact], Field(min_length=1)]


class LipidRegimen(_Strict):
    """A society's lipid emulsion (20%) regimen."""

    body: Text
    refs: Refs
    where: str | None = None
    above_kg: float | None = Field(default=None, gt=0)
    fixed_bolus_ml: float | None = Field(default=None, gt=0)
    fixed_infusion: str | None = None
    bolus_ml_per_kg: float | None = Field(default=None, gt=0, le=5)
    bolus_over: str | None = None
    infusion_ml_per_kg_per_min: float | None = Field(default=None, gt=0, le=2)
    infusion_ml_per_kg_per_hour: float | None = Field(default=None, gt=0, le=100)
    repeat: str | None = None
    max_ml_per_kg: float | None = Field(default=None, gt=0, le=30)
    max_note: str | None = None
    weight_note: str | None = None


class Last(_Strict):
    page: PageInfo
    checklist: Checklist
    signs: list[Fact] = []
    steps: Annotated[list[Step], Field(min_length=1)]
    regimens: Annotated[list[LipidRegimen], Field(min_length=1)]
    avoid: list[Fact] = []


# --- corticosteroids ----------------------------------------------------------------------


class Steroid(_Strict):
    id: Slug
    name: Text
    aliases: list[Text] = []
    brands: list[Text] = []
    particulate: bool
    particles: Value | None = None
    epidural_dose: Value | None = None
    joint_dose: Value | None = None
    equivalent_mg: Value | None = None
    duration: Value | None = None
    notes: list[Fact] = []


class Corticosteroids(_Strict):
    page: PageInfo
    equivalence_basis: Text
    caveats: list[Fact] = []
    safeguards: list[Fact] = []
    glucose: list[Fact] = []
    agents: Annotated[list[Steroid], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self) -> Corticosteroids:
        _unique([a.id for a in self.agents], "agents")
        return self


TOOL_FILES: dict[str, type[_Strict]] = {
    "antithrombotics": Antithrombotics,
    "local-anesthetics": LocalAnesthetics,
    "last": Last,
    "corticosteroids": Corticosteroids,
}
"""data/tools/NAME.yaml and its model; no other file may be there."""


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what}: id {i!r} is used twice")
        seen.add(i)
