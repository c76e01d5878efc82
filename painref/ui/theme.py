"""Page colours from the window's palette, so pages follow a light or dark system theme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from painref.render.theme import Theme

BASE_POINT_SIZE = 11.0


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def theme_from_palette(palette: QPalette, zoom_percent: int = 100) -> Theme:
    """A Theme matching palette, with text scaled to zoom_percent."""
    dark = is_dark(palette)
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    muted = _mix(text, base, 0.35)
    accent = QColor("#8cc4ff") if dark else QColor("#1f5f99")
    return Theme(
        text=text.name(),
        background=base.name(),
        muted=muted.name(),
        accent=accent.name(),
        panel=_mix(base, accent, 0.10).name(),
        border=_mix(base, text, 0.25).name(),
        warning="#4a3b10" if dark else "#fff4d6",
        warning_text="#ffe3a3" if dark else "#5c4300",
        base_pt=round(BASE_POINT_SIZE * zoom_percent / 100, 1),
    )


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """a moved amount of the way towards b."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )
