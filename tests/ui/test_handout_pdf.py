"""Handout PDFs: export offscreen, read the file back with pypdf and check what is on the pages."""

from __future__ import annotations

import html
import re
import unicodedata
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
from painref.content.library import Library
from painref.errors import PainRefError, UnknownTopicError
from painref.render.contexts import DISCLAIMER
from painref.render.handout import build_handout
from painref.ui.export import pdf_writer
from painref.ui.handout import MOVE_ROW_MAX_GAP, export_handout_pdf, paginate

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


def _squash(text: str) -> str:
    """Text without its spaces: pypdf splits words where the PDF font kerns ("L ecture")."""
    # NFKC folds the ligatures the PDF font uses ("ﬁ" in "Beneﬁts") back to letters.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _pages(path: Path) -> list[str]:
    return [_squash(page.extract_text() or "") for page in PdfReader(str(path)).pages]


@pytest.fixture
def handout(qapp: QApplication, small_library: Library, tmp_path: Path) -> Path:
    path = tmp_path / "handout.pdf"
    export_handout_pdf(small_library, THREE, path, "Spine lecture", on=date(2026, 3, 5))
    return path


def test_handout_pages(handout: Path) -> None:
    pages = _pages(handout)
    assert len(pages) > 3
    cover = pages[0]
    assert cover.startswith(_squash("Spine lecture"))
    assert _squash("2026-03-05") in cover
    assert _squash(f"PainRef {__version__} · content 2026.11.1") in cover
    assert _squash(DISCLAIMER) in cover
    # The contents list the items in order, each with the page it starts on.
    starts = [
        next(
            i
            for i, page in enumerate(pages, start=1)
            if _squash(f"Spine lecture · {n} of 3") in page
        )
        for n in (1, 2, 3)
    ]
    assert starts == sorted(starts)
    assert starts[0] == 2
    kinds = ["Topic", "Topic", "Comparison"]
    expected = "".join(
        f"{n}.{_squash(title)}·{kind}{start}"
        for n, (title, kind, start) in enumerate(zip(TITLES, kinds, starts, strict=True), start=1)
    )
    assert "ContentsPage" + expected + "Eachitem" in cover
    assert _squash(TITLES[0]) in pages[starts[0] - 1]
    assert _squash(TITLES[1]) in pages[starts[1] - 1]
    assert (
        _squash("Comparison Alpha injection · Gamma stimulator · Beta therapy")
        in pages[starts[2] - 1]
    )


def test_each_item_with_a_value_and_its_references(handout: Path) -> None:
    pages = _pages(handout)
    text = "".join(pages)
    items = [text.index(_squash(f"Spine lecture · {n} of 3")) for n in (1, 2, 3)]
    alpha, gamma, comparison = (
        text[a:b] for a, b in zip(items, [*items[1:], len(text)], strict=True)
    )
    assert _squash("5 minutes") in alpha
    assert _squash("Source A on injections") in alpha
    assert _squash("Electrodes and a battery") in gamma
    assert _squash("Source B on devices") in gamma
    assert _squash("Source A on injections") not in gamma
    for value in (
        "Side by side",
        "Weeks to months",
        "Quick relief",
        "Conservative care",
        "Beta therapy",
    ):
        assert _squash(value) in comparison, value
    assert _squash("Source C without a URL") in comparison


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


def test_a4_portrait_with_the_chart_drawn(handout: Path) -> None:
    reader = PdfReader(str(handout))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
    comparison = next(
        page
        for page in reader.pages
        if _squash("Spine lecture · 3 of 3") in _squash(page.extract_text() or "")
    )
    assert len(comparison.images) == 1
    assert reader.metadata is not None
    assert reader.metadata.title == "Spine lecture"


def test_two_comparisons_each_get_their_chart(
    qapp: QApplication, small_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "two.pdf"
    export_handout_pdf(
        small_library,
        ["compare:alpha-injection,gamma-stimulator", "compare:beta-therapy,alpha-injection"],
        path,
        "Charts",
    )
    reader = PdfReader(str(path))
    images = [len(page.images) for page in reader.pages]
    assert sum(images) == 2
    pages = _pages(path)
    starts = [i for i, page in enumerate(pages) if re.search(r"Charts·\dof2", page)]
    assert len(starts) == 2
    assert [images[i] for i in starts] == [1, 1]
    assert _squash(date.today().isoformat()) in pages[0]


@pytest.fixture(scope="module")
def long_handout(real_library: Library) -> list[str]:
    """Real pages and four-topic comparisons: long tables, many headings, page breaks."""
    topics = [t.id for t in real_library.topics(include_tools=False)]
    return [
        *(p.id for p in real_library.all_pages()[:8]),
        *(f"compare:{','.join(topics[i : i + 4])}" for i in (0, 8)),
    ]


def _writer(tmp_path: Path) -> QPdfWriter:
    """The PDF writer a handout is laid out for (nothing is painted, no file written)."""
    return pdf_writer(tmp_path / "unused.pdf", title="Long")


def _line_bottom(document: QTextDocument, block: QTextBlock, line: int) -> float:
    lines = block.layout()
    assert lines.lineCount() > 0, block.text()  # every block laid out, none left unpainted
    rect = document.documentLayout().blockBoundingRect(block)
    found = lines.lineAt(line if line >= 0 else lines.lineCount() - 1)
    return rect.top() + found.y() + found.height() - 1


def test_layout_keeps_rows_and_headings_whole(
    qapp: QApplication, real_library: Library, long_handout: list[str], tmp_path: Path
) -> None:
    parts = build_handout(real_library, long_handout, title="Long", date="d")
    documents, page = paginate(parts.page, {}, _writer(tmp_path))
    assert len(documents) == len(long_handout) + 1
    starts = [1 + sum(d.pageCount() for d in documents[:n]) for n in range(1, len(documents))]
    assert list(page.item_pages) == starts
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
                and fmt.fontPointSize() >= 12.5
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
    assert moved_tables > 0  # the handout needed some rows moved, or this proves nothing


def test_long_handout_loses_nothing(
    qapp: QApplication, real_library: Library, long_handout: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "long.pdf"
    export_handout_pdf(real_library, long_handout, path, "Long")
    text = "".join(_pages(path))
    parts = build_handout(real_library, long_handout, title="Long", date="d")
    headings = re.findall(r'<p class="h[123]">(.*?)</p>', parts.html)
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
    assert _squash("Treatment options, least to most invasive") in pages[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "home"]
