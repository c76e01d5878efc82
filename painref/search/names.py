"""What search knows of the pages' names, and how a query's words make them (step 2 of
service.py's three).

SearchService reads a NameIndex from the builder's names and synonyms tables once, a slice
at a time; name_boosts scores each page whose name the query's words make, whole ("esi",
"slipped disc") or being typed ("epidur"). Names are kept canonical, without their stop
words and with each synonym as its group's first word, so "steroid shot in my back" meets
the name "cortisone shot in the back".
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from painref.search.query import STOP_WORDS

EXACT_NAME_BOOST = 1000.0
CONTAINED_NAME_BOOST = 200.0
PREFIX_NAME_BOOST = 120.0
TITLE_PREFIX_BONUS = 10.0
"""A title that starts with what is typed, over an alias that does: with dozens of pages the
ties among names being typed are many, and the page named so is the one meant."""


class Name(NamedTuple):
    """One of a page's names (title, abbreviation, other name) as canonical words."""

    topic_id: str
    words: tuple[str, ...]
    kind: str


@dataclass
class NameIndex:
    """What search reads of the names, synonyms and body regions, once, at its first use."""

    synonyms: dict[str, tuple[str, ...]]
    names: dict[str, list[Name]] = field(default_factory=lambda: defaultdict(list))
    first_words: list[str] = field(default_factory=list)
    name_words: set[str] = field(default_factory=set)
    exact_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    region_words: dict[str, str] = field(default_factory=dict)
    region_pages: dict[str, list[str]] = field(default_factory=dict)
    condition_ids: set[str] = field(default_factory=set)

    def spellings(self, canonical: str) -> tuple[str, ...]:
        """Every word of the synonym group a canonical word stands for."""
        return self.synonyms.get(canonical, (canonical,))


def name_boosts(index: NameIndex, words: list[str], prefix_last: bool) -> dict[str, float]:
    """Page id -> its boost for the names the words make: a whole name that is the whole
    query, a whole name inside it, or one being typed at its end (the last word a prefix
    when prefix_last)."""
    boosts: dict[str, float] = {}
    words = list(canonical(words, index.synonyms))
    n = len(words)
    for i, word in enumerate(words):
        candidates = list(index.names.get(word, ()))
        if prefix_last and i == n - 1:
            candidates += _names_starting(index, word)
        matches = [
            (name, _match_length(words, i, name.words, prefix_last, index.spellings))
            for name in candidates
        ]
        # Words that already make a whole name at the end of the query ("... nerve
        # block") are that name, not the start of a longer one ("nerve block of ...").
        whole = any(m == len(name.words) and i + m == n for name, m in matches if m)
        for name, matched in matches:
            if matched == 0:
                continue
            if whole and matched < len(name.words):
                continue
            if (
                matched == len(name.words)
                and i == 0
                and matched == n
                and (n > 1 or _mostly_typed(words[-1], name.words[-1], index.spellings))
            ):
                boost = EXACT_NAME_BOOST + (10.0 if name.kind == "title" else 0.0)
            elif matched == len(name.words):
                boost = CONTAINED_NAME_BOOST * matched / n
            elif i + matched == n and (i == 0 or matched >= 2 or words[-1] not in index.name_words):
                # The name is still being typed: the query is its start ("epidural"),
                # two of its words are typed, or its first word is unfinished
                # ("... radiofreq"). One whole common word ending a longer query
                # ("... injection", "... pain") starts too many names to mean one.
                boost = PREFIX_NAME_BOOST * matched / n
                if name.kind in ("title", "tool-title"):
                    boost += TITLE_PREFIX_BONUS  # "radiofreq" is Radiofrequency ablation
            else:
                continue
            boosts[name.topic_id] = max(boosts.get(name.topic_id, 0.0), boost)
    return boosts


def _names_starting(index: NameIndex, prefix: str) -> list[Name]:
    start = bisect.bisect_left(index.first_words, prefix)
    out: list[Name] = []
    for first in index.first_words[start : start + 50]:
        if not first.startswith(prefix):
            break
        if first != prefix:
            out += index.names[first]
    return out


def canonical(words: list[str], synonyms: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """words without their stop words (unless all are), each synonym as its group's first."""
    kept = [w for w in words if w not in STOP_WORDS] or words
    return tuple(synonyms[w][0] if w in synonyms else w for w in kept)


def _mostly_typed(typed: str, name_word: str, spellings: Callable[[str], tuple[str, ...]]) -> bool:
    """A one-word name's word is typed in full, or at least two thirds of it ("epidur" is not
    yet "epiduroscopy", one of several names it may become; "back pa" has "back" before it)."""
    if typed == name_word:
        return True
    return any(s.startswith(typed) and 3 * len(typed) >= 2 * len(s) for s in spellings(name_word))


def _match_length(
    query: list[str],
    start: int,
    name: tuple[str, ...],
    prefix_last: bool,
    spellings: Callable[[str], tuple[str, ...]] = lambda w: (w,),
) -> int:
    """How many words of name match query from start (the last query word may be a prefix).

    Name words are canonical (a synonym group's first word): a prefix being typed is matched
    against every word of the group, so "back pa" meets "back pain" stored as "back ache".
    """
    matched = 0
    for k, name_word in enumerate(name):
        i = start + k
        if i >= len(query):
            break
        word = query[i]
        last = i == len(query) - 1
        if word == name_word or (
            last and prefix_last and any(s.startswith(word) for s in spellings(name_word))
        ):
            matched += 1
        else:
            return 0
    return matched
