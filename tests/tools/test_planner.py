"""The blood-thinner planner over the test tool data (tests/tools/data/antithrombotics.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from painref.content.library import Library
from painref.errors import PainRefError
from painref.tools.anticoag import Duration, Planner, parse_date

TODAY = date(2026, 11, 30)
MONDAY = date(2026, 12, 7)


@pytest.fixture
def planner(tools_library: Library) -> Planner:
    return Planner.from_library(tools_library)


def test_a_hold_in_days_gives_the_last_dose_date_and_the_restart_date(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("clopidogrel")], risk_class="high", procedure_date=MONDAY, today=TODAY
    )
    (drug,) = plan.drugs
    assert drug.last_dose == date(2026, 11, 30)  # 7 days before Mon 7 Dec
    assert drug.restart_from == date(2026, 12, 8)  # 24 hours after
    assert "Mon 30 Nov 2026" in drug.last_dose_text
    assert not drug.passed


def test_a_range_uses_its_longer_end_and_says_so(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("dabigatran")], risk_class="high", procedure_date=MONDAY, today=TODAY
    )
    (drug,) = plan.drugs
    assert drug.last_dose == date(2026, 12, 2)  # 5 days, not 4
    assert "longer end" in drug.last_dose_text


def test_hours_that_make_whole_days_count_as_days(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("apixaban")], risk_class="high", procedure_date=MONDAY, today=TODAY
    )
    assert plan.drugs[0].last_dose == date(2026, 12, 4)  # 72 hours


def test_a_restart_range_in_hours_gives_no_date(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("clopidogrel")], risk_class="intermediate", procedure_date=MONDAY, today=TODAY
    )
    assert plan.drugs[0].restart_from is None
    assert "12-24 hours" in plan.drugs[0].restart_text


def test_no_date_no_dates(planner: Planner) -> None:
    plan = planner.plan([planner.find("clopidogrel")], risk_class="high", today=TODAY)
    assert plan.drugs[0].last_dose is None
    assert plan.drugs[0].last_dose_text == "Last dose at least 7 days before the procedure"


def test_words_not_intervals_give_no_date(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("clopidogrel"), planner.find("aspirin-primary"), planner.find("dabigatran")],
        risk_class="low",
        procedure_date=MONDAY,
        today=TODAY,
    )
    shared, keep, none = plan.drugs
    assert shared.last_dose is None and "Shared assessment" in shared.last_dose_text
    assert keep.last_dose is None and keep.last_dose_text.startswith("No routine stop")
    assert none.last_dose is None and "No interval of its own" in none.last_dose_text


def test_a_patient_factor_reads_one_class_up_and_never_above_high(planner: Planner) -> None:
    drug = planner.find("clopidogrel")
    low = planner.plan([drug], risk_class="low", patient_factors=True, today=TODAY)
    assert (low.chosen_class, low.risk_class, low.raised) == ("low", "intermediate", True)
    assert low.drugs[0].cell.hold == "7 days"
    high = planner.plan([drug], risk_class="high", patient_factors=True, today=TODAY)
    assert (high.risk_class, high.raised) == ("high", False)


def test_the_procedure_gives_the_class(planner: Planner) -> None:
    procedure = planner.find_procedure("gamma-stimulator")
    plan = planner.plan([planner.find("Plavix")], procedure=procedure, today=TODAY)
    assert plan.risk_class == "high"
    assert plan.procedure is procedure


def test_a_page_classified_by_site_asks_which(planner: Planner) -> None:
    with pytest.raises(PainRefError, match=r"2 entries.*Cervical facet injection \(intermediate\)"):
        planner.find_procedure("alpha-injection")
    assert planner.find_procedure("cervical facet").risk_class == "intermediate"


def test_an_unclassified_procedure_asks_for_the_class(planner: Planner) -> None:
    with pytest.raises(PainRefError, match="not classified by the guideline; give its class"):
        planner.find_procedure("beta-therapy")


def test_a_past_date_is_refused_with_today_named(planner: Planner) -> None:
    with pytest.raises(PainRefError, match="2026-11-29 is in the past \\(today is 2026-11-30\\)"):
        planner.plan(
            [planner.find("clopidogrel")],
            risk_class="low",
            procedure_date=date(2026, 11, 29),
            today=TODAY,
        )


def test_a_last_dose_day_already_gone_is_flagged(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("clopidogrel")], risk_class="high", procedure_date=TODAY, today=TODAY
    )
    assert plan.drugs[0].passed
    assert "cannot be kept" in plan.drugs[0].last_dose_text


@pytest.mark.parametrize("name", ["clopidogrel", "Clopidogrel", "PLAVIX", " plavix "])
def test_drugs_are_found_by_generic_and_brand_name(planner: Planner, name: str) -> None:
    assert planner.find(name).id == "clopidogrel"


def test_a_name_with_several_regimens_lists_them(planner: Planner) -> None:
    with pytest.raises(
        PainRefError, match="aspirin-primary \\(primary prevention\\); aspirin-secondary"
    ):
        planner.find("aspirin")
    assert planner.find("aspirin secondary prevention").id == "aspirin-secondary"


@pytest.mark.parametrize("name", ["warfarin", "", "   ", "x" * 500, "'; DROP TABLE topics; --"])
def test_an_unknown_drug_gets_a_message_never_a_plan(planner: Planner, name: str) -> None:
    with pytest.raises(PainRefError):
        planner.find(name)


def test_a_plan_needs_drugs_and_a_class(planner: Planner) -> None:
    with pytest.raises(PainRefError, match="at least one drug"):
        planner.plan([], risk_class="low", today=TODAY)
    with pytest.raises(PainRefError, match="procedure or its bleeding-risk class"):
        planner.plan([planner.find("clopidogrel")], today=TODAY)


def test_json_carries_every_value_and_its_basis(planner: Planner) -> None:
    plan = planner.plan(
        [planner.find("clopidogrel")], risk_class="high", procedure_date=MONDAY, today=TODAY
    )
    data = plan.as_json()
    assert data["guideline"]["edition"] == "Second edition (2018)"
    assert data["drugs"][0]["last_dose"] == "2026-11-30"
    assert data["drugs"][0]["where"] == "Table 3"
    assert "does not replace" in str(data["support_note"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 days", Duration(7, 7, "days")),
        ("1 day", Duration(1, 1, "days")),
        ("12-24 hours", Duration(12, 24, "hours")),
        ("shared", None),
    ],
)
def test_durations(text: str, expected: Duration | None) -> None:
    assert Duration.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "tomorrow", "07/12/2026", ""])
def test_bad_dates_get_a_message(text: str) -> None:
    with pytest.raises(PainRefError):
        parse_date(text)


def test_a_drug_not_stopped_gets_no_restart_date(planner: Planner) -> None:
    """ "Restart from <date>" for a drug that was never stopped reads as "skip a dose"."""
    plan = planner.plan(
        [planner.find("aspirin-primary"), planner.find("clopidogrel")],
        risk_class="low",
        procedure_date=MONDAY,
        today=TODAY,
    )
    kept, shared = plan.drugs
    assert kept.restart_from is None
    assert kept.restart_text.startswith("Not stopped, so nothing to restart")
    assert shared.restart_text.startswith("If it was stopped, restart at the earliest")
