"""The local anesthetic maximum-dose calculator (data/tools/local-anesthetics.yaml).

The maximum is the source's mg/kg times the weight, capped at the source's total in mg (the
entry marked `use: true` for the agent); what another agent has already used is taken off as
a fraction of that agent's own maximum (toxicity adds); mL is mg divided by the
concentration (1% = 10 mg/mL). Amounts are rounded down, never up, and every step is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from painref.content.tools_schema import Anesthetic, Fact, Limit, LocalAnesthetics, MaxDoseSource
from painref.errors import PainRefError
from painref.tools.data import load, norm

if TYPE_CHECKING:
    from painref.content.library import Library

MIN_WEIGHT_KG = 10.0
MAX_WEIGHT_KG = 300.0
MAX_CONCENTRATION = 10.0
SUPPORT_NOTE = (
    "A published maximum is not a safe dose for every patient or site: it supports, and does "
    "not replace, the judgment of the clinician giving the injection. Reduce it for the "
    "frail, the old, and heart, liver or kidney disease, and aspirate and inject in small "
    "increments."
)


@dataclass(frozen=True)
class Given:
    """An amount of another agent already given."""

    agent: Anesthetic
    mg: float
    epinephrine: bool = False


@dataclass(frozen=True)
class GivenShare:
    given: Given
    max_mg: float
    fraction: float
    source: MaxDoseSource


@dataclass(frozen=True)
class DoseResult:
    agent: Anesthetic
    source: MaxDoseSource
    limit: Limit
    weight_kg: float
    epinephrine: bool
    concentration: float | None
    by_weight_mg: float | None
    max_mg: float
    """The agent's own maximum for this weight, before anything already given."""
    shares: tuple[GivenShare, ...]
    used_fraction: float
    remaining_mg: float
    remaining_ml: float | None
    steps: tuple[str, ...]
    warnings: tuple[str, ...]
    combination: Fact | None
    weight_basis: Fact | None
    support_note: str = SUPPORT_NOTE

    @property
    def basis(self) -> list[tuple[str, MaxDoseSource]]:
        """Each agent's maximum used, with its source: this agent's, then those given."""
        pairs = [(self.agent.name, self.source)]
        pairs += [(s.given.agent.name, s.source) for s in self.shares]
        return list({(name, id(src)): (name, src) for name, src in pairs}.values())

    @property
    def refs(self) -> list[str]:
        return list(dict.fromkeys(r for _, src in self.basis for r in src.refs))

    def as_json(self) -> dict[str, object]:
        """The answer for `painref dose --json`, with its formula and its source."""
        return {
            "agent": self.agent.id,
            "weight_kg": self.weight_kg,
            "epinephrine": self.epinephrine,
            "concentration_percent": self.concentration,
            "mg_per_kg": self.limit.mg_per_kg,
            "cap_mg": self.limit.max_mg,
            "max_mg": self.max_mg,
            "already_used_fraction": round(self.used_fraction, 4),
            "max_now_mg": self.remaining_mg,
            "max_now_ml": self.remaining_ml,
            "steps": list(self.steps),
            "warnings": list(self.warnings),
            "refs": list(self.source.refs),
            "where": self.source.where,
            "support_note": self.support_note,
        }


