"""qt_values' plain ints are Qt's own enum values, and set_property sets what it names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QCompleter, QLabel, QListWidget, QTabBar, QTextBrowser, QToolBar
from pytestqt.qtbot import QtBot

from painref.ui import qt_values as v

SAME = [
    (v.DISPLAY_ROLE, Qt.ItemDataRole.DisplayRole),
    (v.TOOL_TIP_ROLE, Qt.ItemDataRole.ToolTipRole),
    (v.ACCESSIBLE_TEXT_ROLE, Qt.ItemDataRole.AccessibleTextRole),
    (v.ACCESSIBLE_DESCRIPTION_ROLE, Qt.ItemDataRole.AccessibleDescriptionRole),
    (v.USER_ROLE, Qt.ItemDataRole.UserRole),
    (v.SCROLL_BAR_AS_NEEDED, Qt.ScrollBarPolicy.ScrollBarAsNeeded),
    (v.SCROLL_BAR_ALWAYS_OFF, Qt.ScrollBarPolicy.ScrollBarAlwaysOff),
    (v.SCROLL_BAR_ALWAYS_ON, Qt.ScrollBarPolicy.ScrollBarAlwaysOn),
    (v.TOOL_BUTTON_TEXT_ONLY, Qt.ToolButtonStyle.ToolButtonTextOnly),
    (v.ELIDE_RIGHT, Qt.TextElideMode.ElideRight),
    (v.CASE_INSENSITIVE, Qt.CaseSensitivity.CaseInsensitive),
    (v.CUSTOM_CONTEXT_MENU, Qt.ContextMenuPolicy.CustomContextMenu),
    (v.ALIGN_LEFT, Qt.AlignmentFlag.AlignLeft),
    (v.ALIGN_TOP, Qt.AlignmentFlag.AlignTop),
]


@pytest.mark.parametrize(("plain", "enum"), SAME, ids=[e.name or "" for _, e in SAME])
def test_each_value_is_qts_own(plain: int, enum: Qt.ItemDataRole) -> None:
    assert plain == enum.value


def test_set_property_sets_each_enum_the_first_frame_sets(qtbot: QtBot) -> None:
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    v.set_property(browser, "verticalScrollBarPolicy", v.SCROLL_BAR_ALWAYS_ON)
    v.set_property(browser, "horizontalScrollBarPolicy", v.SCROLL_BAR_ALWAYS_OFF)
    assert browser.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    assert browser.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    toolbar = QToolBar()
    qtbot.addWidget(toolbar)
    v.set_property(toolbar, "toolButtonStyle", v.TOOL_BUTTON_TEXT_ONLY)
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    bar = QTabBar()
    qtbot.addWidget(bar)
    v.set_property(bar, "elideMode", v.ELIDE_RIGHT)
    assert bar.elideMode() == Qt.TextElideMode.ElideRight
    label = QLabel()
    qtbot.addWidget(label)
    v.set_property(label, "alignment", v.ALIGN_LEFT | v.ALIGN_TOP)
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    listed = QListWidget()
    qtbot.addWidget(listed)
    v.set_property(listed, "contextMenuPolicy", v.CUSTOM_CONTEXT_MENU)
    assert listed.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    completer = QCompleter()
    v.set_property(completer, "caseSensitivity", v.CASE_INSENSITIVE)
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    proxy = QSortFilterProxyModel()
    v.set_property(proxy, "filterCaseSensitivity", v.CASE_INSENSITIVE)
    assert proxy.filterCaseSensitivity() == Qt.CaseSensitivity.CaseInsensitive


def test_a_property_qt_does_not_have_is_an_error(qtbot: QtBot) -> None:
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    with pytest.raises(ValueError, match="no property verticalScrollbarPolicy"):
        v.set_property(browser, "verticalScrollbarPolicy", v.SCROLL_BAR_ALWAYS_ON)  # b, not B
