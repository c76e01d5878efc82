"""The contract the window relies on: on a damaged database, Library and SearchService
return data or raise a PainRefError subclass, never anything else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from painref.content.comparison import compare
from painref.content.library import Library
from painref.errors import PainRefError
from painref.paths import bundled_db
from painref.search.service import SearchService

from .corpus import CONTENT_CASE_NAMES, content_db_cases

TOPIC = "epidural-steroid-injection"
OTHER = "radiofrequency-ablation"
CONDITION = "herniated-disc"


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return dict(content_db_cases(tmp_path_factory.mktemp("api-faults"), bundled_db()))


def _calls(library: Library) -> dict[str, Callable[[], object]]:
    return {
        "categories": library.categories,
        "topics": library.topics,
        "conditions": library.conditions,
        "all_pages": library.all_pages,
        "last_reviewed": library.last_reviewed,
        "summary": lambda: library.summary(TOPIC),
        "has": lambda: library.has(TOPIC),
        "topic": lambda: library.topic(TOPIC),
        "condition": lambda: library.topic(CONDITION),
        "compare": lambda: compare(library, [TOPIC, OTHER]),
    }


def _search_calls(service: SearchService) -> dict[str, Callable[[], object]]:
    return {
        "search": lambda: service.search("esi"),
        "query": lambda: service.query("steroid injection for back pain", 50),
        "suggest": lambda: service.suggest("steriod"),
        "resolve": lambda: service.resolve("RFA"),
        "resolve_unknown": lambda: service.resolve("epidural"),
    }


@pytest.mark.parametrize("case", CONTENT_CASE_NAMES)
def test_every_public_method_returns_or_raises_a_painref_error(
    case: str, damaged: dict[str, Path]
) -> None:
    try:
        library = Library.open(damaged[case])
    except PainRefError:
        return  # the window shows "PainRef cannot start" with this message
    try:
        problems = [_outcome(call) for call in _calls(library).values()]
        service, problem = _service(library)
        problems.append(problem)
        if service is not None:
            problems += [_outcome(call) for call in _search_calls(service).values()]
    finally:
        library.close()
    assert all("\n" not in p for p in problems), problems


def _service(library: Library) -> tuple[SearchService | None, str]:
    try:
        return SearchService(library), ""
    except PainRefError as exc:
        return None, str(exc)


def _outcome(call: Callable[[], object]) -> str:
    """The PainRefError message, or "" when call returned; anything else propagates."""
    try:
        call()
    except PainRefError as exc:
        return str(exc)
    return ""
