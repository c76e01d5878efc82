"""Typo tolerance: the closest word the content uses, by edit distance over a trigram index."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict

MIN_LENGTH = 4  # shorter words are abbreviations or too ambiguous to correct
MAX_CANDIDATES = 40


def max_distance(word: str) -> int:
    """Edits allowed: one for short words, two from seven letters on."""
    return 1 if len(word) < 7 else 2


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary:
    """The words of the content with their frequencies."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self._freq = frequencies
        self._sorted = sorted(frequencies)
        self._index: dict[str, list[str]] = defaultdict(list)
        for word in frequencies:
            if len(word) >= MIN_LENGTH - 1 and not word.isdigit():
                for gram in trigrams(word):
                    self._index[gram].append(word)

    def __contains__(self, word: object) -> bool:
        return word in self._freq

    def __len__(self) -> int:
        return len(self._freq)

    def has_prefix(self, prefix: str) -> bool:
        """True when some word starts with prefix."""
        i = bisect.bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def correct(self, word: str) -> str | None:
        """The most frequent known word within the allowed edits, or None."""
        if len(word) < MIN_LENGTH or word.isdigit() or word in self._freq:
            return None
        shared: Counter[str] = Counter()
        for gram in trigrams(word):
            shared.update(self._index.get(gram, ()))
        limit = max_distance(word)
        best: tuple[int, int, str] | None = None
        for candidate, _ in shared.most_common(MAX_CANDIDATES):
            d = distance(word, candidate, limit)
            if d > limit:
                continue
            key = (d, -self._freq[candidate], candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else None
