"""Diagrams as content: the SVG subset, the metadata, the build, and the page's citations."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from painref.content.builder import build_database
from painref.content.diagrams import TOKENS
from painref.content.library import Library
from painref.content.loader import load_corpus
from painref.errors import ContentError
from painref.pages import PageService
from painref.render.contexts import Theme
from painref.render.diagrams import figure_width, image_name, is_high_contrast, themed_svg

from ..conftest import REAL_DATA

FIXTURE = Path(__file__).parent / "fixtures" / "diagrams"
HIGH_CONTRAST = Theme(
    text="#ffffff", background="#000000", muted="#d9d9d9", accent="#ffff00", panel="#000000"
)
DARK = Theme(text="#e6e6e6", background="#1e1e1e", muted="#9a9a9a", accent="#8cc4ff")


@pytest.fixture
def with_diagram(test_data_copy: Path) -> Path:
    shutil.copytree(FIXTURE, test_data_copy / "diagrams")
    return test_data_copy


def _error(data: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_corpus(data)
    return str(info.value)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_diagram_is_built_into_its_page_with_the_page_s_numbers(
    with_diagram: Path, tmp_path: Path
) -> None:
    build_database(with_diagram, tmp_path / "db.sqlite")
    library = Library.open(tmp_path / "db.sqlite")
    try:
        detail = library.topic("alpha-injection")
        (diagram,) = detail.diagrams
        assert diagram.id == "alpha-target"
        assert diagram.title == "Alpha injection: the target"
        assert (diagram.width, diagram.height) == (800, 450)
        assert "<svg" in diagram.svg
        numbers = {s.id: s.number for s in detail.references}
        # The caption cites src-b, the facts src-a and src-c, each in the page's own numbers.
        assert f'href="#ref-{numbers["src-b"]}"' in diagram.caption_html
        assert f"[{numbers['src-b']}]" in diagram.caption_text
        assert [f.refs for f in diagram.facts] == [(numbers["src-a"],), (numbers["src-c"],)]
        assert library.topic("beta-therapy").diagrams == ()
    finally:
        library.close()


def test_the_page_names_the_diagram_as_an_image_and_a_file_carries_it_inline(
    with_diagram: Path, tmp_path: Path
) -> None:
    build_database(with_diagram, tmp_path / "db.sqlite")
    library = Library.open(tmp_path / "db.sqlite")
    try:
        pages = PageService(library)
        page = pages.render("alpha-injection", theme=HIGH_CONTRAST, figure_width=400)
        assert f'<img src="{image_name("alpha-target")}" width="400" height="225"' in page.html
        assert "Diagram: Alpha injection: the target" in page.html
        assert "What the drawing shows" in page.html
        image = page.images[image_name("alpha-target")]
        assert "#ffff00" in image.svg  # the target in the page's (high-contrast) colours
        assert TOKENS["target"] not in image.svg
        standalone = pages.render("alpha-injection", inline_charts=True)
        assert not standalone.images
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in standalone.html
        assert "<img" not in standalone.html
    finally:
        library.close()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('stroke-width="10"/>', 'stroke-width="10" style="stroke:red"/>', "<line style>"),
        ("<desc>", '<image href="x.png"/><desc>', "<image> is not allowed"),
        ("<desc>", "<script>alert(1)</script><desc>", "<script> is not allowed"),
        ('fill="#e8dcc0"', 'fill="#123456"', "is not a diagram colour"),
        ('fill="#e8dcc0"', 'fill="url(#g)"', "is not a diagram colour"),
        ('font-size="18"', 'font-size="9"', "labels need a size of 14 or more"),
        ('<g font-size="18" fill="#1d2329">', '<g fill="#1d2329">', "needs a font-size"),
        ('viewBox="0 0 800 450"', 'viewBox="0 0 640 450"', "viewBox must be"),
        ('height="450"', 'height="500"', "must match viewBox"),
        ("<title>Alpha injection: the target</title>", "", "needs a <title>"),
        ("<title>Alpha injection: the target</title>", "<title>Other</title>", "differs"),
        ("<svg ", '<!DOCTYPE svg [<!ENTITY x "y">]><svg ', "<!DOCTYPE is not allowed"),
        ("</svg>", "", "not well-formed SVG"),
    ],
)
def test_an_svg_outside_the_rules_is_refused_with_its_reason(
    with_diagram: Path, old: str, new: str, expected: str
) -> None:
    _edit(with_diagram / "diagrams" / "alpha-target.svg", old, new)
    message = _error(with_diagram)
    assert "alpha-target.svg" in message
    assert expected in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("topics: [alpha-injection]", "topics: [no-such-page]", "topics.0: unknown topic"),
        ("refs: [src-c]", "refs: [no-such-source]", "facts.1.refs: unknown reference"),
        ("[@src-b]", "", "caption: cite a source"),
        ("id: alpha-target", "id: beta-target", "does not match the file name"),
        ("reviewed: 2026-11-30", "reviewed: someday", "reviewed"),
        ("alt: A bone", "colour: red\nalt: A bone", "colour"),
    ],
)
def test_bad_metadata_is_refused_with_file_and_field(
    with_diagram: Path, old: str, new: str, expected: str
) -> None:
    _edit(with_diagram / "diagrams" / "alpha-target.yaml", old, new)
    message = _error(with_diagram)
    assert "alpha-target.yaml" in message
    assert expected in message


def test_a_diagram_needs_both_files(with_diagram: Path) -> None:
    (with_diagram / "diagrams" / "alpha-target.yaml").unlink()
    assert "alpha-target.yaml is missing" in _error(with_diagram)


def test_themes_swap_every_token() -> None:
    source = (FIXTURE / "alpha-target.svg").read_text(encoding="utf-8")
    assert themed_svg(source, Theme()) == source
    for theme in (DARK, HIGH_CONTRAST):
        drawn = themed_svg(source, theme)
        assert theme.text in drawn
        # Ink, bone, nerve, target and needle all changed: no light-theme colour is left.
        assert not {TOKENS[t] for t in ("ink", "bone", "nerve", "target", "needle")} & set(
            re.findall(r"#[0-9a-f]{6}", drawn)
        )
    assert is_high_contrast(HIGH_CONTRAST) and not is_high_contrast(DARK)
    assert "#ffff00" in themed_svg(source, HIGH_CONTRAST)


def test_a_figure_grows_with_the_text_and_never_outgrows_the_view() -> None:
    normal = figure_width(1200, Theme())
    large = figure_width(1200, Theme(base_pt=20))
    assert normal < large
    assert figure_width(500, Theme(base_pt=20)) <= 500
    assert (
        figure_width(100, Theme()) == 320
    )  # a narrow view scrolls rather than shrinking to nothing


def test_every_real_diagram_is_on_each_page_it_names_with_its_sources_listed(
    real_library: Library,
) -> None:
    corpus = load_corpus(REAL_DATA)
    assert corpus.diagrams
    for diagram in corpus.diagrams:
        for topic_id in diagram.meta.topics:
            detail = real_library.topic(topic_id)
            shown = {d.id: d for d in detail.diagrams}
            assert diagram.meta.id in shown, (diagram.meta.id, topic_id)
            numbers = {s.number for s in detail.references}
            for fact in shown[diagram.meta.id].facts:
                assert set(fact.refs) <= numbers, (diagram.meta.id, topic_id, fact.text)


def test_a_comparison_shows_each_column_s_diagram_cited_to_its_column(
    with_diagram: Path, tmp_path: Path
) -> None:
    build_database(with_diagram, tmp_path / "db.sqlite")
    library = Library.open(tmp_path / "db.sqlite")
    try:
        pages = PageService(library)
        page = pages.render("compare:beta-therapy,alpha-injection", figure_width=400)
        assert set(page.images) == {image_name("alpha-target")}
        assert '<img src="diagram:alpha-target" width="184"' in page.html
        assert "No diagram for this topic." in page.html
        number = {s.id: s.number for s in library.topic("alpha-injection").references}["src-b"]
        # Column 1's citations lead to column 1's references.
        assert f'href="#ref-1-{number}"' in page.html
        standalone = pages.render("compare:beta-therapy,alpha-injection", inline_charts=True)
        assert (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 450" width="324"'
            in standalone.html
            and not standalone.images
        )
    finally:
        library.close()


def test_a_diagram_s_words_find_its_page(with_diagram: Path, tmp_path: Path) -> None:
    from painref.search.service import SearchService

    build_database(with_diagram, tmp_path / "db.sqlite")
    library = Library.open(tmp_path / "db.sqlite")
    try:
        # "approaches from behind" is said only by the diagram's second fact.
        hits = SearchService(library).search("approaches from behind")
        assert [h.id for h in hits][:1] == ["alpha-injection"]
    finally:
        library.close()


def test_a_damaged_drawing_is_refused_not_drawn(with_diagram: Path, tmp_path: Path) -> None:
    import sqlite3

    from painref.errors import DatabaseError

    build_database(with_diagram, tmp_path / "db.sqlite")
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        conn.execute("UPDATE diagrams SET svg = replace(svg, 'x1=\"420\"', 'x1=\"4Z0\"')")
    library = Library.open(tmp_path / "db.sqlite")
    try:
        with pytest.raises(DatabaseError, match="does not match its checksum"):
            library.topic("alpha-injection")
    finally:
        library.close()
