"""The search mutation check: apply each hand-made mutant to a worktree, run tests/search.

Not a test (pytest does not collect it). Run it against a worktree, never the checkout you
work in, since it edits painref/search/ there and restores each file with git afterwards:

    git worktree add /tmp/mut HEAD
    /work/main/.venv/bin/python -m tests.search.mutation_check /tmp/mut

It prints one line per mutant with the number of failing tests and the first of them, and
exits 1 when a mutant survives. docs/search-ranking.md holds the last table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SERVICE = "painref/search/service.py"
NAMES = "painref/search/names.py"
QUERY = "painref/search/query.py"
TYPOS = "painref/search/typos.py"
WEIGHTS = "COLUMN_WEIGHTS = (10.0, 8.0, 3.0, 2.0, 1.5, 1.0, 10.0)"
RANK_KEY = "key = (d, -self._freq[candidate], candidate)"
DETAIL_CHECK = "may_have_word(str(text), word) and word in text_words(str(text))"
MUTANTS: list[tuple[str, str, str, str]] = [
    # (name, file, text, replacement): text must occur exactly once in file.
    ("title weight 10 -> 9", SERVICE, WEIGHTS, WEIGHTS.replace("(10.0,", "(9.0,")),
    ("names weight 8 -> 7", SERVICE, WEIGHTS, WEIGHTS.replace(" 8.0,", " 7.0,")),
    ("conditions weight 3 -> 2", SERVICE, WEIGHTS, WEIGHTS.replace(" 3.0,", " 2.0,")),
    ("summary weight 2 -> 2.5", SERVICE, WEIGHTS, WEIGHTS.replace(" 2.0,", " 2.5,")),
    ("facts weight 1.5 -> 1", SERVICE, WEIGHTS, WEIGHTS.replace(" 1.5,", " 1.0,")),
    ("body weight 1 -> 1.5", SERVICE, WEIGHTS, WEIGHTS.replace(" 1.0,", " 1.5,")),
    ("practice-names weight 10 -> 9", SERVICE, WEIGHTS, WEIGHTS.replace(" 10.0)", " 9.0)")),
    ("DETAILS_WEIGHT 1 -> 1.5", SERVICE, "DETAILS_WEIGHT = 1.0", "DETAILS_WEIGHT = 1.5"),
    (
        "EXACT_NAME_BOOST 1000 -> 900",
        NAMES,
        "EXACT_NAME_BOOST = 1000.0",
        "EXACT_NAME_BOOST = 900.0",
    ),
    ("title over alias +10 -> +0", NAMES, "(10.0 if name.kind", "(0.0 if name.kind"),
    (
        "CONTAINED_NAME_BOOST 200 -> 150",
        NAMES,
        "CONTAINED_NAME_BOOST = 200.0",
        "CONTAINED_NAME_BOOST = 150.0",
    ),
    (
        "PREFIX_NAME_BOOST 120 -> 100",
        NAMES,
        "PREFIX_NAME_BOOST = 120.0",
        "PREFIX_NAME_BOOST = 100.0",
    ),
    ("ALL_WORDS_BOOST 50 -> 40", SERVICE, "ALL_WORDS_BOOST = 50.0", "ALL_WORDS_BOOST = 40.0"),
    ("stop word 'the' removed", QUERY, " that the their ", " that their "),
    ("stop word 'about' removed", QUERY, "a about after", "a after"),
    ("stop word 'pain' added", QUERY, "you your\n", "you your pain\n"),
    ("stop word 'treatment' added", QUERY, "you your\n", "you your treatment\n"),
    (
        "OR fallback disabled",
        SERVICE,
        '((" AND ", ALL_WORDS_BOOST), (" OR ", 0.0))',
        '((" AND ", ALL_WORDS_BOOST),)',
    ),
    ("detail words corrected again", SERVICE, "if self._in_details(word) or", "if False or"),
    ("detail word checked by stem only", SERVICE, DETAIL_CHECK, "True"),
    ("MIN_LENGTH 4 -> 3", TYPOS, "MIN_LENGTH = 4", "MIN_LENGTH = 3"),
    ("MIN_LENGTH 4 -> 5", TYPOS, "MIN_LENGTH = 4", "MIN_LENGTH = 5"),
    (
        "3-letter words not candidates",
        TYPOS,
        "len(word) >= MIN_LENGTH - 1",
        "len(word) >= MIN_LENGTH",
    ),
    ("two edits from 7 letters -> from 6", TYPOS, "len(word) < 7", "len(word) < 6"),
    ("two edits from 7 letters -> from 8", TYPOS, "len(word) < 7", "len(word) < 8"),
    ("short-word edits 1 -> 2", TYPOS, "return 1 if", "return 2 if"),
    ("short-word edits 1 -> 0", TYPOS, "return 1 if", "return 0 if"),
    ("long-word edits 2 -> 3", TYPOS, "else 2", "else 3"),
    ("long-word edits 2 -> 1", TYPOS, "else 2", "else 1"),
    ("a swap is two edits", TYPOS, "if i > 1 and j > 1 and a[i - 1]", "if False and a[i - 1]"),
    ("MAX_CANDIDATES 40 -> 39", TYPOS, "MAX_CANDIDATES = 40", "MAX_CANDIDATES = 39"),
    ("MAX_CANDIDATES 40 -> 41", TYPOS, "MAX_CANDIDATES = 40", "MAX_CANDIDATES = 41"),
    ("frequency ignored", TYPOS, RANK_KEY, "key = (d, 0, candidate)"),
    ("frequency before distance", TYPOS, RANK_KEY, "key = (-self._freq[candidate], d, candidate)"),
]


def run_tests(tree: Path) -> tuple[list[str], str]:
    """The failing test ids and the summary line of tests/search run on tree's code."""
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", "tests/search"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    failed = re.findall(r"^FAILED (\S+)", done.stdout, re.M)
    lines = done.stdout.strip().splitlines()
    return failed, lines[-1] if lines else done.stderr.strip()


def main(argv: list[str]) -> int:
    tree = Path(argv[0]).resolve()
    survivors = 0
    for name, file, text, replacement in MUTANTS:
        path = tree / file
        source = path.read_text(encoding="utf-8")
        if source.count(text) != 1:
            raise SystemExit(f"{name}: {text!r} is not once in {file}; update the mutant")
        path.write_text(source.replace(text, replacement), encoding="utf-8")
        try:
            failed, summary = run_tests(tree)
        finally:
            subprocess.run(["git", "checkout", "-q", "--", file], cwd=tree, check=True)
        survivors += not failed
        first = failed[0].removeprefix("tests/search/") if failed else "SURVIVED"
        sys.stdout.write(f"| {name} | `{first}` | {len(failed)} |\n")
        sys.stdout.flush()
    failed, summary = run_tests(tree)
    sys.stdout.write(f"unmutated: {summary}\n")
    return 1 if survivors or failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
