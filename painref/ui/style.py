"""The widget style: visible keyboard focus, and check marks that read in every theme.

Every theme draws its widgets through ReadableStyle, a proxy over the platform's style or
Fusion. It adds what neither gives:

- a 2 px focus ring in the theme's accent colour (yellow in high contrast) around the page,
  the sidebar tree, lists and fields that have the keyboard focus, and around the current
  tab, button or row when the focus came from the keyboard;
- radio buttons and check boxes with an edge that stands out from the window (Fusion
  outlines them in a darker shade of the window colour: black on a dark window), drawn at
  a size that follows the text size (20 pt text gets indicators to match).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionFocusRect,
    QTabBar,
    QWidget,
)

from painref.ui.appearance import contrast_ratio

FUSION = "Fusion"
FOCUS_RING_PX = 2
"""The width of the focus ring, in pixels."""
DEFAULT_FOCUS = "#1f5f99"
"""The focus colour until apply() gives the theme's."""

# Indicators are this much of a line of text high (at the 11 pt default that is Fusion's own
# 14 px), never smaller than the base style's.
_INDICATOR_TO_LINE = 0.8
_NON_TEXT_CONTRAST = 3.0
"""WCAG 2.1 contrast for the parts of a control (1.4.11)."""

_PM = QStyle.PixelMetric
_PE = QStyle.PrimitiveElement
_INDICATOR_METRICS = frozenset(
    {
        _PM.PM_IndicatorWidth,
        _PM.PM_IndicatorHeight,
        _PM.PM_ExclusiveIndicatorWidth,
        _PM.PM_ExclusiveIndicatorHeight,
    }
)


class ReadableStyle(QProxyStyle):
    """The base style (Fusion or the platform's) with a focus ring and legible indicators."""

    def __init__(self, base: str = FUSION, focus: str = DEFAULT_FOCUS) -> None:
        super().__init__(base)
        self._focus = QColor(focus)

    def name(self) -> str:
        # QProxyStyle has no name of its own; report the style it draws with.
        return self.baseStyle().name()

    @property
    def focus_colour(self) -> QColor:
        return QColor(self._focus)

    def set_focus_colour(self, colour: str) -> None:
        """The colour of the focus ring (the theme's accent); widgets repaint with the palette."""
        self._focus = QColor(colour)

    def _draws_indicators(self) -> bool:
        # A platform style (Windows, macOS) keeps its own check marks; Fusion's are redrawn.
        return self.baseStyle().name().casefold() == FUSION.casefold()

    # -- sizes ---------------------------------------------------------------------------------

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        base = super().pixelMetric(metric, option, widget)
        if metric in _INDICATOR_METRICS:
            font = widget.font() if widget is not None else QApplication.font()
            return max(base, round(QFontMetrics(font).height() * _INDICATOR_TO_LINE))
        if metric == _PM.PM_DefaultFrameWidth and isinstance(widget, QAbstractScrollArea):
            # Room for the focus ring inside a page's or a list's frame.
            return max(base, FOCUS_RING_PX)
        return base

    # -- drawing -------------------------------------------------------------------------------

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == _PE.PE_FrameFocusRect:
            self._draw_focus_rect(option, painter, widget)
            return
        if self._draws_indicators() and element == _PE.PE_IndicatorRadioButton:
            _draw_radio(option, painter, self.indicator_edge(option))
            return
        if self._draws_indicators() and element in (
            _PE.PE_IndicatorCheckBox,
            _PE.PE_IndicatorItemViewItemCheck,
        ):
            _draw_check_box(option, painter, self.indicator_edge(option))
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == _PE.PE_FrameLineEdit and _has_focus(option) and _is_field(widget):
            self._draw_ring(option, painter)

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if not _has_focus(option):
            return
        if element == QStyle.ControlElement.CE_ShapedFrame and isinstance(
            widget, QAbstractScrollArea
        ):
            self._draw_ring(option, painter)
        elif element == QStyle.ControlElement.CE_TabBarTabLabel and isinstance(widget, QTabBar):
            # The base style draws a tab's focus itself (not through this proxy), and only
            # after a Tab key; a key like Ctrl+H puts the focus on the tab bar too.
            self._draw_focus_rect(option, painter, widget, inset=FOCUS_RING_PX + 1)

    def indicator_edge(self, option: QStyleOption) -> QColor:
        """The edge of an unticked radio button or check box."""
        return _edge_colour(option.palette, bool(option.state & QStyle.StateFlag.State_Enabled))

    def _draw_ring(self, option: QStyleOption, painter: QPainter) -> None:
        """A FOCUS_RING_PX ring just inside option.rect."""
        half = FOCUS_RING_PX / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(self._focus, FOCUS_RING_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(option.rect).adjusted(half, half, -half, -half))
        painter.restore()

    def _draw_focus_rect(
        self, option: QStyleOption, painter: QPainter, widget: QWidget | None, inset: int = 0
    ) -> None:
        """The focus of a tab, button, check box or list row: drawn when the keyboard moved it
        (a mouse click shows no ring there, as in Fusion) and always on a tab bar (a key like
        Ctrl+H may put the focus there), in the accent colour, or in the selection's text
        colour where the accent would not show on the selection."""
        keyboard = bool(option.state & QStyle.StateFlag.State_KeyboardFocusChange)
        if not (keyboard or isinstance(widget, QTabBar)):
            return
        colour = QColor(self._focus)
        background = (
            option.backgroundColor if isinstance(option, QStyleOptionFocusRect) else QColor()
        )
        if background.isValid() and background.alpha() and _contrast(colour, background) < 3:
            colour = option.palette.color(QPalette.ColorRole.HighlightedText)
        half = FOCUS_RING_PX / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, FOCUS_RING_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        edge = half + inset
        painter.drawRoundedRect(QRectF(option.rect).adjusted(edge, edge, -edge, -edge), 2, 2)
        painter.restore()


