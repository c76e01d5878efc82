"""The local anesthetic dose calculator: worked examples from its sources (real data) and
the rules on the test data."""

from __future__ import annotations

import math

import pytest
import yaml

from painref.content.library import Library
from painref.errors import PainRefError
from painref.tools.dose import DoseCalculator, Given

from ..conftest import TEST_DATA

EXAMPLES = yaml.safe_load((TEST_DATA / "la_worked_examples.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def calc(tools_library: Library) -> DoseCalculator:
    return DoseCalculator.from_library(tools_library)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e['agent']}-{e['weight']}kg")
def test_worked_examples_from_the_sources(real_library: Library, example: dict) -> None:
    real = DoseCalculator.from_library(real_library)
    result = real.calculate(
        real.find(example["agent"]),
        example["weight"],
        concentration=example["concentration"],
        epinephrine=example["epinephrine"],
    )
    assert result.remaining_mg == example["max_mg"]
    assert result.remaining_ml == example["max_ml"]


def test_the_cap_applies_above_its_weight(calc: DoseCalculator) -> None:
    result = calc.calculate(calc.find("lidocaine"), 70, concentration=1)
    assert (result.by_weight_mg, result.max_mg, result.remaining_ml) == (315, 300, 30)
    assert "(capped)" in result.steps[0]


def test_epinephrine_uses_its_own_limit(calc: DoseCalculator) -> None:
    result = calc.calculate(calc.find("lidocaine"), 60, epinephrine=True)
    assert result.remaining_mg == 420


def test_a_limit_without_mg_per_kg_is_the_cap(calc: DoseCalculator) -> None:
    result = calc.calculate(calc.find("bupivacaine"), 90, epinephrine=True)
    assert result.remaining_mg == 225
    assert "no mg/kg" in result.steps[0]


def test_no_published_limit_is_a_message_not_a_number(calc: DoseCalculator) -> None:
    with pytest.raises(PainRefError, match="gives no maximum with epinephrine"):
        calc.calculate(calc.find("chloroprocaine"), 70, epinephrine=True)


def test_another_agent_already_given_takes_its_share(calc: DoseCalculator) -> None:
    # 50 mg of bupivacaine is 50/140 of its maximum at 70 kg; lidocaine keeps the rest of 300.
    result = calc.calculate(
        calc.find("lidocaine"), 70, concentration=1, given=[Given(calc.find("bupivacaine"), 50)]
    )
    assert math.isclose(result.used_fraction, 50 / 140)
    assert result.remaining_mg == math.floor(300 * (1 - 50 / 140))
    assert result.remaining_ml == 19.2


def test_past_the_maximum_nothing_is_left(calc: DoseCalculator) -> None:
    result = calc.calculate(
        calc.find("lidocaine"), 70, given=[Given(calc.find("bupivacaine"), 200)]
    )
    assert result.remaining_mg == 0
    assert any("no more local anesthetic" in w for w in result.warnings)


def test_amounts_round_down(calc: DoseCalculator) -> None:
    result = calc.calculate(calc.find("bupivacaine"), 63.3, concentration=0.25)
    assert result.remaining_mg == 126  # 126.6 mg
    assert result.remaining_ml == 50.4  # 126 / 2.5 = 50.4


@pytest.mark.parametrize("weight", [0, -70, 500, 9.9, 300.1, float("nan"), float("inf")])
def test_impossible_weights_get_a_message(calc: DoseCalculator, weight: float) -> None:
    with pytest.raises(PainRefError, match="give the patient's weight in kg, from 10 to 300"):
        calc.calculate(calc.find("lidocaine"), weight)


@pytest.mark.parametrize("concentration", [0, -1, 11, 50])
def test_impossible_concentrations_get_a_message(
    calc: DoseCalculator, concentration: float
) -> None:
    with pytest.raises(PainRefError, match="concentration"):
        calc.calculate(calc.find("lidocaine"), 70, concentration=concentration)


@pytest.mark.parametrize("mg", [0, -5, float("nan")])
def test_impossible_amounts_given_get_a_message(calc: DoseCalculator, mg: float) -> None:
    with pytest.raises(PainRefError, match="give an amount above 0 mg"):
        calc.calculate(calc.find("lidocaine"), 70, given=[Given(calc.find("bupivacaine"), mg)])


def test_an_unlisted_concentration_is_a_warning(calc: DoseCalculator) -> None:
    result = calc.calculate(calc.find("lidocaine"), 70, concentration=4)
    assert any("not among the concentrations" in w for w in result.warnings)


def test_a_child_weight_is_warned(calc: DoseCalculator) -> None:
    result = calc.calculate(calc.find("lidocaine"), 20)
    assert any("for adults" in w for w in result.warnings)


@pytest.mark.parametrize("name", ["lidocaine", "Lignocaine", "XYLOCAINE"])
def test_agents_by_any_name(calc: DoseCalculator, name: str) -> None:
    assert calc.find(name).id == "lidocaine"


def test_unknown_agent(calc: DoseCalculator) -> None:
    with pytest.raises(PainRefError, match="'procaine' is not a local anesthetic"):
        calc.find("procaine")


def test_every_real_agent_has_a_used_limit_that_calculates(real_library: Library) -> None:
    real = DoseCalculator.from_library(real_library)
    for agent in real.agents:
        result = real.calculate(agent, 70)
        assert 0 < result.remaining_mg <= 1000, agent.id


def test_a_cap_without_a_weight_limit_shows_the_other_sources_weight_limit(
    calc: DoseCalculator,
) -> None:
    # Bupivacaine with epinephrine: the used source gives 225 mg only; none other gives mg/kg.
    assert not any(
        "no limit by weight" in w
        for w in calc.calculate(calc.find("bupivacaine"), 90, epinephrine=True).warnings
    )


def test_levobupivacaine_cap_is_shown_with_the_weight_based_figure(real_library: Library) -> None:
    real = DoseCalculator.from_library(real_library)
    result = real.calculate(real.find("levobupivacaine"), 45)
    assert result.remaining_mg == 150
    assert any("2 mg/kg, which is 90 mg at 45 kg" in w for w in result.warnings)
