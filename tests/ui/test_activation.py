"""One click opens a page once, whether or not the style activates items on a single click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)
from pytestqt.qtbot import QtBot

from painref.ui.models import connect_activation


class _SingleClickStyle(QProxyStyle):
    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returned: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick:
            return 1
        return super().styleHint(hint, option, widget, returned)


@pytest.mark.parametrize("single_click_style", [False, True])
def test_one_click_opens_once(qtbot: QtBot, single_click_style: bool) -> None:
    view = QListWidget()
    qtbot.addWidget(view)
    style = _SingleClickStyle() if single_click_style else None
    if style is not None:
        view.setStyle(style)
    QListWidgetItem("Alpha injection", view)
    opened: list[str] = []
    connect_activation(
        view, view.itemActivated, view.itemClicked, lambda item: opened.append(item.text())
    )
    view.show()
    rect = view.visualItemRect(view.item(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == ["Alpha injection"]
    view.setCurrentRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == ["Alpha injection"] * 2
