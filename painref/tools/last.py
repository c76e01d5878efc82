"""Lipid emulsion 20% volumes for a weight, by each regimen of data/tools/last.yaml.

Nothing is computed that the regimen does not give: above its weight threshold a regimen's
fixed volumes are shown as written; below it, its mL/kg figures times the weight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from painref.content.tool_pages import regimen_cells
from painref.content.tools_schema import Last, LipidRegimen
from painref.tools.data import load
from painref.tools.dose import check_weight

if TYPE_CHECKING:
    from painref.content.library import Library


@dataclass(frozen=True)
class LipidDoses:
    regimen: LipidRegimen
    weight_kg: float
    bolus: str
    infusion: str
    maximum: str
    repeat: str


def checklist(library: Library) -> Last:
    return load(library, "last", Last)


def lipid_doses(regimen: LipidRegimen, weight_kg: float) -> LipidDoses:
    """A regimen's bolus, infusion and maximum for this weight (PainRefError for a weight
    out of range)."""
    check_weight(weight_kg)
    words = regimen_cells(regimen)
    fixed = regimen.above_kg is not None and weight_kg > regimen.above_kg
    bolus = words["bolus"]
    infusion = words["infusion"]
    if fixed:
        if regimen.fixed_bolus_ml is not None:
            bolus = f"{regimen.fixed_bolus_ml:g} mL" + (
                f" over {regimen.bolus_over}" if regimen.bolus_over else ""
            )
        if regimen.fixed_infusion:
            infusion = regimen.fixed_infusion
    else:
        if regimen.bolus_ml_per_kg is not None:
            ml = _round(regimen.bolus_ml_per_kg * weight_kg)
            over = f" over {regimen.bolus_over}" if regimen.bolus_over else ""
            bolus = f"{ml:g} mL{over} ({regimen.bolus_ml_per_kg:g} mL/kg x {weight_kg:g} kg)"
        rates = []
        if regimen.infusion_ml_per_kg_per_min is not None:
            rate = regimen.infusion_ml_per_kg_per_min * weight_kg
            rates.append(
                f"{_round(rate):g} mL/min = {_round(rate * 60):g} mL/h "
                f"({regimen.infusion_ml_per_kg_per_min:g} mL/kg/min)"
            )
        elif regimen.infusion_ml_per_kg_per_hour is not None:
            rate = regimen.infusion_ml_per_kg_per_hour * weight_kg
            rates.append(f"{_round(rate):g} mL/h ({regimen.infusion_ml_per_kg_per_hour:g} mL/kg/h)")
        if rates:
            infusion = "; ".join(rates)
    maximum = words["maximum"]
    if regimen.max_ml_per_kg is not None:
        total = math.floor(regimen.max_ml_per_kg * weight_kg)
        note = f" {regimen.max_note}" if regimen.max_note else ""
        maximum = f"{total:g} mL{note} ({regimen.max_ml_per_kg:g} mL/kg x {weight_kg:g} kg)"
    return LipidDoses(regimen, weight_kg, bolus, infusion, maximum, words["repeat"])


def _round(value: float) -> float:
    return round(value, 1)
