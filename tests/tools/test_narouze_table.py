"""Every drug x bleeding-risk class of data/tools/antithrombotics.yaml held against an
independent transcription (tests/data/narouze_2018_table.yaml), so that a changed value fails.

The guideline's own tables could not be opened (both transcriptions say so): the fixture and
the data were each read from UpToDate's adaptation of Narouze 2018 by a different editor,
without seeing the other's work. Drugs that adaptation's readable part does not reach are held
here to the institutional formulary rows they were read from, or to "not-found" in every
cell, so that no guessed interval can slip in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from painref.content.tools_schema import RISK_CLASSES, Antithrombotics

from ..conftest import REAL_DATA, TEST_DATA

ROWS = {
    ("ASA and ASA combinations", "primary prophylaxis"): "aspirin-primary-prevention",
    ("ASA and ASA combinations", "secondary prophylaxis"): "aspirin-secondary-prevention",
    ("ASA combinations", None): "aspirin-combinations",
    ("Cilostazol", None): "cilostazol",
    ("Dipyridamole", None): "dipyridamole",
    ("Coumadin", None): "warfarin",
    ("Acenocoumarol", None): "acenocoumarol",
    ("IV heparin", None): "heparin-intravenous",
    ("Subcutaneous heparin, BID, and TID", None): "heparin-subcutaneous",
    ("LMWH: Enoxaparin (prophylactic)", "prophylactic"): "enoxaparin-prophylactic",
    ("LMWH: Enoxaparin (therapeutic)", "therapeutic"): "enoxaparin-therapeutic",
    ("LMWH: Dalteparin", None): "dalteparin",
}
NAMED_NSAIDS = (
    "diclofenac",
    "ketorolac",
    "ibuprofen",
    "etodolac",
    "indomethacin",
    "naproxen",
    "meloxicam",
    "nabumetone",
    "oxaprozin",
    "piroxicam",
)
FORMULARY = {
    # Iredell Health System formulary, "Anesthesia" rows (data: tac-iredell-*), per class:
    # (hold, restart) for high, intermediate, low.
    "dabigatran": (("4 days", "24 hours"), ("4 days", "24 hours"), ("shared", "24 hours")),
    "dabigatran-renal-impairment": (
        ("5-6 days", "24 hours"),
        ("5-6 days", "24 hours"),
        ("shared", "24 hours"),
    ),
    "rivaroxaban": (("3 days", "24 hours"), ("3 days", "24 hours"), ("shared", "24 hours")),
    "fondaparinux": (("4 days", "24 hours"), ("4 days", "24 hours"), ("shared", "6 hours")),
}
NOT_FOUND = (
    "clopidogrel",
    "prasugrel",
    "ticagrelor",
    "apixaban",
    "edoxaban",
    "dietary-supplements",
    "ssri-snri",
)
"""Drugs no opened source gave an interval for: every cell says so, and no date is computed."""
UNREADABLE = {"not-found", "none-given"}


def _load() -> tuple[dict[str, Any], Antithrombotics]:
    fixture = yaml.safe_load((TEST_DATA / "narouze_2018_table.yaml").read_text(encoding="utf-8"))
    raw = yaml.safe_load((REAL_DATA / "tools" / "antithrombotics.yaml").read_text(encoding="utf-8"))
    return fixture, Antithrombotics.model_validate(raw)


FIXTURE, DATA = _load()
DRUGS = {d.id: d for d in DATA.drugs}


def _row(label: str, regimen: str | None = None) -> dict[str, Any]:
    return next(r for r in FIXTURE["drugs"] if r["row"] == label and r.get("regimen") == regimen)


@pytest.mark.parametrize(("row", "drug_id"), sorted(ROWS.items(), key=lambda i: i[1]))
def test_table_rows_match_the_independent_transcription(
    row: tuple[str, str | None], drug_id: str
) -> None:
    expected = _row(*row)
    drug = DRUGS[drug_id]
    for risk in RISK_CLASSES:
        cell = drug.cell(risk)
        seen = expected.get(risk, {})
        for part in ("hold", "restart"):
            value = getattr(cell, part)
            if part in seen:
                assert value == seen[part], f"{drug_id} {risk} {part}"
            else:
                # The transcriber saw no value: the data may not show one either.
                assert value in UNREADABLE, f"{drug_id} {risk} {part}: {value!r} not in the table"


@pytest.mark.parametrize("drug_id", NAMED_NSAIDS)
def test_named_nsaids_have_their_own_high_risk_hold_and_the_nsaid_row_otherwise(
    drug_id: str,
) -> None:
    own = _row(drug_id.title())
    general = _row("NSAIDs")
    drug = DRUGS[drug_id]
    assert drug.high.hold == own["high"]["hold"]
    assert drug.high.restart == general["high"]["restart"]
    for risk in ("intermediate", "low"):
        assert (drug.cell(risk).hold, drug.cell(risk).restart) == (
            general[risk]["hold"],
            general[risk]["restart"],
        )


@pytest.mark.parametrize("drug_id", sorted(FORMULARY))
def test_formulary_drugs_hold_their_rows(drug_id: str) -> None:
    drug = DRUGS[drug_id]
    got = tuple((drug.cell(r).hold, drug.cell(r).restart) for r in ("high", "intermediate", "low"))
    assert got == FORMULARY[drug_id]
    assert any(ref.startswith("tac-iredell") for ref in drug.refs)


@pytest.mark.parametrize("drug_id", NOT_FOUND)
def test_drugs_without_an_opened_source_say_so_in_every_cell(drug_id: str) -> None:
    drug = DRUGS[drug_id]
    for risk in RISK_CLASSES:
        assert drug.cell(risk).hold == "not-found"
        assert drug.cell(risk).restart == "not-found"


def test_every_drug_is_held_by_one_of_the_tests_above() -> None:
    covered = set(ROWS.values()) | set(NAMED_NSAIDS) | set(FORMULARY) | set(NOT_FOUND)
    assert set(DRUGS) == covered


def test_every_transcribed_procedure_has_the_same_class() -> None:
    names = {p.name.casefold(): p.risk_class for p in DATA.procedures}
    classes = {p["procedure"].casefold(): p["class"] for p in FIXTURE["procedures"]}
    # The data names procedures in fuller words; each transcribed one is found by its words.
    for proc, risk in classes.items():
        words = [
            w
            for w in proc.replace("(", " ").replace(")", " ").replace(",", " ").split()
            if len(w) > 3
        ]
        match = [r for n, r in names.items() if all(w in n for w in words[:2])]
        assert match, f"{proc!r} is not among the data's procedures"
        assert risk in match, f"{proc!r}: {risk} in the fixture, {match} in the data"


def test_the_planner_data_says_where_its_values_come_from() -> None:
    assert "could NOT be opened" in DATA.guideline.values_from
    assert Path(TEST_DATA / "narouze_2018_table.yaml").is_file()
