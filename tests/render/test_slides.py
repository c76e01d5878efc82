"""Presentation slides: parse each slide's HTML and check what the audience would see."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from painref.content.comparison import compare
from painref.content.library import AttributeValue, Cited, Library
from painref.render.contexts import ComparePage, Theme, TopicPage
from painref.render.slides import (
    FOOTER_NOTE,
    ROWS_PER_SLIDE,
    Slide,
    compare_slides,
    topic_slides,
)

COMPARED = ["alpha-injection", "gamma-stimulator", "beta-therapy"]
HEADER_ROW = ["", "Alpha injection", "Gamma stimulator", "Beta therapy"]


class _Slide(HTMLParser):
    """The text, the headings, the footer, the table rows and the images of one slide."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self.footer = ""
        self.rows: list[list[str]] = []
        self.images: list[str] = []
        self.tags: set[str] = set()
        self.font_sizes: list[str] = []
        self._cell: list[str] | None = None
        self._class: str | None = None
        self._style = False
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        self._style = tag == "style"
        self._in_title = tag == "title"
        if tag == "p":
            self._class = values.get("class")
            if self._class in ("h1", "h2"):
                self.headings.append("")
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
        if tag == "p":
            self._class = None
        self._style = self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.font_sizes.append(data)
            return
        if self._in_title:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._class in ("h1", "h2"):
            self.headings[-1] += data
        if self._class == "footer":
            self.footer += data

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())

    @property
    def style(self) -> str:
        return "".join(self.font_sizes)


def _topic(library: Library, topic_id: str, theme: Theme | None = None) -> list[Slide]:
    page = TopicPage(detail=library.topic(topic_id), meta=library.meta, theme=theme or Theme())
    return topic_slides(page)


def _compare(
    library: Library, *, chart_src: str | None = None, only_differences: bool = False
) -> list[Slide]:
    page = ComparePage(
        comparison=compare(library, COMPARED),
        meta=library.meta,
        chart_src=chart_src,
        only_differences=only_differences,
    )
    return compare_slides(page)


def test_a_topic_becomes_its_sections(small_library: Library) -> None:
    slides = _topic(small_library, "alpha-injection")
    titles = [
        "Alpha injection",
        "How it works",
        "Indications",
        "Used for and benefits",
        "Contraindications",
        "Anatomy and target",
        "Technique",
        "Medications",
        "Complications",
        "Aftercare",
        "Evidence and recommendations",
        "What the source documents say",
        "References",
    ]
    assert [s.title for s in slides] == titles
    parsed = [_Slide(s.html) for s in slides]
    for number, page in enumerate(parsed, start=1):
        assert page.footer == f"section {number} of {len(titles)} · Alpha injection · {FOOTER_NOTE}"
    by_title = dict(zip(titles, parsed, strict=True))
    opening = by_title["Alpha injection"]
    assert opening.headings == ["Alpha injection (AI)", "At a glance"]
    assert "An injection of medicine near the spine" in opening.plain
    assert ["Procedure duration (minutes)", "5 minutes[1]"] in opening.rows
    assert "Not reported by the sources: typical injectate." in opening.plain
    body = by_title["How it works"]
    assert body.headings == ["How it works"]
    assert "close to the inflamed nerve" in body.plain
    assert "zebracorn" in body.plain
    uses = by_title["Used for and benefits"]
    assert uses.headings == ["Used for", "Benefits"]
    assert "Back pain: most often lumbar" in uses.plain
    assert "Quick relief" in uses.plain
    assert "Absolute: Infection at the injection site" in by_title["Contraindications"].plain
    assert "Relative: Taking an anticoagulant" in by_title["Contraindications"].plain
    assert by_title["Medications"].rows[1][1:3] == ["10 mg", "2 mL"]
    assert by_title["Complications"].rows == [
        ["Complication", "What it is", "How often"],
        ["Epidural hematomaserious", "Bleeding that presses on the cord.[1]", "not reported"],
        ["Infection", "Infection where the needle went in.[1]", "1 in 10000test patients"],
    ]
    evidence = by_title["Evidence and recommendations"]
    assert [r[0] for r in evidence.rows[1:]] == [
        "NICE, 2016For",
        "ASIPP, 2013For · specialty society",
        "LESS trial, 2014No benefit shown",
    ]
    claims = by_title["What the source documents say"]
    assert "particularly beneficial for stenosis" in claims.plain
    references = by_title["References"]
    assert references.headings == ["References"]
    assert [r[0] for r in references.rows] == ["[1]", "[2]"]


def _titled(slides: list[Slide], title: str) -> _Slide:
    return _Slide(next(s for s in slides if s.title == title).html)


def test_source_notes_get_a_slide_and_missing_parts_none(small_library: Library) -> None:
    gamma = _topic(small_library, "gamma-stimulator")
    assert [s.title for s in gamma] == [
        "Gamma stimulator",
        "How it works",
        "Used for",
        "Complications",
        "Notes on the sources",
        "References",
    ]
    assert "not reported in the sources" in _titled(gamma, "Complications").plain
    differ = _titled(gamma, "Notes on the sources")
    assert "The two sources rate invasiveness differently." in differ.plain
    beta = [s.title for s in _topic(small_library, "beta-therapy")]
    assert beta == [
        "Beta therapy",
        "What it is",
        "Used for",
        "References",
    ]


