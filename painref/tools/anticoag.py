"""The blood-thinner planner: for a procedure (or its bleeding-risk class) and the drugs a
patient takes, when to give the last dose and when to restart, by the interventional spine
and pain guideline the data names (data/tools/antithrombotics.yaml).

The planner only looks up and counts: the interval is the guideline's cell for the drug and
the class (one class up when a patient factor applies), and a date is the procedure date
minus the longer end of the interval. Where the guideline gives no interval, the plan says so
and gives no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from painref.content.tool_pages import hold_text, restart_text
from painref.content.tools_schema import (
    DURATION_RE,
    RISK_CLASSES,
    Antithrombotics,
    Cell,
    Drug,
    Fact,
    Guideline,
    ProcedureClass,
    RiskClass,
)
from painref.errors import PainRefError
from painref.tools.data import load, norm

if TYPE_CHECKING:
    from painref.content.library import Library

SUPPORT_NOTE = (
    "This plan supports, and does not replace, the judgment of the clinician doing the "
    "procedure and of the prescriber of each drug: stopping an antiplatelet or anticoagulant "
    "is agreed with the prescriber (cardiology, neurology, primary care) first."
)


@dataclass(frozen=True)
class Duration:
    """A hold or restart interval: "7 days", "12-24 hours"."""

    low: float
    high: float
    unit: str  # "hours" or "days"

    @classmethod
    def parse(cls, text: str) -> Duration | None:
        match = DURATION_RE.match(text)
        if not match:
            return None
        low = float(match.group(1))
        high = float(match.group(2) or low)
        unit = "days" if match.group(3).startswith("day") else "hours"
        return cls(low, high, unit)

    def whole_days(self, value: float) -> int | None:
        """value of this unit as whole days, or None when it is not a whole number of days."""
        hours = value * 24 if self.unit == "days" else value
        return int(hours // 24) if hours % 24 == 0 else None

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class DrugPlan:
    """One drug in a plan: its guideline cell, what it means, and the dates when given."""

    drug: Drug
    cell: Cell
    hold: str
    restart: str
    last_dose: date | None
    """The latest day of the last dose (a hold in whole days and a procedure date)."""
    last_dose_text: str
    restart_from: date | None
    restart_text: str
    passed: bool
    """The last-dose day is before today: the interval cannot be kept for that date."""

    @property
    def note(self) -> str | None:
        """The cell's note, unless it only repeats what the hold says in words."""
        note = self.cell.note
        if note and note.strip(" .").casefold() in self.hold.casefold():
            return None
        if note and not self.verified and "not found in the opened sources" in note:
            return None  # the plan's own "not verified" says it
        return note

    @property
    def verified(self) -> bool:
        """False when the guideline's value for this cell could not be read (not-found)."""
        return "not-found" not in (self.cell.hold, self.cell.restart)

    @property
    def label(self) -> str:
        return self.drug.name + (f" ({self.drug.regimen})" if self.drug.regimen else "")


@dataclass(frozen=True)
class Plan:
    guideline: Guideline
    procedure: ProcedureClass | None
    chosen_class: RiskClass
    risk_class: RiskClass
    """The class the intervals are read at: chosen_class, one up when a factor applies."""
    raised: bool
    procedure_date: date | None
    drugs: tuple[DrugPlan, ...]
    principles: tuple[Fact, ...]
    patient_factors: tuple[Fact, ...]
    support_note: str = SUPPORT_NOTE

    def as_json(self) -> dict[str, object]:
        """The plan for `painref anticoag --json`: every value and what it is based on."""
        g = self.guideline
        return {
            "guideline": {
                "name": g.name,
                "edition": g.edition,
                "citation": g.citation,
                "values_from": g.values_from,
                "ref": g.ref,
            },
            "procedure": self.procedure.name if self.procedure else None,
            "class": self.chosen_class,
            "class_applied": self.risk_class,
            "raised_by_patient_factors": self.raised,
            "date": self.procedure_date.isoformat() if self.procedure_date else None,
            "drugs": [
                {
                    "id": d.drug.id,
                    "name": d.drug.name,
                    "regimen": d.drug.regimen,
                    "hold": d.cell.hold,
                    "restart": d.cell.restart,
                    "note": d.cell.note,
                    "last_dose": d.last_dose.isoformat() if d.last_dose else None,
                    "last_dose_text": d.last_dose_text,
                    "date_passed": d.passed,
                    "restart_from": d.restart_from.isoformat() if d.restart_from else None,
                    "restart_text": d.restart_text,
                    "conditions": [c.text for c in d.drug.conditions],
                    "where": d.drug.where,
                    "refs": list(d.drug.refs),
                }
                for d in self.drugs
            ],
            "principles": [f.text for f in self.principles],
            "patient_factors": [f.text for f in self.patient_factors],
            "support_note": self.support_note,
        }


