"""Presentation: the page shown, or a lecture set, as full-screen slides (F5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from painref.errors import PainRefError
from painref.location import Location
from painref.ui.history import HOME

if TYPE_CHECKING:
    from painref.render.slides import Canvas, Slide
    from painref.ui.main_window import MainWindow
    from painref.ui.presentation import PresentationView


class Presenter(QObject):
    """Builds slides from locations and runs the presentation window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._navigation = window.navigation
        self.view: PresentationView | None = None
        window.actions_by_id["view.present"].triggered.connect(lambda: self.present())

    def slides_for(
        self, location: str, index: int = 0, canvas: Canvas | None = None
    ) -> tuple[str, list[Slide]]:
        """(title, slides) for one location; home has no slides. A slide's figures (the
        comparison chart) are drawn by the view in the slides' theme.

        Raises:
            PainRefError: an unknown page or a comparison that cannot be made.
        """
        from painref.render.slides import CANVAS, compare_slides, tool_slides, topic_slides

        canvas = canvas or CANVAS
        pages = self._navigation.pages
        parsed = Location.parse(location)
        if not parsed.is_comparison:
            page_id = parsed.page_id or location
            if pages.library.summary(page_id).kind == "tool":
                tool = pages.tool_page(page_id)
                return tool.detail.title, tool_slides(tool, canvas)
            page = pages.topic_page(page_id)
            return page.detail.title, topic_slides(page, canvas)
        from painref.render.contexts import CHART_NAME

        name = f"{CHART_NAME}-{index}"  # one name per comparison of a deck
        compare_page, _ = pages.comparison(
            parsed.ids, only_differences=self._navigation.only_differences, chart_name=name
        )
        return pages.title(parsed), compare_slides(compare_page, canvas)

    def present(self, locations: Sequence[str] | None = None) -> None:
        """Present the page shown (F5), or several pages straight through."""
        current = self._navigation.current
        chosen = list(locations or ([current] if current else []))
        chosen = [loc for loc in chosen if loc and loc != HOME]
        status = self._window.statusBar()
        if not chosen:
            status.showMessage("Open a topic, condition or comparison to present", 5000)
            return
        from painref.render.slides import lecture_deck
        from painref.ui.presentation import PresentationView

        if self.view is not None:
            self.view.leave()
        # The slides in the colours the reader chose (light, dark or high contrast).
        view = PresentationView(theme_factory=self._window.page_theme, parent=self._window)
        view.setObjectName("Presentation")
        canvas = view.canvas_for()  # slides cut to what fits on this screen
        deck: list[tuple[str, list[Slide]]] = []
        for index, location in enumerate(chosen):
            try:
                deck.append(self.slides_for(location, index, canvas))
            except PainRefError as exc:
                status.showMessage(str(exc), 6000)
        if not deck:
            view.deleteLater()
            return
        if len(deck) == 1:
            view.set_slides(deck[0][1], deck[0][0])
        else:
            view.set_deck(lecture_deck(deck))  # one Sources slide at the end
        view.finished.connect(self._on_presentation_finished)
        self.view = view
        view.start()
        # WORKAROUND: a window manager may give the keyboard back to the main window once
        # a dialog the presentation came from has closed; take it again when that is done.
        QTimer.singleShot(0, view.bring_to_front)

    def _on_presentation_finished(self) -> None:
        if self.view is not None and self.view is self.sender():
            self.view.deleteLater()
            self.view = None
        self._window.activateWindow()
        self._window.view.setFocus()
