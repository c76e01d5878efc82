"""Checks every page of the real content must pass: sources, dates, links, names, safety."""

from __future__ import annotations

import re

import pytest

from painref.content.comparison import compare
from painref.content.library import Library
from painref.search.service import SearchService

BLEEDING_CLASSES = ("Low", "Intermediate", "High", "Not classified")
# Classes the 2018 guideline itself gives (content-review section 5, G-1): intradiscal
# procedures intermediate; sacroiliac joint injection low; sympathetic blocks intermediate.
GUIDELINE_CLASSES = {
    "discography": "Intermediate",
    "intradiscal-electrothermal-therapy": "Intermediate",
    "sacroiliac-joint-injection": "Low",
    "stellate-ganglion-block": "Intermediate",
    "lumbar-sympathetic-block": "Intermediate",
    "celiac-plexus-block": "Intermediate",
    "superior-hypogastric-plexus-block": "Intermediate",
    "spinal-cord-stimulation": "High",
    "vertebral-augmentation": "High",
}
SPECIALTY_SOCIETIES = ("ASIPP", "ASRA", "SIS", "ASPN", "NANS", "AAPM", "INS", "ISASS", "WIP")
BRITISH = re.compile(
    r"\b\w*(anaesth|haemat|haemorrh|oedema|tumour|behaviour|fibre|paralys[ae]d|"
    r"favour|colour|centre|ageing|orthopaed|paediatr|oesophag|randomis|organis|recognis|"
    r"minimis|optimis|utilis|stabilis|immobilis|specialis)\w*",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def pages(real_library: Library) -> dict[str, object]:
    return {t.id: real_library.topic(t.id) for t in real_library.all_pages()}


def test_at_least_forty_topics(real_library: Library) -> None:
    assert len(real_library.topics()) >= 40


def test_every_topic_cites_two_references_with_urls(real_library: Library) -> None:
    short = {}
    for summary in real_library.topics():
        detail = real_library.topic(summary.id)
        with_url = [r for r in detail.references if r.url and r.url.startswith("http")]
        if len(with_url) < 2:
            short[summary.id] = len(with_url)
    assert short == {}


def test_every_page_has_a_date_category_and_sourced_fields(real_library: Library) -> None:
    for summary in real_library.all_pages():
        detail = real_library.topic(summary.id)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", detail.reviewed), summary.id
        assert summary.category_title, summary.id
        for attribute in detail.attributes:
            for value in attribute.values:
                assert value.refs, f"{summary.id}: {attribute.key} has an unsourced value"
        for risk in detail.complications:
            assert risk.refs, f"{summary.id}: risk {risk.name} is unsourced"


def test_condition_links_run_both_ways(real_library: Library) -> None:
    for summary in real_library.topics():
        for link in real_library.topic(summary.id).conditions:
            ladder = [rung.topic.id for rung in real_library.topic(link.id).ladder]
            assert summary.id in ladder, f"{link.id} does not list {summary.id}"


def test_no_name_leads_to_two_pages(real_library: Library) -> None:
    clashes = real_library.connection.execute(
        "SELECT norm, group_concat(DISTINCT topic_id) FROM names GROUP BY norm "
        "HAVING count(DISTINCT topic_id) > 1"
    ).fetchall()
    assert clashes == []


def test_bleeding_risk_classes_come_from_the_guideline(real_library: Library) -> None:
    classified = 0
    for summary in real_library.topics():
        detail = real_library.topic(summary.id)
        attribute = detail.attribute("bleeding-risk")
        narouze = {r.number for r in detail.references if r.id == "narouze-2018"}
        for value in attribute.values:
            classified += 1
            assert value.value.startswith(BLEEDING_CLASSES), (summary.id, value.value)
            assert narouze & set(value.refs), f"{summary.id}: class not cited to Narouze 2018"
    assert classified >= 15
    assert real_library.topic("trigger-point-injection").attribute("bleeding-risk").reported


@pytest.mark.parametrize(
    "topic_id", ["epidural-steroid-injection", "transforaminal-epidural-steroid-injection"]
)
def test_fda_2014_warning_on_epidural_steroid_pages(real_library: Library, topic_id: str) -> None:
    detail = real_library.topic(topic_id)
    notices = " ".join(n.text for n in detail.safety_notices)
    assert "2014" in notices
    assert "FDA" in notices or "Food and Drug Administration" in notices
    cited = {r.id for r in detail.references}
    assert "fda-2014-esi" in cited


def test_every_topic_is_found_by_its_title_and_abbreviations(real_library: Library) -> None:
    service = SearchService(real_library)
    misses = []
    for summary in real_library.topics():
        if [h.id for h in service.search(summary.title, 1)] != [summary.id]:
            misses.append((summary.title, summary.id))
        for abbreviation in summary.abbreviations:
            if summary.id not in [h.id for h in service.search(abbreviation, 3)]:
                misses.append((abbreviation, summary.id))
    assert misses == []


def test_new_topics_join_ladders_and_comparisons(real_library: Library) -> None:
    crps = [rung.topic.id for rung in real_library.topic("complex-regional-pain-syndrome").ladder]
    assert {"stellate-ganglion-block", "lumbar-sympathetic-block"} <= set(crps)
    comparison = compare(
        real_library,
        [
            "vertebral-augmentation",
            "basivertebral-nerve-ablation",
            "peripheral-nerve-stimulation",
            "ketamine-infusion",
        ],
    )
    assert comparison.row("bleeding-risk").differs


@pytest.mark.parametrize(("topic_id", "expected"), sorted(GUIDELINE_CLASSES.items()))
def test_classes_the_guideline_names(real_library: Library, topic_id: str, expected: str) -> None:
    values = [v.value for v in real_library.topic(topic_id).attribute("bleeding-risk").values]
    assert any(v.startswith(expected) for v in values), (topic_id, values)


def test_every_procedure_page_has_the_clinical_template(real_library: Library) -> None:
    """Issue 13: indications, contraindications, technique, medications (where it injects),
    complications with an incidence, aftercare and evidence, each cited."""
    from painref.content.fillrate import missing_parts

    gaps = {}
    for summary in real_library.topics():
        detail = real_library.topic(summary.id)
        if missing_parts(detail):
            gaps[summary.id] = missing_parts(detail)
        for item in (
            *detail.indications,
            *detail.contraindications_absolute,
            *detail.contraindications_relative,
            *detail.technique,
            *detail.medications,
            *detail.aftercare,
            *detail.evidence,
            *detail.seed_claims,
        ):
            assert item.refs, f"{summary.id}: an unsourced item {item}"
    assert gaps == {}


def test_at_a_glance_fill_rate_meets_the_target(real_library: Library) -> None:
    from painref.content.fillrate import TARGET, fill_report

    report = fill_report(real_library)
    assert len(report.pages) >= 25
    assert report.rate >= TARGET, (
        f"{report.filled}/{report.applicable} = {report.rate:.1%}; "
        + "; ".join(f"{p.id}: {', '.join(p.missing)}" for p in report.pages if p.missing)
    )


def test_conflicts_are_between_authoritative_sources(real_library: Library) -> None:
    """A seed claim is never one side of a 'sources disagree' flag (G-6)."""
    bad = []
    for summary in real_library.topics():
        detail = real_library.topic(summary.id)
        strength = {r.number: r.strength for r in detail.references}
        for attribute in detail.attributes:
            if not attribute.conflicting:
                continue
            for value in attribute.values:
                if all(strength[n] in ("seed", "weak") for n in value.refs):
                    bad.append((summary.id, attribute.key, value.value))
    assert bad == []


def test_specialty_societies_are_not_filed_as_independent(real_library: Library) -> None:
    """Independent bodies (NICE, Cochrane, ACR) are kept apart from specialty societies."""
    misfiled = []
    for summary in real_library.topics():
        for e in real_library.topic(summary.id).evidence:
            named = [s for s in SPECIALTY_SOCIETIES if re.search(rf"\b{s}\b", e.body)]
            if named and e.kind in ("guideline", "review"):
                misfiled.append((summary.id, e.body, e.kind))
    assert misfiled == []


def test_corticosteroids_say_whether_they_are_particulate(real_library: Library) -> None:
    unsaid = [
        (summary.id, m.agent)
        for summary in real_library.topics()
        for m in real_library.topic(summary.id).medications
        if "corticosteroid" in m.role.casefold()
        and m.particulate is None
        # Particles matter for what is injected at a target: systemic doses (by mouth, IV)
        # and an agent or formulation the source does not name are exempt.
        and not re.search(r"by mouth|\bIV\b", m.dose or "")
        and "not given" not in f"{m.agent} {m.note or ''}"
    ]
    assert unsaid == []


def test_condition_pages_say_what_it_is_and_how_it_presents(real_library: Library) -> None:
    gaps = {}
    for summary in real_library.conditions():
        detail = real_library.topic(summary.id)
        with_url = [r for r in detail.references if r.url and r.url.startswith("http")]
        problems = []
        if not detail.presentation_html:
            problems.append("no presentation")
        if len(with_url) < 2:
            problems.append(f"{len(with_url)} sources with URLs")
        if problems:
            gaps[summary.id] = problems
    assert gaps == {}


def test_american_spelling(real_library: Library) -> None:
    found = {}
    for summary in real_library.all_pages():
        detail = real_library.topic(summary.id)
        text = " ".join(
            [
                detail.summary.summary_text,
                detail.body_text,
                detail.presentation_text,
                *(i.text for i in (*detail.indications, *detail.technique, *detail.aftercare)),
                *(c.description for c in detail.complications),
                *(e.statement for e in detail.evidence),
                *(c.known for c in detail.seed_claims),
            ]
        )
        words = sorted({m.group(0) for m in BRITISH.finditer(text)})
        if words:
            found[summary.id] = words
    assert found == {}


def test_every_reference_is_cited_by_a_page(real_library: Library) -> None:
    """The registry holds sources the pages use: an uncited record is a leftover to prune."""
    uncited = real_library.connection.execute(
        "SELECT id FROM sources WHERE id NOT IN (SELECT source_id FROM topic_sources) ORDER BY id"
    ).fetchall()
    assert [r[0] for r in uncited] == []


def test_review_index_answers_every_finding() -> None:
    """data/REVIEW.md lists each of the clinical review's 131 findings with a status and where
    its details are (scripts/review_index.py writes it from data/review/)."""
    from ..conftest import REAL_DATA

    rows = re.findall(
        r"^\| ([A-Z]{1,2}-\d+) \| ([^|]+) \| ([^|]+) \|$",
        (REAL_DATA / "REVIEW.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) == 131
    for finding, status, details in rows:
        assert re.match(r"(fixed|answered|not confirmed|moved to issue 1[56]|partly)", status), (
            finding,
            status,
        )
        assert details.strip(), finding


def test_condition_ladders_say_what_the_evidence_says(real_library: Library) -> None:
    """Issue 16: each option on a condition page carries its page's evidence, counted."""
    unsaid = []
    for summary in real_library.conditions():
        for rung in real_library.topic(summary.id).ladder:
            if real_library.topic(rung.topic.id).evidence and not rung.evidence:
                unsaid.append((summary.id, rung.topic.id))
    assert unsaid == []
    ladder = real_library.topic("osteoarthritis").ladder
    assert any(r.evidence.startswith("Independent guidelines and reviews: ") for r in ladder)
