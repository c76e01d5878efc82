"""Teaching slides: parse each slide's HTML and check what the audience would see."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from painref.content.comparison import compare
from painref.content.library import AttributeValue, Cited, Library
from painref.content.tables import RELIEF_DURATION
from painref.render.contexts import ComparePage, Theme, TopicPage
from painref.render.slides import (
    CANVAS,
    MAX_BULLETS,
    SOURCES_TITLE,
    Canvas,
    Slide,
    compare_slides,
    lecture_deck,
    notes_html,
    sentences,
    topic_slides,
)

COMPARED = ["alpha-injection", "gamma-stimulator", "beta-therapy"]
HEADER_ROW = ["", "Alpha injection", "Gamma stimulator", "Beta therapy"]


class _Slide(HTMLParser):
    """The text, the headings, the points, the table rows and the images of one slide."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self.points: list[str] = []
        self.rows: list[list[str]] = []
        self.images: list[str] = []
        self.tags: set[str] = set()
        self.style = ""
        self.inline_sizes: list[str] = []
        self._cell: list[str] | None = None
        self._point: list[str] | None = None
        self._class: str | None = None
        self._in_style = False
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        self._in_style = tag == "style"
        self._in_title = tag == "title"
        self.inline_sizes += re.findall(r"font-size:\s*([\d.]+pt)", values.get("style") or "")
        if tag == "p":
            self._class = values.get("class")
            if self._class in ("h1", "h2"):
                self.headings.append("")
        if tag == "li":
            self._point = []
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag == "img":
            self.images.append(str(values.get("src")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "li" and self._point is not None:
            self.points.append(" ".join("".join(self._point).split()))
            self._point = None
        if tag == "p":
            self._class = None
        self._in_style = self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        if self._in_title:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._point is not None:
            self._point.append(data)
        if self._class in ("h1", "h2"):
            self.headings[-1] += data

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def _topic(library: Library, topic_id: str, theme: Theme | None = None) -> list[Slide]:
    page = TopicPage(detail=library.topic(topic_id), meta=library.meta, theme=theme or Theme())
    return topic_slides(page)


def _compare(library: Library, *, only_differences: bool = False) -> list[Slide]:
    page = ComparePage(
        comparison=compare(library, COMPARED),
        meta=library.meta,
        chart_src="chart:compare-0",
        only_differences=only_differences,
    )
    return compare_slides(page)


def _titled(slides: list[Slide], title: str) -> _Slide:
    return _Slide(next(s for s in slides if s.title == title).html)


def test_a_topic_is_a_teaching_deck(small_library: Library) -> None:
    slides = _topic(small_library, "alpha-injection")
    titles = [s.title for s in slides]
    assert titles[0] == "Alpha injection"
    assert titles[1] == "Key points"
    assert titles[-1] == SOURCES_TITLE
    ideas = [
        "How it works",
        "Indications",
        "Contraindications",
        "Anatomy and target",
        "Technique",
        "Medications and doses",
        "Complications and how often",
        "Aftercare",
        "Evidence and recommendations",
    ]
    found = [next(i for i, t in enumerate(titles) if t.startswith(idea)) for idea in ideas]
    assert found == sorted(found), "one idea after another, in the page's order"
    assert titles.count(SOURCES_TITLE) == 1, "no run of reference slides"


def test_the_title_slide(small_library: Library) -> None:
    title = _Slide(_topic(small_library, "alpha-injection")[0].html)
    assert title.headings == ["Alpha injection (AI)"]
    assert "Injections" in title.plain
    assert "PainRef, educational reference" in title.plain
    assert f"content {small_library.meta.content_version}" in title.plain
    summary = small_library.topic("alpha-injection").summary.summary_text
    first = sentences(summary)[0].split(" [")[0]
    assert first.rstrip(".") in title.plain
    assert "[1]" not in title.plain, "one line of summary, without its citation numbers"


def test_key_points_are_the_reported_facts_only(small_library: Library) -> None:
    detail = small_library.topic("alpha-injection")
    key = _titled(_topic(small_library, "alpha-injection"), "Key points")
    labels = [point.split(":")[0] for point in key.points]
    assert labels == [a.label for a in detail.glance]
    assert all("not reported" not in point for point in key.points)
    unreported = [a.label.lower() for a in detail.unreported]
    assert unreported, "the test topic leaves a fact unreported"
    assert f"Not reported by the sources: {', '.join(unreported)}." in key.plain
    assert not key.rows, "points, not a table"


def test_key_points_give_the_take_home_evidence(small_library: Library) -> None:
    slides = _topic(small_library, "alpha-injection")
    evidence = _titled(slides, "Key points: the evidence")
    assert evidence.points[0].startswith("NICE, 2016: for")
    assert any("against" in p or "no benefit" in p for p in evidence.points)
    assert [s.title for s in slides].index("Key points: the evidence") == 2


def test_points_not_prose_and_the_rest_in_the_notes(small_library: Library) -> None:
    long = "Infection at the injection site. It must be treated first; then wait a week."
    detail = replace(
        small_library.topic("alpha-injection"),
        contraindications_absolute=(Cited(long, (1,)),),
        contraindications_relative=(),
    )
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    slide = next(s for s in slides if s.title == "Contraindications")
    assert _Slide(slide.html).points == ["Infection at the injection site. 1"]
    assert long in slide.notes.details
    assert [s.number for g in slide.notes.sources for s in g.sources] == [1]


def test_no_slide_over_its_budget(small_library: Library, real_library: Library) -> None:
    for library in (small_library, real_library):
        for summary in library.topics():
            if summary.kind == "tool":
                continue
            for slide in _topic(library, summary.id):
                assert slide.estimate <= CANVAS.lines or slide.items == 1, (
                    summary.id,
                    slide.title,
                    slide.estimate,
                )
                assert slide.items <= MAX_BULLETS + 2, (summary.id, slide.title)


def test_a_small_canvas_splits_rather_than_shrinks(small_library: Library) -> None:
    roomy = _topic(small_library, "alpha-injection")
    page = TopicPage(detail=small_library.topic("alpha-injection"), meta=small_library.meta)
    cramped = topic_slides(page, Canvas(chars=30, lines=5))
    assert len(cramped) > len(roomy)
    assert {_Slide(s.html).style for s in cramped} == {_Slide(roomy[0].html).style}
    continued = [s.title for s in cramped if s.title.endswith("(continued)")]
    assert continued


def test_a_measured_canvas_decides_what_fits(small_library: Library) -> None:
    seen: list[str] = []

    def fits(draw) -> bool:  # type: ignore[no-untyped-def]
        html = draw(Theme(base_pt=24))
        seen.append(html)
        return html.count("<li") <= 2

    page = TopicPage(detail=small_library.topic("alpha-injection"), meta=small_library.meta)
    slides = topic_slides(page, Canvas(chars=10, lines=1, fits=fits))
    assert seen, "the slides were drawn to measure them"
    for slide in slides:
        if slide.kind == "bullets":
            assert _Slide(slide.html).points and len(_Slide(slide.html).points) <= 2


@pytest.mark.parametrize("topic_id", ["alpha-injection", "gamma-stimulator", "back-pain"])
def test_one_type_size_across_a_deck(small_library: Library, topic_id: str) -> None:
    theme = Theme(base_pt=24.2)
    slides = [s.themed(theme) for s in _topic(small_library, topic_id)]
    parsed = [_Slide(s.html) for s in slides]
    assert len({p.style for p in parsed}) == 1, "every slide has the same type sizes"
    sizes = set(re.findall(r"font-size:\s*([\d.]+pt)", parsed[0].style))
    assert "24.2pt" in sizes
    for page in parsed:
        assert set(page.inline_sizes) <= sizes, "no slide sets a size of its own"


def test_type_size_and_colours_follow_the_theme(small_library: Library) -> None:
    big = Theme(base_pt=24.2, text="#ffffff", background="#000000", accent="#ffff00")
    slide = _topic(small_library, "alpha-injection")[2]
    assert "font-size: 11.0pt" in _Slide(slide.html).style
    redrawn = slide.themed(big)
    assert redrawn.title == slide.title
    assert "font-size: 24.2pt" in _Slide(redrawn.html).style
    assert "color: #ffff00" in _Slide(redrawn.html).style
    assert _Slide(redrawn.html).plain == _Slide(slide.html).plain
    by_hand = Slide("Mine", "<p>as it is</p>")
    assert by_hand.themed(big) is by_hand


def test_the_sources_slide_ends_the_deck_each_source_once(small_library: Library) -> None:
    slides = _topic(small_library, "alpha-injection")
    sources = _Slide(slides[-1].html)
    numbers = [row[0] for row in sources.rows]
    assert numbers == sorted(set(numbers), key=lambda n: int(n.strip("[]")))
    detail = small_library.topic("alpha-injection")
    assert len(numbers) == len(detail.references)
    every = [s.number for g in slides[-1].notes.sources for s in g.sources]
    assert every == [s.number for s in detail.references], "the notes list them all"


def test_a_lecture_has_one_sources_slide_at_the_end(small_library: Library) -> None:
    deck = [
        ("Alpha injection", _topic(small_library, "alpha-injection")),
        ("Gamma stimulator", _topic(small_library, "gamma-stimulator")),
        ("Alpha again", _topic(small_library, "alpha-injection")),
    ]
    lecture = lecture_deck(deck)
    slides = [s for _, page in lecture for s in page]
    assert [s.title for s in slides].count(SOURCES_TITLE) == 1
    assert slides[-1].title == SOURCES_TITLE
    titles = [row[-1] for row in _Slide(slides[-1].html).rows]
    assert len(titles) == len(set(titles)), "each source once"
    ids = {s.id for _, page in deck for slide in page for s in slide.notes_sources()}
    assert len(titles) == len(ids)


def _plotted(library: Library) -> ComparePage:
    """The test comparison with a relief duration for Gamma, so that the chart has a plot."""
    comparison = compare(library, COMPARED)
    gamma = comparison.topics[1]
    relief = AttributeValue("Months to years", None, (1,))
    attributes = tuple(
        replace(a, values=(relief,)) if a.key == RELIEF_DURATION else a for a in gamma.attributes
    )
    topics = (comparison.topics[0], replace(gamma, attributes=attributes), comparison.topics[2])
    return ComparePage(
        comparison=replace(comparison, topics=topics),
        meta=library.meta,
        chart_src="chart:compare-0",
    )


def test_a_comparison_chart_comes_before_its_table(small_library: Library) -> None:
    slides = compare_slides(_plotted(small_library))
    titles = [s.title for s in slides]
    assert titles[0] == "Comparison"
    chart = titles.index("Invasiveness and how long relief lasts")
    assert chart < titles.index("Side by side")
    assert titles[-1] == SOURCES_TITLE
    drawn = slides[chart]
    assert _Slide(drawn.html).images == ["chart:compare-0"]
    light = drawn.images_for(Theme(base_pt=24))["chart:compare-0"]
    for theme in (
        Theme(text="#eeeeee", background="#111111", muted="#aaaaaa", base_pt=24),
        Theme(text="#ffffff", background="#000000", muted="#d9d9d9", accent="#ffff00", base_pt=24),
    ):
        figure = drawn.images_for(theme)["chart:compare-0"]
        assert theme.text in figure.svg, "the chart is drawn in the slide's theme"
        assert Theme().text not in figure.svg, "not in the light theme's text colour"
        assert figure.svg != light.svg


def test_too_little_data_for_a_chart_is_said_on_the_slide(small_library: Library) -> None:
    slides = _compare(small_library)
    slide = next(s for s in slides if s.title == "Invasiveness and how long relief lasts")
    assert slide.images is None
    assert not _Slide(slide.html).images
    assert "Too little data for a chart" in _Slide(slide.html).plain


def test_the_chart_caption_reads_as_on_the_page(small_library: Library) -> None:
    from painref.render.chart import comparison_chart
    from painref.render.pages import render_compare

    for page in (_plotted(small_library), _compare_page(small_library)):
        chart = comparison_chart(page.comparison, Theme())
        html = render_compare(page, chart)
        slide = next(
            s for s in compare_slides(page) if s.title == "Invasiveness and how long relief lasts"
        )
        said = chart.message or chart.caption
        assert said in _Slide(html).plain, "the page says it"
        assert said in _Slide(slide.html).plain, "the slide says it in the same words"


def _compare_page(library: Library) -> ComparePage:
    return ComparePage(
        comparison=compare(library, COMPARED), meta=library.meta, chart_src="chart:compare-0"
    )


def test_comparison_tables_keep_their_header_and_light_citations(small_library: Library) -> None:
    comparison = compare(small_library, COMPARED)
    slides = _compare(small_library)
    tables = [_Slide(s.html) for s in slides if s.title.startswith("Side by side")]
    labels: list[str] = []
    for page in tables:
        assert page.rows[0] == HEADER_ROW
        labels += [row[0].split(" (")[0].rstrip(" ●") for row in page.rows[1:]]
        assert not re.search(r"\[\d+\]", page.plain), "no citation numbers in the table"
    reported = [r.label for r in comparison.rows if any(c.reported for c in r.cells)]
    assert labels == reported, "every row any topic reports, in order"
    notes = [d for s in slides if s.title.startswith("Side by side") for d in s.notes.details]
    assert any(re.search(r"\[\d+\]$", line) for line in notes), "the notes give the numbers"


def test_comparison_of_only_differences(small_library: Library) -> None:
    comparison = compare(small_library, COMPARED)
    differing = [r.label for r in comparison.rows if r.differs and any(c.reported for c in r.cells)]
    slides = _compare(small_library, only_differences=True)
    rows = [
        row[0]
        for s in slides
        if s.title.startswith("Side by side")
        for row in _Slide(s.html).rows[1:]
    ]
    assert len(rows) == len(differing)


def test_speaker_notes_hold_the_sources_and_what_was_left_off(small_library: Library) -> None:
    slides = _topic(small_library, "alpha-injection")
    key = next(s for s in slides if s.title == "Key points")
    cited = {n for g in key.notes.sources for n in (s.number for s in g.sources)}
    assert cited, "the key points cite their sources"
    html = notes_html(key, Theme())
    for group in key.notes.sources:
        for source in group.sources:
            assert source.title in html
            if source.url:
                assert source.url in html
    assert "Left off the slide" in html or not key.notes.details
    title = notes_html(slides[0], Theme(), "Slide 1 of 9")
    assert "Slide 1 of 9" in title


def test_a_condition_is_its_options_then_sources(small_library: Library) -> None:
    slides = _topic(small_library, "back-pain")
    titles = [s.title for s in slides]
    assert titles[0] == "Back pain"
    assert "Treatment options, least to most invasive" in titles
    assert titles[-1] == SOURCES_TITLE
    ladder = _titled(slides, "Treatment options, least to most invasive")
    assert ladder.rows[0] == ["Option", "What the evidence says", "Relief lasts"]
    options = [row[0].split(" ")[0] for row in ladder.rows[1:]]
    assert options == ["Beta", "Alpha", "Gamma"]
    lonely = _topic(small_library, "lonely-condition")
    assert "No procedure in PainRef is linked to this condition yet." in " ".join(
        _Slide(s.html).plain for s in lonely
    )


def test_sentences_keep_abbreviations_whole() -> None:
    text = "Give 10 mg, e.g. dexamethasone. Smith et al. found no benefit. Dr. Who agreed. Done."
    assert sentences(text) == [
        "Give 10 mg, e.g. dexamethasone.",
        "Smith et al. found no benefit.",
        "Dr. Who agreed.",
        "Done.",
    ]
    assert sentences("One line only") == ["One line only"]


def test_text_is_escaped(small_library: Library) -> None:
    for slide in _topic(small_library, "beta-therapy"):
        page = _Slide(slide.html)
        assert "script" not in page.tags
    assert any(
        "<script>alert(1)</script>" in _Slide(s.html).plain
        for s in _topic(small_library, "beta-therapy")
    )


@pytest.mark.parametrize("topic_id", ["alpha-injection", "gamma-stimulator", "back-pain"])
def test_slides_keep_to_qts_rich_text(small_library: Library, topic_id: str) -> None:
    for slide in _topic(small_library, topic_id):
        tags = _Slide(slide.html).tags
        assert not tags & {"script", "div", "iframe", "link", "svg"}, slide.title


def test_each_diagram_gets_a_slide_after_the_anatomy(small_library: Library) -> None:
    from painref.content.diagrams import TOKENS
    from painref.content.model import Diagram

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" '
        f'height="500"><rect x="10" y="10" width="100" height="50" fill="{TOKENS["bone"]}"/>'
        "</svg>"
    )
    diagram = Diagram(
        id="alpha-route",
        title="The alpha route",
        view="Side view, schematic",
        alt="A needle reaching the target",
        svg=svg,
        width=800,
        height=500,
        caption_html="The needle reaches the target [1]. It passes the ligament first [1].",
        caption_text="The needle reaches the target [1]. It passes the ligament first [1].",
        facts=(Cited("The target lies deep to the ligament.", (1,)),),
        reviewed="2026-01-01",
    )
    detail = replace(small_library.topic("alpha-injection"), diagrams=(diagram,))
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    titles = [s.title for s in slides]
    at = titles.index("The alpha route")
    assert titles[at - 1].startswith("Anatomy and target")
    assert titles[at + 1].startswith("Technique")
    slide = slides[at]
    page = _Slide(slide.html)
    assert page.images == ["diagram:alpha-route"]
    assert page.headings == ["The alpha route"]
    # The figure has the room: its caption is for the teacher to say, in the notes.
    assert "The needle reaches the target" not in page.plain
    assert any("The needle reaches the target." in d for d in slide.notes.details)
    assert any("It passes the ligament first" in d for d in slide.notes.details)
    assert "The target lies deep to the ligament." in slide.notes.details
    light = slide.images_for(Theme())["diagram:alpha-route"]
    dark = slide.images_for(Theme(text="#eeeeee", background="#111111"))["diagram:alpha-route"]
    assert (light.width, light.height) == (800, 500)
    assert light.svg != dark.svg, "drawn in the slide's theme"
