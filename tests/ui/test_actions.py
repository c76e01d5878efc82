"""The window's actions: each standard shortcut named in ui/actions.py is one Qt has, and
the shortcuts are bound once the window is complete (after its first frame)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from painref.ui.actions import ACTIONS, Standard
from tests.ui.conftest import WindowFactory


def test_every_standard_shortcut_is_one_qt_has() -> None:
    named = [s for spec in ACTIONS for s in spec.shortcuts if isinstance(s, Standard)]
    assert named
    for shortcut in named:
        assert isinstance(getattr(QKeySequence.StandardKey, shortcut.key), QKeySequence.StandardKey)


def test_a_complete_window_has_its_shortcuts_and_tab_tips(make_window: WindowFactory) -> None:
    window = make_window()
    actions = window.actions_by_id
    assert actions["search.focus"].shortcuts() == [QKeySequence("Ctrl+K"), QKeySequence("Ctrl+L")]
    assert actions["find.open"].shortcuts() == QKeySequence.keyBindings(
        QKeySequence.StandardKey.Find
    )
    tip = window.tabs.tabToolTip(0)
    assert tip.startswith("Topics (") and tip.endswith(")")
