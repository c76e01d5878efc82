"""Appearance settings: the colour theme and text size, stored, applied to the app and pages."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyleFactory,
)

from painref.render.theme import Theme
from painref.ui.theme import theme_from_palette

if TYPE_CHECKING:
    from typing import Self

    from painref.policy import Policy

ThemeName = Literal["system", "light", "dark", "high-contrast"]
THEMES: tuple[ThemeName, ...] = get_args(ThemeName)
THEME_LABELS: dict[ThemeName, str] = {
    "system": "Follow the system",
    "light": "Light",
    "dark": "Dark",
    "high-contrast": "High contrast",
}

MIN_FONT_PT = 9.0
MAX_FONT_PT = 20.0
DEFAULT_FONT_PT = 11.0

THEME_KEY = "appearance/theme"
FONT_KEY = "appearance/base_font_pt"

AA_TEXT = 4.5
"""WCAG 2 level AA contrast for body text."""
AAA_TEXT = 7.0
"""WCAG 2 level AAA contrast for body text (what the high-contrast theme keeps to)."""

FUSION = "Fusion"

# The high-contrast page colours: pure black, white and yellow, as Windows' and GNOME's
# high-contrast themes use them.
HIGH_CONTRAST_THEME = Theme(
    text="#ffffff",
    background="#000000",
    muted="#d9d9d9",
    accent="#ffff00",
    panel="#000000",
    border="#ffffff",
    warning="#ffff00",
    warning_text="#000000",
)


class _Appearance(NamedTuple):
    theme: ThemeName = "system"
    base_font_pt: float = DEFAULT_FONT_PT


class Appearance(_Appearance):
    """How the app looks: a colour theme and the base text size in points, checked when
    made. (A NamedTuple, as render/theme.py's Theme: the first frame makes one.)"""

    __slots__ = ()

    def __new__(cls, theme: ThemeName = "system", base_font_pt: float = DEFAULT_FONT_PT) -> Self:
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}; expected one of {THEMES}")
        if not (math.isfinite(base_font_pt) and MIN_FONT_PT <= base_font_pt <= MAX_FONT_PT):
            raise ValueError(
                f"base_font_pt must be {MIN_FONT_PT:g} to {MAX_FONT_PT:g}, not {base_font_pt!r}"
            )
        return super().__new__(cls, theme, base_font_pt)

    @classmethod
    def load(cls, settings: QSettings) -> Appearance:
        """The stored appearance; a missing or unusable value falls back to its default."""
        stored_theme = settings.value(THEME_KEY, "system")
        theme: ThemeName = next((t for t in THEMES if t == stored_theme), "system")
        font_pt = _float(settings.value(FONT_KEY, DEFAULT_FONT_PT))
        if font_pt is None or not MIN_FONT_PT <= font_pt <= MAX_FONT_PT:
            font_pt = DEFAULT_FONT_PT
        return cls(theme=theme, base_font_pt=font_pt)

    def save(self, settings: QSettings, locked: Collection[str] = ()) -> None:
        """Store the theme and text size, except those locked ("theme", "text_size"): the
        user's own choice stays stored, for when the machine's policy stops setting it."""
        if "theme" not in locked:
            settings.setValue(THEME_KEY, self.theme)
        if "text_size" not in locked:
            settings.setValue(FONT_KEY, self.base_font_pt)

    def enforced(self, policy: Policy) -> Appearance:
        """This appearance with what the machine's policy file sets in its place."""
        theme = next((t for t in THEMES if t == policy.theme), self.theme)
        return Appearance(theme, policy.text_size or self.base_font_pt)


def locked_keys(policy: Policy) -> frozenset[str]:
    """The appearance settings the machine's policy file sets: "theme", "text_size"."""
    return frozenset(k for k in ("theme", "text_size") if policy.locks(k))


# -- the application ---------------------------------------------------------------------------


class _PlatformLook:
    """The style, palette and font the platform gave the app before PainRef changed them.
    style: None until asked for (platform_style): reading it makes Qt's style classes
    known to Python, which the first frame in the platform's style does without."""

    __slots__ = ("font", "palette", "style")

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self.palette = palette
        self.font = font
        self.style: str | None = None


_platform_look: _PlatformLook | None = None


def _capture(app: QApplication) -> _PlatformLook:
    """The platform's look, recorded the first time it is asked for and kept from then on."""
    global _platform_look
    if _platform_look is None:
        # Both return copies. (QPalette's copy constructor would build PySide's whole Qt
        # namespace to choose among its overloads, one of which takes a Qt.GlobalColor.)
        _platform_look = _PlatformLook(palette=app.palette(), font=app.font())
    return _platform_look


