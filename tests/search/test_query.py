"""User text to words and FTS5 literals: nothing a person types reaches FTS5 unquoted."""

from __future__ import annotations

import pytest

from painref.search.query import MAX_TOKEN_LENGTH, MAX_TOKENS, quote, tokens
from painref.search.typos import Vocabulary, distance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Epidural  Steroid", ["epidural", "steroid"]),
        ('"ESI" AND (rfa OR NOT scs)', ["esi", "and", "rfa", "or", "not", "scs"]),
        ("x-ray*:guided", ["x", "ray", "guided"]),
        ("Épidurale naïve", ["epidurale", "naive"]),
        ("💉 shot \x00\x1b[31m", ["shot", "31m"]),
        ("", []),
        ("   -*:()\"'", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_tokens_are_bounded() -> None:
    assert len(tokens("word " * 5000)) == MAX_TOKENS
    assert len(tokens("a" * 10_000)[0]) == MAX_TOKEN_LENGTH


def test_quote_doubles_quotes() -> None:
    assert quote('say "hi"') == '"say ""hi"""'


@pytest.mark.parametrize(
    ("a", "b", "d"),
    [
        ("steroid", "steriod", 1),
        ("ablation", "ablasion", 1),
        ("kyphoplasty", "kyphoplasy", 1),
        ("abc", "abc", 0),
        ("epidural", "epidual", 1),
        ("acupuncture", "acupunture", 1),
    ],
)
def test_distance(a: str, b: str, d: int) -> None:
    assert distance(a, b, 2) == d


def test_vocabulary_corrects_to_the_closest_frequent_word() -> None:
    vocab = Vocabulary({"steroid": 20, "stereo": 1, "ablation": 5, "injection": 9})
    assert vocab.correct("steriod") == "steroid"
    assert vocab.correct("ablasion") == "ablation"
    assert vocab.correct("injecton") == "injection"
    assert vocab.correct("xqzvw") is None
    assert vocab.correct("abl") is None  # too short to correct
    assert vocab.has_prefix("abla")
    assert not vocab.has_prefix("zz")
