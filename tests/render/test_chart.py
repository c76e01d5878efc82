"""The comparison chart: placement, labels that never overlap, text size, theme, too little data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from itertools import combinations

import pytest

from painref.content.comparison import Comparison, compare
from painref.content.library import Library
from painref.content.model import AttributeValue, TopicDetail
from painref.content.tables import INVASIVENESS, RELIEF_DURATION
from painref.render.chart import (
    CAPTION,
    PX_PER_PT,
    Chart,
    comparison_chart,
    text_width,
    wrap,
)
from painref.render.contexts import ComparePage, Theme
from painref.render.pages import comparison_page, render_compare

SVG = "{http://www.w3.org/2000/svg}"
DARK = Theme(
    text="#e8eaed",
    background="#1e1f22",
    muted="#a4abb3",
    accent="#8cc4ff",
    panel="#262a30",
    border="#54585e",
    warning="#4a3b10",
    warning_text="#ffe3a3",
)
# The window's high-contrast page colours (ui/appearance.HIGH_CONTRAST_THEME; this layer
# has no Qt to import it from).
HIGH_CONTRAST = Theme(
    text="#ffffff",
    background="#000000",
    muted="#d9d9d9",
    accent="#ffff00",
    panel="#000000",
    border="#ffffff",
    warning="#ffff00",
    warning_text="#000000",
)


def _with_values(topic: TopicDetail, title: str, **values: tuple[str, ...]) -> TopicDetail:
    """topic renamed, with the given attribute values (key with _ for -) instead of its own."""
    wanted = {key.replace("_", "-"): texts for key, texts in values.items()}
    attributes = tuple(
        replace(a, values=tuple(AttributeValue(v, None, (1,)) for v in wanted[a.key]))
        if a.key in wanted
        else a
        for a in topic.attributes
    )
    summary = replace(topic.summary, title=title)
    return replace(topic, summary=summary, attributes=attributes)


def _comparison(
    small_library: Library, *specs: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> Comparison:
    base = small_library.topic("alpha-injection")
    topics = tuple(
        _with_values(base, title, invasiveness=inv, relief_duration=rel)
        for title, inv, rel in specs
    )
    return Comparison(topics, ())


def _overlapping(chart: Chart) -> list[tuple[str, str]]:
    return [
        (a, b) for (a, box_a), (b, box_b) in combinations(chart.boxes, 2) if box_a.overlaps(box_b)
    ]


def _words(svg: str) -> str:
    """The chart's text, its wrapped lines joined."""
    return " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))


def _colours(svg: str) -> set[str]:
    return {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)}


def test_the_scales_are_the_attribute_keys() -> None:
    assert (INVASIVENESS, RELIEF_DURATION) == ("invasiveness", "relief-duration")


def test_coinciding_points_stand_side_by_side_with_no_label_over_another(
    small_library: Library,
) -> None:
    # Four topics in one cell, the crowd the review saw ("ESI and MBB at Weeks to months").
    same = ("Moderate",), ("Weeks to months",)
    c = _comparison(small_library, *((f"Topic {n}", *same) for n in range(1, 5)))
    chart = comparison_chart(c, Theme())
    assert chart.plotted
    points = [box for name, box in chart.boxes if name == "point"]
    assert len(points) == 4
    assert len({round(box.y) for box in points}) == 1  # one row, side by side
    assert _overlapping(chart) == []
    # Each topic is a numbered marker with its title in the legend, not a label on the plot.
    for n in range(1, 5):
        assert f">Topic {n}: invasiveness moderate, relief weeks to months<" in chart.svg


@pytest.mark.parametrize("base_pt", [9.0, 11.0, 20.0, 40.0])
def test_no_overlap_at_any_text_size_with_long_titles_and_conflicts(
    small_library: Library, base_pt: float
) -> None:
    c = _comparison(
        small_library,
        (
            "Transforaminal epidural steroid injection and selective nerve root block",
            ("Low",),
            ("Weeks",),
        ),
        ("Spinal cord stimulation", ("Moderate", "Non-invasive"), ("Months to years",)),
        ("Radiofrequency ablation", ("Low",), ("Weeks", "Months")),
        ("Beta", (), ()),
    )
    chart = comparison_chart(c, Theme(base_pt=base_pt))
    assert _overlapping(chart) == []
    # Every box lies inside the picture.
    for name, box in chart.boxes:
        assert box.x >= 0 and box.y >= 0, name
        assert box.x + box.w <= chart.width and box.y + box.h <= chart.height, name


def test_a_topic_whose_sources_differ_has_its_points_joined(small_library: Library) -> None:
    c = _comparison(
        small_library,
        ("Alpha", ("Low",), ("Weeks",)),
        ("Gamma", ("Moderate", "Non-invasive"), ("Months",)),
    )
    chart = comparison_chart(c, Theme())
    assert [name for name, _ in chart.boxes].count("point") == 3
    joins = re.findall(r'<line [^>]*stroke="#a34a00"[^>]*stroke-dasharray', chart.svg)
    assert len(joins) == 1  # Gamma's two points, in Gamma's colour
    assert "Gamma: invasiveness moderate or low (its sources differ), relief months" in _words(
        chart.svg
    )


