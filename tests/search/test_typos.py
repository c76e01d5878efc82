"""Typo correction, pinned at each boundary: word length, edits allowed, frequency, pool size.

Vocabulary is tested on its own with made-up word lists, so each test shows one rule:
the closest known word wins, then the most frequent, then the first in the alphabet;
words under four letters and numbers are never corrected; one edit is allowed below seven
letters and two from seven on (a swap of neighbours is one edit); only the 40 words that
share the most trigrams with the typed word are considered.
"""

from __future__ import annotations

import pytest

from painref.search.typos import Vocabulary, distance


def corrected(typed: str, known: dict[str, int]) -> str | None:
    return Vocabulary(known).correct(typed)


# -- length -------------------------------------------------------------------------------------


def test_a_three_letter_word_is_never_corrected() -> None:
    """Three letters are an abbreviation more often than a typo ("cbt", "esi")."""
    assert corrected("kat", {"cat": 9}) is None


def test_a_four_letter_word_is_corrected() -> None:
    assert corrected("kard", {"card": 9}) == "card"


def test_a_four_letter_word_may_become_a_three_letter_word() -> None:
    """Three-letter words are candidates (one letter deleted), though never corrected."""
    assert corrected("carx", {"car": 9}) == "car"


def test_numbers_and_known_words_are_left_alone() -> None:
    assert corrected("2025", {"2024": 9}) is None
    assert corrected("card", {"card": 1, "cart": 100}) is None


# -- edits allowed ------------------------------------------------------------------------------


def test_six_letters_allow_one_edit() -> None:
    assert corrected("spinol", {"spinal": 9}) == "spinal"


def test_six_letters_do_not_allow_two_edits() -> None:
    assert corrected("spenol", {"spinal": 9}) is None


def test_seven_letters_allow_two_edits() -> None:
    assert corrected("staroud", {"steroid": 9}) == "steroid"


def test_seven_letters_do_not_allow_three_edits() -> None:
    assert corrected("starouq", {"steroid": 9}) is None


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [("nerve", "nreve", 1), ("spinal", "spenol", 2), ("steroid", "starouq", 3), ("ab", "ba", 1)],
)
def test_distance_counts_a_swap_of_neighbours_as_one_edit(a: str, b: str, edits: int) -> None:
    assert distance(a, b, 5) == edits


def test_a_swapped_pair_in_a_short_word_is_corrected() -> None:
    assert corrected("nreve", {"nerve": 9}) == "nerve"


# -- which known word -----------------------------------------------------------------------------


def test_among_equally_close_words_the_most_frequent_wins() -> None:
    assert corrected("xard", {"bard": 3, "card": 9}) == "card"


def test_among_equally_close_and_frequent_words_the_first_alphabetically_wins() -> None:
    assert corrected("xard", {"card": 5, "bard": 5}) == "bard"


def test_a_closer_word_wins_over_a_more_frequent_one() -> None:
    """One edit away and rare beats two edits away and common."""
    assert corrected("lidocaime", {"lidocaine": 1, "lidocarpe": 500}) == "lidocaine"


# -- the candidate pool -------------------------------------------------------------------------

TYPED = "kvaxumelond"
"""Two substitutions from TARGET (within the two edits of an eleven-letter word)."""
TARGET = "kvaxomelind"


def decoys(count: int) -> dict[str, int]:
    """Words sharing more trigrams with TYPED than TARGET does, all too long to be a fix."""
    return {f"{TYPED}qqq{chr(97 + n // 26)}{chr(97 + n % 26)}": 100 for n in range(count)}


def test_the_fix_is_found_when_39_words_look_closer() -> None:
    """40 candidates are compared: 39 look-alikes leave room for the real fix."""
    assert corrected(TYPED, {**decoys(39), TARGET: 1}) == TARGET


def test_the_fix_is_missed_when_40_words_look_closer() -> None:
    """The 41st candidate is never compared: the pool bounds the cost of a correction."""
    assert corrected(TYPED, {**decoys(40), TARGET: 1}) is None
