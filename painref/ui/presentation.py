"""Presentation mode: a page one section at a time, full screen, in type a projector can carry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from painref.render.contexts import Theme
from painref.render.slides import Slide
from painref.ui.appearance import HIGH_CONTRAST_THEME, high_contrast_palette
from painref.ui.theme import BASE_POINT_SIZE, theme_from_palette

DEFAULT_SCALE = 2.2
"""Slide type as a multiple of the window's normal 11 pt: about 24 pt, legible from the back."""
SCALE_STEPS = (1.0, 1.25, 1.5, 1.75, 2.0, 2.2, 2.5, 2.8, 3.2, 3.6, 4.0)
FIT_FLOOR = 0.6
"""A slide too tall for the screen is drawn smaller, down to this fraction of the chosen size."""
FIT_STEP = 0.92

Deck = Sequence[tuple[str, Sequence[Slide]]]

_NEXT_KEYS = frozenset({Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Down})
_PREVIOUS_KEYS = frozenset(
    {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
)
_OTHER_KEYS = frozenset({Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape})
# Navigation keys count with or without these (the keypad's Page Down, Shift+Space).
_PLAIN_MODIFIERS = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier


def high_contrast_theme(base_pt: float = BASE_POINT_SIZE) -> Theme:
    """Slide colours of the app's high-contrast theme: no greys that fade on a projector."""
    return replace(HIGH_CONTRAST_THEME, base_pt=base_pt)


def _palette_for(theme: Theme) -> QPalette:
    """A palette whose window, text and links match theme, so the slide fills the screen."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor(theme.background))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(theme.text))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(theme.muted))
    palette.setColor(QPalette.ColorRole.Link, QColor(theme.accent))
    return palette


class SlideBrowser(QTextBrowser):
    """Shows one slide; loads nothing, follows no link, and leaves the presenter's keys alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        # Slides wrap to the screen's width; a few pixels of a wide table are not worth a bar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._images: dict[str, QImage] = {}

    def set_image(self, name: str, image: QImage) -> None:
        self._images[name] = image

    def images(self) -> dict[str, QImage]:
        return dict(self._images)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # WORKAROUND: QTextBrowser would load images and style sheets a page names from
        # disk or a URL; only images the app drew itself (the comparison chart) are shown.
        key = name.toString() if isinstance(name, QUrl) else str(name)
        return self._images.get(key)

    def event(self, event: QEvent) -> bool:
        # WORKAROUND: QTextBrowser claims Ctrl+Plus/Minus (its own zoom) and the arrow and
        # page keys (scrolling) before anyone else sees them; here they move between slides.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and is_presenter_key(event)
        ):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_presenter_key(event):
            event.ignore()  # on to the PresentationView
            return
        super().keyPressEvent(event)


def is_presenter_key(event: QKeyEvent) -> bool:
    """True for the keys presentation mode acts on (moving, zooming, leaving)."""
    if _zoom_step(event) is not None:
        return True
    if event.modifiers() & ~_PLAIN_MODIFIERS:
        return False
    return event.key() in _NEXT_KEYS | _PREVIOUS_KEYS | _OTHER_KEYS


def _zoom_step(event: QKeyEvent) -> int | None:
    """1 for Ctrl+Plus (or Ctrl+=), -1 for Ctrl+Minus, 0 for Ctrl+0 (the default size)."""
    # The sequences are built here, not at import: a standard key needs the application.
    pressed = QKeySequence(event.keyCombination())
    if event.matches(QKeySequence.StandardKey.ZoomIn) or pressed == QKeySequence("Ctrl+="):
        return 1
    if event.matches(QKeySequence.StandardKey.ZoomOut):
        return -1
    if pressed == QKeySequence("Ctrl+0"):
        return 0
    return None


