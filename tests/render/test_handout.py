"""Handouts: parse the HTML render_handout returns and check the cover, items and references."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from painref import __version__
from painref.content.builder import build_database
from painref.content.library import Library
from painref.errors import PainRefError, UnknownTopicError
from painref.render.contexts import DISCLAIMER
from painref.render.handout import (
    CHART_MAX_WIDTH,
    HANDOUT_PT,
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
FOUR = [
    "epidural-steroid-injection",
    "transforaminal-epidural-steroid-injection",
    "nerve-root-irritation",
    "compare:epidural-steroid-injection,transforaminal-epidural-steroid-injection",
]
"""The review's lecture: ESI, TFESI, the radicular-pain condition and their comparison."""
DIAGRAMS = Path(__file__).parents[1] / "content" / "fixtures" / "diagrams"


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
    """A handout's parts: sections start at each item's anchor ("item-N") and at the
    references; page_breaks lists the tags that start a new page."""

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
        name = str(values.get("name") or "")
        if tag == "a" and (re.fullmatch(r"item-\d+", name) or name == "references"):
            self.sections.append(_Section())
        section = self.sections[-1]
        section.tags.append(tag)
        if tag == "a" and values.get("href"):
            section.links.append(str(values["href"]))
        if tag == "a" and name:
            section.anchors.append(name)
        if tag == "img":
            section.images.append(values)
        if tag == "tr":
            section.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            # Without the zero-width spaces the pages put before citations (a break point).
            text = "".join(self._cell).replace("\u200b", "")
            self.sections[-1].rows[-1].append(" ".join(text.split()))
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
        return [s for s in self.sections[1:] if not s.anchors or s.anchors[0] != "references"]

    @property
    def references(self) -> _Section:
        (found,) = [s for s in self.sections[1:] if s.anchors and s.anchors[0] == "references"]
        return found

    def contents(self) -> list[list[str]]:
        """The contents table's rows: a number (or nothing), a title, a page."""
        return [r for r in self.cover.rows if len(r) == 3]

    def listed(self) -> list[tuple[int, str]]:
        """The reference list: (number, text) per source."""
        rows = self.references.rows
        return [(int(r[0].strip("[]")), r[1]) for r in rows if len(r) == 2]


@pytest.fixture
def parts(small_library: Library) -> HandoutParts:
    return build_handout(small_library, THREE, title="Spine lecture", date="2026-03-05")


@pytest.fixture
def charted(test_data_copy: Path, tmp_path: Path) -> Iterator[Library]:
    """The small corpus with Gamma's relief duration reported (so a comparison of Alpha
    and Gamma has a chart) and a diagram on Alpha's page."""
    gamma = test_data_copy / "topics" / "gamma-stimulator.md"
    text = gamma.read_text(encoding="utf-8")
    gamma.write_text(
        text.replace(
            "  components:", "  relief-duration: {value: Months, refs: [src-b]}\n  components:"
        ),
        encoding="utf-8",
    )
    shutil.copytree(DIAGRAMS, test_data_copy / "diagrams")
    build_database(test_data_copy, tmp_path / "charted.db")
    library = Library.open(tmp_path / "charted.db")
    yield library
    library.close()


def test_cover_has_title_date_versions_and_disclaimer(parts: HandoutParts) -> None:
    cover = _Handout(parts.html).cover.plain
    assert cover.startswith("Spine lecture")
    assert f"2026-03-05 · PainRef {__version__} · content 2026.11.1" in cover
    assert DISCLAIMER in cover


def test_subtitle_is_shown_when_given(small_library: Library) -> None:
    html = build_handout(
        small_library, ["alpha-injection"], title="T", date="d", subtitle="Week 3: injections"
    ).html
    assert "Week 3: injections" in _Handout(html).cover.plain
    assert (
        "Week 3" not in build_handout(small_library, ["alpha-injection"], title="T", date="d").html
    )


def test_contents_lists_items_in_order_then_the_references(parts: HandoutParts) -> None:
    rows = _Handout(parts.html).contents()
    assert [r[0] for r in rows] == ["1.", "2.", "3.", ""]
    assert [r[1] for r in rows] == [
        "Alpha injection (AI) · Topic",
        "Back pain · Condition",
        "Alpha injection vs Gamma stimulator vs Beta therapy · Comparison",
        f"References · {len(parts.page.references)} sources, each listed once",
    ]
    assert [r[2] for r in rows] == ["", "", "", ""]  # no page numbers before the layout


def test_contents_shows_pages_once_known(parts: HandoutParts) -> None:
    page = replace(parts.page, item_pages=(1, 4, 5, 7))
    rows = _Handout(render_handout(page)).contents()
    assert [r[2] for r in rows] == ["page 1", "page 4", "page 5", "page 7"]


