"""The detail pane: a QTextBrowser showing rendered pages, routing links, zooming."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from painref.render.theme import LINK_SCHEME
from painref.ui.qt_values import SCROLL_BAR_ALWAYS_OFF, SCROLL_BAR_AS_NEEDED, set_property
from painref.ui.reading import PageMap, StickyHeader, current_section, is_citation, reference_text

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QResizeEvent, QWheelEvent

ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
SLACK_PX = 4
"""A page this little wider than its view shows no horizontal scroll bar."""
MEASURE_CHARACTERS = 95
"""The longest line of running text, in average characters (professional references keep
to about 80-100): on a wide screen the page is a centred column rather than 200-character
lines. A comparison uses the whole width."""


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
        jumped(int): an in-page link (a citation, the outline) moved the page; the scroll
            position it left, for Back to return to.
        section_changed(int): another section is at the top of the view (its index in the
            page's outline, -1 above the first).
    """

    page_requested = Signal(str)
    action_requested = Signal(str, str)
    external_link_clicked = Signal(QUrl)
    zoom_requested = Signal(int)
    jumped = Signal(int)
    section_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Links are routed by hand: the browser itself never loads or fetches a URL.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self._images: dict[str, QImage] = {}
        self.setAccessibleName("Page")
        self.setAccessibleDescription(
            "The topic page; Tab moves between sections and links, citations show their "
            "reference when pointed at"
        )
        # Words wrap whole: a narrow table column grows rather than breaking "complicatio-ns".
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.page_map = PageMap({}, (), ())
        self.sticky_header = StickyHeader(self)
        self._measure: int | None = None
        self._section = -1
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_link_highlighted)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def set_image(self, name: str, image: QImage) -> None:
        """An image the page may show as <img src="name"> (charts drawn by the app)."""
        self._images[name] = image

    def image(self, name: str) -> QImage | None:
        """The image set under name, if any."""
        return self._images.get(name)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # WORKAROUND: QTextBrowser would try to load images and style sheets named in a page
        # from disk or a URL; only images the app drew itself are ever shown.
        key = name.toString() if isinstance(name, QUrl) else str(name)
        return self._images.get(key)

    def show_html(
        self,
        html: str,
        *,
        keep_scroll: bool = False,
        measure_pt: float | None = None,
        mapped: bool = True,
    ) -> None:
        """Show a page; measure_pt: cap its lines at MEASURE_CHARACTERS of text of that
        size (None: the whole width, for a comparison). mapped False: where its sections
        and links are is read later, by map_page() (the window's first frame)."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if keep_scroll and bar.maximum() else 0.0
        self._measure = _measure_px(measure_pt) if measure_pt else None
        self._fit_measure()
        self.page_map = PageMap({}, (), ())  # the old page's positions mean nothing now
        self.setHtml(html)
        self._fit_horizontal()
        if keep_scroll:
            bar.setValue(round(fraction * bar.maximum()))
        else:
            bar.setValue(0)
        if mapped:
            self.map_page()

    def map_page(self) -> None:
        """Read where the page's sections and links are, for Tab, the outline, the sticky
        header and the citations' references."""
        self.page_map = PageMap.of(self)
        self._section = -2  # whatever is shown now is announced
        self._on_scrolled()

    def jump_to(self, anchor: str) -> None:
        """Scroll to an anchor of the page, as a step Back can undo."""
        before = self.verticalScrollBar().value()
        self.scrollToAnchor(anchor)
        self.jumped.emit(before)

    def current_section(self) -> int:
        return current_section(self, self.page_map)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_measure()
        super().resizeEvent(event)
        self.sticky_header.update_for(self.page_map)

    def _fit_horizontal(self) -> None:
        """No horizontal scroll bar for the pixel or two a full-width table's borders may
        round over; one for a table that really is wider than the view (checked when a
        page is shown)."""
        set_property(self, "horizontalScrollBarPolicy", SCROLL_BAR_AS_NEEDED)
        self.document().size()  # lays the page out, which sets the bar's range
        if 0 < self.horizontalScrollBar().maximum() <= SLACK_PX:
            set_property(self, "horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)

    def _fit_measure(self) -> None:
        """Centre the text in a column no wider than the measure."""
        spare = self.width() - (self._measure or self.width())
        side = max(0, spare // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def _on_scrolled(self) -> None:
        self.sticky_header.update_for(self.page_map)
        section = self.current_section()
        if section != self._section:
            self._section = section
            self.section_changed.emit(section)

    def _on_link_highlighted(self, url: QUrl) -> None:
        """Pointing at a citation shows its reference; leaving it hides it."""
        href = url.toString()
        text = reference_text(self, self.page_map, url.fragment()) if is_citation(href) else ""
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QToolTip

        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab moves between the page's sections and links, not through every citation;
        # past the last one it leaves the page like any other widget.
        stop = (
            self.page_map.next_stop(self.textCursor().selectionStart(), next)
            if (self.hasFocus())
            else None
        )
        if stop is None:
            return QWidget.focusNextPrevChild(self, next)
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.document())
        cursor.setPosition(stop.start)
        cursor.setPosition(stop.end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

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
        if event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier:
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
            self.jump_to(url.fragment())
        # Any other scheme (file:, javascript:, data:, ...) is ignored on purpose.


def _measure_px(point_size: float) -> int:
    font = QFont()
    font.setPointSizeF(point_size)
    return QFontMetrics(font).averageCharWidth() * MEASURE_CHARACTERS + 48


_WINDOW_KEYS = ("Back", "Forward", "ZoomIn", "ZoomOut")
"""The standard keys the window has, by name (QKeySequence is read at the first key)."""


def _is_window_key(event: QKeyEvent) -> bool:
    from PySide6.QtGui import QKeySequence

    standard = QKeySequence.StandardKey
    if any(event.matches(getattr(standard, key)) for key in _WINDOW_KEYS):
        return True
    alt = event.modifiers() & QtCore.Qt.KeyboardModifier.AltModifier
    return bool(alt) and event.key() in (
        QtCore.Qt.Key.Key_Left,
        QtCore.Qt.Key.Key_Right,
        QtCore.Qt.Key.Key_Home,
    )
