"""What is shown beside the published content: a department's local protocols and a reader's
own notes. No Qt, no SQL: the local layer (content/local_layer.py) and the page service
(pages.py, for personal notes) make these; the templates draw them.

An annotation never replaces a published value: it is drawn beside it, labelled with whose
it is ("Local protocol: <department>" or "My note"), and for a local protocol with its
author, approval date and review date, whether its review is overdue, and whether the
published value it was written against has changed since (drift).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

LOCAL = "local"
PERSONAL = "personal"

SECTIONS: tuple[str, ...] = (
    "indications",
    "contraindications",
    "anatomy",
    "technique",
    "medications",
    "complications",
    "aftercare",
    "evidence",
)
"""The parts of the clinical template a note may attach to (besides at-a-glance keys)."""


@dataclass(frozen=True)
class Target:
    """What an annotation is attached to.

    Exactly one of: a published page (``page``, optionally one of its fields: an
    at-a-glance key such as ``repeat-interval`` or a section in SECTIONS), or an
    antithrombotic drug of the blood-thinner table (``drug``, e.g. ``apixaban``), shown in
    its rows on the tool pages and in the planner's answer.
    """

    page: str | None = None
    field: str | None = None
    drug: str | None = None

    def describe(self) -> str:
        """For messages: "epidural-steroid-injection: repeat-interval", "drug apixaban"."""
        if self.drug:
            return f"drug {self.drug}"
        return f"{self.page}: {self.field}" if self.field else str(self.page)


@dataclass(frozen=True)
class Drift:
    """The published value a local note was approved against has changed since."""

    approved_against: str
    """The content version the note was built against (e.g. "2026.11.5")."""
    was: str
    """The published value's text then."""
    now: str
    """Its text now; empty when the field is no longer published."""


@dataclass(frozen=True)
class Annotation:
    """One local protocol note or personal note, ready to draw."""

    kind: str
    """LOCAL or PERSONAL."""
    id: str
    target: Target
    label: str
    """Whose it is, as shown: "Local protocol: St Elsewhere Pain Service", "My note"."""
    body_html: str
    """Rendered, safe HTML (the loader's Markdown rules; a personal note is escaped text)."""
    body_text: str
    title: str = ""
    author: str = ""
    approved: date | None = None
    review_due: date | None = None
    overdue: bool = False
    """The review date has passed (judged on the day the annotation was made)."""
    drift: Drift | None = None
    modified: str = ""
    """A personal note's last change, ISO 8601 in UTC."""

    @property
    def is_local(self) -> bool:
        return self.kind == LOCAL

    @property
    def needs_review(self) -> bool:
        return self.overdue or self.drift is not None


@dataclass(frozen=True)
class PageAnnotations:
    """A page's annotations by where they are drawn."""

    page: tuple[Annotation, ...] = ()
    """Under the page's title (local protocols first, then the reader's note)."""
    fields: dict[str, tuple[Annotation, ...]] = field(default_factory=dict)
    """At-a-glance key or section name -> the notes drawn beside it."""
    drugs: dict[str, tuple[Annotation, ...]] = field(default_factory=dict)
    """Antithrombotic drug id -> the notes drawn in its rows."""
    problem: str = ""
    """Why the local protocols cannot be shown (a damaged local layer), said under the
    title; empty when all is well."""

    def __bool__(self) -> bool:
        return bool(self.page or self.fields or self.drugs or self.problem)

    def at(self, key: str) -> tuple[Annotation, ...]:
        """The notes beside an at-a-glance key or a section (none when it has none)."""
        return self.fields.get(key, ())

    def drug(self, drug_id: str) -> tuple[Annotation, ...]:
        return self.drugs.get(drug_id, ())

    def all(self) -> tuple[Annotation, ...]:
        every = list(self.page)
        for notes in self.fields.values():
            every.extend(notes)
        for notes in self.drugs.values():
            every.extend(notes)
        return tuple(every)

    def only(self, *, local: bool = True, personal: bool = True) -> PageAnnotations:
        """These annotations with local protocols or personal notes left out (a printout
        includes each only when the reader chooses)."""

        def keep(notes: Iterable[Annotation]) -> tuple[Annotation, ...]:
            return tuple(
                n for n in notes if (n.is_local and local) or (not n.is_local and personal)
            )

        return PageAnnotations(
            keep(self.page),
            {k: kept for k, v in self.fields.items() if (kept := keep(v))},
            {k: kept for k, v in self.drugs.items() if (kept := keep(v))},
            self.problem if local else "",
        )


def group(
    annotations: Iterable[Annotation], page_id: str, drugs: Iterable[str] = ()
) -> PageAnnotations:
    """The annotations that belong on page_id (and in the rows of the drugs it lists), by
    where they are drawn; local protocols before personal notes, otherwise in the order
    given."""
    wanted_drugs = set(drugs)
    page: list[Annotation] = []
    fields: dict[str, list[Annotation]] = {}
    by_drug: dict[str, list[Annotation]] = {}
    ordered = sorted(annotations, key=lambda a: 0 if a.is_local else 1)
    for a in ordered:
        if a.target.drug:
            if a.target.drug in wanted_drugs:
                by_drug.setdefault(a.target.drug, []).append(a)
        elif a.target.page == page_id:
            if a.target.field:
                fields.setdefault(a.target.field, []).append(a)
            else:
                page.append(a)
    return PageAnnotations(
        tuple(page),
        {k: tuple(v) for k, v in fields.items()},
        {k: tuple(v) for k, v in by_drug.items()},
    )


def overdue(review_due: date | None, today: date) -> bool:
    """A review date that has passed."""
    return review_due is not None and review_due < today
