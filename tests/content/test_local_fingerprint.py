"""The published value a local note names, as text that holds no reference numbers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from painref.content.annotations import SECTIONS, Target
from painref.content.fingerprint import clean, digest, published_value
from painref.content.library import Library
from tests.local_fixtures import build_published


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library.open(build_published(tmp_path_factory.mktemp("published")))
    yield library
    library.close()


def value(library: Library, page: str | None = None, **target: str) -> str | None:
    return published_value(library, Target(page=page, **target))


def test_a_page_field_section_and_drug(published: Library) -> None:
    assert value(published, "alpha-injection") == "Alpha injection"
    assert value(published, "alpha-injection", field="time") == "5 minutes"
    assert value(published, "alpha-injection", field="relief-duration") == "Weeks to months"
    assert value(published, "alpha-injection", field="contraindications") == (
        "Absolute: Infection at the injection site\nRelative: Taking an anticoagulant"
    )
    assert value(published, "alpha-injection", field="medications") == (
        "Quillomethasone (Quillex) (corticosteroid, non-particulate): dose 10 mg; volume 2 mL\n"
        "Lidocaine (local anesthetic): dose not reported; volume not reported"
    )
    assert value(published, "alpha-injection", field="complications") == (
        "Epidural hematoma (serious)\nInfection: 1 in 10000 (test patients)"
    )
    assert value(published, "alpha-injection", field="evidence") == (
        "NICE, 2016: for; conditional\nASIPP, 2013: for; good\n"
        "LESS trial, 2014: no-benefit; not graded"
    )
    assert value(published, "alpha-injection", field="aftercare") == (
        "Check blood glucose for two days in diabetes"
    )
    assert published_value(published, Target(drug="apixaban")) == (
        "Apixaban\n"
        "High risk: stop 3 days before; restart 24 hours after\n"
        "Intermediate risk: stop 3 days before; restart 24 hours after\n"
        "Low risk: shared assessment and risk stratification with the prescriber; "
        "restart 24 hours after"
    )


def test_what_is_not_published_is_none(published: Library, small_library: Library) -> None:
    assert value(published, "nowhere") is None
    assert value(published, "nowhere", field="time") is None
    assert value(published, "alpha-injection", field="relief-onset") is None  # not reported
    assert value(published, "alpha-injection", field="diagnostic-criterion") is None  # n/a
    assert value(published, "beta-therapy", field="aftercare") is None  # an empty section
    assert value(published, "alpha-injection", field="no-such-field") is None
    assert published_value(published, Target(drug="warfarin")) is None
    assert published_value(small_library, Target(drug="apixaban")) is None  # no table
    assert published_value(published, Target()) is None


def test_reference_numbers_are_left_out() -> None:
    assert clean("Stop 3 days before [1], or 5 [2, 3] [4-6] [7\u20139] [@src-a].") == (
        "Stop 3 days before, or 5."
    )
    assert clean("  two\n lines  ") == "two lines"
    assert clean("[a bracket] stays") == "[a bracket] stays"


def test_a_value_with_a_citation_in_its_note_is_stable(tmp_path: Path) -> None:
    def note_cites(number: str) -> Callable[[Path], None]:
        def edit(data: Path) -> None:
            topic = data / "topics" / "alpha-injection.md"
            text = topic.read_text()
            old = "time: {value: 5, refs: [src-a]}"
            new = f"time: {{value: 5, refs: [src-a], note: 'needle time {number}'}}"
            topic.write_text(text.replace(old, new))

        return edit

    texts = []
    for number in ("[1]", "[2]"):
        library = Library.open(build_published(tmp_path / number, note_cites(number)))
        texts.append(value(library, "alpha-injection", field="time"))
        library.close()
    assert texts == ["5 minutes (needle time)", "5 minutes (needle time)"]


def test_no_published_value_of_the_real_content_holds_a_reference_number(
    real_library: Library,
) -> None:
    """Every page, every field and section, and every drug: no [n], and the same twice."""
    keys = [a.key for a in real_library.topic("epidural-steroid-injection").attributes]
    targets = [Target(page=p.id) for p in real_library.all_pages()]
    targets += [
        Target(page=p.id, field=f)
        for p in real_library.topics(include_tools=False)
        for f in [*keys, *SECTIONS]
    ]
    drugs = real_library.tool_data("antithrombotics")["drugs"]
    targets += [Target(drug=d["id"]) for d in drugs]
    found = {t: published_value(real_library, t) for t in targets}
    assert sum(v is not None for v in found.values()) > 400
    numbered = {t: v for t, v in found.items() if v and re.search(r"\[\d", v)}
    assert numbered == {}
    assert all(published_value(real_library, t) == v for t, v in list(found.items())[::25])


def test_digest_is_the_sha256_of_the_text() -> None:
    assert digest(None) is None
    assert digest("5 minutes") == hashlib.sha256(b"5 minutes").hexdigest()
    assert digest("") != digest(None)
