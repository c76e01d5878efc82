"""`painref anticoag` and `painref dose`: answers with their basis, errors as one line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from painref.cli import main


@pytest.fixture(autouse=True)
def _tools_db(tools_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINREF_DB", str(tools_db_path))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_anticoag_plan_with_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    day = date.today() + timedelta(days=14)
    code, out, err = run(
        capsys,
        "anticoag",
        "plavix",
        "eliquis",
        "--procedure",
        "gamma-stimulator",
        "--date",
        day.isoformat(),
    )
    assert (code, err) == (0, "")
    last = (day - timedelta(days=7)).strftime("%a %d %b %Y")
    assert f"Last dose no later than {last}" in out
    assert "Spinal cord stimulation: High risk procedure" in out
    assert "Based on: Test guideline, Second edition (2018)" in out
    assert "does not replace" in out


def test_anticoag_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "anticoag", "clopidogrel", "--class", "low", "--patient-factors", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert (data["class"], data["class_applied"]) == ("low", "intermediate")
    assert data["drugs"][0]["hold"] == "7 days"


def test_anticoag_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "anticoag", "--list")
    assert code == 0
    assert "aspirin-secondary  Aspirin (secondary prevention)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["anticoag", "warfarin", "--class", "low"], "'warfarin' is not a drug"),
        (["anticoag", "aspirin", "--class", "low"], "has 2 regimens"),
        (["anticoag", "plavix"], "give the procedure (--procedure ID) or its class"),
        (["anticoag", "--class", "low"], "name one or more drugs"),
        (["anticoag", "plavix", "--class", "low", "--date", "2001-01-01"], "is in the past"),
        (["anticoag", "plavix", "--class", "low", "--date", "01/02/2027"], "YYYY-MM-DD"),
        (["anticoag", "plavix", "--procedure", "alpha-injection"], "has 2 entries"),
        (["dose", "lidocaine", "--weight", "0"], "from 10 to 300"),
        (["dose", "lidocaine", "--weight", "-70"], "from 10 to 300"),
        (["dose", "lidocaine", "--weight", "500"], "from 10 to 300"),
        (["dose", "lidocaine", "--weight", "nan"], "from 10 to 300"),
        (["dose", "mystery", "--weight", "70"], "'mystery' is not a local anesthetic"),
        (["dose", "lidocaine", "--weight", "70", "--given", "bupivacaine"], "write AGENT:MG"),
        (["dose", "lidocaine", "--weight", "70", "--given", "bupivacaine:lots"], "not an amount"),
        (
            ["dose", "chloroprocaine", "--weight", "70", "--epinephrine"],
            "no maximum with epinephrine",
        ),
    ],
)
def test_nonsense_gets_one_clear_line_never_a_number(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    assert err.startswith("painref: ") and message in err
    assert err.count("\n") == 1


def test_dose_text_shows_the_formula_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "dose",
        "lidocaine",
        "--weight",
        "70",
        "--concentration",
        "1",
        "--given",
        "bupivacaine:50",
    )
    assert code == 0
    assert out.startswith("Lidocaine: 192 mg = 19.2 mL of 1%")
    assert "4.5 mg/kg x 70 kg = 315 mg, at most 300 mg" in out
    assert (
        "Based on: Lidocaine: Source A on injections (Test Publisher) (Label); Bupivacaine: Source A"
        in out
    )


def test_dose_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dose", "Xylocaine", "--weight", "60", "--epinephrine", "--json")
    data = json.loads(out)
    assert (code, data["agent"], data["max_now_mg"], data["refs"]) == (
        0,
        "lidocaine",
        420,
        ["src-a"],
    )


def test_show_a_tool_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "antiplatelet-drugs")
    assert code == 0
    assert "Clopidogrel - Plavix [1] (Table 3)" in out
    assert "BASED ON: Test guideline" in out
