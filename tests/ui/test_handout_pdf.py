"""Handout PDFs: export offscreen, read the file back with pypdf and check what is on the pages."""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import (
    QFont,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)
from PySide6.QtWidgets import QApplication

from painref import __version__
from painref.content.builder import build_database
from painref.content.library import Library
from painref.errors import PainRefError, UnknownTopicError
from painref.render.contexts import DISCLAIMER
from painref.render.handout import HANDOUT_PT, build_handout
from painref.ui.export import pdf_writer
from painref.ui.handout import MOVE_ROW_MAX_GAP, export_handout_pdf, handout_images, paginate
from painref.ui.pagination import HEADING_SCALE

THREE = [
    "alpha-injection",
    "gamma-stimulator",
    "compare:alpha-injection,gamma-stimulator,beta-therapy",
]
TITLES = [
    "Alpha injection (AI)",
    "Gamma stimulator",
    "Alpha injection vs Gamma stimulator vs Beta therapy",
]
A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)
FOUR = [
    "epidural-steroid-injection",
    "transforaminal-epidural-steroid-injection",
    "nerve-root-irritation",
    "compare:epidural-steroid-injection,transforaminal-epidural-steroid-injection",
]
"""The review's lecture (ux.md D30): 16 A4 pages at the review. With today's pages and
their diagrams the old layout (a cover page, each item's own reference list, a comparison
repeating both lists, every figure again) made 50; this one makes 23."""
FOUR_MAX_PAGES = 25
DIAGRAMS = Path(__file__).parents[1] / "content" / "fixtures" / "diagrams"


def _squash(text: str) -> str:
    """Text without its spaces: pypdf splits words where the PDF font kerns ("L ecture")."""
    # NFKC folds the ligatures the PDF font uses ("ﬁ" in "Beneﬁts") back to letters.
    return re.sub(r"[\s\u200b]+", "", unicodedata.normalize("NFKC", text))


def _pages(path: Path) -> list[str]:
    return [_squash(page.extract_text() or "") for page in PdfReader(str(path)).pages]


@pytest.fixture
def charted(test_data_copy: Path, tmp_path: Path) -> Iterator[Library]:
    """The small corpus with Gamma's relief duration (Alpha and Gamma make a chart) and a
    diagram on Alpha's page."""
    gamma = test_data_copy / "topics" / "gamma-stimulator.md"
    text = gamma.read_text(encoding="utf-8")
    relief = "  relief-duration: {value: Months, refs: [src-b]}\n  components:"
    gamma.write_text(text.replace("  components:", relief), encoding="utf-8")
    shutil.copytree(DIAGRAMS, test_data_copy / "diagrams")
    build_database(test_data_copy, tmp_path / "charted.db")
    library = Library.open(tmp_path / "charted.db")
    yield library
    library.close()


@pytest.fixture
def handout(qapp: QApplication, charted: Library, tmp_path: Path) -> Path:
    path = tmp_path / "handout.pdf"
    export_handout_pdf(charted, THREE, path, "Spine lecture", on=date(2026, 3, 5))
    return path


def test_handout_pages(handout: Path) -> None:
    pages = _pages(handout)
    assert len(pages) > 3
    cover = pages[0]
    assert cover.startswith(_squash("Spine lecture"))
    assert _squash(f"2026-03-05 · PainRef {__version__} · content 2026.11.1") in cover
    assert _squash(DISCLAIMER) in cover
    # The contents list the items in order, each with the page it starts on; the first
    # follows the contents on the cover page.
    starts = [
        next(
            i
            for i, page in enumerate(pages, start=1)
            if _squash(f"Spine lecture · {n} of 3") in page
        )
        for n in (1, 2, 3)
    ]
    assert starts == sorted(starts)
    assert starts[0] == 1
    references = next(i for i, page in enumerate(pages, start=1) if page.startswith("References"))
    kinds = ["Topic", "Topic", "Comparison"]
    expected = "".join(
        f"{n}.{_squash(title)}·{kind}page{start}"
        for n, (title, kind, start) in enumerate(zip(TITLES, kinds, starts, strict=True), start=1)
    )
    assert "Contents" + expected + f"References·3sources,eachlistedoncepage{references}" in cover
    assert _squash(TITLES[0]) in pages[starts[0] - 1]
    assert _squash(TITLES[1]) in pages[starts[1] - 1]
    assert (
        _squash("Comparison Alpha injection · Gamma stimulator · Beta therapy")
        in pages[starts[2] - 1]
    )


