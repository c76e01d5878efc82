"""Presentation mode: a teaching deck one slide at a time, full screen, in large type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QScreen,
    QShowEvent,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from painref.render.contexts import Theme
from painref.render.slides import CANVAS, Canvas, Slide, SlideImage
from painref.ui.appearance import HIGH_CONTRAST_THEME, high_contrast_palette
from painref.ui.speaker_notes import notes_screen
from painref.ui.theme import BASE_POINT_SIZE, theme_from_palette

if TYPE_CHECKING:
    from painref.ui.speaker_notes import SpeakerNotesWindow

DEFAULT_POINT_SIZE = 24.2
"""Slide body type on the reference area: 2.2 times the window's 11 pt, as on a projector."""
REFERENCE_AREA = QSize(928, 636)
"""The slide area of a 1024x768 and of a 1280x720 screen (the smaller of each side).

render/slides.CANVAS fits it at DEFAULT_POINT_SIZE; on another screen the type is scaled by
how much larger or smaller its slide area is, so a deck looks the same on every screen.
"""
ZOOM_STEPS = (0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
FIT_STEP = 0.95
FIT_FLOOR = 0.7
"""A deck too tall for the screen (a wide font) is drawn smaller as a whole, down to this."""
HINT = "PgDn next · PgUp back · Ctrl+Plus/Minus size · C contrast · N notes · Esc leave"

Deck = Sequence[tuple[str, Sequence[Slide]]]

_NEXT_KEYS = frozenset({Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Down})
_PREVIOUS_KEYS = frozenset(
    {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
)
_OTHER_KEYS = frozenset(
    {Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape, Qt.Key.Key_C, Qt.Key.Key_N}
)
# Navigation keys count with or without these (the keypad's Page Down, Shift+Space).
_PLAIN_MODIFIERS = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_KEYPAD = Qt.KeyboardModifier.KeypadModifier


def high_contrast_theme(base_pt: float = BASE_POINT_SIZE) -> Theme:
    """Slide colours of the app's high-contrast theme: black, white and yellow, no greys."""
    return HIGH_CONTRAST_THEME._replace(base_pt=base_pt)


def is_high_contrast(theme: Theme) -> bool:
    """The app's high-contrast colours (whatever the type size)."""
    return theme._replace(base_pt=HIGH_CONTRAST_THEME.base_pt) == HIGH_CONTRAST_THEME


def slide_point_size(area: QSize, zoom: float = 1.0) -> float:
    """The slide's body type size on a slide area: DEFAULT_POINT_SIZE on REFERENCE_AREA,
    scaled with the area (the smaller of its two ratios), times zoom."""
    if area.isEmpty():
        return round(DEFAULT_POINT_SIZE * zoom, 1)
    ratio = min(area.width() / REFERENCE_AREA.width(), area.height() / REFERENCE_AREA.height())
    return round(DEFAULT_POINT_SIZE * ratio * zoom, 1)


MARGINS = (48, 32, 48, 12)
"""Left, top, right and bottom margins around the slide."""
BAR_SPACING = 8


def bar_point_size(base_pt: float) -> float:
    """The type of the bar under the slide (where it is, the keys)."""
    return max(BASE_POINT_SIZE, base_pt * 0.45)


def slide_area(screen: QSize) -> QSize:
    """The room a slide has on a full screen of size screen: all but the margins and bar."""
    left, top, right, bottom = MARGINS
    width = screen.width() - left - right
    height = screen.height() - top - bottom - BAR_SPACING
    # The bar's type grows with the slide's, which depends on the room left: two rounds.
    bar = 0.0
    for _ in range(2):
        pt = slide_point_size(QSize(width, round(height - bar)))
        bar = bar_point_size(pt) * 96 / 72 * 1.45
    return QSize(width, max(1, round(height - bar)))


def measured_canvas(area: QSize, font: QFont) -> Canvas:
    """What fits on a slide of area, measured by laying each candidate slide out.

    Slides are built for the screen they are shown on: the estimate (CANVAS, scaled to the
    area's shape) decides what is surely small enough, drawing decides the rest.
    """
    pt = slide_point_size(area)
    ratio = pt / DEFAULT_POINT_SIZE
    width = area.width() / ratio / REFERENCE_AREA.width()
    height = area.height() / ratio / REFERENCE_AREA.height()

    def fits(draw: Callable[[Theme], str]) -> bool:
        return _laid_out_height(draw(Theme(base_pt=pt)), area.width(), font) <= area.height()

    return Canvas(CANVAS.chars * width, CANVAS.lines * height, fits)


def _laid_out_height(html: str, width: int, font: QFont) -> float:
    document = QTextDocument()
    document.setDefaultFont(font)
    option = document.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(option)
    document.setHtml(html)
    document.setTextWidth(width)
    return document.size().height()


def zoom_step(event: QKeyEvent) -> int | None:
    """1 to enlarge, -1 to shrink, 0 for the default size; None for any other key.

    Ctrl+Plus is Ctrl+Shift+= on a US keyboard, so Plus and = count with or without Shift;
    the keypad's + and - work with or without Ctrl.
    """
    key = event.key()
    modifiers = event.modifiers() & ~_KEYPAD
    keypad = bool(event.modifiers() & _KEYPAD)
    ctrl = modifiers in (_CTRL, _CTRL | _SHIFT)
    if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and (ctrl or (keypad and not modifiers)):
        return 1
    if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore) and (ctrl or (keypad and not modifiers)):
        return -1
    if key == Qt.Key.Key_0 and modifiers == _CTRL:
        return 0
    return None


def is_contrast_key(event: QKeyEvent) -> bool:
    """C, or Ctrl+Shift+H: switch between the chosen colours and high contrast."""
    modifiers = event.modifiers() & ~_KEYPAD
    if event.key() == Qt.Key.Key_C:
        return modifiers == Qt.KeyboardModifier.NoModifier
    return event.key() == Qt.Key.Key_H and modifiers == _CTRL | _SHIFT


def is_presenter_key(event: QKeyEvent) -> bool:
    """True for the keys presentation mode acts on (moving, zooming, contrast, notes, leaving)."""
    if zoom_step(event) is not None or is_contrast_key(event):
        return True
    if event.modifiers() & ~_PLAIN_MODIFIERS:
        return False
    return event.key() in _NEXT_KEYS | _PREVIOUS_KEYS | _OTHER_KEYS


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


def fitted_size(natural: QSize, box: QSize) -> QSize:
    """natural scaled (up or down, keeping its shape) to the largest size inside box."""
    if natural.isEmpty() or box.isEmpty():
        return QSize(max(1, box.width()), max(1, box.height()))
    ratio = min(box.width() / natural.width(), box.height() / natural.height())
    return QSize(max(1, round(natural.width() * ratio)), max(1, round(natural.height() * ratio)))


class SlideBrowser(QTextBrowser):
    """Shows one slide; loads nothing, follows no link, and leaves the presenter's keys alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        # Slides wrap to the screen's width; a few pixels of a wide table are not worth a bar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # WORKAROUND: a QTextDocument wraps at word boundaries "or anywhere", so a word
        # wider than a narrow table column broke mid-word ("complicatio-ns"); words stay
        # whole and the column widens instead.
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._images: dict[str, QImage] = {}

    def set_image(self, name: str, image: QImage) -> None:
        self._images[name] = image

    def images(self) -> dict[str, QImage]:
        return dict(self._images)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # WORKAROUND: QTextBrowser would load images and style sheets a page names from
        # disk or a URL; only images the app drew itself (charts, diagrams) are shown.
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


class PresentationView(QWidget):
    """Slides for a lecture: one at a time, full screen, large type of one size throughout.

    A window of its own (even with a parent). Page Down, Right, Down or Space move on; Page
    Up, Left, Up or Backspace move back; Home and End jump to the ends, which do not wrap
    around. Ctrl+Plus (also Ctrl+= and Ctrl+Shift+=, keypad +) and Ctrl+Minus change the type
    size, Ctrl+0 resets it; C (or Ctrl+Shift+H) switches high contrast; N shows or hides
    the speaker notes; Escape leaves. The type follows the screen's size, and every slide
    of a deck is drawn at the same size.

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
        high_contrast: bool | None = None,
        fit_to_screen: bool = True,
    ) -> None:
        """Args:
        slides, title: the page to present (set_slides() and set_deck() replace it).
        theme_factory: the chosen slide colours (the window's page theme); by default the
            application palette's. Its type size is ignored: the screen sets it.
        high_contrast: start in high contrast; by default when the chosen colours are the
            high-contrast theme.
        fit_to_screen: draw the whole deck a little smaller when a slide would not fit.
        """
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self._normal_palette = QPalette(self.palette())
        self._theme_factory = theme_factory or (lambda: theme_from_palette(self._normal_palette))
        chosen = self._theme_factory()
        self._high_contrast = is_high_contrast(chosen) if high_contrast is None else high_contrast
        self._zoom = 1.0
        self._fit = fit_to_screen
        self._fits: dict[tuple[int, int, bool, int], float] = {}
        self._deck: list[tuple[str, list[Slide]]] = []
        self._places: list[tuple[int, int]] = []
        self._index = 0
        self._shown_pt = 0.0
        self._drawn_images: dict[tuple[str, str, int, int], QImage] = {}
        self.notes: SpeakerNotesWindow | None = None

        self.browser = SlideBrowser(self)
        self.browser.setAccessibleName("Slide")
        self.browser.setAccessibleDescription(
            "The current slide. Page Down for the next, Page Up for the previous, "
            "Escape to leave the presentation"
        )
        self.position_label = QLabel(self)
        self.position_label.setAccessibleName("Position in the presentation")
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        # Cut rather than push the keys off the screen on a narrow one.
        self.position_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hint_label = QLabel(HINT, self)
        self.hint_label.setAccessibleName("Keys")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(24)
        bar.addWidget(self.position_label, 1)
        bar.addWidget(self.hint_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.setSpacing(BAR_SPACING)
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
        self._fits.clear()
        self._show_current()
        if self._places:
            self.slide_changed.emit(0)

    def set_image(self, name: str, image: QImage) -> None:
        """An image slides may show as <img src="name">, drawn by the caller."""
        self.browser.set_image(name, image)
        self._show_current()

    def slide_count(self) -> int:
        return len(self._places)

    def slides(self) -> list[Slide]:
        """Every slide of the deck, in order."""
        return [slide for _, slides in self._deck for slide in slides]

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
        """Where the deck is: "Slide 2 of 6"; in a lecture, "Topic 2 of 5 · slide 1 of 4"."""
        if not self._places:
            return "No slides"
        page, section = self._places[self._index]
        sections = len(self._deck[page][1])
        if len(self._deck) == 1:
            return f"Slide {section + 1} of {sections}"
        return f"Topic {page + 1} of {len(self._deck)} \u00b7 slide {section + 1} of {sections}"

    # -- moving ----------------------------------------------------------------------------

    def start(self) -> None:
        """Go full screen in front of every other window, on the slide shown.

        On the screen of the window that owns the view, when it has one; the speaker notes
        open on another screen when one is connected.
        """
        owner = self.parentWidget()
        screen = owner.screen() if owner is not None else self.screen()
        # WORKAROUND: without a window manager (a kiosk, Xvfb) showFullScreen() only asks
        # for full screen; the geometry makes it so there too.
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        other = notes_screen(QGuiApplication.screens(), screen)
        if other is not None:
            self.show_notes(True, other)
        self.bring_to_front()

    def bring_to_front(self) -> None:
        """Raise the slides above the window and any dialog, and take the keyboard."""
        self.raise_()
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
        """Stop presenting: the view (and the notes) hide and the view emits finished()."""
        self.close()

    # -- appearance ------------------------------------------------------------------------

    def zoom_factor(self) -> float:
        """The type size as a multiple of the size the screen gives (1.0 by default)."""
        return self._zoom

    def set_zoom(self, factor: float) -> None:
        """Type size as a multiple of the screen's size (clamped to ZOOM_STEPS' range)."""
        factor = min(max(factor, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        if factor != self._zoom:
            self._zoom = factor
            self._show_current()

    def zoom(self, step: int) -> None:
        """One ZOOM_STEPS step larger (1) or smaller (-1); 0 back to the screen's size."""
        if step == 0:
            self.set_zoom(1.0)
        elif step > 0:
            self.set_zoom(next((s for s in ZOOM_STEPS if s > self._zoom), ZOOM_STEPS[-1]))
        else:
            smaller = (s for s in reversed(ZOOM_STEPS) if s < self._zoom)
            self.set_zoom(next(smaller, ZOOM_STEPS[0]))

    def shown_point_size(self) -> float:
        """The body type size slides are drawn at now (the same on every slide of the deck)."""
        return self._shown_pt

    def high_contrast(self) -> bool:
        return self._high_contrast

    def set_high_contrast(self, on: bool) -> None:
        """Black, white and yellow (the app's high-contrast theme), or the chosen colours."""
        if on != self._high_contrast:
            self._high_contrast = on
            self._show_current()

    def toggle_high_contrast(self) -> None:
        self.set_high_contrast(not self._high_contrast)

    def theme(self) -> Theme:
        """The colours slides are drawn with now, at the deck's type size."""
        return self._colours(self._point_size())

    def _colours(self, base_pt: float) -> Theme:
        if self._high_contrast:
            return high_contrast_theme(base_pt)
        chosen = self._theme_factory()
        if is_high_contrast(chosen):
            chosen = Theme()  # high contrast switched off: the light colours
        return chosen._replace(base_pt=base_pt)

    def _point_size(self) -> float:
        area = self.browser.viewport().size() if self.isVisible() else REFERENCE_AREA
        base = slide_point_size(area)
        return round(base * self._deck_fit(area, base) * self._zoom, 1)

    # -- speaker notes ---------------------------------------------------------------------

    def show_notes(self, on: bool, screen: QScreen | None = None) -> None:
        """Show the speaker notes, or hide them: a window of their own on screen (a second
        screen), or without one a panel over the right of the slides."""
        from painref.ui.speaker_notes import SpeakerNotesWindow, place_notes

        if not on:
            if self.notes is not None:
                self.notes.hide()
            return
        if self.notes is None or self.notes.panel != (screen is None):
            if self.notes is not None:
                self.notes.deleteLater()
            self.notes = SpeakerNotesWindow(self, panel=screen is None)
        self._update_notes()
        place_notes(self.notes, screen)
        # The keyboard stays with the slides: the notes follow them.
        self.activateWindow()
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def notes_visible(self) -> bool:
        return self.notes is not None and self.notes.isVisible()

    def _update_notes(self) -> None:
        slide = self.current_slide()
        if self.notes is not None and slide is not None:
            chosen = self._colours(BASE_POINT_SIZE)._replace(base_pt=BASE_POINT_SIZE * 1.2)
            self.notes.show_slide(slide, chosen, self.position_text())

    # -- Qt --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = zoom_step(event)
        if step is not None:
            self.zoom(step)
        elif is_contrast_key(event):
            self.toggle_high_contrast()
        elif not is_presenter_key(event):
            super().keyPressEvent(event)
            return
        elif key == Qt.Key.Key_Space and event.modifiers() & _SHIFT:
            self.previous()
        elif key in _NEXT_KEYS:
            self.next()
        elif key in _PREVIOUS_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            self.go_to(len(self._places) - 1)
        elif key == Qt.Key.Key_N:
            self.show_notes(not self.notes_visible())
        elif key == Qt.Key.Key_Escape:
            self.leave()
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            if self.notes is not None:
                self.notes.close()
            self.finished.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_current()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._show_current()
        if self.notes is not None and self.notes.panel and self.notes.isVisible():
            from painref.ui.speaker_notes import place_notes

            place_notes(self.notes, None)

    # -- drawing ---------------------------------------------------------------------------

    def _show_current(self) -> None:
        theme = self.theme()
        palette = high_contrast_palette() if self._high_contrast else _palette_for(theme)
        self.setPalette(palette)
        self._style_bar(theme)
        slide = self.current_slide()
        self._shown_pt = theme.base_pt
        if slide is None:
            self.position_label.setText("No slides")
            self.browser.setHtml(
                f'<p style="font-size:{theme.base_pt}pt; color:{theme.muted};">No slides</p>'
            )
            self.setWindowTitle("PainRef presentation")
            return
        title = self.current_title()
        self.position_label.setText(
            f"{self.position_text()} \u00b7 {title}" if title else self.position_text()
        )
        self._load_images(slide, theme)
        self.browser.setHtml(slide.themed(theme).html)
        self.browser.verticalScrollBar().setValue(0)
        self.browser.setAccessibleDescription(f"{slide.title}. {self.position_text()}")
        self.setWindowTitle(f"{title} - PainRef presentation" if title else "PainRef presentation")
        self._update_notes()

    def _load_images(self, slide: Slide, theme: Theme) -> None:
        """The figures the slide names, drawn in theme as large as the slide has room for."""
        images = slide.images_for(theme)
        if not images:
            return
        area = self.browser.viewport().size() if self.isVisible() else REFERENCE_AREA
        # The room the heading and caption leave, measured with the figure not yet drawn.
        text = _laid_out_height(slide.themed(theme).html, area.width(), self.browser.font())
        box = QSize(area.width() - 8, max(120, round(area.height() - text - 24)))
        for name, figure in images.items():
            ratio = min(box.width() / figure.width, box.height() / figure.height)
            if ratio < 1:
                # Drawn again with type that much smaller, its labels come out as large
                # as the room allows rather than shrunk with the whole figure.
                smaller = theme._replace(base_pt=round(theme.base_pt * ratio, 1))
                figure = slide.images_for(smaller).get(name, figure)
            self.browser.set_image(name, self._drawn(name, figure, theme, box))

    def _drawn(self, name: str, figure: SlideImage, theme: Theme, box: QSize) -> QImage:
        from painref.ui.export import svg_to_image  # Qt's SVG module, for figures only

        size = fitted_size(QSize(figure.width, figure.height), box)
        key = (name, f"{theme.background}{theme.text}{theme.base_pt}", size.width(), size.height())
        if key not in self._drawn_images:
            self._drawn_images[key] = svg_to_image(figure.svg, size)
        return self._drawn_images[key]

    def _deck_fit(self, area: QSize, base_pt: float) -> float:
        """The largest fraction (down to FIT_FLOOR) at which every slide fits the area.

        One fraction for the whole deck, so every slide keeps the same type size.
        """
        if not self._fit or not self.isVisible() or not self._places:
            return 1.0
        key = (area.width(), area.height(), self._high_contrast, len(self._places))
        if key not in self._fits:
            fraction = 1.0
            slides = [s for s in self.slides() if s.draw is not None and not s.images]
            while fraction * FIT_STEP >= FIT_FLOOR and not all(
                self._fits_area(s, base_pt * fraction, area) for s in slides
            ):
                fraction = round(fraction * FIT_STEP, 3)
            self._fits[key] = fraction
        return self._fits[key]

    def _fits_area(self, slide: Slide, pt: float, area: QSize) -> bool:
        # A separate document: the browser lays its own out lazily.
        html = slide.themed(self._colours(round(pt, 1))).html
        return _laid_out_height(html, area.width(), self.browser.font()) <= area.height()

    def canvas_for(self, screen: QScreen | None = None) -> Canvas:
        """What fits on a slide of this view on screen (the window's, by default)."""
        owner = self.parentWidget()
        chosen = screen or (owner.screen() if owner is not None else self.screen())
        return measured_canvas(slide_area(chosen.geometry().size()), self.browser.font())

    def _style_bar(self, theme: Theme) -> None:
        font = QFont(self.font())
        font.setPointSizeF(bar_point_size(theme.base_pt))
        self.position_label.setFont(font)
        self.hint_label.setFont(font)
        muted = QPalette(self.hint_label.palette())
        muted.setColor(QPalette.ColorRole.WindowText, QColor(theme.muted))
        self.hint_label.setPalette(muted)
        self.position_label.setPalette(muted)
