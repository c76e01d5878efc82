"""may_have_word is only a quick test before words(): it must never miss a word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from painref.content.text import may_have_word, words

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x09, max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
        st.characters(max_codepoint=0x1FFFF, blacklist_categories=("Cs",)),
        st.sampled_from(" \t\n\x1c\xa0\u2003\u0301\ufb01\u212aeE"),  # spaces, marks, ligatures
    ),
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


def test_a_word_only_folding_makes_is_found_and_an_absent_one_is_not() -> None:
    # the slow path: text beyond ASCII without the word as written
    assert may_have_word("patient faint\u00e9d \u2265 twice", "fainted")
    assert may_have_word("the \ufb01nal dose\u00a0\u00b5g", "final")  # the "fi" ligature
    assert may_have_word("fa\u0301inted", "fainted")  # a combining accent inside the word
    assert may_have_word("x\u00a0fa\u0301inted", "fainted")  # after a no-break space
    assert not may_have_word("syncope \u2265 2 \u00b5g faint", "fainted")
