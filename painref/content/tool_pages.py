"""The procedure-day tools' pages, built from data/tools/*.yaml: what each page shows, in order.

A tool page is a title, a summary, what it is based on, and sections of cited statements,
tables and links; the builder stores it as JSON with its references already numbered (in
the order the page shows them), and one template draws every tool page. Here too is how a
hold or restart cell reads in words, which the planner shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from painref.content.numbering import Numbering
from painref.content.tools_schema import (
    RISK_CLASSES,
    Antithrombotics,
    Cell,
    Corticosteroids,
    Fact,
    Last,
    Limit,
    LipidRegimen,
    LocalAnesthetics,
    PageInfo,
    Value,
)

NOT_FOUND = (
    "Not verified: the guideline's value could not be read in any source PainRef opened; "
    "read it in the guideline itself"
)
RISK_LABELS = {"low": "Low risk", "intermediate": "Intermediate risk", "high": "High risk"}


def hold_text(cell: Cell) -> str:
    """A hold cell in words: "Stop 7 days before", "Continue", ..."""
    words = {
        "continue": "No routine stop",
        "shared": "Shared assessment and risk stratification with the prescriber",
        "none-given": "No interval of its own in the guideline's table (see the note)",
        "not-found": NOT_FOUND,
    }
    return words.get(cell.hold, f"Stop {cell.hold} before")


def restart_text(cell: Cell) -> str:
    """A restart cell in words: "Restart 24 hours after"."""
    if cell.restart == "none-given":
        return "Restart: no interval of its own in the guideline's table (see the note)"
    if cell.restart == "not-found":
        return "Restart: not verified (read it in the guideline)"
    return f"Restart {cell.restart} after"


@dataclass
class _Page:
    """A tool page being built: its numbering and its sections."""

    info: PageInfo
    basis_text: str
    basis_refs: list[str]
    basis: dict[str, Any] = field(init=False)
    actions: list[dict[str, str]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    numbering: Numbering = field(default_factory=Numbering)
    names: list[str] = field(default_factory=list)
    """What search finds the page by beyond its title, aliases and abbreviations."""

    def __post_init__(self) -> None:
        # What the page is based on is cited first, so its source is always [1].
        self.basis = {"text": self.basis_text, "refs": self.numbering.cite(self.basis_refs)}

    def fact(self, fact: Fact | Value | None, text: str | None = None) -> dict[str, Any]:
        if fact is None:
            return {"text": text or "Not reported", "refs": [], "where": None, "missing": True}
        words = fact.text if isinstance(fact, Fact) else fact.value
        return {
            "text": text or words,
            "refs": self.numbering.cite(fact.refs),
            "where": fact.where,
            "missing": False,
        }

    def cell(
        self,
        text: str,
        refs: list[str] | None = None,
        where: str | None = None,
        *,
        strong: bool = False,
    ) -> dict[str, Any]:
        return {
            "text": text,
            "refs": self.numbering.cite(refs or []),
            "where": where,
            "strong": strong,
            "missing": text == "Not reported",
        }

    def section(
        self,
        heading: str,
        facts: list[Fact] | None = None,
        *,
        intro: str | None = None,
        table: dict[str, Any] | None = None,
        links: list[dict[str, str]] | None = None,
    ) -> None:
        self.sections.append(
            {
                "heading": heading,
                "intro": intro,
                "facts": [self.fact(f) for f in facts or []],
                "table": table,
                "links": links or [],
            }
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.info.id,
            "title": self.info.title,
            "summary": self.info.summary,
            "basis": self.basis,
            "actions": self.actions,
            "sections": self.sections,
        }


@dataclass(frozen=True)
class ToolPage:
    """A built tool page: its JSON, the references it cites in order, and its search text."""

    info: PageInfo
    json: dict[str, Any]
    refs: list[str]
    names: list[str]


def tool_pages(tools: dict[str, Any], titles: dict[str, str]) -> list[ToolPage]:
    """Every tool page of the loaded tool files (titles: topic id -> title, for links)."""
    pages: list[_Page] = []
    anti = tools.get("antithrombotics")
    if isinstance(anti, Antithrombotics):
        pages += _antithrombotic_pages(anti, titles)
    la = tools.get("local-anesthetics")
    if isinstance(la, LocalAnesthetics):
        pages.append(_local_anesthetics_page(la))
    last = tools.get("last")
    if isinstance(last, Last):
        pages.append(_last_page(last))
    steroids = tools.get("corticosteroids")
    if isinstance(steroids, Corticosteroids):
        pages.append(_corticosteroids_page(steroids))
    return [ToolPage(p.info, p.as_json(), list(p.numbering.order), p.names) for p in pages]


# --- antithrombotics ---------------------------------------------------------------------


def _antithrombotic_pages(data: Antithrombotics, titles: dict[str, str]) -> list[_Page]:
    g = data.guideline
    basis = f"{g.name}, {g.edition}: {g.citation}. {g.values_from}"
    overview = _Page(data.page, basis, [g.ref])
    overview.actions.append({"label": "Open the blood-thinner planner", "action": "planner"})
    overview.section("General principles", data.principles)
    overview.section(
        "Patient factors that move a procedure one class up",
        data.patient_factors,
        intro="A patient with any of these is treated as the next class up "
        "(low as intermediate, intermediate as high).",
    )
    rows = []
    for p in sorted(data.procedures, key=lambda p: RISK_CLASSES.index(p.risk_class), reverse=True):
        links = [{"id": page, "title": titles.get(page, page)} for page in p.pages]
        rows.append(
            {
                "cells": [
                    overview.cell(p.name, p.refs, p.where),
                    overview.cell(RISK_LABELS[p.risk_class], strong=p.risk_class == "high"),
                    overview.cell(p.note or ""),
                ],
                "links": links,
            }
        )
    overview.section(
        "Procedures by bleeding-risk class",
        table={
            "columns": ["Procedure", "Class", "Note", "PainRef pages"],
            "rows": rows,
            "link_column": 3,
        },
    )
    class_links = []
    pages = [overview]
    for drug_class in data.classes:
        drugs = [d for d in data.drugs if d.drug_class == drug_class.id]
        names = sorted({d.name for d in drugs}, key=str.casefold)
        class_links.append(
            {"id": drug_class.id, "title": drug_class.title, "detail": ", ".join(names)}
        )
        page = _Page(
            PageInfo(
                id=drug_class.id,
                title=drug_class.title,
                summary=drug_class.summary,
                aliases=drug_class.aliases,
                reviewed=data.page.reviewed,
            ),
            basis,
            [g.ref],
        )
        page.actions.append({"label": "Plan for a patient on one of these", "action": "planner"})
        page.section("About this class", drug_class.notes)
        groups: dict[str | None, list[Any]] = {}
        for drug in drugs:
            groups.setdefault(drug.group, []).append(drug)
        for group, members in groups.items():
            rows = []
            for drug in members:
                name = drug.name + (f" ({drug.regimen})" if drug.regimen else "")
                if drug.brands:
                    name += " - " + ", ".join(drug.brands)
                cells = [page.cell(name, drug.refs, drug.where, strong=True)]
                for risk in reversed(RISK_CLASSES):
                    c = drug.cell(risk)
                    text = f"{hold_text(c)}. {restart_text(c)}."
                    if c.note:
                        text += f" {c.note}"
                    cells.append(page.cell(text))
                conditions = "; ".join(f.text for f in drug.conditions) or "-"
                refs = [r for f in drug.conditions for r in f.refs]
                cells.append(page.cell(conditions, refs))
                # "drug": where a local protocol on this drug is drawn (its row).
                rows.append({"cells": cells, "links": [], "drug": drug.id})
                page.names += [drug.name, *drug.brands]
            page.section(
                group or "Drugs",
                table={
                    "columns": [
                        "Drug",
                        RISK_LABELS["high"],
                        RISK_LABELS["intermediate"],
                        RISK_LABELS["low"],
                        "Conditions",
                    ],
                    "rows": rows,
                },
            )
        pages.append(page)
    overview.section("Drug classes", links=class_links)
    return pages


# --- local anesthetics -------------------------------------------------------------------


def _limit(limit: Limit | None) -> str:
    if limit is None:
        return "Not reported"
    parts = []
    if limit.mg_per_kg is not None:
        parts.append(f"{limit.mg_per_kg:g} mg/kg")
    if limit.max_mg is not None:
        parts.append(f"{limit.max_mg:g} mg")
    return " up to ".join(parts) if len(parts) == 2 else parts[0]


def _local_anesthetics_page(data: LocalAnesthetics) -> _Page:
    page = _Page(
        data.page,
        "Maximum single doses as each source publishes them; the row marked "
        "'calculator' is the one the dose calculator uses.",
        [],
    )
    page.actions.append({"label": "Open the dose calculator", "action": "dose"})
    page.section("Before you use these numbers", data.caveats)
    rows = []
    for agent in data.agents:
        for i, source in enumerate(agent.max_doses):
            first = i == 0
            name = agent.name + (f" ({', '.join(agent.brands)})" if agent.brands else "")
            conc = ", ".join(f"{c:g}%" for c in agent.concentrations) or "Not reported"
            used = " (calculator)" if source.use else ""
            onset = agent.onset
            duration = agent.duration
            rows.append(
                {
                    "cells": [
                        page.cell(name if first else "", strong=True),
                        page.cell(conc if first else ""),
                        page.cell(onset.value, onset.refs, onset.where)
                        if first and onset
                        else page.cell("Not reported" if first else ""),
                        page.cell(duration.value, duration.refs, duration.where)
                        if first and duration
                        else page.cell("Not reported" if first else ""),
                        page.cell(
                            _limit(source.plain), source.refs, source.where, strong=source.use
                        ),
                        page.cell(_limit(source.epinephrine), strong=source.use),
                        page.cell((source.note or "") + used),
                    ],
                    "links": [],
                }
            )
    page.section(
        "Agents and maximum single doses (adults)",
        table={
            "columns": [
                "Agent",
                "Concentrations",
                "Onset",
                "Duration",
                "Maximum, plain",
                "Maximum, with epinephrine",
                "Note",
            ],
            "rows": rows,
        },
    )
    extra = [f for f in (data.weight, data.combination) if f is not None]
    page.section("Weight and combinations", extra)
    for agent in data.agents:
        if agent.notes:
            page.section(f"Notes: {agent.name}", agent.notes)
        page.names += [agent.name, *agent.aliases, *agent.brands]
    return page


# --- LAST --------------------------------------------------------------------------------


def regimen_cells(r: LipidRegimen) -> dict[str, str]:
    """A lipid regimen's bolus, infusion, repeat and maximum in words."""
    bolus = []
    if r.bolus_ml_per_kg is not None:
        over = f" over {r.bolus_over}" if r.bolus_over else ""
        bolus.append(f"{r.bolus_ml_per_kg:g} mL/kg{over}")
    if r.above_kg is not None and r.fixed_bolus_ml is not None:
        bolus.append(f"over {r.above_kg:g} kg: {r.fixed_bolus_ml:g} mL")
    infusion = []
    if r.infusion_ml_per_kg_per_min is not None:
        infusion.append(f"{r.infusion_ml_per_kg_per_min:g} mL/kg/min")
    if r.infusion_ml_per_kg_per_hour is not None:
        infusion.append(f"{r.infusion_ml_per_kg_per_hour:g} mL/kg/h")
    if r.above_kg is not None and r.fixed_infusion:
        infusion.append(f"over {r.above_kg:g} kg: {r.fixed_infusion}")
    maximum = f"{r.max_ml_per_kg:g} mL/kg" if r.max_ml_per_kg is not None else ""
    if r.max_note:
        maximum = f"{maximum} {r.max_note}".strip()
    return {
        "bolus": "; ".join(bolus) or "Not reported",
        "infusion": "; ".join(infusion) or "Not reported",
        "repeat": r.repeat or "Not reported",
        "maximum": maximum or "Not reported",
    }


