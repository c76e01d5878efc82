"""Presentation: the page shown, or a lecture set, as full-screen slides (F5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from painref.errors import PainRefError
from painref.location import Location
from painref.render.pages import CHART_NAME
from painref.ui.history import HOME

if TYPE_CHECKING:
    from painref.render.slides import Slide
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
        self, location: str, index: int = 0
    ) -> tuple[str, list[Slide], dict[str, QImage]]:
        """(title, slides, chart images) for one location; home has no slides.

        Raises:
            PainRefError: an unknown page or a comparison that cannot be made.
        """
        from painref.render.slides import compare_slides, tool_slides, topic_slides
        from painref.ui.export import chart_images

        pages = self._navigation.pages
        parsed = Location.parse(location)
        if not parsed.is_comparison:
            page_id = parsed.page_id or location
            if pages.library.summary(page_id).kind == "tool":
                tool = pages.tool_page(page_id)
                return tool.detail.title, tool_slides(tool), {}
            page = pages.topic_page(page_id)
            return page.detail.title, topic_slides(page), {}
        name = f"{CHART_NAME}-{index}"  # one name per comparison of a deck
        compare_page, chart = pages.comparison(
            parsed.ids, only_differences=self._navigation.only_differences, chart_name=name
        )
        images = chart_images({name: chart})
        return pages.title(parsed), compare_slides(compare_page), images

    def present(self, locations: Sequence[str] | None = None) -> None:
        """Present the page shown (F5), or several pages straight through."""
        current = self._navigation.current
        chosen = list(locations or ([current] if current else []))
        chosen = [loc for loc in chosen if loc and loc != HOME]
        status = self._window.statusBar()
        if not chosen:
            status.showMessage("Open a topic, condition or comparison to present", 5000)
            return
        deck: list[tuple[str, list[Slide]]] = []
        images: dict[str, QImage] = {}
        for index, location in enumerate(chosen):
            try:
                title, slides, charts = self.slides_for(location, index)
            except PainRefError as exc:
                status.showMessage(str(exc), 6000)
                continue
            deck.append((title, slides))
            images.update(charts)
        if not deck:
            return
        from painref.ui.presentation import PresentationView

        view = PresentationView(parent=self._window)
        view.setObjectName("Presentation")
        for name, image in images.items():
            view.set_image(name, image)
        if len(deck) == 1:
            view.set_slides(deck[0][1], deck[0][0])
        else:
            view.set_deck(deck)
        view.finished.connect(self._on_presentation_finished)
        self.view = view
        view.start()

    def _on_presentation_finished(self) -> None:
        if self.view is not None:
            self.view.deleteLater()
            self.view = None
        self._window.activateWindow()
        self._window.view.setFocus()