class DoseCalculator:
    def __init__(self, data: LocalAnesthetics) -> None:
        self.data = data

    @classmethod
    def from_library(cls, library: Library) -> DoseCalculator:
        return cls(load(library, "local-anesthetics", LocalAnesthetics))

    @property
    def agents(self) -> list[Anesthetic]:
        return list(self.data.agents)

    def find(self, text: str) -> Anesthetic:
        """An agent by id, name, other name or brand (PainRefError when none)."""
        key = norm(text)
        for agent in self.data.agents:
            if key in (norm(agent.id), norm(agent.name), *map(norm, agent.aliases)):
                return agent
            if key in map(norm, agent.brands):
                return agent
        names = ", ".join(a.id for a in self.data.agents)
        raise PainRefError(f"{text!r} is not a local anesthetic PainRef has doses for ({names})")

    def maximum(
        self, agent: Anesthetic, weight_kg: float, epinephrine: bool
    ) -> tuple[MaxDoseSource, Limit, float | None, float]:
        """The source used, its limit, the by-weight amount and the maximum in mg."""
        source = next(m for m in agent.max_doses if m.use)
        limit = source.epinephrine if epinephrine else source.plain
        if limit is None:
            form = "with epinephrine" if epinephrine else "without epinephrine"
            raise PainRefError(
                f"the source PainRef uses for {agent.name} gives no maximum {form}; "
                "see the local anesthetics page for what other sources say"
            )
        by_weight = limit.mg_per_kg * weight_kg if limit.mg_per_kg is not None else None
        candidates = [v for v in (by_weight, limit.max_mg) if v is not None]
        return source, limit, by_weight, min(candidates)

    def calculate(
        self,
        agent: Anesthetic,
        weight_kg: float,
        *,
        concentration: float | None = None,
        epinephrine: bool = False,
        given: tuple[Given, ...] | list[Given] = (),
    ) -> DoseResult:
        """The most of agent this patient may get now.

        Raises:
            PainRefError: a weight, concentration or amount given that makes no sense, or no
                published maximum for this agent in this form.
        """
        check_weight(weight_kg)
        if concentration is not None and not 0 < concentration <= MAX_CONCENTRATION:
            raise PainRefError(
                f"concentration {concentration:g}%: give a percentage above 0 and at most "
                f"{MAX_CONCENTRATION:g} (1% = 10 mg/mL)"
            )
        source, limit, by_weight, max_mg = self.maximum(agent, weight_kg, epinephrine)
        form = "with epinephrine" if epinephrine else "plain"
        steps = [_maximum_step(agent.name, form, limit, weight_kg, by_weight, max_mg)]
        warnings: list[str] = []
        shares: list[GivenShare] = []
        for g in given:
            if not math.isfinite(g.mg) or g.mg <= 0:
                raise PainRefError(
                    f"{g.agent.name} already given: {g.mg:g} mg; give an amount above 0 mg"
                )
            other_source, _, _, other_max = self.maximum(g.agent, weight_kg, g.epinephrine)
            fraction = g.mg / other_max
            shares.append(GivenShare(g, other_max, fraction, other_source))
            other_form = "with epinephrine" if g.epinephrine else "plain"
            steps.append(
                f"{g.agent.name} already given: {g.mg:g} mg of its {other_max:g} mg maximum "
                f"({other_form}) = {fraction:.0%} of its maximum used"
            )
        used = sum(s.fraction for s in shares)
        remaining = max(0.0, max_mg * (1 - used))
        if shares:
            steps.append(
                f"Left for {agent.name}: {max_mg:g} mg x (1 - {used:.2f}) = "
                f"{_floor(remaining, 0):g} mg"
            )
        if used >= 1:
            warnings.append(
                "What has already been given reaches or passes the maximum: no more local "
                "anesthetic should be given."
            )
        remaining = _floor(remaining, 0)
        remaining_ml = None
        if concentration is not None:
            mg_per_ml = concentration * 10
            remaining_ml = _floor(remaining / mg_per_ml, 1)
            steps.append(
                f"{concentration:g}% = {mg_per_ml:g} mg/mL, so {remaining:g} mg = "
                f"{remaining:g} / {mg_per_ml:g} = {remaining_ml:g} mL (rounded down)"
            )
            if agent.concentrations and concentration not in agent.concentrations:
                listed = ", ".join(f"{c:g}%" for c in agent.concentrations)
                warnings.append(
                    f"{concentration:g}% is not among the concentrations the sources list for "
                    f"{agent.name} ({listed}); check the vial."
                )
        if limit.mg_per_kg is None:
            others = [
                other.mg_per_kg
                for m in agent.max_doses
                if not m.use
                for other in [m.epinephrine if epinephrine else m.plain]
                if other is not None and other.mg_per_kg is not None
            ]
            if others:
                lowest = min(others)
                warnings.append(
                    f"The source used gives a total in mg but no limit by weight; other "
                    f"sources give {lowest:g} mg/kg, which is {_floor(lowest * weight_kg, 0):g} "
                    f"mg at {weight_kg:g} kg (see the local anesthetics page)."
                )
        if weight_kg < 40:
            warnings.append(
                "The maximum doses here are for adults; children need pediatric dosing."
            )
        return DoseResult(
            agent=agent,
            source=source,
            limit=limit,
            weight_kg=weight_kg,
            epinephrine=epinephrine,
            concentration=concentration,
            by_weight_mg=by_weight,
            max_mg=max_mg,
            shares=tuple(shares),
            used_fraction=used,
            remaining_mg=remaining,
            remaining_ml=remaining_ml,
            steps=tuple(steps),
            warnings=tuple(warnings),
            combination=self.data.combination,
            weight_basis=self.data.weight,
        )


def check_weight(weight_kg: float) -> None:
    """PainRefError for a weight no adult patient has (or not a number)."""
    if not math.isfinite(weight_kg) or not MIN_WEIGHT_KG <= weight_kg <= MAX_WEIGHT_KG:
        raise PainRefError(
            f"weight {weight_kg:g} kg: give the patient's weight in kg, from "
            f"{MIN_WEIGHT_KG:g} to {MAX_WEIGHT_KG:g}"
        )


def _maximum_step(
    name: str, form: str, limit: Limit, weight: float, by_weight: float | None, max_mg: float
) -> str:
    if by_weight is not None and limit.max_mg is not None:
        capped = " (capped)" if limit.max_mg < by_weight else ""
        return (
            f"Maximum for {name}, {form}: {limit.mg_per_kg:g} mg/kg x {weight:g} kg = "
            f"{by_weight:g} mg, at most {limit.max_mg:g} mg = {max_mg:g} mg{capped}"
        )
    if by_weight is not None:
        return (
            f"Maximum for {name}, {form}: {limit.mg_per_kg:g} mg/kg x {weight:g} kg = "
            f"{max_mg:g} mg (the source gives no total cap)"
        )
    return f"Maximum for {name}, {form}: {max_mg:g} mg (the source gives no mg/kg)"


def _floor(value: float, places: int) -> float:
    factor = 10.0**places
    # A hair of tolerance so 300.0000001 (float noise) does not lose a whole mg.
    return math.floor(value * factor + 1e-9) / factor