def _platform_style(app: QApplication) -> str:
    """The name of the platform's style, read before PainRef sets another one."""
    look = _capture(app)
    if look.style is None:
        look.style = app.style().name()
    return look.style


def apply(app: QApplication, appearance: Appearance, *, first_frame: bool = False) -> None:
    """Give app the style, palette and font size of appearance.

    "system" puts back the style and palette the platform gave the app (as they were the
    first time this ran); the other themes use the Fusion style with PainRef's palettes,
    which look the same on every platform. Every theme draws through ui/style.py's
    ReadableStyle, which adds the focus ring in the theme's accent colour and legible
    radio buttons and check boxes. Pages are not redrawn here: render them again with
    page_theme(). Qt delivers the new palette to widgets through posted events, so a
    widget's palette() changes only once the event loop has run (a PaletteChange event);
    until then, take the colours from app.palette().

    first_frame: only what the window's first frame shows, the base style, the palette and
    the font (the high-contrast theme, whose style draws every frame, is applied whole);
    finish() adds the focus ring and the focused link's ring once that frame is painted.
    ReadableStyle answers Qt's style calls in Python, and with the focused link's ring it
    would add about 5% to the instructions of the first frame (callgrind).
    """
    look = _capture(app)
    # (The platform's palette itself: setPalette copies it and nothing here changes it.
    # QPalette's copy constructor would build PySide's Qt namespace, as in _capture.)
    palette = look.palette if appearance.theme == "system" else palette_for(appearance.theme)
    if first_frame and appearance.theme == "system":
        focus = None  # the platform's style, as the app has it
    elif first_frame and appearance.theme != "high-contrast":
        if _platform_style(app).casefold() != FUSION.casefold():
            app.setStyle(FUSION)
        focus = None
    else:
        focus = _readable_style(app, appearance, palette)
    app.setPalette(palette)
    font = QFont(look.font)
    font.setPointSizeF(appearance.base_font_pt)
    app.setFont(font)
    if focus is not None:
        _link_focus(app, focus)


def finish(app: QApplication, appearance: Appearance) -> None:
    """The rest of apply(first_frame=True): the style with the focus ring in the theme's
    accent colour, and the ring around the focused link in a page."""
    palette = app.palette()
    _link_focus(app, _readable_style(app, appearance, palette))
    if app.palette() != palette:  # a style may bring its own; the theme's stays
        app.setPalette(palette)


def _readable_style(app: QApplication, appearance: Appearance, palette: QPalette) -> str:
    """Sets the theme's style with its focus ring; returns the focus colour."""
    focus = focus_colour(palette, appearance)
    if appearance.theme == "system":
        _set_style(app, _platform_style(app), focus)
    else:
        _set_style(app, FUSION, focus, high_contrast=appearance.theme == "high-contrast")
    return focus


def _link_focus(app: QApplication, focus: str) -> None:
    from painref.ui.focus import LinkFocus

    LinkFocus.install(app, focus)


def focus_colour(palette: QPalette, appearance: Appearance) -> str:
    """The focus ring's colour: the theme's accent (yellow in high contrast), which keeps
    at least 3:1 against the window and the page (WCAG 2.1, 1.4.11)."""
    accent = page_theme(palette, appearance).accent
    return readable(accent, palette.color(QPalette.ColorRole.Window).name(), 3.0)


def _set_style(app: QApplication, name: str, focus: str, *, high_contrast: bool = False) -> None:
    # Recreating the style the app already has would repolish every widget for nothing.
    from painref.ui.style import ReadableStyle

    _platform_style(app)  # kept before it is replaced
    current = app.style()
    if high_contrast:
        from painref.ui.high_contrast_style import HighContrastStyle

        if not isinstance(current, HighContrastStyle):
            current = HighContrastStyle()
            app.setStyle(current)
    elif (
        _is_high_contrast_style(current)
        or not isinstance(current, ReadableStyle)
        or current.name().casefold() != name.casefold()
    ):
        current = ReadableStyle(name)
        app.setStyle(current)
    if isinstance(current, ReadableStyle):
        current.set_focus_colour(focus)


def _is_high_contrast_style(style: object) -> bool:
    # Checked by name so the style's module loads only when high contrast is chosen.
    return type(style).__name__ == "HighContrastStyle"


