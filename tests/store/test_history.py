"""History: visits move to the top, the list is capped, entries can be forgotten."""

from __future__ import annotations

from pathlib import Path

import pytest

from painref.store.db import UserStore
from painref.store.history import HISTORY_LIMIT, HistoryStore, Visit


@pytest.fixture
def history(store: UserStore) -> HistoryStore:
    return HistoryStore(store)


def test_recent_is_newest_first(history: HistoryStore) -> None:
    for location in ("a", "b", "c"):
        history.visit(location, location.upper())
    recent = history.recent()
    assert [v.location for v in recent] == ["c", "b", "a"]
    assert all(isinstance(v, Visit) for v in recent)
    assert recent[0].title == "C"
    assert recent[0].visited.endswith("+00:00")


def test_a_visit_moves_a_page_to_the_top_and_updates_its_title(history: HistoryStore) -> None:
    for location in ("a", "b", "c"):
        history.visit(location, location.upper())
    history.visit("a", "A again")
    assert [(v.location, v.title) for v in history.recent()] == [
        ("a", "A again"),
        ("c", "C"),
        ("b", "B"),
    ]


def test_recent_limit(history: HistoryStore) -> None:
    for n in range(30):
        history.visit(f"topic-{n}", f"Topic {n}")
    assert len(history.recent()) == 20
    assert [v.location for v in history.recent(3)] == ["topic-29", "topic-28", "topic-27"]
    assert history.recent(0) == []


def test_history_keeps_at_most_the_limit(store: UserStore, history: HistoryStore) -> None:
    assert HISTORY_LIMIT == 500
    for n in range(HISTORY_LIMIT + 25):
        history.visit(f"topic-{n}", f"Topic {n}")
    assert store.connection.execute("SELECT count(*) FROM history").fetchone()[0] == HISTORY_LIMIT
    everything = history.recent(HISTORY_LIMIT + 100)
    assert len(everything) == HISTORY_LIMIT
    assert everything[0].location == f"topic-{HISTORY_LIMIT + 24}"
    assert everything[-1].location == "topic-25"


def test_a_smaller_limit(store: UserStore) -> None:
    history = HistoryStore(store, limit=3)
    for location in ("a", "b", "c", "a", "d"):
        history.visit(location, location)
    assert [v.location for v in history.recent()] == ["d", "a", "c"]
    with pytest.raises(ValueError, match="limit"):
        HistoryStore(store, limit=0)


def test_remove(history: HistoryStore) -> None:
    history.visit("a", "A")
    history.visit("b", "B")
    assert history.remove("a") is True
    assert history.remove("a") is False
    assert [v.location for v in history.recent()] == ["b"]


def test_clear(history: HistoryStore) -> None:
    history.visit("a", "A")
    history.visit("b", "B")
    history.clear()
    assert history.recent() == []
    history.visit("c", "C")
    assert [v.location for v in history.recent()] == ["c"]


def test_history_persists(user_db_path: Path) -> None:
    with UserStore.open(user_db_path) as store:
        history = HistoryStore(store)
        history.visit("a", "A")
        history.visit("b", "B")
        before = history.recent()
    with UserStore.open(user_db_path) as store:
        history = HistoryStore(store)
        assert history.recent() == before
        history.visit("a", "A")
        assert [v.location for v in history.recent()] == ["a", "b"]
