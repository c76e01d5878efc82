"""The main window: sidebar, page, toolbar with navigation and search, status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from painref import __version__
from painref.content.library import Library, TopicSummary
from painref.errors import PainRefError, UnknownTopicError
from painref.render.contexts import DISCLAIMER, HomePage, Theme, TopicPage
from painref.render.pages import render_home, render_topic
from painref.search.service import SearchService
from painref.store.user import UserData

if TYPE_CHECKING:
    from painref.render.slides import Slide
    from painref.store.lecture_sets import LectureSetStore
    from painref.ui.presentation import PresentationView
from painref.ui.actions import ACTIONS

if TYPE_CHECKING:
    from painref.ui.find_bar import FindBar
    from painref.ui.results import ResultsPanel
from painref.ui import messages
from painref.ui.appearance import Appearance, page_theme
from painref.ui.appearance import apply as apply_appearance
from painref.ui.detail import TopicView, next_zoom
from painref.ui.history import HOME, History
from painref.ui.models import TOPIC_ID_ROLE, build_tree
from painref.ui.search_box import DEFAULT_DEBOUNCE_MS, SearchBox
from painref.ui.settings_dialog import SettingsDialog
from painref.ui.sidebar import Sidebar
from painref.ui.user_panels import PageListPanel

T = TypeVar("T")
RECENT_LIMIT = 8
DEFAULT_SIZE = QSize(1180, 780)
FRAME_ALLOWANCE = 8  # pixels a window manager's frame may add on each side
TITLE_ALLOWANCE = 48  # and its title bar with the frame, above and below
COMPARE_PREFIX = "compare:"
RECENT_SEARCHES = 10
SEARCH_LIMIT = 30


class MainWindow(QMainWindow):
    """The PainRef window.

    Signals:
        page_shown(str): a location ("home" or a page id) is now on screen.
    """

    page_shown = Signal(str)

    def __init__(
        self,
        library: Library,
        search: SearchService,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEFAULT_DEBOUNCE_MS,
        user: UserData | None = None,
    ) -> None:
        super().__init__(parent)
        self._user = user or UserData.unavailable("the user database was not opened")
        self._session_recent: list[str] = []
        self.presentation: PresentationView | None = None
        self._library = library
        self._search = search
        self._settings = settings
        self._history = History()
        self._zoom = _int(settings.value("view/zoom", 100), 100)
        self._appearance = Appearance.load(settings)
        self._current: str | None = None
        self._tray: list[str] = []
        self._only_differences = False

        self.setWindowTitle("PainRef")
        self.setObjectName("MainWindow")
        self.sidebar = Sidebar(build_tree(library), self)
        self.sidebar.setObjectName("Sidebar")
        self.view = TopicView(self)
        self.view.setObjectName("TopicView")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.bookmarks_panel = PageListPanel(
            "Bookmarks",
            "No bookmarks yet. Press Ctrl+D on a page to keep it here.",
            "Remove bookmark",
            self,
        )
        self.history_panel = PageListPanel(
            "Recently viewed",
            "Pages you open are listed here, newest first.",
            "Remove from history",
            self,
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("SidebarTabs")
        self.tabs.setAccessibleName("Sidebar")
        self.tabs.addTab(self.sidebar, "Topics")
        self.tabs.addTab(self.bookmarks_panel, "Bookmarks")
        self.tabs.addTab(self.history_panel, "History")
        self.left = QStackedWidget(self)
        self.left.setObjectName("LeftPane")
        self.left.addWidget(self.tabs)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.view)
        self._right_layout = right_layout
        self._find_bar: FindBar | None = None
        self._results: ResultsPanel | None = None
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([310, 870])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.search_field = SearchBox(self, debounce_ms=debounce_ms)
        self.search_field.setObjectName("SearchField")
        self.search_field.setMinimumWidth(360)
        self.search_field.set_recent(_str_list(settings.value("search/recent")))

        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._connect_signals()
        self._build_user_data_state()
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.sidebar.tree.viewport().installEventFilter(self)

    # -- building --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        for spec in ACTIONS:
            action = QAction(spec.text, self)
            action.setObjectName(spec.id)
            shortcuts: list[QKeySequence] = []
            for shortcut in spec.shortcuts:
                if isinstance(shortcut, QKeySequence.StandardKey):
                    keys = QKeySequence.keyBindings(shortcut)
                else:
                    keys = [QKeySequence(shortcut)]
                # A key bound twice is ambiguous to Qt, which then fires neither binding.
                seen = {k.toString() for k in shortcuts}
                shortcuts += [k for k in keys if not k.isEmpty() and k.toString() not in seen]
            action.setShortcuts(shortcuts)
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
            self.addAction(action)
            self.actions_by_id[spec.id] = action
        self.actions_by_id["page.bookmark"].setCheckable(True)
        self.actions_by_id["view.sidebar"].setCheckable(True)
        self.actions_by_id["view.sidebar"].setChecked(True)
        self._update_compare_action()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Navigation", self)
        toolbar.setObjectName("NavigationToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action_id in ("nav.back", "nav.forward", "nav.home"):
            toolbar.addAction(self.actions_by_id[action_id])
        for action_id, slot in (
            ("nav.back", self._fill_back_menu),
            ("nav.forward", self._fill_forward_menu),
        ):
            button = toolbar.widgetForAction(self.actions_by_id[action_id])
            if isinstance(button, QToolButton):
                menu = QMenu(button)
                menu.aboutToShow.connect(slot)
                button.setMenu(menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
                button.setAccessibleName(self.actions_by_id[action_id].text().replace("&", ""))
        toolbar.addSeparator()
        toolbar.addWidget(self.search_field)
        toolbar.addSeparator()
        toolbar.addAction(self.actions_by_id["compare.open"])
        toolbar.addAction(self.actions_by_id["view.present"])
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for title, ids in (
            (
                "&File",
                (
                    "file.print",
                    "file.export_pdf",
                    "file.export_html",
                    None,
                    "app.settings",
                    None,
                    "app.quit",
                ),
            ),
            ("&Compare", ("compare.open", "compare.add", "compare.clear")),
            (
                "&Bookmarks",
                (
                    "page.bookmark",
                    None,
                    "bookmarks.export",
                    "bookmarks.import",
                    None,
                    "history.clear",
                ),
            ),
            ("&Go", ("nav.back", "nav.forward", "nav.home", None, "search.focus")),
            ("&Edit", ("find.open", "find.next", "find.previous", None, "edit.copy_references")),
            (
                "&View",
                (
                    "view.zoom_in",
                    "view.zoom_out",
                    "view.zoom_reset",
                    None,
                    "view.sidebar",
                    "view.focus_next",
                    "view.focus_previous",
                ),
            ),
            ("&Lecture sets", ()),
            ("&Help", ("help.about",)),
        ):
            menu = bar.addMenu(title)
            if title == "&Lecture sets":
                self.lecture_menu = menu
                menu.aboutToShow.connect(self._fill_lecture_menu)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_id[action_id])

    def _build_status_bar(self) -> None:
        meta = self._library.meta
        pages = len(self._library.topics())
        conditions = len(self._library.conditions())
        self.content_label = QLabel(
            f"Content {meta.content_version} · {pages} topics, {conditions} conditions · "
            "educational reference",
            self,
        )
        self.content_label.setAccessibleName("Content version")
        self.zoom_label = QLabel(self)
        self.zoom_label.setAccessibleName("Zoom level")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.statusBar().addWidget(self.content_label)
        self._update_zoom_label()

    def _connect_signals(self) -> None:
        a = self.actions_by_id
        a["nav.back"].triggered.connect(lambda: self._go(-1))
        a["nav.forward"].triggered.connect(lambda: self._go(1))
        a["nav.home"].triggered.connect(self.show_home)
        a["search.focus"].triggered.connect(self.focus_search)
        # The find bar and the results list are built when first needed, off start-up.
        a["find.open"].triggered.connect(lambda: self.find_bar.open())
        a["find.next"].triggered.connect(lambda: self.find_bar.find_next())
        a["find.previous"].triggered.connect(lambda: self.find_bar.find_previous())
        a["view.focus_next"].triggered.connect(lambda: self._cycle_focus(1))
        a["view.focus_previous"].triggered.connect(lambda: self._cycle_focus(-1))
        a["view.zoom_in"].triggered.connect(lambda: self.set_zoom(next_zoom(self._zoom, 1)))
        a["view.zoom_out"].triggered.connect(lambda: self.set_zoom(next_zoom(self._zoom, -1)))
        a["view.zoom_reset"].triggered.connect(lambda: self.set_zoom(100))
        a["view.sidebar"].toggled.connect(self.sidebar.setVisible)
        a["app.quit"].triggered.connect(self.close)
        a["app.settings"].triggered.connect(self.open_settings)
        a["view.present"].triggered.connect(lambda: self.present())
        a["edit.copy_references"].triggered.connect(lambda: self.copy_references())
        a["lecture.manage"].triggered.connect(self.manage_lecture_sets)
        a["help.about"].triggered.connect(self._on_about_triggered)
        self.sidebar.topic_activated.connect(self.show_page)
        self.bookmarks_panel.page_activated.connect(self.show_location)
        self.history_panel.page_activated.connect(self.show_location)
        self.bookmarks_panel.remove_requested.connect(self._on_bookmarks_panel_remove_requested)
        self.history_panel.remove_requested.connect(self._on_history_panel_remove_requested)
        a["page.bookmark"].triggered.connect(self.toggle_bookmark)
        a["bookmarks.export"].triggered.connect(self._on_bookmarks_export_triggered)
        a["bookmarks.import"].triggered.connect(self._on_bookmarks_import_triggered)
        a["history.clear"].triggered.connect(self._on_history_clear_triggered)
        self.view.page_requested.connect(self.show_page)
        self.view.action_requested.connect(self._on_view_action_requested)
        a["compare.open"].triggered.connect(self._on_compare_open_triggered)
        a["compare.add"].triggered.connect(self._on_compare_add_triggered)
        a["compare.clear"].triggered.connect(self._on_compare_clear_triggered)
        a["file.print"].triggered.connect(self._on_file_print_triggered)
        a["file.export_pdf"].triggered.connect(lambda: self._export_dialog("pdf"))
        a["file.export_html"].triggered.connect(lambda: self._export_dialog("html"))
        for view in (self.sidebar.tree,):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view: self._on_list_context_menu_requested(v, pos)
            )
        self.view.external_link_clicked.connect(self._on_view_external_link_clicked)
        self.view.zoom_requested.connect(lambda step: self.set_zoom(next_zoom(self._zoom, step)))
        self.search_field.query_changed.connect(self._on_search_field_query_changed)
        self.search_field.move_selection.connect(lambda step: self.results.move_selection(step))
        self.search_field.accepted.connect(self._on_search_field_accepted)
        self.search_field.cancelled.connect(self._on_search_field_cancelled)

    # -- parts built on first use ----------------------------------------------------------

    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from painref.ui.find_bar import FindBar

            self._find_bar = FindBar(self.view, self)
            self._find_bar.setObjectName("FindBar")
            self._right_layout.addWidget(self._find_bar)
        return self._find_bar

    @property
    def results(self) -> ResultsPanel:
        if self._results is None:
            from painref.ui.results import ResultsPanel

            panel = ResultsPanel(self)
            panel.setObjectName("SearchResults")
            panel.model.set_muted_colour(self.page_theme().muted)
            panel.topic_activated.connect(self._on_results_topic_activated)
            panel.suggestion_clicked.connect(self._on_results_suggestion_clicked)
            panel.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            panel.list.customContextMenuRequested.connect(
                lambda pos: self._on_list_context_menu_requested(panel.list, pos)
            )
            self.left.addWidget(panel)
            self._results = panel
        return self._results

    # -- pages -----------------------------------------------------------------------------

    @property
    def current_location(self) -> str | None:
        return self._current

    @property
    def zoom(self) -> int:
        return self._zoom

    def show_home(self) -> None:
        self._show(HOME, record=True)

    def show_page(self, page_id: str) -> None:
        """Show a topic or condition page and record it in history."""
        self._show(page_id, record=True)

    def show_location(self, location: str) -> None:
        """Show any location: home, a page id or a comparison ("compare:a,b")."""
        self._show(location, record=True)

    def _show(self, location: str, *, record: bool, keep_scroll: bool = False) -> None:
        try:
            html, title = self._render(location)
        except UnknownTopicError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return
        except PainRefError as exc:
            messages.critical(self, "PainRef", str(exc))
            return
        self.view.show_html(html, keep_scroll=keep_scroll)
        self._current = location
        if record:
            self._history.visit(location)
            if location != HOME:
                self._remember_visit(location, title)
        self.setWindowTitle(f"{title} - PainRef" if location != HOME else "PainRef")
        self.sidebar.select_topic(None if location == HOME else location)
        self.actions_by_id["page.bookmark"].setChecked(self.is_bookmarked())
        self._update_navigation()
        self.page_shown.emit(location)

    def _render(self, location: str) -> tuple[str, str]:
        theme = self.page_theme()
        if location == HOME:
            overview = next((t for t in self._library.topics() if t.kind == "overview"), None)
            page = HomePage(
                meta=self._library.meta,
                categories=tuple(self._library.categories()),
                condition_count=len(self._library.conditions()),
                recent=tuple(self._recent_summaries()),
                overview=overview,
                last_reviewed=self._library.last_reviewed(),
                theme=theme,
            )
            return render_home(page), "Home"
        ids = compare_ids(location)
        if ids is not None:
            from painref.content.comparison import compare
            from painref.render.chart import comparison_chart
            from painref.render.contexts import ComparePage
            from painref.render.pages import render_compare
            from painref.ui.export import CHART_URL, svg_to_image

            comparison = compare(self._library, ids)
            chart = comparison_chart(comparison, theme)
            self.view.set_image(
                CHART_URL, svg_to_image(chart.svg, QSize(chart.width, chart.height))
            )
            compare_page = ComparePage(
                comparison=comparison,
                meta=self._library.meta,
                theme=theme,
                only_differences=self._only_differences,
                interactive=True,
                chart_src=CHART_URL,
            )
            return render_compare(compare_page), "Comparison"
        detail = self._library.topic(location)
        return render_topic(
            TopicPage(detail=detail, meta=self._library.meta, theme=theme, interactive=True)
        ), detail.title

    def page_theme(self) -> Theme:
        """The colours and text size pages are drawn with now."""
        return page_theme(QApplication.palette(), self._appearance, self._zoom)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self._appearance, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.appearance_changed.connect(self.set_appearance)
        self.settings_dialog = dialog
        dialog.open()

    def set_appearance(self, appearance: Appearance) -> None:
        """Apply a theme and text size to the whole app, remember them, redraw the page."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_appearance(app, appearance)
        self._appearance = appearance
        appearance.save(self._settings)
        if self._results is not None:
            self._results.model.set_muted_colour(self.page_theme().muted)
        if self._current is not None:
            self._show(self._current, record=False, keep_scroll=True)

    # -- presentation and lecture sets --------------------------------------------------------

    def slides_for(self, location: str, index: int = 0) -> tuple[str, list[Slide], dict]:
        """(title, slides, chart images) for one location; home has no slides."""
        from painref.content.comparison import compare
        from painref.render.chart import comparison_chart
        from painref.render.contexts import ComparePage
        from painref.render.slides import compare_slides, topic_slides
        from painref.ui.export import svg_to_image

        ids = compare_ids(location)
        if ids is None:
            detail = self._library.topic(location)
            page = TopicPage(detail=detail, meta=self._library.meta)
            return detail.title, topic_slides(page), {}
        comparison = compare(self._library, ids)
        chart = comparison_chart(comparison, Theme())
        name = f"chart:compare-{index}"
        compare_page = ComparePage(
            comparison=comparison,
            meta=self._library.meta,
            only_differences=self._only_differences,
            chart_src=name,
        )
        image = svg_to_image(chart.svg, QSize(chart.width, chart.height))
        return self._title_of(location), compare_slides(compare_page), {name: image}

    def present(self, locations: list[str] | None = None) -> None:
        """Present the page shown (F5), or several pages straight through."""
        locations = locations or ([self._current] if self._current else [])
        locations = [loc for loc in locations if loc and loc != HOME]
        if not locations:
            self.statusBar().showMessage("Open a topic, condition or comparison to present", 5000)
            return
        deck = []
        images: dict = {}
        for index, location in enumerate(locations):
            try:
                title, slides, charts = self.slides_for(location, index)
            except PainRefError as exc:
                self.statusBar().showMessage(str(exc), 6000)
                continue
            deck.append((title, slides))
            images.update(charts)
        if not deck:
            return
        from painref.ui.presentation import PresentationView

        view = PresentationView(parent=self)
        view.setObjectName("Presentation")
        for name, image in images.items():
            view.set_image(name, image)
        if len(deck) == 1:
            view.set_slides(deck[0][1], deck[0][0])
        else:
            view.set_deck(deck)
        view.finished.connect(self._on_presentation_finished)
        self.presentation = view
        view.start()

    def _on_presentation_finished(self) -> None:
        view = self.presentation
        if view is not None:
            view.deleteLater()
            self.presentation = None
        self.activateWindow()
        self.view.setFocus()

    def _lecture_store(self) -> LectureSetStore | None:
        return self._user.lecture_sets

    def manage_lecture_sets(self) -> None:
        from painref.ui.lecture_sets_dialog import LectureSetsDialog

        store = self._lecture_store()
        if store is None:
            messages.inform(self, "Lecture sets", self._user.problem or "")
            return
        dialog = LectureSetsDialog(store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.present_requested.connect(self.present_lecture_set)
        dialog.handout_requested.connect(self._on_lecture_handout_requested)
        self.lecture_dialog = dialog
        dialog.open()

    def add_to_lecture_set(self, set_id: int | None = None, name: str | None = None) -> None:
        """Add the page shown to a set (a new one when name is given)."""
        store, location = self._lecture_store(), self._current
        if store is None or not location or location == HOME:
            return
        title = self._title_of(location)
        try:
            if set_id is None:
                set_id = store.create(name or "Lecture").id
            lecture_set = store.add_item(set_id, location, title)
        except PainRefError as exc:
            self.statusBar().showMessage(f"Could not save the lecture set: {exc}", 8000)
            return
        self.statusBar().showMessage(
            f"Added to “{lecture_set.name}” ({len(lecture_set.items)} pages)", 5000
        )

    def present_lecture_set(self, set_id: int) -> None:
        store = self._lecture_store()
        if store is None:
            return
        try:
            locations = [item.location for item in store.get(set_id).items]
        except PainRefError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return
        # The slides go full screen in front of everything; a modal dialog left open would
        # keep the keyboard and stay on top of them (the presenter saw nothing happen).
        dialog = getattr(self, "lecture_dialog", None)
        if dialog is not None and dialog.isVisible():
            dialog.close()
        self.present(locations)

    def export_lecture_handout(self, set_id: int, path: Path) -> None:
        """Write a lecture set as one PDF handout (cover, contents, pages, references)."""
        from painref.ui.handout import export_handout_pdf

        store = self._lecture_store()
        if store is None:
            raise PainRefError(self._user.problem or "lecture sets are unavailable")
        lecture_set = store.get(set_id)
        export_handout_pdf(
            self._library, [i.location for i in lecture_set.items], path, lecture_set.name
        )

    def _on_lecture_handout_requested(self, set_id: int) -> None:
        store = self._lecture_store()
        if store is None:
            return
        name = store.get(set_id).name
        suggested = str(Path.home() / f"{_file_stem(name)}-handout.pdf")
        target, _ = QFileDialog.getSaveFileName(
            self, "Save the handout", suggested, "PDF files (*.pdf)"
        )
        if not target:
            return
        try:
            self.export_lecture_handout(set_id, Path(target))
        except PainRefError as exc:
            messages.warn(self, "Handout not saved", str(exc))
            return
        self.statusBar().showMessage(f"Saved the handout {target}", 6000)

    def _fill_lecture_menu(self) -> None:
        menu = self.lecture_menu
        menu.clear()
        store = self._lecture_store()
        showing = bool(self._current and self._current != HOME)
        for lecture_set in self._read_list("lecture sets", store.list) if store else []:
            action = menu.addAction(f"Add this page to “{lecture_set.name}”")
            action.setEnabled(showing)
            action.triggered.connect(lambda _=False, i=lecture_set.id: self.add_to_lecture_set(i))
        new = menu.addAction("Add this page to a new lecture set…")
        new.setEnabled(showing and store is not None)
        new.triggered.connect(self._on_new_lecture_set_triggered)
        menu.addSeparator()
        menu.addAction(self.actions_by_id["view.present"])
        menu.addAction(self.actions_by_id["lecture.manage"])

    def _on_new_lecture_set_triggered(self) -> None:
        name, ok = QInputDialog.getText(self, "New lecture set", "Name:")
        if ok and name.strip():
            self.add_to_lecture_set(name=name.strip())

    def copy_references(self, number: int | None = None) -> str:
        """Copy the page's references (or reference number) as text; returns what was copied."""
        from painref.render.citations import citation_text, references_text

        location = self._current
        if not location or location == HOME:
            return ""
        ids = compare_ids(location) or [location]
        if number is not None and len(ids) == 1:
            detail = self._library.topic(ids[0])
            text = next((citation_text(s) for s in detail.references if s.number == number), "")
        else:
            text = "\n".join(references_text(self._library.topic(i)) for i in ids)
        if text:
            QGuiApplication.clipboard().setText(text)
            what = "Reference" if number is not None else "References"
            self.statusBar().showMessage(f"{what} copied", 4000)
        return text

    # -- comparison ------------------------------------------------------------------------

    def show_comparison(self, ids: list[str]) -> None:
        """Show ids side by side (2 to 4), as a new history entry."""
        from painref.content.comparison import check_ids

        try:
            check_ids(ids)
        except PainRefError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return
        self._show(compare_location(ids), record=True)

    def comparison_tray(self) -> list[str]:
        return list(self._tray)

    def add_to_comparison(self, topic_id: str) -> None:
        """Remember topic_id for the next comparison (at most four)."""
        if topic_id in self._tray:
            self.statusBar().showMessage(f"{self._title_of(topic_id)} is already chosen", 4000)
            return
        from painref.content.comparison import MAX_TOPICS

        if len(self._tray) >= MAX_TOPICS:
            self.statusBar().showMessage(
                f"A comparison holds at most {MAX_TOPICS} topics; clear the choices first", 6000
            )
            return
        self._tray.append(topic_id)
        self._update_compare_action()
        titles = ", ".join(self._title_of(t) for t in self._tray)
        hint = " (Ctrl+Shift+C compares them)" if len(self._tray) >= 2 else ""
        self.statusBar().showMessage(f"Chosen for comparison: {titles}{hint}", 8000)

    def set_only_differences(self, on: bool) -> None:
        self._only_differences = on
        if self._current and compare_ids(self._current) is not None:
            self._show(self._current, record=False, keep_scroll=True)

    def pick_comparison(self, chosen: list[str]) -> None:
        """Ask which topics to compare, starting from chosen."""
        from painref.ui.compare_picker import ComparePicker

        picker = ComparePicker(self._library.topics(), chosen, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self.show_comparison(picker.chosen()))
        self.picker = picker
        picker.open()  # window-modal, without a nested event loop

    def _update_compare_action(self) -> None:
        action = self.actions_by_id["compare.open"]
        count = len(self._tray)
        action.setText(f"&Compare ({count})" if count else "&Compare")

    def _on_compare_open_triggered(self) -> None:
        if len(self._tray) >= 2:
            self.show_comparison(self._tray)
            return
        start = list(self._tray)
        current = self._current
        # Only topics can be compared: a condition page shown is not offered pre-ticked.
        if current and current not in start and self._is_topic(current):
            start.append(current)
        self.pick_comparison(start)

    def _is_topic(self, location: str) -> bool:
        return any(t.id == location for t in self._library.topics())

    def _on_compare_add_triggered(self) -> None:
        if self._current and self._is_topic(self._current):
            self.add_to_comparison(self._current)

    def _on_compare_clear_triggered(self) -> None:
        self._tray.clear()
        self._update_compare_action()
        self.statusBar().showMessage("Comparison choices cleared", 4000)

    def _on_view_action_requested(self, action: str, argument: str) -> None:
        ids = compare_ids(self._current or "") or []
        if action in ("copy-refs", "copy-ref"):
            self.copy_references(_int(argument, 0) if action == "copy-ref" else None)
        elif action == "compare":
            self.show_comparison([a for a in argument.split(",") if a])
        elif action == "compare-with":
            self.pick_comparison([argument])
        elif action == "compare-tray":
            self.add_to_comparison(argument)
        elif action == "compare-add":
            self.pick_comparison(ids)
        elif action == "compare-diff":
            self.set_only_differences(argument == "on")
        elif action == "compare-remove" and ids:
            column = _int(argument, -1)
            if 0 <= column < len(ids):
                self.show_comparison(ids[:column] + ids[column + 1 :])
        elif action == "compare-move" and ids:
            first, _, step = argument.partition("/")
            i, j = _int(first, -1), _int(first, -1) + _int(step, 0)
            if 0 <= i < len(ids) and 0 <= j < len(ids) and i != j:
                ids[i], ids[j] = ids[j], ids[i]
                self.show_comparison(ids)

    def _on_list_context_menu_requested(self, view: QAbstractItemView, pos: QPoint) -> None:
        topic_id = view.indexAt(pos).data(TOPIC_ID_ROLE)
        if topic_id:
            self.page_menu(str(topic_id), view).exec(view.viewport().mapToGlobal(pos))

    def page_menu(self, topic_id: str, parent: QWidget) -> QMenu:
        """The context menu of a page in the sidebar or the search results."""
        menu = QMenu(parent)
        menu.addAction("Open", lambda: self.show_page(topic_id))
        if not self._library.summary(topic_id).is_condition:
            menu.addAction("Add to comparison", lambda: self.add_to_comparison(topic_id))
            menu.addAction("Compare with…", lambda: self.pick_comparison([topic_id]))
        return menu

    # -- print and export --------------------------------------------------------------------

    def export_current(self, path: Path, kind: str) -> None:
        """Write the page shown to path as "pdf" or "html".

        Raises:
            PainRefError: the file cannot be written.
        """
        from painref.content.comparison import compare
        from painref.render.chart import comparison_chart
        from painref.render.contexts import ComparePage, Theme
        from painref.render.pages import render_compare
        from painref.ui.export import export_html, export_pdf

        location = self._current or HOME
        ids = compare_ids(location)
        if kind == "html":
            if ids is None:
                html, _ = self._render(location)
            else:
                comparison = compare(self._library, ids)
                chart = comparison_chart(comparison, Theme())
                html = render_compare(
                    ComparePage(
                        comparison=comparison,
                        meta=self._library.meta,
                        only_differences=self._only_differences,
                        chart_svg=chart.svg,
                    )
                )
            export_html(html, path)
            return
        html, landscape = self._printable()
        export_pdf(
            html,
            path,
            landscape=landscape,
            title=self._title_of(location),
            images=self._printable_images(),
        )

    def _printable(self) -> tuple[str, bool]:
        """The page shown in light print colours, and whether it wants landscape."""
        from painref.content.comparison import compare
        from painref.render.contexts import ComparePage
        from painref.render.pages import render_compare
        from painref.ui.export import CHART_URL

        location = self._current or HOME
        ids = compare_ids(location)
        if ids is None:
            if location == HOME:
                html, _ = self._render(location)
                return html, False
            detail = self._library.topic(location)
            return render_topic(TopicPage(detail=detail, meta=self._library.meta)), False
        comparison = compare(self._library, ids)
        page = ComparePage(
            comparison=comparison,
            meta=self._library.meta,
            only_differences=self._only_differences,
            chart_src=CHART_URL,
        )
        return render_compare(page), len(ids) >= 3

    def _printable_images(self) -> dict[str, QImage]:
        from painref.content.comparison import compare
        from painref.render.chart import comparison_chart
        from painref.render.contexts import Theme
        from painref.ui.export import CHART_URL, svg_to_image

        ids = compare_ids(self._current or "")
        if ids is None:
            return {}
        chart = comparison_chart(compare(self._library, ids), Theme())
        return {CHART_URL: svg_to_image(chart.svg, QSize(chart.width, chart.height))}

    def _export_dialog(self, kind: str) -> None:
        title = self._title_of(self._current or HOME)
        suggested = str(Path.home() / f"{_file_stem(title)}.{kind}")
        filters = "PDF files (*.pdf)" if kind == "pdf" else "HTML files (*.html)"
        name, _ = QFileDialog.getSaveFileName(self, f"Export {title}", suggested, filters)
        if not name:
            return
        try:
            self.export_current(Path(name), kind)
        except PainRefError as exc:
            messages.warn(self, "Export failed", str(exc))
            return
        self.statusBar().showMessage(f"Saved {name}", 6000)

    def _on_file_print_triggered(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from painref.ui.export import configure_printer, document_for

        html, landscape = self._printable()
        document = document_for(html, self._printable_images())
        preview = QPrintPreviewDialog(self)
        configure_printer(preview.printer(), landscape=landscape)
        preview.paintRequested.connect(document.print_)
        preview.exec()

    def _go(self, offset: int) -> None:
        location = self._history.go(offset)
        if location is not None:
            self._show(location, record=False)

    def _update_navigation(self) -> None:
        self.actions_by_id["nav.back"].setEnabled(self._history.can_go_back())
        self.actions_by_id["nav.forward"].setEnabled(self._history.can_go_forward())

    def _title_of(self, location: str) -> str:
        if location == HOME:
            return "Home"
        ids = compare_ids(location)
        if ids is not None:
            return "Comparison: " + " / ".join(self._title_of(i) for i in ids)
        try:
            return self._library.summary(location).title
        except PainRefError:
            return location

    def _fill_history_menu(self, menu: QMenu, entries: list[tuple[int, str]]) -> None:
        menu.clear()
        for offset, location in entries[:15]:
            action = menu.addAction(self._title_of(location))
            action.triggered.connect(lambda _=False, o=offset: self._go(o))

    def _fill_back_menu(self) -> None:
        menu = self.sender()
        if isinstance(menu, QMenu):
            self._fill_history_menu(menu, self._history.back_list())

    def _fill_forward_menu(self) -> None:
        menu = self.sender()
        if isinstance(menu, QMenu):
            self._fill_history_menu(menu, self._history.forward_list())

    # -- bookmarks and history (the user's own database) -------------------------------------

    def _save(self, what: str, change: Callable[[], object]) -> bool:
        """Run a change to the user database; a failure is reported, never raised."""
        try:
            change()
        except PainRefError as exc:
            self.statusBar().showMessage(f"Could not save {what}: {exc}", 8000)
            return False
        return True

    def _read(self, what: str, read: Callable[[], T], default: T) -> T:
        """Read from the user database; a failure is reported and gives default."""
        try:
            return read()
        except PainRefError as exc:
            self.statusBar().showMessage(f"Could not read {what}: {exc}", 8000)
            return default

    def _read_list(self, what: str, read: Callable[[], list[T]]) -> list[T]:
        """A list from the user database; a failure is reported and gives no rows."""
        return self._read(what, read, [])

    def _remember_visit(self, location: str, title: str) -> None:
        self._session_recent = [location, *[p for p in self._session_recent if p != location]]
        history = self._user.history
        if history is not None:
            self._save("history", lambda: history.visit(location, title))
        self._refresh_history()

    def _recent_summaries(self) -> list[TopicSummary]:
        history = self._user.history
        recent = (
            [
                v.location
                for v in self._read_list("history", lambda: history.recent(RECENT_LIMIT * 2))
            ]
            if history
            else self._session_recent
        )
        pages = [p for p in recent if self._library.has(p)]
        return [self._library.summary(p) for p in pages[:RECENT_LIMIT]]

    def is_bookmarked(self, location: str | None = None) -> bool:
        bookmarks = self._user.bookmarks
        location = location or self._current
        return bool(
            bookmarks
            and location
            and self._read("bookmarks", lambda: bookmarks.contains(location), False)
        )

    def toggle_bookmark(self) -> None:
        """Bookmark the page shown, or remove its bookmark (Ctrl+D)."""
        bookmarks, location = self._user.bookmarks, self._current
        if bookmarks is None or not location or location == HOME:
            return
        title = self._title_of(location)
        if self.is_bookmarked(location):
            if self._save("the bookmark", lambda: bookmarks.remove(location)):
                self.statusBar().showMessage(f"Bookmark removed: {title}", 4000)
        elif self._save("the bookmark", lambda: bookmarks.add(location, title)):
            self.statusBar().showMessage(f"Bookmarked: {title}", 4000)
        self._refresh_bookmarks()

    def _refresh_bookmarks(self) -> None:
        bookmarks = self._user.bookmarks
        rows = [
            (b.location, b.title, f"Bookmarked {b.created[:10]}")
            for b in (self._read_list("bookmarks", bookmarks.list) if bookmarks else [])
        ]
        self.bookmarks_panel.set_pages(rows)
        self.actions_by_id["page.bookmark"].setChecked(self.is_bookmarked())

    def _refresh_history(self) -> None:
        history = self._user.history
        rows = [
            (v.location, v.title, f"Viewed {v.visited[:16].replace('T', ' ')}")
            for v in (self._read_list("history", lambda: history.recent(50)) if history else [])
        ]
        self.history_panel.set_pages(rows)

    def _on_bookmarks_panel_remove_requested(self, location: str) -> None:
        bookmarks = self._user.bookmarks
        if bookmarks is not None:
            self._save("the bookmark", lambda: bookmarks.remove(location))
        self._refresh_bookmarks()

    def _on_history_panel_remove_requested(self, location: str) -> None:
        history = self._user.history
        if history is not None:
            self._save("history", lambda: history.remove(location))
        self._refresh_history()

    def _on_history_clear_triggered(self) -> None:
        history = self._user.history
        if history is not None:
            self._save("history", history.clear)
        self._session_recent.clear()
        self._refresh_history()

    def _on_bookmarks_export_triggered(self) -> None:
        bookmarks = self._user.bookmarks
        if bookmarks is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export bookmarks",
            str(Path.home() / "painref-bookmarks.json"),
            "Bookmark files (*.json)",
        )
        if name and self._save("the bookmarks file", lambda: bookmarks.export_json(Path(name))):
            self.statusBar().showMessage(f"Bookmarks saved to {name}", 6000)

    def _on_bookmarks_import_triggered(self) -> None:
        bookmarks = self._user.bookmarks
        if bookmarks is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, "Import bookmarks", str(Path.home()), "Bookmark files (*.json)"
        )
        if not name:
            return
        try:
            added = bookmarks.import_json(Path(name))
        except PainRefError as exc:
            messages.warn(self, "Import failed", str(exc))
            return
        self._refresh_bookmarks()
        self.statusBar().showMessage(f"{added} bookmark(s) imported", 6000)

    def _build_user_data_state(self) -> None:
        """Fill the lists, and say so plainly when nothing can be saved."""
        if self._user.problem:
            label = QLabel("⚠ Bookmarks and history cannot be saved", self)
            label.setToolTip(self._user.problem)
            label.setAccessibleName("Bookmarks and history cannot be saved")
            label.setAccessibleDescription(self._user.problem)
            self.statusBar().addPermanentWidget(label)
            self.user_data_label = label
            for action_id in ("page.bookmark", "bookmarks.import", "history.clear"):
                self.actions_by_id[action_id].setEnabled(False)
                self.actions_by_id[action_id].setToolTip(self._user.problem)
        self._refresh_bookmarks()
        self._refresh_history()

    # -- zoom and focus --------------------------------------------------------------------

    def set_zoom(self, percent: int) -> None:
        if percent == self._zoom:
            return
        self._zoom = percent
        self._settings.setValue("view/zoom", percent)
        self._update_zoom_label()
        if self._current is not None:
            self._show(self._current, record=False, keep_scroll=True)

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"Zoom {self._zoom}%")

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _focus_ring(self) -> list[QWidget]:
        ring: list[QWidget] = []
        if self.sidebar.isVisible():
            ring.append(self.sidebar.tree)
        ring += [self.search_field, self.view]
        return ring

    def _cycle_focus(self, step: int) -> None:
        ring = self._focus_ring()
        focused = QGuiApplication.focusObject()
        current = next(
            (
                i
                for i, w in enumerate(ring)
                if focused is w or (isinstance(focused, QWidget) and w.isAncestorOf(focused))
            ),
            -1,
        )
        target = ring[(current + step) % len(ring)] if current >= 0 else ring[0]
        target.setFocus(Qt.FocusReason.TabFocusReason)

    # -- events ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.BackButton:
                self._go(-1)
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self._go(1)
                return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self._go(-1)
        elif event.button() == Qt.MouseButton.ForwardButton:
            self._go(1)
        else:
            super().mousePressEvent(event)

    # -- search ----------------------------------------------------------------------------

    def _on_search_field_query_changed(self, text: str) -> None:
        # The search runs in well under a frame on the bundled database, so it runs here;
        # the debounce means only the settled text is searched, and each result replaces
        # the previous one in order, so a stale result can never overwrite a newer one.
        if not text.strip():
            self.results.model.set_hits([])
            self.left.setCurrentWidget(self.tabs)
            return
        try:
            outcome = self._search.query(text, limit=SEARCH_LIMIT)
        except PainRefError as exc:  # a damaged database: say so where the results go
            self.results.show_problem(f"Search is not available: {exc}")
        else:
            self.results.show_outcome(text, outcome)
        self.left.setCurrentWidget(self.results)

    def _on_search_field_accepted(self) -> None:
        topic_id = self.results.current_topic()
        if topic_id:
            self._open_result(topic_id)

    def _on_search_field_cancelled(self) -> None:
        self.search_field.clear()
        self.left.setCurrentWidget(self.tabs)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_results_topic_activated(self, topic_id: str) -> None:
        self._open_result(topic_id)

    def _on_results_suggestion_clicked(self, suggestion: str) -> None:
        self.search_field.setText(suggestion)
        self.search_field.flush()

    def _open_result(self, topic_id: str) -> None:
        query = " ".join(self.search_field.text().split())
        if query:
            recent = [q for q in self.search_field.recent() if q.casefold() != query.casefold()]
            recent = [query, *recent][:RECENT_SEARCHES]
            self.search_field.set_recent(recent)
            self._settings.setValue("search/recent", recent)
        self.show_page(topic_id)

    def recent_searches(self) -> list[str]:
        return self.search_field.recent()

    def _on_view_external_link_clicked(self, url: QUrl) -> None:
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle("External link")
        box.setText(f"This link leads outside PainRef:\n{url.toString()}")
        box.setInformativeText(
            "PainRef never opens the network itself. Open it in your web browser, or copy it?"
        )
        open_button = box.addButton("Open in browser", QMessageBox.ButtonRole.AcceptRole)
        copy_button = box.addButton("Copy link", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(url)
        elif box.clickedButton() is copy_button:
            QGuiApplication.clipboard().setText(url.toString())

    def _on_about_triggered(self) -> None:
        meta = self._library.meta
        QMessageBox.about(
            self,
            "About PainRef",
            f"PainRef {__version__}\nContent {meta.content_version} "
            f"(built {meta.build_time})\n\n{DISCLAIMER}",
        )

    # -- state -----------------------------------------------------------------------------

    def restore_state(self) -> None:
        """Window geometry, splitter, sidebar, zoom and the last page from the settings."""
        geometry = self._settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._fit_to_screen()
        state = self._settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.actions_by_id["view.sidebar"].setChecked(
            _bool(self._settings.value("window/sidebar", True))
        )
        last = str(self._settings.value("view/last_page", HOME) or HOME)
        if last != HOME and not self._library.has(last):
            last = HOME
        self._show(last, record=True)

    def _fit_to_screen(self) -> None:
        """The first-run size: roomy on a desktop, never larger than the screen it opens on
        (a 1280x720 projector or a 1024x768 laptop shows the whole window, status bar and
        window controls included), centred on it."""
        available = self.screen().availableGeometry()
        # Room for a window manager's title bar and frame, which the geometry excludes.
        width = min(DEFAULT_SIZE.width(), available.width() - 2 * FRAME_ALLOWANCE)
        height = min(DEFAULT_SIZE.height(), available.height() - TITLE_ALLOWANCE)
        self.resize(max(width, 640), max(height, 480))
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(max(frame.left(), available.left()), max(frame.top(), available.top()))

    def save_state(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        self._settings.setValue("window/sidebar", self.actions_by_id["view.sidebar"].isChecked())
        self._settings.setValue("view/zoom", self._zoom)
        self._settings.setValue("view/last_page", self._current or HOME)
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)


def compare_location(ids: list[str] | tuple[str, ...]) -> str:
    """The history location of a comparison."""
    return COMPARE_PREFIX + ",".join(ids)


def compare_ids(location: str) -> list[str] | None:
    """The ids of a comparison location, or None for any other location."""
    if not location.startswith(COMPARE_PREFIX):
        return None
    return [i for i in location.removeprefix(COMPARE_PREFIX).split(",") if i]


def _file_stem(title: str) -> str:
    stem = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(stem.lower().split()) or "painref"


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _bool(value: object) -> bool:
    return value in (True, "true", "1", 1)


def _str_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value]
    return []