def test_each_item_with_a_value_and_every_source_once_at_the_end(handout: Path) -> None:
    pages = _pages(handout)
    text = "".join(pages)
    items = [text.index(_squash(f"Spine lecture · {n} of 3")) for n in (1, 2, 3)]
    references = text.index("References[1]")
    alpha, gamma, comparison = (
        text[a:b] for a, b in zip(items, [*items[1:], references], strict=True)
    )
    assert _squash("5 minutes") in alpha
    assert _squash("Electrodes and a battery") in gamma
    for value in (
        "Side by side",
        "Weeks to months",
        "Quick relief",
        "Conservative care",
        "Beta therapy",
    ):
        assert _squash(value) in comparison, value
    listed = text[references:]
    for source in ("Source A on injections", "Source B on devices", "Source C without a URL"):
        assert text.count(_squash(source)) == 1, source
        assert _squash(source) in listed


def test_every_page_is_numbered_at_its_bottom(handout: Path) -> None:
    reader = PdfReader(str(handout))
    count = len(reader.pages)
    for n, page in enumerate(reader.pages, start=1):
        lines = [_squash(line) for line in (page.extract_text() or "").splitlines() if line.strip()]
        # The footer is drawn last: the page number and the handout's title.
        assert _squash(f"Page {n} of {count}") in "".join(lines[-2:]), (n, lines[-2:])


def test_disclaimer_closes_the_handout(handout: Path) -> None:
    pages = _pages(handout)
    assert _squash(DISCLAIMER) in pages[-1]
    assert _squash("End of the handout") in pages[-1]


def test_a4_portrait_with_the_chart_and_the_diagrams_drawn(handout: Path) -> None:
    reader = PdfReader(str(handout))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
    pages = _pages(handout)
    first = next(i for i, page in enumerate(pages) if _squash("Spine lecture · 3 of 3") in page)
    last = next(i for i, page in enumerate(pages) if page.startswith("References"))
    # The chart (Alpha and Gamma are placed); Alpha's diagram was in item 1 already.
    assert sum(len(page.images) for page in reader.pages[first:last]) == 1
    assert _squash("Diagrams shown earlier in this handout") in "".join(pages[first:last])
    # Alpha's own page shows its diagram under "Anatomy and target".
    heading = _squash("Diagram: Alpha injection: the target")
    (with_diagram,) = [p for p in reader.pages if heading in _squash(p.extract_text() or "")]
    assert len(with_diagram.images) == 1
    assert reader.metadata is not None
    assert reader.metadata.title == "Spine lecture"


def test_images_are_sharp_enough_for_paper(qapp: QApplication, charted: Library) -> None:
    parts = build_handout(charted, ["alpha-injection", THREE[2]], title="T", date="d")
    images = handout_images(parts)
    for name, image in images.items():
        # Three pixels per CSS pixel: about 290 dots per inch on the page (print wants 300
        # at the size a figure is printed, which is a little smaller than its CSS size).
        assert image.devicePixelRatio() >= 3.0, name
    assert set(images) == {"chart:compare", "diagram:alpha-target"}


def test_letter_paper(qapp: QApplication, charted: Library, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    pages = export_handout_pdf(charted, THREE, path, "Spine lecture", paper="letter")
    reader = PdfReader(str(path))
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            LETTER_POINTS
        )