def test_the_first_item_follows_the_contents_and_the_rest_start_new_pages(
    parts: HandoutParts,
) -> None:
    handout = _Handout(parts.html)
    # Items 2 and 3, and the references; item 1 shares the cover's page.
    assert handout.page_breaks == ["p", "p", "p"]
    assert len(handout.items) == 3
    assert "Alpha injection (AI)" in handout.items[0].plain
    assert "Back pain" in handout.items[1].plain
    assert "Comparison" in handout.items[2].plain
    for n, item in enumerate(handout.items, start=1):
        assert item.plain.startswith(f"Spine lecture · {n} of 3"), item.plain[:60]
    # A page's review date heads it (its footer would be a line alone on a page).
    assert handout.items[0].plain.startswith("Spine lecture · 1 of 3 · Topic · last reviewed 20")
    assert "Last reviewed" not in handout.items[0].plain


def test_each_source_is_listed_once_and_every_citation_leads_to_it(
    parts: HandoutParts, small_library: Library
) -> None:
    handout = _Handout(parts.html)
    listed = handout.listed()
    titles = [text.split(".")[0] for _, text in listed]
    assert [n for n, _ in listed] == list(range(1, len(listed) + 1))
    assert len(titles) == len(set(titles))
    # Alpha cites A and C, Back pain A, the comparison all three: three sources, once.
    assert sorted(titles) == [
        "Source A on injections",
        "Source B on devices",
        "Source C without a URL",
    ]
    assert len(re.findall(r'class="h2"[^>]*>(?:<a [^>]*></a>)?References', parts.html)) == 1
    anchors = set(handout.references.anchors)
    for item in handout.items:
        cited = [link[1:] for link in item.links if link.startswith("#")]
        assert cited
        assert set(cited) <= anchors, cited
        assert not [a for a in item.anchors if "ref-" in a]  # no list of its own


def test_citations_keep_their_sources_when_renumbered(
    parts: HandoutParts, small_library: Library
) -> None:
    by_title = {text.split(".")[0]: n for n, text in _Handout(parts.html).listed()}
    handout_items = _Handout(parts.html).items
    for item, page_id in zip(handout_items[:2], ["alpha-injection", "back-pain"], strict=True):
        own = {s.number: s.title for s in small_library.topic(page_id).references}
        local = re.findall(r'href="#ref-(\d+)"', topic_fragment(small_library, page_id).html)
        handout = [
            int(link.removeprefix("#ref-")) for link in item.links if link.startswith("#ref-")
        ]
        assert handout == [by_title[own[int(n)]] for n in local]


def test_no_reference_is_listed_twice_in_the_reviews_lecture(real_library: Library) -> None:
    parts = build_handout(real_library, FOUR, title="Lumbar radicular pain", date="d")
    listed = _Handout(parts.html).listed()
    ids = [s.id for s in parts.page.references]
    assert len(ids) == len(set(ids))
    assert len(listed) == len(ids)
    assert [n for n, _ in listed] == list(range(1, len(ids) + 1))
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', parts.html)}
    assert cited <= {n for n, _ in listed}
    # Every source of every page is there: the union of the pages' own lists.
    union = {s.id for page_id in FOUR[:3] for s in real_library.topic(page_id).references}
    assert set(ids) == union


def test_values_of_each_item_are_there(parts: HandoutParts) -> None:
    alpha, back_pain, comparison = _Handout(parts.html).items
    assert ["Procedure duration (minutes)", "5 minutes[1]"] in alpha.rows
    assert "Treatment options, least to most invasive" in back_pain.plain
    assert [
        "Device or components ●",
        "not reported",
        "Electrodes and a battery[3]",  # Source B, third in the handout's list
        "not reported",
    ] in comparison.rows


def test_rows_no_topic_reports_fold_into_one_line(parts: HandoutParts) -> None:
    comparison = _Handout(parts.html).items[2]
    labels = [row[0] for row in comparison.rows if row]
    assert not any(label.startswith("Anesthesia") for label in labels)
    assert not any(label.startswith("Recovery") for label in labels)
    assert "Not reported for any of these topics: Anesthesia" in comparison.plain
    assert "Recovery" in comparison.plain
    # Each value is cited to the handout's list now, not "the references listed above".
    assert "listed above" not in comparison.plain


def test_disclaimer_again_at_the_end(parts: HandoutParts) -> None:
    handout = _Handout(parts.html)
    last = handout.sections[-1].plain
    assert last.endswith(DISCLAIMER)
    assert "End of the handout “Spine lecture”, 2026-03-05" in last
    # Once on the cover and once at the end, not after every item.
    assert parts.html.count(DISCLAIMER) == 2


