"""Write data/REVIEW.md: every finding of the clinical content review with what was done.

The detailed notes are the editors' files in data/review/ (one row per finding, with the
source opened); this index lists each finding id of the review (content-review.md, 131
findings) with its status from the first pass and any second-pass review of the same page,
so a reviewer can check every one. Run from the checkout root after editing data/review/:

    python scripts/review_index.py
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "data" / "review"
ROW = re.compile(r"^\|\s*([A-Z]{1,2}-\d+)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|")

# Findings whose status is recorded here rather than in an editor's file.
LEAD_NOTES = {
    "G-1": (
        "fixed in part",
        "Discography and IDET are intermediate (intradiscal procedures), sacroiliac joint "
        "injection low, the sympathetic blocks intermediate, ganglion impar not classified, "
        "each page saying whether the guideline names it; read from the first edition's list, "
        "UpToDate's adaptation and ASRA's summary of the 2018 changes, because the 2018 "
        "table's full text could not be opened (the narouze-2018 record says so). Details: "
        "`sympathetic.md`, `ablation.md`, `joints.md`, `blocks.md`.",
    ),
    "G-2": (
        "moved to issue 15",
        "Per-drug stop and restart intervals are the anticoagulant planner's job (issue 15). "
        "Every procedure page gives its guideline class with a note on how it was read; the "
        "guideline's drug table was not opened this edition, so no interval is shown anywhere.",
    ),
    "G-7": (
        "fixed",
        "The build now refuses two references with the same URL or DOI "
        "(content/loader.py); scripts/merge_duplicate_references.py merged the seven records "
        "the review lists into one id each (ipm-asipp-2013, esi-less-2014, esi-rathmell-2015, "
        "esi-eworuke-2020, esi-statpearls, esi-mountsinai-spine), and a content check refuses "
        "a reference no page cites.",
    ),
}


def main() -> int:
    first: dict[str, list[tuple[str, str, str]]] = {}
    for path in sorted(REVIEW.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = ROW.match(line)
            if match:
                finding, status, done = match.groups()
                first.setdefault(finding, []).append((path.name, status, done))
    order = [line.split()[0] for line in IDS.split("\n") if line.strip()]
    lines = [
        "# The clinical content review: what was done with each finding",
        "",
        "The review: `content-review.md` by an interventional pain physician acting as clinical",
        "editor, on content version 2026.11.2 (commit 769cb1e): 131 findings (8 errors, 42",
        "misleading, 7 outdated, 8 uncited, 66 missing). Content version 2026.11.3 answers them.",
        "",
        "How it was done (issue 13): a new content model (data/README.md: at a glance,",
        "indications, contraindications, anatomy, technique, medications, complications with",
        "incidence, aftercare, graded evidence, seed claims); each page rewritten by a first",
        "editor, then reviewed and corrected by a second editor who had not written it (a",
        "practising interventionalist's brief). Findings resting on the reviewer's knowledge",
        "were written only where a source opened this edition confirmed them; what could not",
        'be confirmed is marked "not confirmed" and left out of the pages.',
        "",
        "Each row: the finding, its status, and the file in `data/review/` with the details",
        '(what changed on which page and field, and the source opened). A status of "answered"',
        "means the editors disagree with the finding and say why, with a source.",
        "",
        "| finding | status | details |",
        "| --- | --- | --- |",
    ]
    counts: dict[str, int] = {}
    for finding in order:
        if finding in LEAD_NOTES:
            status, done = LEAD_NOTES[finding]
            where = done
        else:
            rows = first.get(finding)
            if not rows:
                raise SystemExit(f"{finding}: no row in data/review/*.md")
            statuses = list(dict.fromkeys(s for _, s, _ in rows))
            if len(statuses) == 1:
                status = statuses[0]
            else:
                status = "; ".join(
                    f"{s} ({', '.join(n.removesuffix('.md') for n, s2, _ in rows if s2 == s)})"
                    for s in statuses
                )
            where = ", ".join(sorted({f"`{name}`" for name, _, _ in rows}))
        key = status.split("(")[0].split(";")[0].strip().lower() or "see notes"
        counts[key] = counts.get(key, 0) + 1
        lines.append(f"| {finding} | {status} | {where} |")
    lines += [
        "",
        "Status counts: "
        + ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda x: -x[1]))
        + ".",
        "",
        "## The other sections of the review",
        "",
        "- **Section 2 (seed statements that are wrong):** each is a `seed_claims` entry on its",
        '  page ("what the source documents say, and what is known"), never an attribute value,',
        "  benefit, conflict or condition summary; `tests/content/test_seed_facts.py` checks both",
        "  that the seed's words stay findable and that the wrong ones are not stated as facts.",
        "- **Section 4 (citation spot-check)** and **section 5 (bleeding-risk classes):** rows in",
        "  the editors' files for each page. The guideline's procedure table itself could not be",
        "  opened; the `narouze-2018` record says how the classes were read, and each page's",
        "  note says whether the guideline names the procedure.",
        "- **Section 6 (procedures that should have pages):** issue 16.",
        "- **Section 7 (structured data the model lacked):** the content model of data/README.md;",
        "  anticoagulant intervals, local anesthetic dose calculation and steroid equivalence",
        "  tools are issue 15.",
        "",
        "## Second-pass clinical review",
        "",
        "A second editor reviewed every page after the rewrite, and the numbers a clinician",
        "acts on (doses, volumes, incidences) were then audited against their sources (rows",
        "marked unverifiable or not reopened were not re-checked in that pass); their findings",
        "(beyond the review's) and fixes are in:",
        "",
    ]
    for path in [*sorted(REVIEW.glob("review-*.md")), *sorted(REVIEW.glob("dose-audit-*.md"))]:
        text = path.read_text(encoding="utf-8")
        rows = [
            line
            for line in text.splitlines()
            if line.startswith("|") and not line.startswith(("| page", "| ---", "|---"))
        ]
        lines.append(f"- `{path.name}`: {len(rows)} rows")
    (ROOT / "data" / "REVIEW.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


# The finding ids of content-review.md (its section 3.11 count table), in its order.
IDS = """
G-1
G-2
G-3
G-4
G-5
G-6
G-7
G-8
G-9
G-10
G-11
O-1
O-2
O-3
O-4
O-5
E-1
E-2
E-3
E-4
E-5
E-6
E-7
E-8
E-9
T-1
T-2
T-3
T-4
T-5
M-1
M-2
M-3
M-4
M-5
M-6
J-1
J-2
J-3
J-4
P-1
P-2
P-3
SJ-1
SJ-2
SJ-3
SJ-4
PR-1
PR-2
PR-3
SC-1
SC-2
SC-3
PL-1
BO-1
BO-2
BO-3
BO-4
N-1
N-2
N-3
N-4
N-5
SG-1
SG-2
SG-3
CP-1
CP-2
LS-1
LS-2
LS-3
SH-1
GI-1
OB-1
OB-2
OB-3
SP-1
SP-2
SP-3
R-1
R-2
R-3
R-4
R-5
R-6
R-7
C-1
C-2
GR-1
GR-2
B-1
B-2
ID-1
ID-2
DI-1
DI-2
S-1
S-2
S-3
S-4
S-5
S-6
PN-1
PN-2
D-1
TE-1
I-1
I-2
I-3
I-4
K-1
MS-1
MS-2
V-1
V-2
V-3
ML-1
ML-2
IS-1
CB-1
A-1
A-2
A-3
CH-1
CO-1
CO-2
CO-3
CO-4
CO-5
CO-6
CO-7
"""

if __name__ == "__main__":
    raise SystemExit(main())
