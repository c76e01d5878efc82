"""How complete the clinical pages are: the at-a-glance fill rate and missing template parts.

Read from the built database (what the app shows), for `painref fill-rate`: an editor sees
which procedure pages lack which at-a-glance rows and which parts of the clinical template.
"""

from __future__ import annotations

from dataclasses import dataclass

from painref.content.library import Library
from painref.content.model import TopicDetail

TARGET = 0.9
"""Issue 13: applicable at-a-glance rows filled on at least 90% of procedure pages."""


@dataclass(frozen=True)
class FieldFill:
    """One at-a-glance key across the procedure pages it applies to."""

    key: str
    label: str
    filled: tuple[str, ...]
    missing: tuple[str, ...]
    not_applicable: tuple[str, ...]

    @property
    def applies(self) -> int:
        return len(self.filled) + len(self.missing)

    @property
    def rate(self) -> float:
        return len(self.filled) / self.applies if self.applies else 1.0


@dataclass(frozen=True)
class PageFill:
    """One procedure page: its at-a-glance rows and the template parts it lacks."""

    id: str
    title: str
    filled: tuple[str, ...]
    missing: tuple[str, ...]
    not_applicable: tuple[str, ...]
    missing_parts: tuple[str, ...]

    @property
    def rate(self) -> float:
        applies = len(self.filled) + len(self.missing)
        return len(self.filled) / applies if applies else 1.0


@dataclass(frozen=True)
class FillReport:
    fields: tuple[FieldFill, ...]
    pages: tuple[PageFill, ...]

    @property
    def filled(self) -> int:
        return sum(len(f.filled) for f in self.fields)

    @property
    def applicable(self) -> int:
        return sum(f.applies for f in self.fields)

    @property
    def rate(self) -> float:
        return self.filled / self.applicable if self.applicable else 1.0


def missing_parts(detail: TopicDetail) -> tuple[str, ...]:
    """The clinical-template parts a procedure page lacks (data/README.md, "procedures")."""
    if detail.summary.kind != "procedure":
        return ()
    checks = {
        "indications": bool(detail.indications),
        "contraindications": bool(
            detail.contraindications_absolute or detail.contraindications_relative
        ),
        "technique": bool(detail.technique),
        "medications": bool(detail.medications) or "injectate" in detail.not_applicable,
        "complications": bool(detail.complications),
        "an incidence in complications": any(c.incidence for c in detail.complications),
        "aftercare": bool(detail.aftercare),
        "evidence": bool(detail.evidence),
    }
    return tuple(name for name, ok in checks.items() if not ok)


def fill_report(library: Library) -> FillReport:
    """The fill rate of every glance key over the procedure pages, and each page's gaps."""
    details = [library.topic(p.id) for p in library.all_pages() if p.kind == "procedure"]
    pages = []
    keys: dict[str, tuple[str, list[str], list[str], list[str]]] = {}
    for d in details:
        filled, missing, na = [], [], []
        for a in d.attributes:
            if not a.glance:
                continue
            entry = keys.setdefault(a.key, (a.label, [], [], []))
            if a.key in d.not_applicable:
                na.append(a.key)
                entry[3].append(d.id)
            elif a.reported:
                filled.append(a.key)
                entry[1].append(d.id)
            else:
                missing.append(a.key)
                entry[2].append(d.id)
        pages.append(
            PageFill(d.id, d.title, tuple(filled), tuple(missing), tuple(na), missing_parts(d))
        )
    fields = tuple(
        FieldFill(key, label, tuple(f), tuple(m), tuple(n))
        for key, (label, f, m, n) in keys.items()
    )
    return FillReport(fields, tuple(pages))
