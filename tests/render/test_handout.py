"""Handouts: parse the HTML render_handout returns and check the cover, contents and items."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from painref import __version__
from painref.content.library import Library
from painref.errors import PainRefError, UnknownTopicError
from painref.render.contexts import DISCLAIMER
from painref.render.handout import (
    CHART_MAX_WIDTH,
    HandoutItem,
    HandoutParts,
    body_of,
    build_handout,
    comparison_fragment,
    handout_sections,
    render_handout,
    split_tables,
    topic_fragment,
)

THREE = ["alpha-injection", "back-pain", "compare:alpha-injection,gamma-stimulator,beta-therapy"]


class _Section:
    def __init__(self) -> None:
        self.text: list[str] = []
        self.links: list[str] = []
        self.anchors: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.rows: list[list[str]] = []
        self.tags: list[str] = []

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


class _Handout(HTMLParser):
    """A handout's parts: the cover (section 0) and each part after a page break."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [_Section()]
        self.page_breaks: list[str] = []
        self._cell: list[str] | None = None
        self._in_body = "<body" not in html  # a fragment is all body
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "body":
            self._in_body = True
        if "page-break-before: always" in (values.get("style") or ""):
            self.page_breaks.append(tag)
            if tag == "p":  # an item starts; tables that continue on a new page do not
                self.sections.append(_Section())
        section = self.sections[-1]
        section.tags.append(tag)
        if tag == "a" and values.get("href"):
            section.links.append(str(values["href"]))
        if tag == "a" and values.get("name"):
            section.anchors.append(str(values["name"]))
        if tag == "img":
            section.images.append(values)
        if tag == "tr":
            section.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.sections[-1].rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if not self._in_body:
            return
        self.sections[-1].text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def cover(self) -> _Section:
        return self.sections[0]

    @property
    def items(self) -> list[_Section]:
        return self.sections[1:]

    def contents(self) -> list[list[str]]:
        """The contents table's rows of a number and a title."""
        return [r for r in self.cover.rows if len(r) == 3 and r[0].endswith(".")]


@pytest.fixture
def parts(small_library: Library) -> HandoutParts:
    return build_handout(small_library, THREE, title="Spine lecture", date="2026-03-05")


def test_cover_has_title_date_versions_and_disclaimer(parts: HandoutParts) -> None:
    cover = _Handout(parts.html).cover.plain
    assert cover.startswith("Spine lecture")
    assert "2026-03-05" in cover
    assert f"PainRef {__version__} · content 2026.11.1" in cover
    assert DISCLAIMER in cover


def test_subtitle_is_shown_when_given(small_library: Library) -> None:
    html = build_handout(
        small_library, ["alpha-injection"], title="T", date="d", subtitle="Week 3: injections"
    ).html
    assert "Week 3: injections" in _Handout(html).cover.plain
    assert (
        "Week 3" not in build_handout(small_library, ["alpha-injection"], title="T", date="d").html
    )


def test_contents_lists_items_in_order(parts: HandoutParts) -> None:
    rows = _Handout(parts.html).contents()
    assert [r[0] for r in rows] == ["1.", "2.", "3."]
    assert [r[1] for r in rows] == [
        "Alpha injection (AI) · Topic",
        "Back pain · Condition",
        "Alpha injection vs Gamma stimulator vs Beta therapy · Comparison",
    ]
    assert [r[2] for r in rows] == ["", "", ""]  # no page numbers before the layout


def test_contents_shows_pages_once_known(parts: HandoutParts) -> None:
    page = replace(parts.page, item_pages=(2, 4, 5))
    rows = _Handout(render_handout(page)).contents()
    assert [r[2] for r in rows] == ["2", "4", "5"]


def test_each_item_starts_a_new_page_with_its_title(parts: HandoutParts) -> None:
    handout = _Handout(parts.html)
    assert handout.page_breaks == ["p", "p", "p"]
    assert len(handout.items) == 3
    assert "Alpha injection (AI)" in handout.items[0].plain
    assert "Back pain" in handout.items[1].plain
    assert "Comparison" in handout.items[2].plain
    for n, item in enumerate(handout.items, start=1):
        assert item.plain.startswith(f"Spine lecture · {n} of 3"), item.plain[:60]