class Planner:
    """Plans over one guideline's data."""

    def __init__(self, data: Antithrombotics) -> None:
        self.data = data

    @classmethod
    def from_library(cls, library: Library) -> Planner:
        """Raises PainRefError when the database has no antithrombotic data."""
        return cls(load(library, "antithrombotics", Antithrombotics))

    # -- choosing -------------------------------------------------------------------------

    @property
    def drugs(self) -> list[Drug]:
        return list(self.data.drugs)

    def find(self, text: str) -> Drug:
        """The drug and regimen a name means: its id, its name (with its regimen when it has
        several), or a brand.

        Raises:
            PainRefError: no drug has that name, or it names several regimens (the message
                lists them by id).
        """
        key = norm(text)
        if not key:
            raise PainRefError("name a drug (generic or brand name)")
        exact = [d for d in self.data.drugs if norm(d.id) == key]
        if exact:
            return exact[0]
        matches = [
            d
            for d in self.data.drugs
            if key in (norm(d.name), *(norm(b) for b in d.brands))
            or key == norm(f"{d.name} {d.regimen or ''}")
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            choices = "; ".join(f"{d.id} ({d.regimen or 'no regimen given'})" for d in matches)
            raise PainRefError(f"{text!r} has {len(matches)} regimens in the guideline: {choices}")
        near = [d.name for d in self.data.drugs if key[:4] and norm(d.name).startswith(key[:4])]
        hint = f"; did you mean {', '.join(sorted(set(near)))}?" if near else ""
        raise PainRefError(
            f"{text!r} is not a drug in the guideline's tables{hint} "
            "(`painref anticoag --list` lists them)"
        )

    def procedures_for(self, page_id: str) -> list[ProcedureClass]:
        """The guideline's procedure entries that apply to a PainRef page."""
        return [p for p in self.data.procedures if page_id in p.pages]

    def find_procedure(self, text: str) -> ProcedureClass:
        """A guideline procedure by PainRef page id or by (part of) its name.

        Raises:
            PainRefError: none or several match (the message lists them).
        """
        key = norm(text)
        matches = self.procedures_for(text.strip()) or [
            p for p in self.data.procedures if key and key in norm(p.name)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise PainRefError(
                f"{text!r} is not classified by the guideline; give its class with --class "
                "low|intermediate|high (the guideline's procedure list: `painref show "
                f"{self.data.page.id}`)"
            )
        choices = "; ".join(f"{p.name} ({p.risk_class})" for p in matches)
        raise PainRefError(
            f"{text!r} has {len(matches)} entries in the guideline, by site or approach: "
            f"{choices}; give the class with --class"
        )

    # -- planning -------------------------------------------------------------------------

    def plan(
        self,
        drugs: list[Drug],
        *,
        risk_class: RiskClass | None = None,
        procedure: ProcedureClass | None = None,
        procedure_date: date | None = None,
        patient_factors: bool = False,
        today: date | None = None,
    ) -> Plan:
        """The plan for these drugs before and after one procedure.

        Args:
            risk_class, procedure: the class, or the guideline procedure that gives it.
            patient_factors: one or more of the guideline's patient factors apply (the
                intervals are read one class up).
            today: the date the plan is made (default: the system's).

        Raises:
            PainRefError: no drug, no class, or a procedure date before today.
        """
        if not drugs:
            raise PainRefError("choose at least one drug")
        if procedure is not None:
            risk_class = procedure.risk_class
        if risk_class is None:
            raise PainRefError("choose the procedure or its bleeding-risk class")
        if risk_class not in RISK_CLASSES:
            raise PainRefError(f"{risk_class!r}: the class is low, intermediate or high")
        today = today or date.today()
        if procedure_date is not None and procedure_date < today:
            raise PainRefError(
                f"the procedure date {procedure_date.isoformat()} is in the past "
                f"(today is {today.isoformat()}); give today's date or a later one"
            )
        index = RISK_CLASSES.index(risk_class)
        raised = patient_factors and index < len(RISK_CLASSES) - 1
        effective = RISK_CLASSES[index + 1] if raised else risk_class
        unique = list({d.id: d for d in drugs}.values())
        return Plan(
            guideline=self.data.guideline,
            procedure=procedure,
            chosen_class=risk_class,
            risk_class=effective,
            raised=raised,
            procedure_date=procedure_date,
            drugs=tuple(_drug_plan(d, effective, procedure_date, today) for d in unique),
            principles=tuple(self.data.principles),
            patient_factors=tuple(self.data.patient_factors),
        )


def _drug_plan(drug: Drug, risk_class: RiskClass, day: date | None, today: date) -> DrugPlan:
    cell = drug.cell(risk_class)
    last_dose, last_text, passed = _last_dose(cell, day, today)
    restart_from, restart_words = _restart(cell, day)
    return DrugPlan(
        drug=drug,
        cell=cell,
        hold=hold_text(cell),
        restart=restart_text(cell),
        last_dose=last_dose,
        last_dose_text=last_text,
        restart_from=restart_from,
        restart_text=restart_words,
        passed=passed,
    )


def _last_dose(cell: Cell, day: date | None, today: date) -> tuple[date | None, str, bool]:
    duration = Duration.parse(cell.hold)
    if duration is None:
        return None, hold_text(cell), False
    interval = _interval_words(duration)
    longer = " (the longer end of the guideline's range)" if duration.is_range else ""
    days = duration.whole_days(duration.high)
    if day is None or days is None:
        return None, f"Last dose at least {interval} before the procedure{longer}", False
    last = day - timedelta(days=days)
    text = (
        f"Last dose no later than {_day(last)}, at the time of day of the procedure: "
        f"{_amount(duration.high, duration.unit)} before the procedure on {_day(day)}{longer}"
    )
    passed = last < today
    if passed:
        text += "; that day has passed, so this interval cannot be kept for that date"
    return last, text, passed


def _restart(cell: Cell, day: date | None) -> tuple[date | None, str]:
    duration = Duration.parse(cell.restart)
    if duration is None:
        return None, restart_text(cell)
    interval = _interval_words(duration)
    if cell.hold == "continue":
        # Not stopped: a restart date would read as "skip the next dose".
        return None, (
            f"Not stopped, so nothing to restart; if a dose was held, give it no earlier "
            f"than {interval} after the procedure"
        )
    held = "If it was stopped, restart" if cell.hold == "shared" else "Restart"
    days = duration.whole_days(duration.low)
    if day is None or not days:
        return None, f"{held} at the earliest {interval} after the procedure"
    start = day + timedelta(days=days)
    return start, (
        f"{held} at the earliest {interval} after the procedure: from {_day(start)} at the "
        "time of day the procedure ended"
    )


def _interval_words(d: Duration) -> str:
    if d.is_range:
        return f"{d.low:g}-{d.high:g} {d.unit}"
    return _amount(d.low, d.unit)


def _amount(value: float, unit: str) -> str:
    return f"{value:g} {unit[:-1] if value == 1 else unit}"


def _day(d: date) -> str:
    return d.strftime("%a %d %b %Y")


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date; PainRefError with what was wrong otherwise."""
    if not DATE_RE.match(text.strip()):
        raise PainRefError(f"{text!r}: give the date as YYYY-MM-DD, for example 2026-12-07")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PainRefError(f"{text!r} is not a date on the calendar") from None