def test_long_facts_at_a_glance_get_a_slide_of_their_own(small_library: Library) -> None:
    detail = small_library.topic("gamma-stimulator")
    long_value = AttributeValue("a value long enough to need two lines of a slide " * 2, None, (1,))
    detail = replace(
        detail,
        attributes=tuple(
            a if a.reported else replace(a, values=(long_value,)) for a in detail.attributes
        ),
    )
    gamma = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    opening, glance = _Slide(gamma[0].html), _Slide(gamma[1].html)
    assert opening.headings == ["Gamma stimulator"]
    assert "An implanted device that sends electrical pulses" in opening.plain
    assert not opening.rows
    assert glance.headings == ["At a glance"]
    shown = [row for s in gamma if s.title.startswith("At a glance") for row in _Slide(s.html).rows]
    for row, attribute in zip(shown, detail.glance, strict=True):
        assert row[0].startswith(attribute.label)
    invasiveness = next(row for row in glance.rows if row[0] == "Invasiveness")
    assert "Moderate[1]" in invasiveness[1]
    assert "the sources state this differently" in invasiveness[1]


def test_safety_notices_stay_on_the_opening_slide(small_library: Library) -> None:
    notice = Cited("Injecting this near the spine has rarely caused serious harm. " * 7, (1,))
    detail = replace(small_library.topic("alpha-injection"), safety_notices=(notice, notice))
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    assert [s.title for s in slides[:3]] == ["Alpha injection", "At a glance", "How it works"]
    opening = _Slide(slides[0].html)
    assert opening.plain.count("Safety notice.") == 2
    assert len(_Slide(slides[1].html).rows) == len(detail.glance)


def test_only_the_sections_heading_and_body(small_library: Library) -> None:
    gamma = _topic(small_library, "gamma-stimulator")
    for slide in gamma:
        page = _Slide(slide.html)
        assert page.plain.count("How it works") == (1 if slide.title == "How it works" else 0)
    body = _titled(gamma, "How it works")
    assert "The battery sits under the skin" in body.plain
    assert "li" in body.tags


def test_text_is_escaped(small_library: Library) -> None:
    opening = _Slide(_topic(small_library, "beta-therapy")[0].html)
    assert "script" not in opening.tags
    assert "<script>alert(1)</script>" in opening.plain


def test_type_size_and_colours_follow_the_theme(small_library: Library) -> None:
    big = Theme(base_pt=24.2, text="#ffffff", background="#000000", accent="#ffff00")
    slide = _topic(small_library, "alpha-injection")[1]
    assert "font-size: 11.0pt" in _Slide(slide.html).style
    redrawn = slide.themed(big)
    assert redrawn.title == slide.title
    assert "font-size: 24.2pt" in _Slide(redrawn.html).style
    assert "color: #ffff00" in _Slide(redrawn.html).style
    assert _Slide(redrawn.html).plain == _Slide(slide.html).plain
    by_hand = Slide("Mine", "<p>as it is</p>")
    assert by_hand.themed(big) is by_hand


def test_a_long_section_continues_on_the_next_slide(small_library: Library) -> None:
    detail = small_library.topic("alpha-injection")
    sentence = "A needle places the medicine close to the nerve that hurts. "
    paragraphs = "\n".join(f"<p>Paragraph {n}. {sentence * 3}</p>" for n in range(1, 9))
    detail = replace(detail, body_html=f'<p class="h2">How it works</p>\n{paragraphs}\n')
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    parts = [s for s in slides if s.title.startswith("How it works")]
    assert len(parts) >= 2
    assert [s.title for s in parts] == ["How it works"] + ["How it works (continued)"] * (
        len(parts) - 1
    )
    texts = [_Slide(s.html).plain for s in parts]
    shown = [n for text in texts for n in range(1, 9) if f"Paragraph {n}." in text]
    assert shown == list(range(1, 9)), "each paragraph once, in order"
    assert all(len(text) < 1200 for text in texts)


def test_a_subheading_stays_with_its_text(small_library: Library) -> None:
    sentence = "Each step is explained at length so that the section runs long. "
    steps = "\n".join(
        f'<p class="h3">Step {n}</p>\n<p>Paragraph {n}. {sentence * 3}</p>\n'
        f"<ul>\n<li>Point {n}a</li>\n<li>Point {n}b</li>\n</ul>"
        for n in range(1, 8)
    )
    detail = replace(
        small_library.topic("alpha-injection"), body_html=f'<p class="h2">Steps</p>\n{steps}\n'
    )
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    parts = [_Slide(s.html) for s in slides if s.title.startswith("Steps")]
    assert len(parts) >= 2
    for part in parts:
        for n in range(1, 8):
            heading = [f"Step {n}" in part.plain, f"Paragraph {n}." in part.plain]
            assert heading[0] == heading[1], (n, part.plain)
            points = [f"Point {n}a" in part.plain, f"Point {n}b" in part.plain]
            assert points[0] == points[1], "a list is never cut"
        assert "ul" in part.tags


