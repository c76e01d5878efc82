"""The tool pages of the real content: found by every drug's generic and brand name, drawn
with what they are based on, and linked from the procedure pages."""

from __future__ import annotations

import pytest
import yaml

from painref.content.library import Library
from painref.pages import PageService
from painref.search.service import SearchService

from ..conftest import REAL_DATA

TOOLS = REAL_DATA / "tools"
ANTI = yaml.safe_load((TOOLS / "antithrombotics.yaml").read_text(encoding="utf-8"))
LA = yaml.safe_load((TOOLS / "local-anesthetics.yaml").read_text(encoding="utf-8"))
STEROIDS = yaml.safe_load((TOOLS / "corticosteroids.yaml").read_text(encoding="utf-8"))


def _names() -> list[tuple[str, str]]:
    cases = []
    for drug in ANTI["drugs"]:
        for name in [drug["name"], *drug.get("brands", [])]:
            cases.append((name, drug["class"]))
    for agent in LA["agents"]:
        for name in [agent["name"], *agent.get("brands", [])]:
            cases.append((name, LA["page"]["id"]))
    for agent in STEROIDS["agents"]:
        for name in [agent["name"], *agent.get("brands", [])]:
            cases.append((name, STEROIDS["page"]["id"]))
    return sorted(set(cases))


@pytest.mark.parametrize(("name", "page"), _names())
def test_every_drug_is_found_by_generic_and_brand_name(
    real_library: Library, name: str, page: str
) -> None:
    hits = SearchService(real_library).search(name, limit=3)
    assert hits and hits[0].id == page, [h.id for h in hits]


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("apixaban", "direct-oral-anticoagulants"),
        ("clopidogrel", "antiplatelet-drugs"),
        ("dexamethasone", "corticosteroids"),
        ("LAST", "last"),
        ("lipid emulsion", "last"),
        ("blood thinners", "blood-thinners"),
        ("lidocaine maximum dose", "local-anesthetics"),
    ],
)
def test_what_the_issue_says_finds_nothing_today(
    real_library: Library, query: str, page: str
) -> None:
    hits = SearchService(real_library).search(query, limit=3)
    assert hits and hits[0].id == page, [h.id for h in hits]


def test_every_tool_page_renders_with_its_basis_and_references(real_library: Library) -> None:
    pages = PageService(real_library)
    tools = [s for s in real_library.all_pages() if s.kind == "tool"]
    assert len(tools) >= 9
    for summary in tools:
        html = pages.render(summary.id, interactive=True).html
        text = pages.text(summary.id)
        assert "Based on:" in html, summary.id
        assert "do not replace" in html, summary.id
        assert "[1]" in text and "REFERENCES" in text, summary.id


def test_procedure_pages_link_to_the_planner(real_library: Library) -> None:
    pages = PageService(real_library)
    html = pages.render("epidural-steroid-injection", interactive=True).html
    assert 'href="painref://planner/epidural-steroid-injection"' in html
    therapy = pages.render("physical-therapy", interactive=True).html
    assert "painref://planner/" not in therapy


def test_planner_classes_match_each_page_s_bleeding_risk_value(real_library: Library) -> None:
    """A page the guideline classifies shows the same class at a glance as the planner uses."""
    from painref.tools.anticoag import Planner

    planner = Planner.from_library(real_library)
    for proc in planner.data.procedures:
        for page in proc.pages:
            detail = real_library.topic(page)
            values = [
                v.value.casefold()
                for a in detail.attributes
                if a.key == "bleeding-risk"
                for v in a.values
            ]
            assert any(v.startswith(proc.risk_class) for v in values), (page, proc.name, values)


def test_a_tool_name_is_typed_only_from_the_start_of_a_query(tools_library: Library) -> None:
    """A drug table's name whose first word ends a clinical question ("... own blood") is a
    common word, not the page wanted; typed as two words ("blood thin") it is a name."""
    search = SearchService(tools_library)
    assert "blood-thinners" in search._name_boosts(["blood", "thin"], True)
    assert "blood-thinners" not in search._name_boosts(["alpha", "blood"], True)
    assert search.search("blood thin")[0].id == "blood-thinners"
