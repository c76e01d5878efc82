"""Search from the toolbar: results in the left pane as the reader types, recent searches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt

from painref.errors import PainRefError

if TYPE_CHECKING:
    from painref.search.service import SearchService
    from painref.ui.main_window import MainWindow
    from painref.ui.results import ResultsPanel

RECENT_SEARCHES = 10
SEARCH_LIMIT = 30


class Searching(QObject):
    """Runs the search box's queries and shows the results in place of the sidebar tabs."""

    def __init__(self, window: MainWindow, service: SearchService, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._settings = settings
        self._results: ResultsPanel | None = None
        self._corrected: tuple[str, str] | None = None
        """(the text searched, what it was corrected to) when the results shown are for a
        corrected spelling: that is what recent searches keep."""
        window.search_field.set_recent(_str_list(settings.value("search/recent")))
        self._connect_signals()

    def _connect_signals(self) -> None:
        field = self._window.search_field
        self._window.actions_by_id["search.focus"].triggered.connect(self.focus)
        field.query_changed.connect(self._on_query_changed)
        field.move_selection.connect(lambda step: self.results.move_selection(step))
        field.accepted.connect(self._on_accepted)
        field.cancelled.connect(self._on_cancelled)

    @property
    def results(self) -> ResultsPanel:
        """The results list, built when first needed (off start-up)."""
        if self._results is None:
            from painref.ui.results import ResultsPanel

            panel = ResultsPanel(self._window)
            panel.setObjectName("SearchResults")
            panel.model.set_muted_colour(self._window.view_settings.page_theme().muted)
            panel.topic_activated.connect(self._open_result)
            panel.suggestion_clicked.connect(self._on_suggestion_clicked)
            self._window.compare.add_context_menu(panel.list)
            self._window.left.addWidget(panel)
            self._results = panel
        return self._results

    def answer(self, text: str) -> bool:
        """Search for text as if typed, list the results and open the best match; False
        when nothing matched (the results say so)."""
        field = self._window.search_field
        field.setText(text)
        field.flush()
        topic_id = self.results.current_topic() if self._results is not None else None
        if not topic_id:
            return False
        if topic_id != self._window.navigation.current:  # the first frame may show it
            self._window.navigation.show(topic_id)
        return True

    def focus(self) -> None:
        self._window.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._window.search_field.selectAll()

    def recent(self) -> list[str]:
        return self._window.search_field.recent()

    def update_colours(self) -> None:
        """Follow a new theme (the results' muted text)."""
        if self._results is not None:
            self._results.model.set_muted_colour(self._window.view_settings.page_theme().muted)

    def _on_query_changed(self, text: str) -> None:
        # The search runs in well under a frame on the bundled database, so it runs here;
        # the debounce means only the settled text is searched, and each result replaces
        # the previous one in order, so a stale result can never overwrite a newer one.
        left = self._window.left
        self._corrected = None
        if not text.strip():
            self.results.model.set_hits([])
            left.setCurrentWidget(self._window.tabs)
            return
        try:
            outcome = self._service.query(text, limit=SEARCH_LIMIT)
        except PainRefError as exc:  # a damaged database: say so where the results go
            self.results.show_problem(f"Search is not available: {exc}")
        else:
            self.results.show_outcome(text, outcome)
            if outcome.hits and outcome.corrected:
                self._corrected = (text, outcome.corrected)
        left.setCurrentWidget(self.results)

    def _on_accepted(self) -> None:
        topic_id = self.results.current_topic()
        if topic_id:
            self._open_result(topic_id)

    def _on_cancelled(self) -> None:
        self._window.search_field.clear()
        self._window.left.setCurrentWidget(self._window.tabs)
        self._window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_suggestion_clicked(self, suggestion: str) -> None:
        self._window.search_field.setText(suggestion)
        self._window.search_field.flush()

    def _open_result(self, topic_id: str) -> None:
        field = self._window.search_field
        typed = field.text()
        if self._corrected is not None and self._corrected[0] == typed:
            typed = self._corrected[1]  # "epidrual steriod" is kept as "epidural steroid"
        query = " ".join(typed.split())
        if query:
            recent = [q for q in field.recent() if q.casefold() != query.casefold()]
            recent = [query, *recent][:RECENT_SEARCHES]
            field.set_recent(recent)
            self._settings.setValue("search/recent", recent)
        self._window.navigation.show(topic_id)


def _str_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value]
    return []