def palette_for(theme: ThemeName) -> QPalette:
    """The palette theme gives the app (for "system", the platform's own)."""
    if theme == "system":
        app = QApplication.instance()
        if isinstance(app, QApplication):
            return QPalette(_capture(app).palette)
        return QPalette()
    if theme == "dark":
        from painref.ui.palette import dark_palette

        return dark_palette()
    if theme == "high-contrast":
        return high_contrast_palette()
    style = QStyleFactory.create(FUSION)
    return style.standardPalette()  # (a copy)


def high_contrast_palette() -> QPalette:
    """White text on black, yellow links and selection, white frames (WCAG AAA throughout)."""
    white, black, yellow = QColor("#ffffff"), QColor("#000000"), QColor("#ffff00")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: black,
        QPalette.ColorRole.WindowText: white,
        QPalette.ColorRole.Base: black,
        QPalette.ColorRole.AlternateBase: QColor("#1a1a1a"),
        QPalette.ColorRole.ToolTipBase: black,
        QPalette.ColorRole.ToolTipText: white,
        QPalette.ColorRole.PlaceholderText: QColor("#c8c8c8"),
        QPalette.ColorRole.Text: white,
        QPalette.ColorRole.Button: black,
        QPalette.ColorRole.ButtonText: white,
        QPalette.ColorRole.BrightText: yellow,
        QPalette.ColorRole.Highlight: yellow,
        QPalette.ColorRole.HighlightedText: black,
        QPalette.ColorRole.Link: yellow,
        QPalette.ColorRole.LinkVisited: yellow,
        QPalette.ColorRole.Accent: yellow,
        # Styles draw bevels and frame lines with these; white makes every edge visible.
        QPalette.ColorRole.Light: white,
        QPalette.ColorRole.Midlight: white,
        QPalette.ColorRole.Mid: white,
        QPalette.ColorRole.Dark: white,
        QPalette.ColorRole.Shadow: white,
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    # Disabled text stays readable (AAA against black) yet visibly greyer than enabled text.
    disabled = QColor("#a6a6a6")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, disabled)
    return palette


# -- pages ------------------------------------------------------------------------------------


def page_theme(palette: QPalette, appearance: Appearance, zoom_percent: int = 100) -> Theme:
    """The colours and text size a page is drawn with.

    Args:
        palette: the palette of the widget that shows the page (after apply()).
        appearance: the theme and base text size.
        zoom_percent: the page zoom; the text is base_font_pt scaled by it.
    """
    base_pt = round(appearance.base_font_pt * zoom_percent / 100, 1)
    if appearance.theme == "high-contrast":
        return HIGH_CONTRAST_THEME._replace(base_pt=base_pt)
    theme = theme_from_palette(palette, zoom_percent)
    # A platform palette can be anything (a grey base, a themed accent); keep its hues
    # but darken or lighten any colour that would fall below AA on its background.
    # Text and links also sit on panels (table headers) and links in the safety notices.
    on = (theme.background, theme.panel)
    return theme._replace(
        text=_readable_on(theme.text, on),
        muted=_readable_on(theme.muted, on),
        accent=_readable_on(theme.accent, (*on, theme.warning)),
        warning_text=readable(theme.warning_text, theme.warning, AA_TEXT),
        base_pt=base_pt,
    )


def _readable_on(fg: str, backgrounds: tuple[str, ...]) -> str:
    for bg in backgrounds:
        fg = readable(fg, bg, AA_TEXT)
    return fg


# -- contrast ---------------------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a colour given as "#rrggbb" (or any name Qt knows)."""
    c = QColor(colour)
    if not c.isValid():
        raise ValueError(f"not a colour: {colour!r}")

    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast_ratio(fg: str, bg: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1.0 (same) to 21.0 (black on white)."""
    a, b = relative_luminance(fg), relative_luminance(bg)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def readable(fg: str, bg: str, minimum: float = AA_TEXT) -> str:
    """fg, or the nearest shade of it towards black or white that reaches minimum on bg."""
    if contrast_ratio(fg, bg) >= minimum:
        return QColor(fg).name()
    # Towards black on a light background, towards white on a dark one; pure black or
    # white is the last resort and reaches at least 4.58 on any background.
    target = QColor("#000000") if relative_luminance(bg) > 0.18 else QColor("#ffffff")
    start = QColor(fg)
    for step in range(1, 21):
        amount = step / 20
        shade = QColor(
            round(start.red() + (target.red() - start.red()) * amount),
            round(start.green() + (target.green() - start.green()) * amount),
            round(start.blue() + (target.blue() - start.blue()) * amount),
        ).name()
        if contrast_ratio(shade, bg) >= minimum:
            return shade
    return target.name()


def _float(value: object) -> float | None:
    try:
        number = float(str(value))
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