def _last_page(data: Last) -> _Page:
    c = data.checklist
    page = _Page(data.page, f"{c.name}, {c.edition}.", [c.ref])
    page.actions.append(
        {"label": "Lipid emulsion volumes for a weight (emergency view)", "action": "last"}
    )
    page.section("Signs", data.signs)
    for i, step in enumerate(data.steps, start=1):
        page.section(f"{i}. {step.heading}", step.items)
    rows = []
    for r in data.regimens:
        words = regimen_cells(r)
        rows.append(
            {
                "cells": [
                    page.cell(r.body, r.refs, r.where, strong=True),
                    page.cell(words["bolus"]),
                    page.cell(words["infusion"]),
                    page.cell(words["repeat"]),
                    page.cell(words["maximum"]),
                    page.cell(r.weight_note or "Not reported"),
                ],
                "links": [],
            }
        )
    page.section(
        "Lipid emulsion 20%: the regimens side by side",
        table={
            "columns": ["Regimen", "Bolus", "Infusion", "Repeat", "Maximum", "Which weight"],
            "rows": rows,
        },
    )
    page.section("Avoid", data.avoid)
    return page


# --- corticosteroids ---------------------------------------------------------------------


def _corticosteroids_page(data: Corticosteroids) -> _Page:
    page = _Page(data.page, f"Equivalent doses: {data.equivalence_basis}.", [])
    page.section("Before you compare doses", data.caveats)
    rows = []
    for a in data.agents:
        name = a.name + (f" ({', '.join(a.brands)})" if a.brands else "")

        def value(v: Value | None) -> dict[str, Any]:
            if v is None:
                return page.cell("Not reported")
            return page.cell(v.value, v.refs, v.where)

        rows.append(
            {
                "cells": [
                    page.cell(name, strong=True),
                    page.cell("Particulate" if a.particulate else "Non-particulate", strong=True),
                    value(a.particles),
                    value(a.epidural_dose),
                    value(a.joint_dose),
                    value(a.equivalent_mg),
                    value(a.duration),
                ],
                "links": [],
            }
        )
        page.names += [a.name, *a.aliases, *a.brands]
    page.section(
        "Agents",
        table={
            "columns": [
                "Agent",
                "Particulate?",
                "Particles",
                "Epidural dose",
                "Joint dose",
                "Equivalent dose (mg)",
                "Duration of action",
            ],
            "rows": rows,
        },
    )
    page.section("Safeguards for transforaminal and cervical injections", data.safeguards)
    page.section("Blood glucose", data.glucose)
    for a in data.agents:
        if a.notes:
            page.section(f"Notes: {a.name}", a.notes)
    return page
