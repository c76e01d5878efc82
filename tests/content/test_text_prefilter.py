"""may_have_word is only a quick test before words(): it must never miss a word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from painref.content.text import may_have_word, words

TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_every_word_of_a_text_passes_the_quick_test(text: str) -> None:
    for word in words(text):
        assert may_have_word(text, word), (text, word)


def test_accents_case_and_punctuation_are_seen_through() -> None:
    assert may_have_word("Épidural \u2013 steroid · Injection", "epidural")
    assert may_have_word("Épidural \u2013 steroid · Injection", "injection")
    assert may_have_word("STRASSE", "strasse")
    assert not may_have_word("a syncopal episode", "fainted")