def test_text_grows_with_the_text_size_and_zoom(small_library: Library) -> None:
    c = _comparison(small_library, ("A", ("Low",), ("Weeks",)), ("B", ("High",), ("Months",)))
    small = comparison_chart(c, Theme(base_pt=11.0))
    large = comparison_chart(c, Theme(base_pt=22.0))  # 11 pt at 200%, or 20 pt-ish
    # The labels are the page's text size in pixels, never smaller ...
    assert small.font_px == pytest.approx(11.0 * PX_PER_PT)
    assert large.font_px == pytest.approx(22.0 * PX_PER_PT)
    assert f'font-size="{round(22.0 * PX_PER_PT, 2)}"' in large.svg
    # ... and the picture grows around them.
    assert large.width == pytest.approx(2 * small.width, rel=0.02)
    assert large.height == pytest.approx(2 * small.height, rel=0.02)
    heights = {round(box.h / small.font_px, 3) for name, box in small.boxes if name == "legend"}
    assert heights == {
        round(box.h / large.font_px, 3) for name, box in large.boxes if name == "legend"
    }


def test_colours_come_from_the_theme(small_library: Library) -> None:
    c = _comparison(small_library, ("A", ("Low",), ("Weeks",)), ("B", ("High",), ("Months",)))
    dark = comparison_chart(c, DARK).svg
    assert f'fill="{DARK.background}"' in dark  # the page's background, not a white block
    assert f'fill="{DARK.text}"' in dark
    background = dark.split("\n")[1]
    assert background.startswith("<rect ") and f'fill="{DARK.background}"' in background
    light_only = {Theme().text, Theme().border, Theme().muted}
    assert not (_colours(dark) & light_only)


def test_high_contrast_is_black_white_and_yellow_with_nothing_faded(
    small_library: Library,
) -> None:
    c = _comparison(
        small_library,
        ("A", ("Low",), ("Weeks",)),
        ("B", ("High", "Moderate"), ("Months",)),
        ("C", (), ()),
    )
    svg = comparison_chart(c, HIGH_CONTRAST).svg
    assert _colours(svg) <= {"#000000", "#ffffff", "#ffff00"}
    assert "opacity" not in svg


@pytest.mark.parametrize(
    ("ids", "only"),
    [
        (["alpha-injection", "beta-therapy"], "only Alpha injection has both"),
        (["alpha-injection", "gamma-stimulator", "beta-therapy"], "only Alpha injection has"),
        (["beta-therapy", "gamma-stimulator"], "none of these topics has both"),
    ],
)
def test_too_little_data_is_a_sentence_not_a_plot(
    small_library: Library, ids: list[str], only: str
) -> None:
    chart = comparison_chart(compare(small_library, ids), Theme())
    assert not chart.plotted
    assert chart.message is not None
    assert chart.message.startswith("Too little data for a chart: ")
    assert only in chart.message
    # No plot: no markers, no axes; the picture (for image-only uses) is the sentence.
    assert "<circle" not in chart.svg
    assert "Invasiveness<" not in chart.svg
    assert [name for name, _ in chart.boxes] == ["message"] * len(chart.boxes)
    ET.fromstring(chart.svg)


class _Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(str(dict(attrs)["src"]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def test_the_page_shows_the_sentence_instead_of_the_chart(small_library: Library) -> None:
    page, chart = comparison_page(small_library, ["alpha-injection", "beta-therapy"])
    parsed = _Page(render_compare(page, chart))
    assert parsed.images == []
    assert chart.message is not None
    assert chart.message in parsed.plain
    assert CAPTION not in parsed.plain


def test_the_page_shows_a_plotted_chart_with_its_caption(small_library: Library) -> None:
    c = _comparison(small_library, ("A", ("Low",), ("Weeks",)), ("B", ("High",), ("Months",)))
    page = ComparePage(comparison=c, meta=small_library.meta, chart_src="chart:compare")
    parsed = _Page(render_compare(page, comparison_chart(c, Theme())))
    assert parsed.images == ["chart:compare"]
    assert CAPTION in parsed.plain
    assert "Too little data" not in parsed.plain


def test_why_a_topic_is_not_on_the_chart(small_library: Library) -> None:
    c = _comparison(
        small_library,
        ("A", ("Low",), ("Weeks",)),
        ("B", ("High",), ("Months",)),
        ("Ablation", ("Minimally invasive",), ("Months",)),
        ("Beta", (), ()),
    )
    chart = comparison_chart(c, Theme())
    assert chart.unplaced == (
        (
            "Ablation",
            "invasiveness given as “Minimally invasive”, which is not on the chart's scale",
        ),
        ("Beta", "invasiveness and relief duration not reported"),
    )
    keys = [name for name, _ in chart.boxes if name == "key"]
    assert len(keys) == 4  # the legend names every topic, placed or not
    legend = _words(chart.svg)
    assert "Beta: not on the chart (invasiveness and relief duration not reported)" in legend


def test_titles_are_escaped(small_library: Library) -> None:
    c = _comparison(
        small_library, ("<script>x</script>", ("Low",), ("Weeks",)), ("B", ("High",), ("Months",))
    )
    svg = comparison_chart(c, Theme()).svg
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_a_seed_claim_places_no_point(real_library: Library) -> None:
    # The seed corpus called an implanted stimulator "non-invasive" (review D10: SCS drawn
    # from Low to Moderate). That claim is a seed_claims entry now, not a value.
    scs = real_library.topic("spinal-cord-stimulation")
    assert any("non-invasive" in claim.claim.lower() for claim in scs.seed_claims)
    chart = comparison_chart(
        compare(real_library, ["spinal-cord-stimulation", "intrathecal-drug-delivery"]), Theme()
    )
    assert chart.plotted
    legend = _words(chart.svg)
    assert "Spinal cord stimulation: invasiveness moderate, relief months to years" in legend
    assert [name for name, _ in chart.boxes].count("point") == 2  # one point each


def test_measured_text_wraps_to_its_width() -> None:
    lines = wrap("Years or permanent", 6.2 * 14, 14)
    assert lines == ["Years or", "permanent"]
    assert all(text_width(line, 14) <= 6.2 * 14 for line in lines)
    assert text_width("Moderate", 14, bold=True) > text_width("Moderate", 14)
