"""Every diagram parses as SVG and is drawn, legibly, in each theme; the page view shows it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, QSize, QUrl
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from pytestqt.qtbot import QtBot

from painref.content.builder import build_database
from painref.content.diagrams import TOKENS
from painref.content.library import Library
from painref.render.contexts import Theme
from painref.render.diagrams import palette, themed_svg
from painref.search.service import SearchService
from painref.ui.appearance import HIGH_CONTRAST_THEME
from painref.ui.export import svg_to_image
from painref.ui.main_window import MainWindow

from ..conftest import REAL_DATA

FIXTURE = Path(__file__).parents[1] / "content" / "fixtures" / "diagrams"

DIAGRAMS = sorted((REAL_DATA / "diagrams").glob("*.svg"))
THEMES = {
    "light": Theme(),
    "dark": Theme(text="#e6e6e6", background="#1e1e1e", muted="#a0a0a0", accent="#8cc4ff"),
    "high-contrast": HIGH_CONTRAST_THEME,
}
REQUIRED = {
    "epidural-interlaminar",
    "epidural-transforaminal",
    "epidural-caudal",
    "medial-branch",
    "sacroiliac-joint",
    "genicular-nerves",
    "stellate-ganglion",
    "celiac-plexus",
    "spinal-cord-stimulator",
    "intrathecal-pump",
}
"""The core procedures issue 17 names."""


def test_the_core_procedures_have_diagrams() -> None:
    assert {p.stem for p in DIAGRAMS} >= REQUIRED


def _differing(a: QImage, b: QImage) -> int:
    """Pixels (on a grid) that differ between two drawings of the same size."""
    return sum(
        a.pixel(x, y) != b.pixel(x, y)
        for y in range(0, a.height(), 2)
        for x in range(0, a.width(), 2)
    )


def _draw(svg: str, height: int) -> QImage:
    return svg_to_image(svg, QSize(400, height), 1.0)


@pytest.mark.parametrize("theme_name", list(THEMES))
@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.stem for p in DIAGRAMS])
def test_each_diagram_renders_in_each_theme(qapp: object, path: Path, theme_name: str) -> None:
    theme = THEMES[theme_name]
    svg = themed_svg(path.read_text(encoding="utf-8"), theme)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    assert renderer.isValid(), path.name
    assert renderer.defaultSize().width() == 800
    height = round(400 * renderer.defaultSize().height() / 800)
    image = _draw(svg, height)
    colours = palette(theme)
    # Lines and labels in the theme's text colour, and the target in its own, are there to
    # see: drawing either in the background colour instead changes the picture.
    for token, least in (("ink", 200), ("target", 20)):
        hidden = svg.replace(colours[token], theme.background)
        assert _differing(image, _draw(hidden, height)) > least, f"{path.name}: {token}"
    if theme_name != "light":
        # Nothing is left in the light theme's colours (a dark line on a dark ground).
        for token in ("ink", "muted", "bone", "target", "needle"):
            assert TOKENS[token] not in svg, f"{path.name}: light {token} in {theme_name}"


def test_the_page_view_draws_a_page_s_diagram(
    qtbot: QtBot, test_data_copy: Path, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURE, test_data_copy / "diagrams")
    build_database(test_data_copy, tmp_path / "db.sqlite")
    library = Library.open(tmp_path / "db.sqlite")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, SearchService(library), settings, debounce_ms=0)
    qtbot.addWidget(window)
    window.show()
    window.show_page("alpha-injection")
    image = window.view.loadResource(2, QUrl("diagram:alpha-target"))
    assert isinstance(image, QImage) and not image.isNull()
    # Drawn as wide as the page names it, sharp on a high-density screen.
    html = window.view.toHtml()
    assert "diagram:alpha-target" in html
    assert image.width() >= 2 * 320
    window.close()
    library.close()