def _has_focus(option: QStyleOption) -> bool:
    return bool(option.state & QStyle.StateFlag.State_HasFocus)


def _is_field(widget: QWidget | None) -> bool:
    # A line edit inside a spin box or combo box is framed by its owner, not by itself.
    return isinstance(widget, QLineEdit) and widget.hasFrame()


# -- indicators ---------------------------------------------------------------------------------


def _edge_colour(palette: QPalette, enabled: bool) -> QColor:
    """The edge of an unticked indicator: the text colour softened, yet at least 3:1 against
    both the window and the indicator's own fill."""
    group = QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled
    text = palette.color(group, QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    edge = _mix(text, base, 0.3)
    for background in (window, base):
        if _contrast(edge, background) < _NON_TEXT_CONTRAST:
            edge = text
    return edge


def _tick_colour(palette: QPalette, enabled: bool) -> QColor:
    """The fill of a ticked indicator: the selection colour, or the text colour when disabled
    or when the selection colour would not stand out from the window."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    window = palette.color(QPalette.ColorRole.Window)
    if not enabled or _contrast(highlight, window) < _NON_TEXT_CONTRAST:
        group = QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled
        return palette.color(group, QPalette.ColorRole.Text)
    return highlight


def _indicator_box(option: QStyleOption) -> tuple[QRectF, float]:
    """The square the indicator fills (centred in option.rect) and its pen width."""
    rect = QRectF(option.rect)
    side = min(rect.width(), rect.height())
    square = QRectF(0, 0, side, side)
    square.moveCenter(rect.center())
    pen = max(1.0, round(side / 12, 1))
    return square.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2), pen


def _draw_radio(option: QStyleOption, painter: QPainter, edge: QColor) -> None:
    palette = option.palette
    enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
    on = bool(option.state & QStyle.StateFlag.State_On)
    box, pen = _indicator_box(option)
    tick = _tick_colour(palette, enabled)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fill = palette.color(QPalette.ColorRole.Base)
    if option.state & QStyle.StateFlag.State_Sunken:
        fill = _mix(fill, tick, 0.25)
    painter.setBrush(fill)
    painter.setPen(QPen(tick if on else edge, pen))
    painter.drawEllipse(box)
    if on:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tick)
        radius = box.width() * 0.27
        painter.drawEllipse(QPointF(box.center()), radius, radius)
    painter.restore()


def _draw_check_box(option: QStyleOption, painter: QPainter, edge: QColor) -> None:
    palette = option.palette
    enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
    on = bool(option.state & QStyle.StateFlag.State_On)
    partly = bool(option.state & QStyle.StateFlag.State_NoChange)
    box, pen = _indicator_box(option)
    tick = _tick_colour(palette, enabled)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if on or partly:
        painter.setPen(QPen(tick, pen))
        painter.setBrush(tick)
    else:
        fill = palette.color(QPalette.ColorRole.Base)
        if option.state & QStyle.StateFlag.State_Sunken:
            fill = _mix(fill, tick, 0.25)
        painter.setPen(QPen(edge, pen))
        painter.setBrush(fill)
    corner = box.width() * 0.15
    painter.drawRoundedRect(box, corner, corner)
    mark = palette.color(QPalette.ColorRole.Base)
    if _contrast(mark, tick) < _NON_TEXT_CONTRAST:
        mark = palette.color(QPalette.ColorRole.HighlightedText)
    painter.setPen(_mark_pen(mark, box.width()))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    w, x, y = box.width(), box.left(), box.top()
    if on:
        path = QPainterPath(QPointF(x + w * 0.22, y + w * 0.52))
        path.lineTo(QPointF(x + w * 0.42, y + w * 0.72))
        path.lineTo(QPointF(x + w * 0.78, y + w * 0.30))
        painter.drawPath(path)
    elif partly:
        painter.drawLine(QPointF(x + w * 0.25, y + w * 0.5), QPointF(x + w * 0.75, y + w * 0.5))
    painter.restore()


def _mark_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, max(1.5, width / 7))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


# -- colour arithmetic ------------------------------------------------------------------------


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """a moved amount of the way towards b."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def _contrast(a: QColor, b: QColor) -> float:
    return contrast_ratio(a.name(), b.name())
