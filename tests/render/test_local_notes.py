"""Local protocols and personal notes beside the published content: the page, its text form,
a comparison, a tool page's drug rows, the planner, a handout; overdue and drift flags; local
pages in search."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from painref.content.library import Library
from painref.content.local_layer import LocalLayer
from painref.pages import NO_NOTES, NoteChoice, PageService
from painref.render.handout import build_handout
from painref.search.service import SearchService
from tests.local_fixtures import (
    REAL_DB,
    build_local_fixture,
    build_published,
    build_test_layer,
    replace_in,
)

TODAY = date(2026, 11, 30)
LABEL = "Local protocol: Test Hospital Pain Service"
ESI = "epidural-steroid-injection"


@pytest.fixture(scope="module")
def real() -> Iterator[Library]:
    library = Library.open(REAL_DB)
    yield library
    library.close()


@pytest.fixture(scope="module")
def layer(real: Library, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalLayer]:
    with LocalLayer.open(build_test_layer(tmp_path_factory.mktemp("local"), real)) as opened:
        yield opened


@dataclass
class _Note:
    location: str
    title: str
    text: str
    modified: str = "2026-11-29T08:00:00+00:00"


class _Notes:
    """A stand-in for store.notes.NoteStore: one note per location."""

    def __init__(self, **notes: str) -> None:
        self.notes = {
            k.replace("_", "-"): _Note(k.replace("_", "-"), k, v) for k, v in notes.items()
        }

    def get(self, location: str) -> _Note | None:
        return self.notes.get(location)

    def search(self, text: str) -> list[_Note]:
        words = text.casefold().split()
        return [n for n in self.notes.values() if all(w in n.text.casefold() for w in words)]


@pytest.fixture
def pages(real: Library, layer: LocalLayer) -> PageService:
    notes = _Notes(epidural_steroid_injection="Ask Dr Lee about <the> list\nsecond line")
    return PageService(real, local=layer, notes=notes, today=lambda: TODAY)


def _row(html: str, label: str) -> str:
    """The at-a-glance row whose label is label, as HTML."""
    start = html.index(f"<b>{label}</b>")
    return html[start : html.index("</tr>", html.index("</table>", start))]


def _section(html: str, heading: str) -> str:
    start = html.index(f">{heading}</p>")
    end = html.find('<p class="h2">', start)
    return html[start:end]


def test_a_local_note_is_drawn_beside_the_published_value_it_is_on(pages: PageService) -> None:
    html = pages.render(ESI).html
    row = _row(html, "Repeat interval")
    # The published value is still there, and the department's rule is beside it, marked.
    assert pages.library.topic(ESI).attribute("repeat-interval").values[0].value in row
    assert LABEL in row and "Repeat injections" in row and "<strong>3 per year</strong>" in row
    assert "approved 2026-01-15" in row and "review by 2027-01-15" in row
    sedation = _row(html, "Sedation")
    assert "No sedation for cervical injections" in sedation
    assert "Repeat injections" not in sedation


def test_notes_on_a_section_the_page_and_the_reader_sit_where_they_belong(
    pages: PageService,
) -> None:
    html = pages.render(ESI).html
    aftercare = _section(html, "Aftercare")
    assert LABEL in aftercare
    assert "Review overdue: due 2025-05-01" in aftercare
    top = html[: html.index(">At a glance</p>")]
    assert "Booking" in top or LABEL in top  # the page-level note, under the title
    # The reader's note: escaped text, lines kept, marked private.
    assert "My note" in top and "Ask Dr Lee about &lt;the&gt; list<br/>second line" in top
    assert "Private to you" in top


def test_a_note_on_a_field_the_page_does_not_draw_moves_under_the_title_and_names_it(
    real: Library, tmp_path: Path
) -> None:
    detail = real.topic(ESI)
    shown = {a.key for a in detail.glance}
    hidden = next(a for a in detail.attributes if a.key not in shown)
    db = build_local_fixture(
        tmp_path,
        real,
        notes={"hidden": {"attach": {"page": ESI, "field": hidden.key}, "body": "Our rule."}},
    )
    with LocalLayer.open(db) as layer:
        html = PageService(real, local=layer, today=lambda: TODAY).render(ESI).html
    top = html[: html.index(">At a glance</p>")]
    assert "Our rule." in top and f"(on {hidden.label})" in top


def test_the_text_form_carries_the_notes_after_what_they_are_on(pages: PageService) -> None:
    text = pages.text(ESI)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Repeat interval:"))
    following = "\n".join(lines[at + 1 : at + 8])
    assert "LOCAL PROTOCOL: TEST HOSPITAL PAIN SERVICE: Repeat injections" in following
    assert "3 per year" in following and "review by 2027-01-15" in following
    aftercare = text[text.index("\nAFTERCARE\n") :]
    assert aftercare.index("!! Review overdue: due 2025-05-01.") < aftercare.index("  - ")
    assert ">> MY NOTE" in text and "Ask Dr Lee" in text
    plain = pages.text(ESI, notes=NO_NOTES)
    assert "LOCAL PROTOCOL" not in plain and "MY NOTE" not in plain


def test_a_comparison_shows_each_columns_local_notes_in_its_cells(pages: PageService) -> None:
    location = f"compare:{ESI},radiofrequency-ablation"
    html = pages.render(location).html
    row = html[html.index("<b>Repeat interval</b>") :]
    row = row[: row.index("</tr>")]
    cells = row.split("<td")
    assert LABEL in cells[1] and "3 per year" in cells[1]  # the ESI column
    assert LABEL not in cells[2]
    # Notes on parts the table has no row for are listed under it, per column.
    assert ">Local protocols and notes</p>" in html
    text = pages.text(location)
    repeat = text[text.index("\nRepeat interval") + 1 :]
    rows = repeat[: repeat.index("-----")].splitlines()
    esi_column = " ".join(" ".join(r.split(" | ")[1].split()) for r in rows)
    assert f"[{LABEL}: Repeat injections. At Test Hospital" in esi_column
    others = " ".join(text[text.index("LOCAL PROTOCOLS AND NOTES") :].split())
    assert "Epidural steroid injection (on Aftercare): " + LABEL in others
    assert "review overdue since 2025-05-01" in others
    assert "Test Hospital" not in pages.text(location, notes=NO_NOTES)


def test_a_drug_note_is_drawn_in_its_rows_and_in_the_planner(pages: PageService) -> None:
    html = pages.render("direct-oral-anticoagulants").html
    at = html.index('<tr><td colspan="5">')
    assert "Apixaban before neuraxial procedures" in html[at : at + 2000]
    row = html[html.rfind("<tr>", 0, at) : at]
    assert row.startswith("<tr><td") and "<b>Apixaban" in row  # the drug's own row is above
    assert "Apixaban before neuraxial procedures" not in pages.render(ESI).html
    notes = pages.drug_notes(["apixaban", "warfarin"])
    assert list(notes) == ["apixaban"]
    assert notes["apixaban"][0].label == LABEL


def test_the_planner_answer_carries_the_drug_notes(pages: PageService) -> None:
    from painref.render.pages import render_plan
    from painref.tools.anticoag import Planner

    planner = Planner.from_library(pages.library)
    drugs = [planner.find("apixaban")]
    plan = planner.plan(drugs, risk_class="intermediate", today=TODAY)
    notes = pages.drug_notes(["apixaban"])
    html = render_plan(plan, pages.library.meta, TODAY, notes=notes)
    assert "Apixaban before neuraxial procedures" in html and LABEL in html
    text = render_plan(plan, pages.library.meta, TODAY, text=True, notes=notes)
    assert "LOCAL PROTOCOL: TEST HOSPITAL PAIN SERVICE" in text
    assert "Apixaban before" not in render_plan(plan, pages.library.meta, TODAY)


def test_a_handout_carries_notes_only_when_chosen(pages: PageService) -> None:
    def handout(choice: NoteChoice) -> str:
        annotate, local = pages.handout_sources(choice)
        parts = build_handout(
            pages.library,
            [ESI, "local:day-case-escort"],
            title="T",
            date="2026-11-30",
            annotate=annotate,
            local_page=local,
        )
        return parts.html

    none = handout(NO_NOTES)
    assert "3 per year" not in none and "My note" not in none
    # The local page is the department's own, marked as such, whatever the choice.
    assert "Escort home after day-case procedures" in none and "Local protocol" in none
    local = handout(NoteChoice(local=True, personal=False))
    assert "3 per year" in local and LABEL in local and "My note" not in local
    both = handout(NoteChoice(local=True, personal=True))
    assert "My note" in both and "Ask Dr Lee" in both


def test_drift_is_flagged_on_the_page_after_a_content_update(tmp_path: Path) -> None:
    first = Library.open(build_published(tmp_path / "v1"))
    db = build_local_fixture(
        tmp_path,
        first,
        notes={"slots": {"attach": {"page": "alpha-injection", "field": "time"}, "body": "X."}},
    )

    def release(data: Path) -> None:
        replace_in(data / "content.yaml", '"2026.11.1"', '"2026.12.1"')
        replace_in(data / "topics" / "alpha-injection.md", "time: {value: 5,", "time: {value: 10,")

    second = Library.open(build_published(tmp_path / "v2", release))
    with LocalLayer.open(db) as layer:
        before = PageService(first, local=layer, today=lambda: TODAY)
        after = PageService(second, local=layer, today=lambda: TODAY)
        assert "Needs review" not in before.render("alpha-injection").html
        html = after.render("alpha-injection").html
        text = after.text("alpha-injection")
    flag = html[html.index("Needs review") :]
    assert "written against content 2026.11.1" in flag
    assert "&ldquo;5 minutes&rdquo;" in flag and "&ldquo;10 minutes&rdquo;" in flag
    assert "Then: 5 minutes" in text and "Now: 10 minutes" in text
    first.close()
    second.close()


def test_a_local_page_renders_marked_with_its_dates(pages: PageService) -> None:
    page = pages.render("local:day-case-escort")
    assert page.title == pages.title("local:day-case-escort") != "day-case-escort"
    assert "Local protocol: Test Hospital Pain Service" in page.html
    assert "approved 2026-01-15" in page.html
    text = pages.text("local:day-case-escort")
    assert text.startswith("ESCORT HOME AFTER DAY-CASE PROCEDURES")
    assert "LOCAL PROTOCOL: Test Hospital Pain Service" in text
    with pytest.raises(Exception, match="no-such-page"):
        pages.render("local:no-such-page")
    without = PageService(pages.library)
    with pytest.raises(Exception, match="day-case-escort"):
        without.render("local:day-case-escort")


def test_local_pages_are_found_by_search_among_the_published_ones(
    real: Library, layer: LocalLayer
) -> None:
    search = SearchService(real, local=layer)
    assert search.search("escort")[0].id == "local:day-case-escort"
    hit = search.search("taxi", 5)[0]
    assert hit.id == "local:day-case-escort" and hit.kind == "local"
    assert hit.category == "Local protocols: Test Hospital Pain Service"
    assert "taxi" in hit.snippet.casefold()
    # A word only the local layer uses is not "corrected" into a published one.
    assert search.query("taxi").corrected is None
    # Published names keep their place.
    assert search.search("esi")[0].id == ESI
    assert all(not h.id.startswith("local:") for h in SearchService(real).search("escort"))


def test_a_readers_note_lifts_its_page_in_search_for_that_reader_only(real: Library) -> None:
    notes = _Notes(radiofrequency_ablation="Dr Quimby's zebra protocol")
    mine = SearchService(real, notes=notes)
    hit = mine.search("zebra")[0]
    assert hit.id == "radiofrequency-ablation"
    assert hit.snippet.startswith("My note: ") and "zebra" in hit.snippet
    start, end = hit.highlights[0]
    assert hit.snippet[start:end].casefold().startswith("zebra")
    assert not any(h.id == "radiofrequency-ablation" for h in SearchService(real).search("zebra"))


def test_no_note_drawn_is_left_out_of_the_page(pages: PageService, layer: LocalLayer) -> None:
    """Every note of the test layer on ESI is somewhere on its page."""
    html = pages.render(ESI).html
    for note in layer.annotations(pages.library, TODAY):
        if note.target.page == ESI:
            first_words = re.sub(r"<[^>]+>", "", note.body_html).split()[:4]
            assert " ".join(first_words) in re.sub(r"<[^>]+>", "", html), note.id


def test_home_lists_the_local_pages_and_the_notes_that_need_review(pages: PageService) -> None:
    html = pages.render("home").html
    local = html[html.index(">Local protocols: Test Hospital Pain Service</p>") :]
    local = local[: local.index('<p class="h2">', 10)]
    assert 'href="painref://topic/local:day-case-escort"' in local
    assert "1 local protocol needs review" in local
    assert "Epidural steroid injection: Aftercare</a>: review overdue since 2025-05-01" in local
    assert ">Local protocols" not in PageService(pages.library).render("home").html


def test_home_lists_a_note_whose_page_is_no_longer_published(tmp_path: Path) -> None:
    first = Library.open(build_published(tmp_path / "v1"))
    db = build_local_fixture(
        tmp_path, first, notes={"gone": {"attach": {"page": "beta-therapy"}, "title": "Old rule"}}
    )

    def withdraw(data: Path) -> None:
        (data / "topics" / "beta-therapy.md").unlink()
        for name in ("alpha-injection.md", "gamma-stimulator.md"):
            path = data / "topics" / name
            path.write_text(path.read_text().replace("beta-therapy", "alpha-injection"))

    second = Library.open(build_published(tmp_path / "v2", withdraw))
    with LocalLayer.open(db) as layer:
        html = PageService(second, local=layer, today=lambda: TODAY).render("home").html
    assert "<b>Old rule</b>, on beta-therapy: no longer published" in html
    first.close()
    second.close()


def test_a_damaged_local_layer_hides_its_notes_never_the_published_content(
    real: Library, layer: LocalLayer, tmp_path: Path
) -> None:
    import shutil
    import sqlite3

    damaged = tmp_path / "damaged.db"
    shutil.copy(layer.path, damaged)
    with sqlite3.connect(damaged) as connection:
        connection.execute("UPDATE notes SET review_due = 'not a date'")
        connection.execute("UPDATE pages SET approved = 'never'")
    with LocalLayer.open(damaged) as broken:
        pages = PageService(real, local=broken, today=lambda: TODAY)
        html = pages.render(ESI).html
        assert "Local protocols cannot be shown:" in html and str(damaged) in html
        assert pages.library.topic(ESI).attribute("repeat-interval").values[0].value in html
        assert "Local protocols cannot be shown:" in pages.text(ESI)
        home = pages.render("home").html
        assert "Local protocols cannot be shown:" in home
        assert "Local protocols cannot be shown" not in pages.render(ESI, notes=NO_NOTES).html
        search = SearchService(real, local=broken)
        assert search.search("esi")[0].id == ESI


def test_a_note_on_a_comparison_is_drawn_under_its_title(real: Library) -> None:
    location = f"compare:{ESI},radiofrequency-ablation"
    notes = _Notes()
    notes.notes[location] = _Note(location, "Compare", "Teach these two together.")
    pages = PageService(real, notes=notes, today=lambda: TODAY)
    html = pages.render(location).html
    top = html[: html.index(">Side by side</p>")]
    assert "My note" in top and "Teach these two together." in top
    assert "Teach these two together." in pages.text(location)
    assert "Teach these two" not in pages.render(location, notes=NO_NOTES).html


def test_a_word_in_a_readers_note_is_not_corrected(real: Library) -> None:
    notes = _Notes(radiofrequency_ablation="Referred by Dr Leeds")
    search = SearchService(real, notes=notes)
    outcome = search.query("leeds")
    assert outcome.corrected is None
    hit = outcome.hits[0]
    assert hit.id == "radiofrequency-ablation"
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Leeds"
