"""The values of Qt's own enums that the window's first frame uses, as plain ints.

PySide6 builds the whole `Qt` namespace, 93 Python enums, the first time a module reads
the name `Qt` or calls a function one of whose overloads takes a `Qt` enum (about 20 ms, a
tenth of the first frame). So the shell's modules read `QtCore.Qt` only in code that runs
after the first paint; before it they set Qt's properties by name with these values (Qt
converts an int to the property's enum) and compare item data roles as the ints views
pass to data().
tests/ui/test_qt_values.py holds every value here to Qt's own, and test_first_frame.py
holds the first frame to never reading `Qt`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

# Qt.ItemDataRole
DISPLAY_ROLE = 0
TOOL_TIP_ROLE = 3
ACCESSIBLE_TEXT_ROLE = 11
ACCESSIBLE_DESCRIPTION_ROLE = 12
USER_ROLE = 0x0100

# Qt.ScrollBarPolicy
SCROLL_BAR_AS_NEEDED = 0
SCROLL_BAR_ALWAYS_OFF = 1
SCROLL_BAR_ALWAYS_ON = 2

TOOL_BUTTON_TEXT_ONLY = 1  # Qt.ToolButtonStyle.ToolButtonTextOnly
ELIDE_RIGHT = 1  # Qt.TextElideMode.ElideRight
CASE_INSENSITIVE = 0  # Qt.CaseSensitivity.CaseInsensitive
CUSTOM_CONTEXT_MENU = 3  # Qt.ContextMenuPolicy.CustomContextMenu
ALIGN_LEFT = 0x0001  # Qt.AlignmentFlag.AlignLeft
ALIGN_TOP = 0x0020  # Qt.AlignmentFlag.AlignTop


def set_property(target: QObject, name: str, value: int) -> None:
    """Set one of a Qt object's properties (as Qt's documentation names it) to an enum's
    value.

    Raises:
        ValueError: the object has no such property, or it would not take the value
            (QObject.setProperty would instead add a dynamic property and go on).
    """
    if not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__} has no property {name} to set to {value}")
