"""Merge references that are the same source (same URL or DOI) into one id.

The build refuses duplicates (content/loader.py); this is the editor's tool to fix them:
for each group it keeps the id the pages cite most (then the first in load order),
deletes the other records from their files, and rewrites every
citation of the removed ids in topics and conditions. Run from the checkout root:

    python scripts/merge_duplicate_references.py [--dry-run] [--data FOLDER]

Check the kept record's title and year by hand afterwards: the records may have differed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from painref.content import loader  # noqa: E402
from painref.content.checks import reference_keys  # noqa: E402
from painref.content.schema import Reference  # noqa: E402


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    data = Path(argv[argv.index("--data") + 1]) if "--data" in argv else ROOT / "data"
    refs, paths = loader._validate_lists(data, "references", Reference)
    sources = [*sorted((data / "topics").glob("*.md")), data / "conditions.yaml"]
    sources += sorted((data / "conditions").glob("*.yaml"))
    corpus_text = "\n".join(path.read_text(encoding="utf-8") for path in sources)

    def citations(ref_id: str) -> int:
        return len(re.findall(rf"(?<![a-z0-9-]){re.escape(ref_id)}(?![a-z0-9-])", corpus_text))

    # Group the records that share a URL or DOI (union of overlapping keys).
    group_of: dict[str, set[str]] = {}
    by_key: dict[str, str] = {}
    for ref in refs:
        group_of.setdefault(ref.id, {ref.id})
        for key in reference_keys(ref):
            other = by_key.setdefault(key, ref.id)
            if other != ref.id:
                merged = group_of[other] | group_of[ref.id]
                for member in merged:
                    group_of[member] = merged
    order = {ref.id: i for i, ref in enumerate(refs)}
    keep_for: dict[str, str] = {}
    for group in {frozenset(g) for g in group_of.values() if len(g) > 1}:
        # Keep the id the pages cite most (the general one), then the first loaded.
        keep = min(group, key=lambda i: (-citations(i), order[i]))
        keep_for.update({old: keep for old in group if old != keep})
    if not keep_for:
        print("no duplicate references")
        return 0
    for old, new in sorted(keep_for.items()):
        print(f"{old} -> {new}   ({paths[old].name})")
    if dry:
        return 0
    # Delete the duplicate records: a record runs from its "- id:" line to the next one.
    for path in {paths[old] for old in keep_for}:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out, skipping = [], False
        for line in lines:
            match = re.match(r"- id:\s*(\S+)", line)
            if match:
                skipping = match.group(1) in keep_for
            elif skipping and not (line.startswith((" ", "\t")) or not line.strip()):
                skipping = False  # a comment or other top-level line ends the record
            if not skipping:
                out.append(line)
        path.write_text("".join(out), encoding="utf-8")
    for path in sources:
        text = path.read_text(encoding="utf-8")
        new_text = text
        for old, new in keep_for.items():
            new_text = re.sub(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])", new, new_text)
        # A list that now names the same id twice: keep the first.
        new_text = (
            re.sub(
                r"\[([^\[\]\n]*)\]",
                lambda m: (
                    "[" + ", ".join(dict.fromkeys(p.strip() for p in m.group(1).split(","))) + "]"
                    if "," in m.group(1) and not m.group(1).startswith("@")
                    else m.group(0)
                ),
                new_text,
            )
            if new_text != text
            else new_text
        )
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            print(f"rewrote {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
