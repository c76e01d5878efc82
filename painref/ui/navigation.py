"""Navigation: which location is shown, back and forward, and drawing it in the page view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from painref.errors import PainRefError, UnknownTopicError
from painref.location import Location
from painref.pages import PageService
from painref.render.diagrams import figure_width
from painref.render.theme import Theme
from painref.ui import messages
from painref.ui.history import HOME, History
from painref.ui.outline_bar import JUMP_SHORTCUT, OutlineBar

if TYPE_CHECKING:
    from painref.content.library import TopicSummary
    from painref.first_page import CachedPage
    from painref.ui.main_window import MainWindow

HISTORY_MENU_LENGTH = 15
MAX_KEPT = 24
"""Pages kept for the next start's first frame (first_page.MAX_PAGES)."""


@dataclass(frozen=True)
class Drawn:
    """The page in the view as it was drawn: what the next start's first frame can show."""

    location: str
    title: str
    html: str
    measure_pt: float | None
    outline: tuple[tuple[str, str], ...]
    images: tuple[str, ...]
    look: dict[str, object]
    scrolls: bool = False
    """The page was longer than the view when it was drawn."""

    def cached(self, status: str) -> CachedPage:
        """This page as the next start's first frame keeps it (status: the status bar's
        content line)."""
        from painref.first_page import CachedPage

        return CachedPage(
            self.location,
            self.title,
            self.html,
            self.measure_pt,
            self.outline,
            self.images,
            status,
            self.look,
            self.scrolls,
        )


def _look(theme: Theme, width: int, pages: PageService) -> dict[str, object]:
    """What a page was drawn with beyond the first frame's cache key: its colours and text
    size, the diagrams' width and the content's source (JSON-comparable)."""
    meta = pages.library.meta
    return {
        "theme": [str(v) for v in theme],
        "figure_width": width,
        "content": [meta.content_version, meta.source_hash, meta.build_time],
    }


