"""Every command on every damaged content database: exit 0 or 1, at most one clean line."""

from __future__ import annotations

from pathlib import Path

import pytest

from painref.cli import main
from painref.paths import bundled_db

from .corpus import CONTENT_CASE_NAMES, content_db_cases

TOPIC = "epidural-steroid-injection"
OTHER = "radiofrequency-ablation"
CONDITION = "herniated-disc"  # a condition page: its treatment ladder reads more tables
COMMANDS = (
    ("--version",),
    ("search", "steriod injection"),  # a misspelling: the word list is read too
    ("search", "--json", "esi"),
    ("show", TOPIC),
    ("show", "--format", "html", TOPIC),
    ("show", CONDITION),
    ("show", "ESI"),  # a name, not an id: resolved through the search tables
    ("list",),
    ("list", "--json"),
    ("compare", TOPIC, OTHER),
    ("compare", "--format", "html", TOPIC, OTHER),
)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    # The bundled database, named before the autouse fixture clears PAINREF_DB per test.
    return dict(content_db_cases(tmp_path_factory.mktemp("content-faults"), bundled_db()))


@pytest.mark.parametrize("case", CONTENT_CASE_NAMES)
def test_every_command_on_a_damaged_database(
    case: str,
    damaged: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(damaged[case]))
    for argv in COMMANDS:
        code = main(list(argv))  # an exception here is the failure this test looks for
        _, err = capsys.readouterr()
        assert code in (0, 1), (argv, code, err)
        assert err.count("\n") <= 1, (argv, err)
        if err:
            assert err.startswith("painref: "), (argv, err)
            assert err.endswith("\n"), (argv, err)


def test_the_corpus_is_what_it_says(damaged: dict[str, Path]) -> None:
    assert len(damaged) == len(CONTENT_CASE_NAMES) >= 120
    assert sum(name.startswith("bitflip_") for name in damaged) == 20
