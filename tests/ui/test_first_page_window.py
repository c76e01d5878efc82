"""The window's first frame shows the cached page; loading the rest adopts it (or draws it
afresh when it no longer matches)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.first_page import CachedPage
from painref.pages import PageService
from painref.search.service import SearchService
from painref.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory


def cached_from(window: MainWindow) -> CachedPage:
    drawn = window.navigation.drawn
    assert drawn is not None
    return drawn.cached(window.content_status())


def shell(qtbot: QtBot, settings_path: Path, page: CachedPage) -> MainWindow:
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = MainWindow(None, None, settings, debounce_ms=0)
    qtbot.addWidget(window)
    window.restore_geometry()
    window.show_cached(page)
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture
def drawn_page(make_window: WindowFactory, small_library: Library) -> CachedPage:
    first = make_window()
    page_id = small_library.topics(include_tools=False)[0].id
    first.show_page(page_id)
    page = cached_from(first)
    first.close()
    return page


def test_the_shell_shows_the_cached_page_before_any_content_is_loaded(
    qtbot: QtBot, settings_path: Path, drawn_page: CachedPage
) -> None:
    window = shell(qtbot, settings_path, drawn_page)
    assert not window.is_complete
    assert window.windowTitle() == f"{drawn_page.title} - PainRef"
    assert drawn_page.title in window.view.toPlainText()
    assert window.content_label.text() == drawn_page.status
    assert window.current_location is None
    window.close()  # closing a shell saves its geometry and nothing it has not loaded


def test_loading_adopts_the_cached_page_without_drawing_it_again(
    qtbot: QtBot,
    settings_path: Path,
    small_library: Library,
    drawn_page: CachedPage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = shell(qtbot, settings_path, drawn_page)
    rendered: list[object] = []
    original = PageService.render

    def spy(self: PageService, location: object, **kwargs: object) -> object:
        rendered.append(location)
        return original(self, location, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PageService, "render", spy)
    window.complete(small_library, SearchService(small_library), shown=drawn_page)
    assert rendered == []
    assert window.current_location == drawn_page.location
    assert window.outline.sections.currentIndex() == 0  # "Top of the page", as scrolled
    assert window.actions_by_id["nav.back"].isEnabled() is False
    window.show_home()  # and it is in the history like any page
    window.navigation.go(-1)
    assert window.current_location == drawn_page.location


def test_a_cached_page_drawn_in_other_colours_is_drawn_afresh(
    qtbot: QtBot, settings_path: Path, small_library: Library, drawn_page: CachedPage
) -> None:
    stale = drawn_page._replace(html="<p>stale copy</p>", check={**drawn_page.check, "theme": []})
    window = shell(qtbot, settings_path, stale)
    window.complete(small_library, SearchService(small_library), shown=stale)
    assert window.current_location == drawn_page.location
    assert "stale copy" not in window.view.toPlainText()
    assert drawn_page.title in window.view.toPlainText()


def test_a_cached_page_of_other_content_is_drawn_afresh(
    qtbot: QtBot, settings_path: Path, small_library: Library, drawn_page: CachedPage
) -> None:
    stale = drawn_page._replace(
        html="<p>old content</p>", check={**drawn_page.check, "content": ["0"]}
    )
    window = shell(qtbot, settings_path, stale)
    window.complete(small_library, SearchService(small_library), shown=stale)
    assert "old content" not in window.view.toPlainText()


def test_pages_drawn_before_a_redraw_are_not_kept_for_the_next_start(
    make_window: WindowFactory, small_library: Library
) -> None:
    window = make_window()
    first, second = (t.id for t in small_library.topics(include_tools=False)[:2])
    window.show_page(first)
    window.show_page(second)
    assert [d.location for d in window.navigation.keepable()] == [second, first]
    window.set_zoom(150)  # a redraw: what was drawn before is in the old size
    assert [d.location for d in window.navigation.keepable()] == [second]


def test_a_long_page_shows_its_opening_first_and_all_of_it_once_loaded(
    qtbot: QtBot, settings_path: Path, small_library: Library, drawn_page: CachedPage
) -> None:
    sections = "".join(
        f'<p class="h2"><a name="sec-{n}"></a>Part {n}</p><p>{"words " * 1500}</p>'
        for n in range(1, 5)
    )
    long_page = drawn_page._replace(
        html=f"<html><body><h1>{drawn_page.title}</h1>{sections}</body></html>"
    )
    window = shell(qtbot, settings_path, long_page)
    assert window.showing_head
    assert "Part 2" in window.view.toPlainText()
    assert "Part 3" not in window.view.toPlainText()
    window.complete(small_library, SearchService(small_library), shown=long_page)
    assert not window.showing_head
    assert "Part 4" in window.view.toPlainText()
    assert window.current_location == drawn_page.location