class PresentationView(QWidget):
    """Slides for a lecture: one section at a time, full screen, large type.

    A window of its own (even with a parent). Page Down, Right, Down or Space move on; Page
    Up, Left, Up or Backspace move back; Home and End jump to the ends, which do not wrap
    around. Ctrl+Plus/Minus change the type size (Ctrl+0 resets it); Escape leaves.

    Signals:
        slide_changed(int): another slide is shown; its index over the whole deck.
        finished(): the presenter left (Escape or closing the window); the view is hidden.
    """

    slide_changed = Signal(int)
    finished = Signal()

    def __init__(
        self,
        slides: Sequence[Slide] = (),
        title: str = "",
        theme_factory: Callable[[], Theme] | None = None,
        parent: QWidget | None = None,
        *,
        scale: float = DEFAULT_SCALE,
        fit_to_screen: bool = True,
    ) -> None:
        """Args:
        slides, title: the page to present (set_slides() and set_deck() replace it).
        theme_factory: the normal slide colours; by default the application palette's.
            Its type size is ignored: slides are drawn at scale times 11 pt.
        scale: the starting type size as a multiple of 11 pt.
        fit_to_screen: draw a slide too tall for the screen a little smaller (to FIT_FLOOR).
        """
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self._normal_palette = QPalette(self.palette())
        self._theme_factory = theme_factory or (lambda: theme_from_palette(self._normal_palette))
        self._scale = scale
        self._fit = fit_to_screen
        self._high_contrast = False
        self._deck: list[tuple[str, list[Slide]]] = []
        self._places: list[tuple[int, int]] = []
        self._index = 0
        self._shown_pt = 0.0

        self.browser = SlideBrowser(self)
        self.browser.setAccessibleName("Slide")
        self.browser.setAccessibleDescription(
            "The current section. Page Down for the next, Page Up for the previous, "
            "Escape to leave the presentation"
        )
        self.position_label = QLabel(self)
        self.position_label.setAccessibleName("Position in the presentation")
        self.hint_label = QLabel("Page Down next \u00b7 Page Up back \u00b7 Esc leave", self)
        self.hint_label.setAccessibleName("Keys")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.position_label, 1)
        bar.addWidget(self.hint_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 16)
        layout.setSpacing(8)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bar)

        self.setAccessibleName("Presentation")
        self.setFocusProxy(self.browser)
        self.setAutoFillBackground(True)
        self.set_slides(slides, title)

    # -- content ---------------------------------------------------------------------------

    def set_slides(self, slides: Sequence[Slide], title: str = "") -> None:
        """Present one page's slides, from the first."""
        self.set_deck([(title, slides)] if slides else [])

    def set_deck(self, deck: Deck) -> None:
        """Present several pages straight through (a lecture), from the first slide."""
        self._deck = [(title, list(slides)) for title, slides in deck if slides]
        self._places = [
            (page, section)
            for page, (_, slides) in enumerate(self._deck)
            for section in range(len(slides))
        ]
        self._index = 0
        self._show_current()
        if self._places:
            self.slide_changed.emit(0)

    def set_image(self, name: str, image: QImage) -> None:
        """An image slides may show as <img src="name"> (the comparison chart)."""
        self.browser.set_image(name, image)
        self._show_current()

    def slide_count(self) -> int:
        return len(self._places)

    def current_index(self) -> int:
        """The slide shown, counted over the whole deck; 0 when there are none."""
        return self._index

    def current_slide(self) -> Slide | None:
        if not self._places:
            return None
        page, section = self._places[self._index]
        return self._deck[page][1][section]

    def current_title(self) -> str:
        """The title of the page the shown slide belongs to."""
        return self._deck[self._places[self._index][0]][0] if self._places else ""

    def position_text(self) -> str:
        """The indicator: "Section 2 of 6"; in a lecture, "Topic 2 of 5 · section 1 of 4"."""
        if not self._places:
            return "No slides"
        page, section = self._places[self._index]
        sections = len(self._deck[page][1])
        if len(self._deck) == 1:
            return f"Section {section + 1} of {sections}"
        return f"Topic {page + 1} of {len(self._deck)} \u00b7 section {section + 1} of {sections}"

    # -- moving ----------------------------------------------------------------------------

    def start(self) -> None:
        """Go full screen on the slide shown (the first, after set_slides).

        On the screen of the window that owns the view, when it has one.
        """
        owner = self.parentWidget()
        screen = owner.screen() if owner is not None else self.screen()
        # WORKAROUND: without a window manager (a kiosk, Xvfb) showFullScreen() only asks
        # for full screen; the geometry makes it so there too.
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()  # in front of the main window and any dialog it came from
        self.activateWindow()
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def next(self) -> None:
        """The next slide; at the last one, nothing happens."""
        self.go_to(self._index + 1)

    def previous(self) -> None:
        """The previous slide; at the first one, nothing happens."""
        self.go_to(self._index - 1)

    def go_to(self, index: int) -> None:
        """Show the slide at index over the whole deck; an index past either end is ignored."""
        if not 0 <= index < len(self._places) or index == self._index:
            return
        self._index = index
        self._show_current()
        self.slide_changed.emit(index)

    def leave(self) -> None:
        """Stop presenting: the view hides and emits finished()."""
        self.close()

    # -- appearance ------------------------------------------------------------------------

    def scale(self) -> float:
        return self._scale

    def set_scale(self, scale: float) -> None:
        """Type size as a multiple of the normal 11 pt (clamped to SCALE_STEPS' range)."""
        scale = min(max(scale, SCALE_STEPS[0]), SCALE_STEPS[-1])
        if scale != self._scale:
            self._scale = scale
            self._show_current()

    def zoom(self, step: int) -> None:
        """One SCALE_STEPS step larger (1) or smaller (-1)."""
        if step > 0:
            self.set_scale(next((s for s in SCALE_STEPS if s > self._scale), SCALE_STEPS[-1]))
        else:
            smaller = (s for s in reversed(SCALE_STEPS) if s < self._scale)
            self.set_scale(next(smaller, SCALE_STEPS[0]))

    def shown_point_size(self) -> float:
        """The base type size the shown slide is drawn at (smaller than asked if it had to fit)."""
        return self._shown_pt

    def high_contrast(self) -> bool:
        return self._high_contrast

    def set_high_contrast(self, on: bool) -> None:
        """White on black with yellow links (high_contrast_palette()), or the normal colours."""
        if on != self._high_contrast:
            self._high_contrast = on
            self._show_current()

    def theme(self) -> Theme:
        """The theme slides are drawn with now, at the chosen size."""
        base_pt = round(BASE_POINT_SIZE * self._scale, 1)
        if self._high_contrast:
            return high_contrast_theme(base_pt)
        return replace(self._theme_factory(), base_pt=base_pt)

    # -- Qt --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = _zoom_step(event)
        if step == 0:
            self.set_scale(DEFAULT_SCALE)
        elif step is not None:
            self.zoom(step)
        elif not is_presenter_key(event):
            super().keyPressEvent(event)
            return
        elif key == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.previous()
        elif key in _NEXT_KEYS:
            self.next()
        elif key in _PREVIOUS_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            self.go_to(len(self._places) - 1)
        elif key == Qt.Key.Key_Escape:
            self.leave()
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.finished.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_current()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._show_current()

    # -- drawing ---------------------------------------------------------------------------

    def _show_current(self) -> None:
        theme = self.theme()
        palette = high_contrast_palette() if self._high_contrast else _palette_for(theme)
        self.setPalette(palette)
        self._style_bar(theme)
        slide = self.current_slide()
        self.position_label.setText(self.position_text())
        if slide is None:
            self._shown_pt = theme.base_pt
            self.browser.setHtml(
                f'<p style="font-size:{theme.base_pt}pt; color:{theme.muted};">No slides</p>'
            )
            self.setWindowTitle("PainRef presentation")
            return
        html, self._shown_pt = self._fitted(slide, theme)
        self.browser.setHtml(html)
        self.browser.verticalScrollBar().setValue(0)
        self.browser.setAccessibleDescription(f"{slide.title}. {self.position_text()}")
        title = self.current_title()
        self.setWindowTitle(f"{title} - PainRef presentation" if title else "PainRef presentation")

    def _fitted(self, slide: Slide, theme: Theme) -> tuple[str, float]:
        """The slide's HTML at theme's size, or smaller if that is too tall for the screen."""
        html = slide.themed(theme).html
        if not self._fit or slide.draw is None or not self.isVisible():
            return html, theme.base_pt
        area = self.browser.viewport().size()
        floor = theme.base_pt * FIT_FLOOR
        pt = theme.base_pt
        while not self._fits(html, area) and pt * FIT_STEP >= floor:
            pt = round(pt * FIT_STEP, 1)
            html = slide.themed(replace(theme, base_pt=pt)).html
        return html, pt

    def _fits(self, html: str, area: QSize) -> bool:
        # A separate document: the browser lays its own out lazily, so its height is not
        # known until it has been painted.
        document = QTextDocument()
        document.setDefaultFont(self.browser.font())
        document.setDocumentMargin(self.browser.document().documentMargin())
        for name, image in self.browser.images().items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        document.setHtml(html)
        document.setTextWidth(area.width())
        return document.size().height() <= area.height()

    def _style_bar(self, theme: Theme) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(BASE_POINT_SIZE, theme.base_pt * 0.55))
        self.position_label.setFont(font)
        self.hint_label.setFont(font)
        muted = QPalette(self.hint_label.palette())
        muted.setColor(QPalette.ColorRole.WindowText, QColor(theme.muted))
        self.hint_label.setPalette(muted)