def test_the_command_line_takes_the_paper(
    qapp: QApplication,
    small_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from painref import cli

    monkeypatch.setenv("PAINREF_DB", str(small_db_path))
    out = tmp_path / "cli.pdf"
    assert cli.main(["export", "alpha-injection", "-o", str(out), "--paper", "letter"]) == 0
    assert capsys.readouterr().out == f"wrote {out}: 1 item\n"
    page = PdfReader(str(out)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == LETTER_POINTS
    with pytest.raises(SystemExit):
        cli.main(["export", "alpha-injection", "-o", str(out), "--paper", "a5"])


def test_two_comparisons_each_get_their_chart(
    qapp: QApplication, charted: Library, tmp_path: Path
) -> None:
    path = tmp_path / "two.pdf"
    export_handout_pdf(
        charted,
        ["compare:alpha-injection,gamma-stimulator", "compare:gamma-stimulator,alpha-injection"],
        path,
        "Charts",
    )
    reader = PdfReader(str(path))
    pages = _pages(path)
    starts = [i for i, page in enumerate(pages) if re.search(r"Charts·\dof2", page)]
    ends = [*starts[1:], next(i for i, page in enumerate(pages) if page.startswith("References"))]
    assert len(starts) == 2
    # Each its chart; Alpha's diagram in the first only (once per handout).
    images = [
        sum(len(p.images) for p in reader.pages[a:b]) for a, b in zip(starts, ends, strict=True)
    ]
    assert images == [2, 1]
    assert _squash(date.today().isoformat()) in pages[0]


def test_the_reviews_lecture_is_shorter(
    qapp: QApplication, real_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "lecture.pdf"
    pages = export_handout_pdf(real_library, FOUR, path, "Lumbar radicular pain - PGY2 lecture")
    assert len(PdfReader(str(path)).pages) == pages
    assert pages <= FOUR_MAX_PAGES
    text = "".join(_pages(path))
    # Nothing a reader needs went: each page's parts, the comparison, every source.
    for heading, count in (
        ("At a glance", 2),
        ("Complications", 2),
        ("Evidence and recommendations", 2),
        ("Treatment options, least to most invasive", 1),
        ("Side by side", 1),
    ):
        assert text.count(_squash(heading)) >= count, heading
    parts = build_handout(real_library, FOUR, title="T", date="d")
    for source in parts.page.references:
        assert _squash(source.title)[:40] in text, source.title


@pytest.fixture(scope="module")
def long_handout(real_library: Library) -> list[str]:
    """Real pages and four-topic comparisons: long tables, many headings, page breaks."""
    topics = [t.id for t in real_library.topics(include_tools=False)]
    # The review's four items have a test of their own (the reviews lecture).
    return [
        *(p.id for p in real_library.all_pages()[:8]),
        *(f"compare:{','.join(topics[i : i + 4])}" for i in (0, 8)),
    ]


def _writer(tmp_path: Path, paper: str = "a4") -> QPdfWriter:
    """The PDF writer a handout is laid out for (nothing is painted, no file written)."""
    return pdf_writer(tmp_path / "unused.pdf", title="Long", paper=paper)  # type: ignore[arg-type]


def _line_bottom(document: QTextDocument, block: QTextBlock, line: int) -> float:
    lines = block.layout()
    assert lines.lineCount() > 0, block.text()  # every block laid out, none left unpainted
    rect = document.documentLayout().blockBoundingRect(block)
    found = lines.lineAt(line if line >= 0 else lines.lineCount() - 1)
    return rect.top() + found.y() + found.height() - 1


def check_rows_and_headings(documents: list[QTextDocument], text_pt: float) -> int:
    """Assert no heading ends a page apart from its text and no row shorter than half a
    page is cut across two; the number of tables that were moved or cut."""
    moved_tables = 0
    for document in documents:
        height = document.pageSize().height()
        block = document.firstBlock()
        while block.isValid():
            fmt = (
                block.charFormat()
                if block.begin().atEnd()
                else block.begin().fragment().charFormat()
            )
            heading = (
                fmt.fontWeight() >= QFont.Weight.Bold
                and fmt.fontPointSize() >= text_pt * HEADING_SCALE
                and QTextCursor(block).currentTable() is None
            )
            if heading and block.next().isValid():
                page_of = _line_bottom(document, block, 0) // height
                assert _line_bottom(document, block.next(), 0) // height == page_of, block.text()
            block = block.next()
        for frame in document.rootFrame().childFrames():
            if not isinstance(frame, QTextTable):
                continue
            moved_tables += (
                frame.format().pageBreakPolicy() != QTextFormat.PageBreakFlag.PageBreak_Auto
            )
            for row in range(frame.rows()):
                cells = [frame.cellAt(row, c) for c in range(frame.columns())]
                top = min(
                    document.documentLayout()
                    .blockBoundingRect(c.firstCursorPosition().block())
                    .top()
                    for c in cells
                )
                bottom = max(
                    _line_bottom(document, c.lastCursorPosition().block(), -1) for c in cells
                )
                # A row shorter than half a page always fits on the next page, so it is
                # never cut; a taller one is cut rather than leave half a page blank
                # (MOVE_ROW_MAX_GAP) or when no page holds it (MOVE_ROW_MAX_HEIGHT).
                if bottom - top < height * MOVE_ROW_MAX_GAP:
                    assert top // height == bottom // height, (
                        cells[0].firstCursorPosition().block().text()
                    )
    return moved_tables


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_layout_keeps_rows_and_headings_whole(
    qapp: QApplication,
    real_library: Library,
    long_handout: list[str],
    tmp_path: Path,
    paper: str,
) -> None:
    parts = build_handout(real_library, long_handout, title="Long", date="d")
    documents, page = paginate(parts.page, {}, _writer(tmp_path, paper))
    # The cover with item 1, each later item, the references.
    assert len(documents) == len(long_handout) + 1
    starts = [1] + [1 + sum(d.pageCount() for d in documents[:n]) for n in range(1, len(documents))]
    assert list(page.item_pages) == starts
    assert (
        check_rows_and_headings(documents, HANDOUT_PT) > 0
    )  # some rows moved, or this proves nothing


def test_long_handout_loses_nothing(
    qapp: QApplication, real_library: Library, long_handout: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "long.pdf"
    export_handout_pdf(real_library, long_handout, path, "Long")
    text = "".join(_pages(path))
    parts = build_handout(real_library, long_handout, title="Long", date="d")
    headings = re.findall(r'<p class="h[123]"[^>]*>(.*?)</p>', parts.html)
    items = re.findall(r"<li>(.*?)</li>", parts.html, re.DOTALL)
    assert len(headings) > 50
    for heading in headings:
        assert _squash(html.unescape(re.sub("<[^>]+>", "", heading))) in text, heading
    for item in items:
        words = html.unescape(re.sub("<[^>]+>", "", item)).split()[:4]
        assert _squash(" ".join(words)) in text, item[:80]


def test_unknown_id_writes_nothing(
    qapp: QApplication, small_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "handout.pdf"
    path.write_bytes(b"the lecture before")
    with pytest.raises(UnknownTopicError, match="no-such-topic"):
        export_handout_pdf(small_library, ["alpha-injection", "no-such-topic"], path, "T")
    assert path.read_bytes() == b"the lecture before"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf", "home"]


def test_bad_comparison_raises(qapp: QApplication, small_library: Library, tmp_path: Path) -> None:
    with pytest.raises(PainRefError, match="at least 2"):
        export_handout_pdf(small_library, ["compare:alpha-injection"], tmp_path / "x.pdf", "T")
    with pytest.raises(PainRefError, match="at least one"):
        export_handout_pdf(small_library, [], tmp_path / "x.pdf", "T")
    assert not (tmp_path / "x.pdf").exists()


def test_unwritable_paths_raise(qapp: QApplication, small_library: Library, tmp_path: Path) -> None:
    with pytest.raises(PainRefError, match="does not exist"):
        export_handout_pdf(small_library, ["alpha-injection"], tmp_path / "nope" / "x.pdf", "T")
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    with pytest.raises(PainRefError, match="it is a folder"):
        export_handout_pdf(small_library, ["alpha-injection"], folder, "T")
    assert list(folder.iterdir()) == []
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


def test_overwrites_an_old_handout_whole(
    qapp: QApplication, small_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "handout.pdf"
    path.write_bytes(b"old")
    export_handout_pdf(small_library, ["back-pain"], path, "Conditions")
    pages = _pages(path)
    assert pages[0].startswith("Conditions")
    assert _squash("Treatment options, least to most invasive") in pages[0]  # under the contents
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "home"]
