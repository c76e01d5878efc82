"""Comparison rows, differences, conflicts, and the chart's scales."""

from __future__ import annotations

import pytest

from painref.content.comparison import compare, invasiveness_level, relief_level
from painref.content.library import Library
from painref.errors import PainRefError, UnknownTopicError


def test_rows_align_every_field(small_library: Library) -> None:
    c = compare(small_library, ["alpha-injection", "gamma-stimulator"])
    keys = [row.key for row in c.rows]
    assert keys[0] == "category"
    assert keys[-6:] == [
        "conditions",
        "contraindications",
        "medications",
        "complications",
        "recommendations",
        "benefits",
    ]
    assert {"time", "anesthesia", "invasiveness", "bleeding-risk"} <= set(keys)
    duration = c.row("time")
    assert [cell.display("minutes") for cell in duration.cells] == ["5 minutes", "not reported"]
    assert duration.differs
    assert not c.row("anesthesia").differs  # not reported on both
    assert c.row("invasiveness").conflicting
    assert c.row("bleeding-risk").cells[0].missing == "not classified in the sources"
    assert [v.refs for v in duration.cells[0].values] == [(1,)]
    # A key one page marks not applicable says so; the other page's gap stays "not reported".
    criterion = c.row("diagnostic-criterion")
    assert [cell.display() for cell in criterion.cells] == ["not applicable", "not reported"]
    medications = c.row("medications").cells[0].values
    assert [v.text for v in medications] == ["Quillomethasone (Quillex) 10 mg, 2 mL", "Lidocaine"]
    assert medications[0].note == "corticosteroid; non-particulate; lumbar"
    complications = [v.text for v in c.row("complications").cells[0].values]
    assert complications == ["Epidural hematoma", "Infection (1 in 10000)"]
    evidence = [v.text for v in c.row("recommendations").cells[0].values]
    assert evidence == ["NICE 2016: for", "ASIPP 2013: for", "LESS trial 2014: no benefit shown"]
    assert c.row("contraindications").cells[1].display() == "not reported"


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["alpha-injection"], "at least 2"),
        (["alpha-injection"] * 2, "listed twice"),
        (["a", "b", "c", "d", "e"], "at most 4"),
    ],
)
def test_bad_choices(small_library: Library, ids: list[str], message: str) -> None:
    with pytest.raises(PainRefError, match=message):
        compare(small_library, ids)


def test_unknown_id(small_library: Library) -> None:
    with pytest.raises(UnknownTopicError):
        compare(small_library, ["alpha-injection", "nope"])


@pytest.mark.parametrize(
    ("text", "level"),
    [("Low", 0), ("Moderate", 1), ("High", 2), ("Non-invasive", 0), ("unclear", None)],
)
def test_invasiveness_level(text: str, level: int | None) -> None:
    assert invasiveness_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Weeks to months", 2),
        ("Months to years", 4),
        ("Temporary: short-term", 0),
        ("Permanent: longer-lasting", 5),
        ("Hours after a local anesthetic; longer after neurolysis, but not permanent", 0),
        ("several months", 3),
        ("Weeks", 1),
        ("varies", None),
    ],
)
def test_relief_level(text: str, level: int | None) -> None:
    assert relief_level(text) == level