class Navigation(QObject):
    """Shows locations in the window's page view and keeps the back/forward history.

    Signals:
        shown(str, str, bool): a location is on screen: its stored form, its title, and
            whether it was recorded as a new visit (not back, forward or a redraw).
    """

    shown = Signal(str, str, bool)

    def __init__(
        self,
        window: MainWindow,
        pages: PageService,
        theme: Callable[[], Theme],
        recent: Callable[[], Sequence[TopicSummary | str]],
    ) -> None:
        super().__init__(window)
        self._window = window
        self.pages = pages
        self._theme = theme
        self._recent = recent
        self._history = History()
        self._returns: list[int] = []
        """Scroll positions an in-page jump (a citation, the outline) left, newest last."""
        self.current: str | None = None
        self.drawn: Drawn | None = None
        """The page in the view, as drawn (the window keeps it for its next first frame)."""
        self._kept: dict[str, tuple[int, Drawn]] = {}
        """Pages drawn since the last redraw (a new note, zoom, theme...), oldest first."""
        self._generation = 0
        self.only_differences = False
        self._build_outline()
        self._connect_signals()

    def _build_outline(self) -> None:
        """The outline bar above the page, and Ctrl+J to open its list."""
        window = self._window
        self.outline: OutlineBar = window.outline  # built with the window's shell
        action = QAction("&Jump to section…", window)
        action.setShortcut(QKeySequence(JUMP_SHORTCUT))
        action.setToolTip(f"Jump to a section of this page ({JUMP_SHORTCUT})")
        action.triggered.connect(self.outline.open)
        window.addAction(action)
        window.actions_by_id.setdefault("view.outline", action)
        self.outline.jump_requested.connect(self._on_jump_requested)
        window.view.section_changed.connect(self.outline.set_current)
        window.view.jumped.connect(self._on_jumped)

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        a["nav.back"].triggered.connect(lambda: self.go(-1))
        a["nav.forward"].triggered.connect(lambda: self.go(1))
        a["nav.home"].triggered.connect(lambda: self.show(HOME))
        self._window.sidebar.topic_activated.connect(self.show)
        self._window.view.page_requested.connect(self.show)

    def add_history_menus(self, toolbar: QToolBar) -> None:
        """Give the toolbar's Back and Forward buttons a menu of the pages behind and ahead."""
        for action_id, entries in (
            ("nav.back", self._history.back_list),
            ("nav.forward", self._history.forward_list),
        ):
            action = self._window.actions_by_id[action_id]
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                menu = QMenu(button)
                menu.aboutToShow.connect(lambda m=menu, e=entries: self._fill_menu(m, e()))
                button.setMenu(menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
                button.setAccessibleName(action.text().replace("&", ""))

    def show(self, location: str, *, record: bool = True, keep_scroll: bool = False) -> None:
        """Show a location (home, a page id, "compare:a,b"); record it as a visit unless not."""
        window = self._window
        theme = self._theme()
        width = figure_width(window.view.viewport().width(), theme)
        try:
            page = self.pages.render(
                location,
                theme=theme,
                interactive=True,
                only_differences=self.only_differences,
                recent=self._recent(),
                figure_width=width,
            )
        except UnknownTopicError as exc:
            window.statusBar().showMessage(str(exc), 5000)
            return
        except PainRefError as exc:
            messages.critical(window, "PainRef", str(exc))
            return
        if page.charts or page.images:
            from painref.ui.images import page_images

            for name, image in page_images(page, width).items():
                window.view.set_image(name, image)
        measure = None if page.location.is_comparison else theme.base_pt
        window.view.show_html(page.html, keep_scroll=keep_scroll, measure_pt=measure)
        window.showing_head = False
        self.outline.set_sections(page.outline)
        self.outline.set_current(window.view.current_section())
        self.drawn = Drawn(
            str(page.location),
            page.title,
            page.html,
            measure,
            tuple((s.anchor, s.title) for s in page.outline),
            tuple(page.images) + tuple(page.charts),
            _look(theme, width, self.pages),
            window.view.verticalScrollBar().maximum() > 0,
        )
        self._keep(self.drawn)
        self._now_showing(page.location, page.title, record)

    def _keep(self, drawn: Drawn) -> None:
        if drawn.location == HOME:
            return  # it lists the pages read recently, which change as the reader goes on
        self._kept.pop(drawn.location, None)
        self._kept[drawn.location] = (self._generation, drawn)
        while len(self._kept) > MAX_KEPT:
            self._kept.pop(next(iter(self._kept)))

    def keepable(self) -> list[Drawn]:
        """The pages that can be drawn from the cache at the next start: the page shown,
        then those drawn since the last redraw, newest first."""
        pages = [self.drawn] if self.drawn is not None else []
        for generation, drawn in reversed(self._kept.values()):
            if generation == self._generation and drawn is not self.drawn:
                pages.append(drawn)
        return pages

    def _now_showing(self, location: Location, title: str, record: bool) -> None:
        window = self._window
        self._returns.clear()
        shown = str(location)
        self.current = shown
        if record:
            self._history.visit(shown)
        window.setWindowTitle("PainRef" if shown == HOME else f"{title} - PainRef")
        window.sidebar.select_topic(str(location) if location.is_local else location.page_id)
        self._update_actions()
        self.shown.emit(shown, title, record)

    def adopt(self, page: CachedPage) -> None:
        """Take the cached page the window's first frame shows as the page shown, without
        drawing it again; when anything it was drawn with has changed since (the palette's
        colours, the diagrams' width, the content), draw it afresh instead."""
        theme = self._theme()
        view = self._window.view
        # Pages are drawn for the view's width before they show: without the scroll bar
        # that a long page then brings. Either width is the width the page was drawn at.
        bar = view.verticalScrollBar()
        widths = {view.viewport().width(), view.viewport().width() + bar.width()}
        check = dict(page.check)
        drawn_at = check.get("figure_width")
        fits = drawn_at in {figure_width(w, theme) for w in widths}
        try:
            location = Location.parse(page.location)
            current = fits and check == _look(theme, int(str(drawn_at)), self.pages)
        except (PainRefError, ValueError):
            current = False
        rest = None
        if current and self._window.showing_head:  # the diagrams further down the page
            from painref.ui.first_frame import cached_images

            rest = cached_images(page, have=[n for n in page.images if view.image(n)])
            current = rest is not None
        if not current:
            self.show(page.location)
            return
        for name, image in (rest or {}).items():
            view.set_image(name, image)  # type: ignore[arg-type]
        self.drawn = Drawn(
            page.location,
            page.title,
            page.html,
            page.measure_pt,
            page.outline,
            page.images,
            dict(page.check),
            page.scrolls,
        )
        self._keep(self.drawn)
        view = self._window.view
        if self._window.showing_head:  # the first frame drew the page's opening only
            top = view.verticalScrollBar().value()
            view.show_html(page.html, measure_pt=page.measure_pt)
            view.verticalScrollBar().setValue(top)
            self._window.showing_head = False
        else:
            view.map_page()  # the first frame left it for now
        self.outline.set_current(view.current_section())  # laid out by now
        self._now_showing(location, page.title, True)

    def redraw(self) -> None:
        """Draw the location shown again (new colours, zoom or rows), where it was scrolled."""
        self._generation += 1  # pages drawn before may be out of date now
        if self.current is not None:
            self.show(self.current, record=False, keep_scroll=True)

    def show_comparison(self, ids: Sequence[str]) -> None:
        """Show ids side by side (2 to 4), as a new history entry."""
        from painref.content.comparison import check_ids

        try:
            check_ids(list(ids))
        except PainRefError as exc:
            self._window.statusBar().showMessage(str(exc), 6000)
            return
        self.show(str(Location.comparison(list(ids))))

    def current_ids(self) -> list[str]:
        """The columns of the comparison shown; none for any other page."""
        location = Location.parse(self.current or "")
        return list(location.ids) if location.is_comparison else []

    def showing_page(self) -> bool:
        """Something other than the home page is shown."""
        return bool(self.current and self.current != HOME)

    def title(self, location: str) -> str:
        return self.pages.title(location)

    def go(self, offset: int) -> None:
        """Back (negative) or forward (positive) through the history; Back first returns
        to where an in-page jump left the reader."""
        if offset < 0 and self._returns:
            self._window.view.verticalScrollBar().setValue(self._returns.pop())
            self._update_actions()
            return
        location = self._history.go(offset)
        if location is not None:
            self.show(location, record=False)

    def _update_actions(self) -> None:
        a = self._window.actions_by_id
        a["nav.back"].setEnabled(bool(self._returns) or self._history.can_go_back())
        a["nav.forward"].setEnabled(self._history.can_go_forward())

    def _on_jump_requested(self, anchor: str) -> None:
        view = self._window.view
        if anchor:
            view.jump_to(anchor)
        else:
            before = view.verticalScrollBar().value()
            view.verticalScrollBar().setValue(0)
            self._on_jumped(before)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_jumped(self, left_at: int) -> None:
        """An in-page jump: Back returns to where the reader was."""
        self._returns.append(left_at)
        self._update_actions()
        self._window.statusBar().showMessage("Alt+Left returns to where you were reading.", 4000)

    def _fill_menu(self, menu: QMenu, entries: list[tuple[int, str]]) -> None:
        menu.clear()
        for offset, location in entries[:HISTORY_MENU_LENGTH]:
            action = menu.addAction(self.title(location))
            action.triggered.connect(lambda _=False, o=offset: self.go(o))
