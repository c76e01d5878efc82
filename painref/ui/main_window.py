"""The main window: builds the layout, hands the work to controllers, wires their signals.

Each concern has a controller of its own in ui/ that connects its actions itself:
navigation (what is shown, back and forward), view settings (zoom, theme), searching, the
comparison tray, references, printing and export, presentation, lecture sets, and the
user's bookmarks and history. A new panel is a widget placed here, a controller, and its
actions in ui/actions.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from painref.location import HOME_TEXT as HOME
from painref.policy import Policy
from painref.render.outline import Section
from painref.ui.actions import MENUS, TOOLBAR_END, TOOLBAR_START, bind_shortcuts, build_actions
from painref.ui.detail import TopicView
from painref.ui.left_pane import LeftPane
from painref.ui.outline_bar import OutlineBar
from painref.ui.qt_values import (
    SCROLL_BAR_ALWAYS_ON,
    SCROLL_BAR_AS_NEEDED,
    TOOL_BUTTON_TEXT_ONLY,
    set_property,
)
from painref.ui.search_box import DEFAULT_DEBOUNCE_MS, SearchBox
from painref.ui.sidebar import Sidebar
from painref.ui.user_panels import PageListPanel
from painref.ui.view_settings import ViewSettings

if TYPE_CHECKING:
    from painref.content.library import Library
    from painref.content.local_layer import LocalLayer
    from painref.first_page import CachedPage
    from painref.render.theme import Theme
    from painref.search.service import SearchService
    from painref.store.user import UserData
    from painref.ui.compare_tray import CompareTray
    from painref.ui.find_bar import FindBar
    from painref.ui.help import Help
    from painref.ui.instance import Request
    from painref.ui.lecture_sets_controller import LectureSets
    from painref.ui.navigation import Navigation
    from painref.ui.notes_controller import NotesController
    from painref.ui.pack_sync import PackSync
    from painref.ui.present_controller import Presenter
    from painref.ui.presentation import PresentationView
    from painref.ui.printing import Printing
    from painref.ui.references import References
    from painref.ui.results import ResultsPanel
    from painref.ui.search_controller import Searching
    from painref.ui.tools_controller import Tools
    from painref.ui.user_data_controller import UserDataController

DEFAULT_SIZE = QSize(1180, 780)
FRAME_ALLOWANCE = 8  # pixels a window manager's frame may add on each side
TITLE_ALLOWANCE = 48  # and its title bar with the frame, above and below


class MainWindow(QMainWindow):
    """The PainRef window.

    Signals:
        page_shown(str): a location ("home" or a page id) is now on screen.
    """

    page_shown = Signal(str)

    def __init__(
        self,
        library: Library | None,
        search: SearchService | None,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEFAULT_DEBOUNCE_MS,
        user: UserData | None = None,
        policy: Policy | None = None,
        local: LocalLayer | None = None,
        local_problem: str | None = None,
    ) -> None:
        """policy: the machine's policy file (app.py reads it); none when None. local: the
        department's local layer, when one is installed; local_problem: why the one
        installed cannot be shown (said in the status bar).

        With library None, only the window's shell is built (its layout, actions, menus
        and an empty sidebar, which import nothing beyond Qt): the app shows it with the
        cached first page at once and calls complete() after the first paint."""
        super().__init__(parent)
        self.policy = policy or Policy()
        self._settings = settings
        self._find_bar: FindBar | None = None
        self._complete = False
        self.showing_head = False
        """The view shows a cached page's opening only (show_cached); adopting it sets the
        whole page."""
        self.setWindowTitle("PainRef")
        self.setObjectName("MainWindow")
        self.actions_by_id: dict[str, QAction] = build_actions(self)
        self._build_layout(debounce_ms)
        self._build_toolbar()
        self._build_menus()
        self.view_settings = ViewSettings(self, settings, self.policy)
        self.left_pane = LeftPane(self)
        self._build_shell_status_bar()
        self._connect_shell_signals()
        if library is not None:
            self.complete(library, search, user=user, local=local, local_problem=local_problem)

    def complete(
        self,
        library: Library,
        search: SearchService | None = None,
        *,
        user: UserData | None = None,
        local: LocalLayer | None = None,
        local_problem: str | None = None,
        shown: CachedPage | None = None,
    ) -> None:
        """Load the window's content and controllers into the shell. shown: the cached
        page the shell shows, which the window adopts when it is still current."""
        from painref.pages import PageService
        from painref.search.service import SearchService
        from painref.store.user import UserData
        from painref.ui.compare_tray import CompareTray
        from painref.ui.help import Help
        from painref.ui.lecture_sets_controller import LectureSets
        from painref.ui.navigation import Navigation
        from painref.ui.notes_controller import NotesController
        from painref.ui.pack_sync import PackSync
        from painref.ui.present_controller import Presenter
        from painref.ui.printing import Printing
        from painref.ui.references import References
        from painref.ui.search_controller import Searching
        from painref.ui.tools_controller import Tools
        from painref.ui.user_data_controller import UserDataController

        bind_shortcuts(self.actions_by_id)
        self.left_pane.set_tab_tips()
        self.local = local
        self._local_problem = local_problem
        self._library = library
        user = user or UserData.unavailable("the user database was not opened")
        search = search or SearchService(library, local=local, notes=user.notes)
        self._search = search
        self.sidebar.load(library, local)
        self.navigation: Navigation = Navigation(
            self,
            PageService(
                library, site_name=self.policy.site_name or "", local=local, notes=user.notes
            ),
            theme=self.view_settings.page_theme,
            recent=lambda: self.user_data.recent_summaries(),
        )
        self.user_data: UserDataController = UserDataController(
            self, user, self.bookmarks_panel, self.history_panel
        )
        self.notes: NotesController = NotesController(self)
        self.pack_sync: PackSync = PackSync(self)
        self.compare: CompareTray = CompareTray(self)
        self.searching: Searching = Searching(self, search, self._settings)
        self.references: References = References(self)
        self.printing: Printing = Printing(self, self._settings)
        self.presenter: Presenter = Presenter(self)
        self.lectures: LectureSets = LectureSets(self, self.lecture_menu)
        self.tools: Tools = Tools(self)
        self.help: Help = Help(self)
        self.navigation.add_history_menus(self.toolbar)
        self._build_status_bar()
        self._connect_signals()
        self.user_data.start()
        self._complete = True
        if shown is not None:
            self.navigation.adopt(shown)
        set_property(self.view, "verticalScrollBarPolicy", SCROLL_BAR_AS_NEEDED)

    @property
    def search_service(self) -> SearchService:
        return self._search

    @property
    def is_complete(self) -> bool:
        """complete() has run: the window's content and controllers are loaded."""
        return self._complete

    def show_cached(self, page: CachedPage, images: dict[str, object] | None = None) -> None:
        """Show the window with a cached page in the shell (its first frame), before
        complete(). What sizes the window's parts (the outline's sections, the page's
        scroll bar, the status line) is set before the window is shown, the page after:
        so the page is laid out once, at the width it is shown at."""
        from painref.first_page import head

        self.outline.set_sections([Section(anchor, title) for anchor, title in page.outline])
        self.outline.set_current(-1)  # its top is in view
        if page.scrolls:  # (complete() puts back the bar's usual policy)
            set_property(self.view, "verticalScrollBarPolicy", SCROLL_BAR_ALWAYS_ON)
        self.setWindowTitle("PainRef" if page.location == HOME else f"{page.title} - PainRef")
        if page.status:
            self.content_label.setText(page.status)
        self.show()
        for name, image in (images or {}).items():
            self.view.set_image(name, image)  # type: ignore[arg-type]
        opening = head(page.html)
        # Where its sections and links are is read once the frame is painted (adopt).
        self.view.show_html(opening or page.html, measure_pt=page.measure_pt, mapped=False)
        self.showing_head = opening is not None

    # -- building ------------------------------------------------------------------------------

    def _build_layout(self, debounce_ms: int) -> None:
        self.sidebar = Sidebar(None, self)
        self.sidebar.setObjectName("Sidebar")
        self.view = TopicView(self)
        self.view.setObjectName("TopicView")
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
        self._right_layout = QVBoxLayout(right)
        self._right_layout.setContentsMargins(0, 0, 0, 0)
        self._right_layout.setSpacing(0)
        self._right_layout.addWidget(self.view)
        # Horizontal; parent by keyword: QSplitter(self) would build PySide's Qt namespace
        # to rule out the overload that takes a Qt.Orientation first (qt_values.py).
        self.splitter = QSplitter(parent=self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.outline = OutlineBar(self)
        self.add_above_page(self.outline)
        self.search_field = SearchBox(self, debounce_ms=debounce_ms)
        self.search_field.setObjectName("SearchField")
        # Wide enough for a query, narrow enough that at 20 pt the toolbar's Emergency: LAST
        # button is not pushed behind the overflow arrow (the field shortens its hint).
        self.search_field.setMinimumWidth(220)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Navigation", self)
        toolbar.setObjectName("NavigationToolbar")
        toolbar.setMovable(False)
        set_property(toolbar, "toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)
        for action_id in TOOLBAR_START:
            toolbar.addAction(self.actions_by_id[action_id])
        toolbar.addSeparator()
        toolbar.addWidget(self.search_field)
        toolbar.addSeparator()
        for action_id in TOOLBAR_END:
            toolbar.addAction(self.actions_by_id[action_id])
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for title, ids in MENUS:
            menu = bar.addMenu(title)
            if title == "&Lecture sets":
                self.lecture_menu: QMenu = menu
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_id[action_id])

    def _build_shell_status_bar(self) -> None:
        self.content_label = QLabel("Educational reference", self)
        self.content_label.setAccessibleName("Content version")
        self.zoom_label = self.view_settings.zoom_label
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.statusBar().addWidget(self.content_label)

    def content_status(self) -> str:
        """The status bar's line about the content: its version and size."""
        meta = self._library.meta
        pages = self._library.count_topics(include_tools=False)
        conditions = self._library.count_conditions()
        return (
            f"Content {meta.content_version} · {pages} topics, {conditions} conditions · "
            "educational reference"
        )

    def _build_status_bar(self) -> None:
        import html

        self.content_label.setText(self.content_status())
        self.policy_label: QLabel | None = None
        problem = self.policy.problem
        if problem:
            # Where the bookmarks' own problem is said: the full message on hover, for a
            # screen reader, and in Settings, which the link opens; painref.log and stderr
            # have it too (app.py).
            label = QLabel('⚠ <a href="#settings">Policy file not applied</a>', self)
            label.setObjectName("PolicyProblem")
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)  # a fixed text and link
            sentence = f"{problem[0].upper()}{problem[1:]}."
            label.setToolTip(f"<p>{html.escape(sentence)}</p>")  # as text, wrapped
            label.setAccessibleName("Policy file not applied")
            label.setAccessibleDescription(problem)
            label.linkActivated.connect(lambda _link: self.view_settings.open_dialog())
            self.statusBar().addPermanentWidget(label)
            self.policy_label = label
        self.local_label: QLabel | None = None
        if self._local_problem:
            local = QLabel("⚠ Local protocols not shown", self)
            local.setObjectName("LocalProblem")
            sentence = f"{self._local_problem[0].upper()}{self._local_problem[1:]}."
            local.setToolTip(f"<p>{html.escape(sentence)}</p>")
            local.setAccessibleName("Local protocols not shown")
            local.setAccessibleDescription(self._local_problem)
            self.statusBar().addPermanentWidget(local)
            self.local_label = local

    def _connect_shell_signals(self) -> None:
        a = self.actions_by_id
        a["view.sidebar"].setChecked(True)
        a["view.sidebar"].toggled.connect(self.sidebar.setVisible)
        a["app.quit"].triggered.connect(self.close)
        # The find bar is built when first needed, off start-up.
        a["find.open"].triggered.connect(lambda: self.find_bar.open())
        a["find.next"].triggered.connect(lambda: self.find_bar.find_next())
        a["find.previous"].triggered.connect(lambda: self.find_bar.find_previous())
        a["view.focus_next"].triggered.connect(lambda: self._cycle_focus(1))
        a["view.focus_previous"].triggered.connect(lambda: self._cycle_focus(-1))
        self.view.external_link_clicked.connect(self._on_view_external_link_clicked)
        for watched in (self.view, self.view.viewport(), self.sidebar.tree.viewport()):
            watched.installEventFilter(self)

    def _connect_signals(self) -> None:
        self.navigation.shown.connect(lambda location, *_: self.page_shown.emit(location))
        self.view_settings.changed.connect(self.searching.update_colours)
        self.view_settings.changed.connect(self.navigation.redraw)

    def add_above_page(self, widget: QWidget) -> None:
        """Place a bar above the page view (the outline)."""
        self._right_layout.insertWidget(0, widget)

    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from painref.ui.find_bar import FindBar

            self._find_bar = FindBar(self.view, self)
            self._find_bar.setObjectName("FindBar")
            self._right_layout.addWidget(self._find_bar)
        return self._find_bar

    # -- what the rest of the app (and the screenshots script) asks of the window ----------------

    @property
    def current_location(self) -> str | None:
        return self.navigation.current if self._complete else None

    @property
    def zoom(self) -> int:
        return self.view_settings.zoom

    @property
    def results(self) -> ResultsPanel:
        return self.searching.results

    @property
    def presentation(self) -> PresentationView | None:
        return self.presenter.view

    def page_theme(self) -> Theme:
        return self.view_settings.page_theme()

    def show_home(self) -> None:
        self.navigation.show(HOME)

    def show_page(self, page_id: str) -> None:
        """Show a topic or condition page and record it in history."""
        self.navigation.show(page_id)

    def show_location(self, location: str) -> None:
        """Show any location: home, a page id or a comparison ("compare:a,b")."""
        self.navigation.show(location)

    def show_comparison(self, ids: list[str]) -> None:
        self.navigation.show_comparison(ids)

    def set_zoom(self, percent: int) -> None:
        self.view_settings.set_zoom(percent)

    def present(self, locations: list[str] | None = None) -> None:
        self.presenter.present(locations)

    # -- focus, mouse buttons, links and about -------------------------------------------------

    def _cycle_focus(self, step: int) -> None:
        """F6 and Shift+F6: move between the sidebar, the search field and the page."""
        ring: list[QWidget] = [self.sidebar.tree] if self.sidebar.isVisible() else []
        ring += [self.search_field, self.view]
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
        target.setFocus(QtCore.Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._complete
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
        ):
            step = _history_step(event)
            if step:
                self.navigation.go(step)
                return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        step = _history_step(event) if self._complete else 0
        if step:
            self.navigation.go(step)
        else:
            super().mousePressEvent(event)

    def _on_view_external_link_clicked(self, url: QUrl) -> None:
        from painref.ui import messages

        messages.external_link(self, url)

    # -- state -------------------------------------------------------------------------------

    def restore_state(self) -> None:
        """Window geometry, splitter, sidebar, zoom and the last page from the settings."""
        self.restore_geometry()
        self.navigation.show(self.last_location())

    def last_location(self) -> str:
        """The page the settings say was shown last (home when it is not in the content)."""
        last = str(self._settings.value("view/last_page", HOME) or HOME)
        if last != HOME and not self._library.has(last):
            last = HOME
        return last

    def stored_location(self) -> str:
        """The page the settings say was shown last, unchecked (the shell has no content)."""
        return str(self._settings.value("view/last_page", HOME) or HOME)

    def restore_geometry(self) -> None:
        """Window geometry, splitter and sidebar from the settings (the shell's part)."""
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
            self._settings.value("window/sidebar", True) in (True, "true", "1", 1)
        )

    def open_first(self, request: Request) -> None:
        """The first page of a start: the page or the query's best match asked for, else
        the page the last session left (each unless the first frame shows it already)."""
        if request.kind == "show":
            if self.navigation.current is None:
                self.navigation.show(self.last_location())
        else:
            self.take_request(request, first=True)

    def take_request(self, request: Request, *, first: bool = False) -> None:
        """What another `painref` asked of this window: come to the front, and open a page
        or answer a query (the results listed, the best match shown)."""
        if not first:
            if self.isMinimized():
                self.showNormal()
            self.raise_()
            self.activateWindow()
        if request.kind == "open":
            if self._library.has(request.value) or (
                self.local is not None and self.local.has(request.value.removeprefix("local:"))
            ):
                if self.navigation.current != request.value:
                    self.navigation.show(request.value)
            else:
                if first and self.navigation.current is None:
                    self.navigation.show(self.last_location())
                self.statusBar().showMessage(f"No page has the id {request.value!r}", 8000)
        elif request.kind == "query":
            found = self.searching.answer(request.value)
            if not found and first and self.navigation.current is None:
                self.navigation.show(self.last_location())
        elif first and self.navigation.current is None:
            self.navigation.show(self.last_location())

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
        self.view_settings.save()
        if self._complete:
            self._settings.setValue("view/last_page", self.navigation.current or HOME)
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)


def _history_step(event: QMouseEvent) -> int:
    """-1 for the mouse's Back button, 1 for Forward, 0 for any other button."""
    if event.button() == QtCore.Qt.MouseButton.BackButton:
        return -1
    if event.button() == QtCore.Qt.MouseButton.ForwardButton:
        return 1
    return 0