def test_each_item_keeps_its_own_references(parts: HandoutParts) -> None:
    items = _Handout(parts.html).items
    alpha, back_pain, comparison = items
    assert "References" in alpha.plain
    assert "Source A on injections" in alpha.plain
    assert "Source C without a URL" in alpha.plain
    assert "Source A on injections" in back_pain.plain
    assert "Source B on devices" not in back_pain.plain
    for topic in ("Alpha injection", "Gamma stimulator", "Beta therapy"):
        assert topic in comparison.plain
    assert "Source B on devices" in comparison.plain
    # Anchors are unique across the document, and each citation points into its own item.
    all_anchors = [a for item in items for a in item.anchors]
    assert len(all_anchors) == len(set(all_anchors))
    for n, item in enumerate(items, start=1):
        assert item.anchors[0] == f"item-{n}"  # where the item starts
        refs = item.anchors[1:]
        assert refs, n
        assert all(a.startswith(f"item{n}-ref-") for a in refs), refs
        cited = [link[1:] for link in item.links if link.startswith("#")]
        assert cited, n
        assert set(cited) <= set(refs), (n, cited)


def test_values_of_each_item_are_there(parts: HandoutParts) -> None:
    alpha, back_pain, comparison = _Handout(parts.html).items
    assert ["Procedure duration (minutes)", "5 minutes[1]"] in alpha.rows
    assert "Treatment options, least to most invasive" in back_pain.plain
    assert [
        "Device or components ●",
        "not reported",
        "Electrodes and a battery[1]",
        "not reported",
    ] in comparison.rows


def test_disclaimer_again_at_the_end(parts: HandoutParts) -> None:
    handout = _Handout(parts.html)
    last = handout.items[-1].plain
    assert last.endswith(DISCLAIMER)
    assert "End of the handout “Spine lecture”, 2026-03-05" in last
    # Once on the cover and once at the end, not after every item.
    assert parts.html.count(DISCLAIMER) == 2


def test_no_in_app_links_or_controls(parts: HandoutParts) -> None:
    assert "painref://" not in parts.html
    assert "Compare with" not in parts.html
    assert "remove" not in _Handout(parts.html).items[2].plain


def test_charts_have_distinct_names_and_fit_the_page(small_library: Library) -> None:
    parts = build_handout(
        small_library,
        [
            "compare:alpha-injection,gamma-stimulator",
            "alpha-injection",
            "compare:beta-therapy,alpha-injection",
        ],
        title="T",
        date="d",
    )
    assert list(parts.charts) == ["chart:compare", "chart:compare-2"]
    handout = _Handout(parts.html)
    first, _, second = handout.items
    assert [i["src"] for i in first.images] == ["chart:compare"]
    assert [i["src"] for i in second.images] == ["chart:compare-2"]
    for image, chart in (
        (first.images[0], parts.charts["chart:compare"]),
        (second.images[0], parts.charts["chart:compare-2"]),
    ):
        width, height = int(str(image["width"])), int(str(image["height"]))
        assert width <= CHART_MAX_WIDTH
        assert abs(width / height - chart.width / chart.height) < 0.01
        assert chart.svg.startswith("<svg")
    assert "Beta therapy" in parts.charts["chart:compare-2"].svg
    assert "Beta therapy" not in parts.charts["chart:compare"].svg


def test_comparison_heading_row_repeats_on_each_page(small_library: Library) -> None:
    item, _ = comparison_fragment(small_library, ["alpha-injection", "gamma-stimulator"])
    assert item.kind == "comparison"
    assert item.title == "Alpha injection vs Gamma stimulator"
    assert item.html.count("<thead>") == 1
    head = item.html[item.html.index("<thead>") : item.html.index("</thead>")]
    assert "Alpha injection" in head
    assert "Gamma stimulator" in head


def test_topic_fragment_is_a_body_without_page_chrome(small_library: Library) -> None:
    item = topic_fragment(small_library, "gamma-stimulator")
    assert item == HandoutItem(item.title, "topic", item.html)
    assert item.title == "Gamma stimulator"
    for tag in ("<html", "<head", "<body", "<style", "</body>"):
        assert tag not in item.html
    assert "Last reviewed 2026-01-03" in item.html
    assert DISCLAIMER not in item.html
    assert topic_fragment(small_library, "back-pain").kind == "condition"