def test_text_before_the_first_heading_is_an_overview(small_library: Library) -> None:
    detail = replace(small_library.topic("alpha-injection"), body_html="<p>Before any heading.</p>")
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    assert slides[1].title == "Overview"
    assert "Before any heading." in _Slide(slides[1].html).plain


def test_a_condition_is_its_ladder_then_references(small_library: Library) -> None:
    slides = _topic(small_library, "back-pain")
    assert [s.title for s in slides] == ["Back pain", "References"]
    ladder = _Slide(slides[0].html)
    assert ladder.headings == ["Back pain", "Treatment options, least to most invasive"]
    assert ladder.rows[0] == ["Option", "Invasiveness", "Time", "Relief duration"]
    options = [row[0].split(" ")[0] for row in ladder.rows[1:]]
    assert options == ["Beta", "Alpha", "Gamma"]
    assert ladder.footer == f"section 1 of 2 · Back pain · {FOOTER_NOTE}"
    lonely = _Slide(_topic(small_library, "lonely-condition")[0].html)
    assert "No procedure in PainRef is linked to this condition yet." in lonely.plain


def test_a_long_ladder_follows_the_title_over_several_slides(small_library: Library) -> None:
    detail = small_library.topic("back-pain")
    detail = replace(detail, ladder=detail.ladder * 3)
    slides = topic_slides(TopicPage(detail=detail, meta=small_library.meta))
    assert [s.title for s in slides] == [
        "Back pain",
        "Treatment options",
        "Treatment options (continued)",
        "References",
    ]
    opening = _Slide(slides[0].html)
    assert opening.headings == ["Back pain"]
    assert "Pain in the back, treated by several options" in opening.plain
    parts = [_Slide(s.html) for s in slides[1:3]]
    assert [len(p.rows) - 1 for p in parts] == [5, 4]
    for part in parts:
        assert part.rows[0][0] == "Option"
    assert parts[0].headings == ["Treatment options, least to most invasive"]
    assert parts[1].headings == ["Treatment options, least to most invasive (continued)"]


def test_a_comparison_table_is_split_keeping_its_header(small_library: Library) -> None:
    comparison = compare(small_library, COMPARED)
    slides = _compare(small_library)
    tables = [s for s in slides if s.title.startswith("Side by side")]
    assert [s.title for s in tables] == ["Side by side"] + ["Side by side (continued)"] * (
        len(tables) - 1
    )
    assert len(tables) >= 3
    parsed = [_Slide(s.html) for s in tables]
    labels: list[str] = []
    for page in parsed:
        assert page.rows[0] == HEADER_ROW
        assert 1 <= len(page.rows) - 1 <= ROWS_PER_SLIDE
        labels += [row[0] for row in page.rows[1:]]
    assert len(labels) == len(comparison.rows)
    for label, row in zip(labels, comparison.rows, strict=True):
        assert label.startswith(row.label), (label, row.label)
    assert parsed[0].headings == ["Comparison", "Side by side"]
    assert "Alpha injection · Gamma stimulator · Beta therapy" in parsed[0].plain
    assert [
        "Device or components ●",
        "not reported",
        "Electrodes and a battery[1]",
        "not reported",
    ] in [r for p in parsed for r in p.rows]
    for number, slide in enumerate(slides, start=1):
        assert _Slide(slide.html).footer == (
            f"section {number} of {len(slides)} · Comparison · {FOOTER_NOTE}"
        )


def test_comparison_chart_and_references(small_library: Library) -> None:
    slides = _compare(small_library, chart_src="painref-chart:comparison")
    titles = [s.title for s in slides]
    assert titles[-2:] == ["Invasiveness and how long relief lasts", "References"]
    chart = _Slide(slides[-2].html)
    assert chart.images == ["painref-chart:comparison"]
    references = _Slide(slides[-1].html)
    for title in ("Alpha injection", "Gamma stimulator", "Beta therapy"):
        assert title in references.plain
    assert len(references.rows) == 5
    without_chart = [s.title for s in _compare(small_library)]
    assert "Invasiveness and how long relief lasts" not in without_chart


def test_comparison_of_only_differences(small_library: Library) -> None:
    comparison = compare(small_library, COMPARED)
    differing = [r.label for r in comparison.rows if r.differs]
    slides = _compare(small_library, only_differences=True)
    rows = [
        row[0]
        for s in slides
        if s.title.startswith("Side by side")
        for row in _Slide(s.html).rows[1:]
    ]
    assert len(rows) == len(differing)


@pytest.mark.parametrize("topic_id", ["alpha-injection", "gamma-stimulator", "back-pain"])
def test_slides_keep_to_qts_rich_text(small_library: Library, topic_id: str) -> None:
    for slide in _topic(small_library, topic_id):
        tags = _Slide(slide.html).tags
        assert not tags & {"script", "div", "iframe", "link", "svg"}, slide.title
