"""Page functions: parse the HTML they return and check what a reader would see."""

from __future__ import annotations

from html.parser import HTMLParser

from painref.content.library import Library
from painref.render.contexts import HomePage, Recent, Theme, TopicPage
from painref.render.pages import render_home, render_topic, render_topic_text


class _Page(HTMLParser):
    """Collects the text, the links and the table rows of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.anchors: list[str] = []
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "a" and values.get("name"):
            self.anchors.append(str(values["name"]))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        data = data.replace("\u200b", "")  # a line-break opportunity, not seen
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())

    def row(self, label: str) -> list[str]:
        return next(r for r in self.rows if r and r[0].startswith(label))


def _topic(library: Library, topic_id: str) -> _Page:
    return _Page(render_topic(TopicPage(detail=library.topic(topic_id), meta=library.meta)))


def test_topic_page_sections(small_library: Library) -> None:
    page = _topic(small_library, "alpha-injection")
    assert "Alpha injection (AI)" in page.plain
    assert page.row("Procedure duration") == ["Procedure duration (minutes)", "5 minutes[1]"]
    # Rows no source answers are folded into one line, not a table of "not reported".
    assert not any(r and r[0].startswith(("Anesthesia", "Typical injectate")) for r in page.rows)
    assert "Not reported by the sources: typical injectate." in page.plain
    # A key the page marks not applicable is neither a row nor in the folded line.
    assert "diagnostic criterion" not in page.plain.casefold()
    assert page.row("Infection") == [
        "Infection",
        "Infection where the needle went in.[1]",
        "1 in 10000test patients",  # <br/> between them
    ]
    # Serious complications come first, whatever the file's order.
    names = [r[0] for r in page.rows if r and r[0] in {"Infection", "Epidural hematomaserious"}]
    assert names == ["Epidural hematomaserious", "Infection"]
    assert page.row("Quillomethasone") == [
        "Quillomethasone (Quillex)corticosteroid, non-particulate (solution)",
        "10 mg",
        "2 mL",
        "lumbar[1]",
    ]
    assert page.row("Lidocaine")[1:3] == ["not reported", "not reported"]
    assert page.row("NICE")[0] == "NICE, 2016For"
    assert page.row("LESS trial")[0] == "LESS trial, 2014No benefit shown"
    assert page.row("It is particularly")[0].endswith("Wrong")
    plain = page.plain
    order = [
        "At a glance",
        "How it works",
        "Indications",
        "Contraindications",
        "Anatomy and target",
        "Technique",
        "Medications",
        "Complications",
        "Aftercare",
        "Evidence and recommendations",
        "Independent guidelines and systematic reviews",
        "Specialty societies",
        "Trials",
        "What the source documents say, and what is known",
        "Related topics",
        "References",
    ]
    positions = [plain.index(heading) for heading in order]
    assert positions == sorted(positions), order
    for words in ("Absolute", "Relative", "Conditions it is used for", "What it offers"):
        assert words in plain, words
    assert "painref://topic/back-pain" in page.links
    assert "painref://topic/gamma-stimulator" in page.links
    assert "#ref-1" in page.links
    assert "ref-1" in page.anchors
    assert "ref-2" in page.anchors
    assert "https://example.org/a" in page.links
    assert "Last reviewed 2026-01-02" in page.plain
    assert "educational reference" in page.plain


def test_conflicts_and_source_notes_are_shown(small_library: Library) -> None:
    page = _topic(small_library, "gamma-stimulator")
    cell = page.row("Invasiveness")[1]
    assert "Moderate" in cell
    assert "Non-invasive" in cell
    assert "the sources state this differently" in cell
    assert "Notes on the sources" in page.plain


def test_values_are_escaped(small_library: Library) -> None:
    html = render_topic(
        TopicPage(detail=small_library.topic("beta-therapy"), meta=small_library.meta)
    )
    assert "<script>" not in html
    assert "script" not in _Page(html).tags


def test_condition_page_ladder(small_library: Library) -> None:
    page = _topic(small_library, "back-pain")
    options = [
        r[0].split()[0] for r in page.rows if r and r[0].split()[0] in {"Alpha", "Beta", "Gamma"}
    ]
    assert options == ["Beta", "Alpha", "Gamma"]
    assert "Treatment options, least to most invasive" in page.plain


def test_theme_colours_reach_the_page(small_library: Library) -> None:
    theme = Theme(text="#010203", accent="#0a0b0c")
    html = render_topic(
        TopicPage(
            detail=small_library.topic("alpha-injection"), meta=small_library.meta, theme=theme
        )
    )
    assert "#010203" in html
    assert "#0a0b0c" in html


def test_text_page(small_library: Library) -> None:
    text = render_topic_text(
        TopicPage(detail=small_library.topic("gamma-stimulator"), meta=small_library.meta)
    )
    assert "Moderate [1] / Non-invasive (as one table words it) [2]  [sources differ]" in text
    assert "<" not in text.replace("<script>", "")


def test_home_page(small_library: Library) -> None:
    recent = (Recent("painref://topic/beta-therapy", "Beta therapy"),)
    page = _Page(
        render_home(
            HomePage(
                meta=small_library.meta,
                categories=tuple(small_library.categories()),
                condition_count=2,
                recent=recent,
                overview=None,
                last_reviewed="2026-01-04",
            )
        )
    )
    assert "Recently viewed" in page.plain
    assert "painref://topic/beta-therapy" in page.links
    assert "Injections (1)" in page.plain
    assert "Conditions (2)" in page.plain
    assert "educational reference" in page.plain


def test_home_page_shows_review_date_without_stray_citations(small_library: Library) -> None:
    overview = small_library.summary("alpha-injection")
    html = render_home(
        HomePage(
            meta=small_library.meta,
            categories=(),
            condition_count=0,
            recent=(),
            overview=overview,
            last_reviewed=small_library.last_reviewed(),
        )
    )
    page = _Page(html)
    assert "last reviewed 2026-01-04" in page.plain
    assert "An injection of medicine near the spine." in page.plain
    assert "[1]" not in page.plain


def test_ladder_cells_carry_no_reference_numbers_of_other_pages(small_library: Library) -> None:
    page = _topic(small_library, "back-pain")
    alpha_row = next(r for r in page.rows if r and r[0].startswith("Alpha"))
    assert alpha_row[2] == "5 minutes"
    assert "[1]" not in "".join(alpha_row)


def test_title_does_not_repeat_an_abbreviation_it_already_shows(small_library: Library) -> None:
    summary = small_library.summary("alpha-injection")
    assert summary.label == "Alpha injection (AI)"
    renamed = type(summary)(**{**summary.__dict__, "title": "Alpha injection (AI)"})
    assert renamed.label == "Alpha injection (AI)"
    assert renamed.extra_abbreviations == ()