def test_no_in_app_links_or_controls(parts: HandoutParts) -> None:
    assert "painref://" not in parts.html
    assert "Compare with" not in parts.html
    assert "remove" not in _Handout(parts.html).items[2].plain


def test_the_handout_is_in_print_type(parts: HandoutParts) -> None:
    assert parts.page.theme.base_pt == HANDOUT_PT
    assert f"font-size: {HANDOUT_PT}pt" in parts.html
    assert f'<div style="font-size: {parts.page.reference_pt}pt;">' in parts.html


def test_charts_have_distinct_names_and_fit_the_page(charted: Library) -> None:
    parts = build_handout(
        charted,
        [
            "compare:alpha-injection,gamma-stimulator",
            "alpha-injection",
            "compare:gamma-stimulator,alpha-injection,beta-therapy",
        ],
        title="T",
        date="d",
    )
    assert list(parts.charts) == ["chart:compare", "chart:compare-2"]
    first, _, second = _Handout(parts.html).items
    # The chart, then each column's first diagram (Alpha's); a diagram once per handout,
    # so the later items say where it is.
    assert [i["src"] for i in first.images] == ["chart:compare", "diagram:alpha-target"]
    assert [i["src"] for i in second.images] == ["chart:compare-2"]
    assert list(parts.diagrams) == ["diagram:alpha-target"]
    where = "Diagrams shown earlier in this handout: Alpha injection: the target: item 1,"
    assert where in second.plain
    assert (
        "Diagram: Alpha injection: the target: shown in item 1,"
        in _Handout(parts.html).items[1].plain
    )
    for image, chart in (
        (first.images[0], parts.charts["chart:compare"]),
        (second.images[0], parts.charts["chart:compare-2"]),
    ):
        width, height = int(str(image["width"])), int(str(image["height"]))
        assert width <= CHART_MAX_WIDTH
        assert abs(width / height - chart.width / chart.height) < 0.01
        assert chart.plotted
    assert "Beta therapy" in parts.charts["chart:compare-2"].svg
    assert "Beta therapy" not in parts.charts["chart:compare"].svg


def test_a_comparison_with_too_little_data_says_so(parts: HandoutParts) -> None:
    comparison = _Handout(parts.html).items[2]
    assert comparison.images == []
    assert "Too little data for a chart: only Alpha injection has both" in comparison.plain


def test_a_page_s_diagram_is_in_its_item_drawn_light(charted: Library) -> None:
    parts = build_handout(charted, ["alpha-injection", "gamma-stimulator"], title="T", date="d")
    alpha, gamma = _Handout(parts.html).items
    assert [i["src"] for i in alpha.images] == ["diagram:alpha-target"]
    assert "Diagram: Alpha injection: the target" in alpha.plain
    assert gamma.images == []
    (diagram,) = parts.diagrams.values()
    assert list(parts.diagrams) == ["diagram:alpha-target"]
    assert diagram.svg == charted.topic("alpha-injection").diagrams[0].svg  # light: as drawn


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
    assert item == HandoutItem(item.title, "topic", item.html, item.sources, "2026-01-03")
    assert item.title == "Gamma stimulator"
    for tag in ("<html", "<head", "<body", "<style", "</body>"):
        assert tag not in item.html
    assert "Last reviewed 2026-01-03" in item.html
    assert DISCLAIMER not in item.html
    assert [s.id for s in item.sources[0]] == [
        s.id for s in small_library.topic("gamma-stimulator").references
    ]
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


def test_sections_are_the_cover_with_item_1_each_later_item_and_the_references(
    parts: HandoutParts,
) -> None:
    sections = handout_sections(parts.html)
    assert len(sections) == 4
    whole = _Handout(parts.html)
    assert "Alpha injection (AI)" in _Handout(sections[0]).sections[1].plain
    for n, section in enumerate(sections):
        assert section.startswith("<html>")
        assert section.rstrip().endswith("</html>")
        assert "<style>" in section  # the same styles in each
        parsed = _Handout(section)
        # A section starts its own page anyway: no page break in front of it.
        assert parsed.page_breaks == []
        if n:
            assert " ".join(s.plain for s in parsed.sections).strip() == whole.sections[n + 1].plain
    assert DISCLAIMER in _Handout(sections[0]).cover.plain
    assert _Handout(sections[-1]).sections[-1].plain.endswith(DISCLAIMER)
    assert all(DISCLAIMER not in section for section in sections[1:-1])


def test_sections_need_a_body() -> None:
    with pytest.raises(ValueError, match="no <body>"):
        handout_sections("<p>x</p>")
