"""Checks every page of the real content must pass: sources, dates, links, names, safety."""

from __future__ import annotations

import re

import pytest

from painref.content.comparison import compare
from painref.content.library import Library
from painref.search.service import SearchService

BLEEDING_CLASSES = ("Low", "Intermediate", "High")


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
