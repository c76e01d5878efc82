"""The detail pane: a QTextBrowser showing rendered pages, routing links, zooming."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from painref.render.contexts import LINK_SCHEME

ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)


def next_zoom(current: int, step: int) -> int:
    """The zoom level step places up (1) or down (-1) from current, clamped."""
    if step > 0:
        return next((z for z in ZOOM_STEPS if z > current), ZOOM_STEPS[-1])
    return next((z for z in reversed(ZOOM_STEPS) if z < current), ZOOM_STEPS[0])


class TopicView(QTextBrowser):
    """Shows a page; never fetches anything.

    Signals:
        page_requested(str): an in-app link (painref://topic/ID) was followed.
        action_requested(str, str): another in-app link (painref://ACTION/ARGS) was followed.
        external_link_clicked(QUrl): an http(s) link was clicked; the window asks what to do.
        zoom_requested(int): Ctrl+wheel asked to zoom one step in (1) or out (-1).
    """

    page_requested = Signal(str)
    action_requested = Signal(str, str)
    external_link_clicked = Signal(QUrl)
    zoom_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Links are routed by hand: the browser itself never loads or fetches a URL.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self._images: dict[str, QImage] = {}
        self.setAccessibleName("Page")
        self.setAccessibleDescription("The topic page; links open other pages in PainRef")
        self.anchorClicked.connect(self._on_anchor_clicked)

    def set_image(self, name: str, image: QImage) -> None:
        """An image the page may show as <img src="name"> (charts drawn by the app)."""
        self._images[name] = image

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # WORKAROUND: QTextBrowser would try to load images and style sheets named in a page
        # from disk or a URL; only images the app drew itself are ever shown.
        key = name.toString() if isinstance(name, QUrl) else str(name)
        return self._images.get(key)

    def show_html(self, html: str, *, keep_scroll: bool = False) -> None:
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if keep_scroll and bar.maximum() else 0.0
        self.setHtml(html)
        if keep_scroll:
            bar.setValue(round(fraction * bar.maximum()))
        else:
            bar.setValue(0)

    def event(self, event: QEvent) -> bool:
        # WORKAROUND: QTextBrowser claims Alt+Left/Right (its own, unused history) and
        # Ctrl+Plus/Minus (its own zoom) before window shortcuts see them; let the window's
        # back, forward and zoom actions have these keys instead.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _is_window_key(event)
        ):
            event.ignore()
            return False
        return super().event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_requested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME:
            if url.host() == "topic":
                self.page_requested.emit(url.path().strip("/"))
            else:
                self.action_requested.emit(url.host(), url.path().strip("/"))
        elif url.scheme() in ("http", "https"):
            self.external_link_clicked.emit(url)
        elif not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())
        # Any other scheme (file:, javascript:, data:, ...) is ignored on purpose.


_WINDOW_KEYS = (
    QKeySequence.StandardKey.Back,
    QKeySequence.StandardKey.Forward,
    QKeySequence.StandardKey.ZoomIn,
    QKeySequence.StandardKey.ZoomOut,
)


def _is_window_key(event: QKeyEvent) -> bool:
    if any(event.matches(key) for key in _WINDOW_KEYS):
        return True
    alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
    return bool(alt) and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home)
