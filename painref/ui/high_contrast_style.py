"""The high-contrast widget style: Fusion with white outlines (loaded only when chosen)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOption, QStyleOptionComplex, QWidget

from painref.ui.style import FUSION, ReadableStyle

HIGH_CONTRAST_FOCUS = "#ffff00"


class HighContrastStyle(ReadableStyle):
    """Fusion with a white outline on every control, frame and scroll bar handle, and the
    yellow focus ring of ReadableStyle.

    Fusion draws outlines a little darker than the window colour, which on a black window
    is black: check boxes, radio buttons, fields and frames would have no visible edge.
    """

    def __init__(self) -> None:
        super().__init__(FUSION, HIGH_CONTRAST_FOCUS)

    def indicator_edge(self, option: QStyleOption) -> QColor:
        return _outline(option)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _OUTLINED:
            with _painting(painter, _outline(option)):
                painter.drawRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        cc = QStyle.ComplexControl
        if control in (cc.CC_ComboBox, cc.CC_SpinBox):
            with _painting(painter, _outline(option)):
                painter.drawRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
        elif control == cc.CC_ScrollBar:
            # The stubs ask for a QWidget; Qt takes none (nullptr) as well.
            handle = self.subControlRect(
                control,
                option,
                QStyle.SubControl.SC_ScrollBarSlider,
                widget,  # type: ignore[arg-type]
            )
            if handle.isValid():
                hovered = option.activeSubControls & QStyle.SubControl.SC_ScrollBarSlider
                colour = option.palette.color(
                    QPalette.ColorRole.Highlight if hovered else QPalette.ColorRole.WindowText
                )
                painter.fillRect(handle.adjusted(2, 2, -2, -2), colour)


_OUTLINED = frozenset(
    {
        QStyle.PrimitiveElement.PE_FrameLineEdit,
        QStyle.PrimitiveElement.PE_PanelButtonCommand,
        QStyle.PrimitiveElement.PE_Frame,
        QStyle.PrimitiveElement.PE_FrameGroupBox,
        QStyle.PrimitiveElement.PE_FrameTabWidget,
        QStyle.PrimitiveElement.PE_FrameMenu,
        QStyle.PrimitiveElement.PE_PanelMenu,
        QStyle.PrimitiveElement.PE_PanelTipLabel,
    }
)


def _outline(option: QStyleOption) -> QColor:
    """Yellow around the control with the keyboard focus, white (or grey when disabled)."""
    if option.state & QStyle.StateFlag.State_HasFocus:
        return option.palette.color(QPalette.ColorRole.Highlight)
    return option.palette.color(QPalette.ColorRole.WindowText)


class _painting:
    """Saves the painter, sets a 1 px pen of colour and no fill, and restores it after."""

    def __init__(self, painter: QPainter, colour: QColor) -> None:
        self._painter = painter
        self._colour = colour

    def __enter__(self) -> QPainter:
        self._painter.save()
        self._painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._painter.setPen(QPen(self._colour, 1))
        self._painter.setBrush(QColor(0, 0, 0, 0))
        return self._painter

    def __exit__(self, *exc: object) -> None:
        self._painter.restore()