def test_titles_and_content_are_escaped(small_library: Library) -> None:
    html = build_handout(
        small_library, ["beta-therapy"], title="<b>Evil</b> & co", date="<x-date>"
    ).html
    assert "<b>Evil</b>" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in html
    assert "<x-date>" not in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("locations", "error"),
    [
        ([], PainRefError),
        (["no-such-topic"], UnknownTopicError),
        (["alpha-injection", "compare:alpha-injection,nope"], UnknownTopicError),
        (["compare:alpha-injection"], PainRefError),
        (["compare:alpha-injection,alpha-injection"], PainRefError),
    ],
)
def test_bad_locations_raise(
    small_library: Library, locations: list[str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        build_handout(small_library, locations, title="T", date="d")


def test_body_of() -> None:
    assert (
        body_of("<html><head><title>x</title></head><body>\n<p>a</p>\n</body></html>") == "<p>a</p>"
    )
    assert body_of('<BODY class="x"><p>b</p></BODY>') == "<p>b</p>"
    with pytest.raises(ValueError, match="no <body>"):
        body_of("<p>no body</p>")


TABLES = (
    '<p>x</p><table border="1" style="color:red;"><thead><tr><th>H</th></tr></thead>\n'
    "<tr><td>r1</td></tr>\n<tr><td>r2</td></tr>\n<tr><td>r3</td></tr>\n</table>"
    "<table><tr><td>s0</td></tr><tr><td>s1</td></tr></table>"
)


def test_split_tables_cuts_before_rows_and_repeats_the_heading() -> None:
    html = split_tables(TABLES, {(0, 2), (1, 1)})
    parsed = _Handout(html)
    # Table 0 in two (heading again on top of the rest), table 1 in two.
    assert parsed.cover.rows == [["H"], ["r1"], ["H"], ["r2"], ["r3"], ["s0"], ["s1"]]
    assert parsed.page_breaks == ["table", "table"]
    assert html.count("<table") == 4
    assert html.count("</table>") == 4
    assert '<table border="1" style="page-break-before: always; color:red;"><thead>' in html
    assert '<table style="page-break-before: always;">\n<tr><td>s1' in html


def test_split_tables_row_0_moves_the_whole_table() -> None:
    html = split_tables(TABLES, {(1, 0)})
    assert "<table>" not in html
    assert '<table style="page-break-before: always;"><tr><td>s0' in html
    assert _Handout(html).cover.rows == _Handout(TABLES).cover.rows


def test_split_tables_ignores_cuts_it_cannot_make() -> None:
    assert split_tables(TABLES, set()) == TABLES
    # Past the last row, in a table that is not there, inside the heading.
    assert split_tables(TABLES, {(0, 9), (5, 1)}) == TABLES
    assert _Handout(split_tables(TABLES, {(0, 0)})).cover.rows == _Handout(TABLES).cover.rows
    several = split_tables(TABLES, [(0, 2), (0, 3)])
    assert _Handout(several).cover.rows[:6] == [["H"], ["r1"], ["H"], ["r2"], ["H"], ["r3"]]


def test_sections_are_the_cover_and_each_item(parts: HandoutParts) -> None:
    sections = handout_sections(parts.html)
    assert len(sections) == 4
    whole = _Handout(parts.html)
    for n, section in enumerate(sections):
        assert section.startswith("<html>")
        assert section.rstrip().endswith("</html>")
        assert "<style>" in section  # the same styles in each
        parsed = _Handout(section)
        # A section starts its own page anyway: no page break in front of it.
        assert parsed.page_breaks == []
        assert parsed.cover.plain == whole.sections[n].plain
    assert DISCLAIMER in _Handout(sections[0]).cover.plain
    assert _Handout(sections[-1]).cover.plain.endswith(DISCLAIMER)
    assert all(DISCLAIMER not in section for section in sections[1:-1])


def test_sections_need_a_body() -> None:
    with pytest.raises(ValueError, match="no <body>"):
        handout_sections("<p>x</p>")
