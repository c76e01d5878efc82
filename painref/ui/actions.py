"""The window's actions as data: id, text, shortcuts and a tip; built into QActions once.

The menus and the toolbar are listed here too, by action id, so a new command is added in
one place (its controller connects it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QWidget


class Standard(NamedTuple):
    """One of the platform's standard shortcuts (a QKeySequence.StandardKey), by name: the
    enum is read when the shortcuts are bound, after the window's first frame."""

    key: str


class ActionSpec(NamedTuple):
    """One command a menu, a toolbar or a shortcut can trigger."""

    id: str
    text: str
    shortcuts: tuple[Standard | str, ...]
    tip: str


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "nav.back",
        "&Back",
        (Standard("Back"), "Alt+Left"),
        "Go back to the previous page (Alt+Left)",
    ),
    ActionSpec(
        "nav.forward",
        "&Forward",
        (Standard("Forward"), "Alt+Right"),
        "Go forward (Alt+Right)",
    ),
    ActionSpec("nav.home", "&Home", ("Alt+Home",), "Show the home page (Alt+Home)"),
    ActionSpec(
        "search.focus", "&Search", ("Ctrl+K", "Ctrl+L"), "Search PainRef (Ctrl+K or Ctrl+L)"
    ),
    ActionSpec(
        "view.focus_next",
        "Next pane",
        ("F6",),
        "Move focus between the sidebar, the search field and the page (F6)",
    ),
    ActionSpec(
        "view.focus_previous",
        "Previous pane",
        ("Shift+F6",),
        "Move focus back between the panes (Shift+F6)",
    ),
    ActionSpec(
        "find.open",
        "&Find in page",
        (Standard("Find"),),
        "Find words in this page (Ctrl+F)",
    ),
    ActionSpec(
        "find.next",
        "Find &next",
        (Standard("FindNext"),),
        "Next match in the page (F3)",
    ),
    ActionSpec(
        "find.previous",
        "Find &previous",
        (Standard("FindPrevious"),),
        "Previous match in the page (Shift+F3)",
    ),
    ActionSpec(
        "view.zoom_in",
        "Zoom &in",
        (Standard("ZoomIn"), "Ctrl+="),
        "Larger text (Ctrl+Plus)",
    ),
    ActionSpec(
        "view.zoom_out",
        "Zoom &out",
        (Standard("ZoomOut"),),
        "Smaller text (Ctrl+Minus)",
    ),
    ActionSpec("view.zoom_reset", "&Actual size", ("Ctrl+0",), "Text at 100% (Ctrl+0)"),
    ActionSpec("view.sidebar", "Show &sidebar", ("Ctrl+B",), "Show or hide the sidebar"),
    ActionSpec(
        "compare.open", "&Compare", ("Ctrl+Shift+C",), "Put two to four procedures side by side"
    ),
    ActionSpec(
        "page.bookmark",
        "&Bookmark this page",
        ("Ctrl+D",),
        "Bookmark this page, or remove its bookmark (Ctrl+D)",
    ),
    ActionSpec(
        "page.note",
        "My &note on this page…",
        ("Ctrl+Shift+N",),
        "Write or change your private note on this page (Ctrl+Shift+N)",
    ),
    ActionSpec(
        "bookmarks.export",
        "&Export bookmarks and notes…",
        (),
        "Save your bookmarks and notes to a file",
    ),
    ActionSpec(
        "bookmarks.import",
        "&Import bookmarks and notes…",
        (),
        "Add bookmarks and notes from a file; a note never replaces yours",
    ),
    ActionSpec(
        "view.topics",
        "&Topics",
        ("Ctrl+Shift+T",),
        "Show the list of topics and conditions in the sidebar (Ctrl+Shift+T)",
    ),
    ActionSpec(
        "bookmarks.show",
        "Show book&marks",
        ("Ctrl+Shift+B",),
        "Show your bookmarks in the sidebar (Ctrl+Shift+B)",
    ),
    ActionSpec(
        "history.show",
        "Show h&istory",
        ("Ctrl+H",),
        "Show the pages you viewed recently in the sidebar (Ctrl+H)",
    ),
    ActionSpec("history.clear", "&Clear history", (), "Forget the recently viewed pages"),
    ActionSpec(
        "compare.add",
        "&Add to comparison",
        (),
        "Add this topic to the comparison (two to four topics)",
    ),
    ActionSpec(
        "compare.clear",
        "C&lear comparison choices",
        (),
        "Forget the topics chosen for comparison",
    ),
    ActionSpec(
        "file.print",
        "&Print…",
        (Standard("Print"),),
        "Print this page, with a preview (Ctrl+P)",
    ),
    ActionSpec(
        "file.export_pdf",
        "Export as &PDF…",
        ("Ctrl+Shift+E",),
        "Save this page as a PDF file",
    ),
    ActionSpec(
        "file.export_html",
        "Export as &HTML…",
        (),
        "Save this page as an HTML file",
    ),
    ActionSpec(
        "file.print_local",
        "Print &local protocols",
        (),
        "Include the department's local protocols, marked as such, when printing or "
        "exporting a page and in handouts",
    ),
    ActionSpec(
        "file.print_personal",
        "Print &my notes",
        (),
        "Include your own notes when printing or exporting a page and in handouts",
    ),
    ActionSpec(
        "edit.copy_references",
        "Copy &references",
        ("Ctrl+Shift+R",),
        "Copy this page's reference list as text",
    ),
    ActionSpec(
        "view.present",
        "&Present",
        ("F5",),
        "Present this page full screen, section by section (F5; Escape leaves)",
    ),
    ActionSpec(
        "lecture.manage",
        "&Manage lecture sets…",
        ("Ctrl+Shift+L",),
        "Build, order, present and hand out lecture sets",
    ),
    ActionSpec(
        "app.settings",
        "&Settings…",
        (Standard("Preferences"), "Ctrl+,"),
        "Theme and text size",
    ),
    ActionSpec(
        "tools.planner",
        "&Blood-thinner planner…",
        ("Ctrl+Shift+P",),
        "When to stop and restart blood thinners around a procedure (Ctrl+Shift+P)",
    ),
    ActionSpec(
        "tools.dose",
        "&Local anesthetic dose…",
        ("Ctrl+Shift+M",),
        "The most local anesthetic a patient may get, with its formula (Ctrl+Shift+M)",
    ),
    ActionSpec(
        "tools.last",
        "&Emergency: LAST",
        ("F12",),
        "Local anesthetic systemic toxicity: the checklist and lipid doses (F12)",
    ),
    ActionSpec("app.quit", "&Quit", (Standard("Quit"), "Ctrl+Q"), "Quit PainRef"),
    ActionSpec(
        "help.shortcuts",
        "&Keyboard shortcuts",
        ("F1",),
        "Every key PainRef answers to (F1)",
    ),
    ActionSpec(
        "help.symbols",
        "&What the symbols mean",
        (),
        "The marks on PainRef's pages: citations, safety notices, sources that differ",
    ),
    ActionSpec(
        "help.about_painref",
        "&About PainRef",
        (),
        "Version, who wrote and reviewed the content, where to send corrections",
    ),
)

CHECKABLE = ("page.bookmark", "view.sidebar", "file.print_local", "file.print_personal")

MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (
        "&File",
        (
            "file.print",
            "file.export_pdf",
            "file.export_html",
            "file.print_local",
            "file.print_personal",
            None,
            "app.settings",
            None,
            "app.quit",
        ),
    ),
    ("&Compare", ("compare.open", "compare.add", "compare.clear")),
    (
        "&Bookmarks",
        (
            "page.bookmark",
            "page.note",
            "bookmarks.show",
            None,
            "bookmarks.export",
            "bookmarks.import",
        ),
    ),
    (
        "&Go",
        (
            "nav.back",
            "nav.forward",
            "nav.home",
            None,
            "search.focus",
            "view.topics",
            None,
            "history.show",
            "history.clear",
        ),
    ),
    ("&Edit", ("find.open", "find.next", "find.previous", None, "edit.copy_references")),
    (
        "&View",
        (
            "view.zoom_in",
            "view.zoom_out",
            "view.zoom_reset",
            None,
            "view.sidebar",
            "view.focus_next",
            "view.focus_previous",
        ),
    ),
    ("&Tools", ("tools.last", None, "tools.planner", "tools.dose")),
    ("&Lecture sets", ()),  # filled each time it opens (ui/lecture_sets_controller.py)
    ("&Help", ("help.shortcuts", "help.symbols", None, "help.about_painref")),
)
"""Menu titles and their actions in order; None is a separator."""

TOOLBAR_START = ("nav.back", "nav.forward", "nav.home")
"""The toolbar's actions before the search field..."""
TOOLBAR_END = ("compare.open", "view.present", "tools.last")
"""...and after it."""


def build_actions(parent: QWidget) -> dict[str, QAction]:
    """Every action of ACTIONS as a QAction of parent (so its shortcut works anywhere in it),
    without its shortcuts: bind_shortcuts gives them."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(parent)  # (text, parent) would bring QIcon: see first_frame.py
        action.setText(spec.text)
        action.setObjectName(spec.id)
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.id in CHECKABLE)
        parent.addAction(action)
        actions[spec.id] = action
    return actions


def bind_shortcuts(actions: dict[str, QAction]) -> None:
    """Give each action of build_actions its shortcuts."""
    from PySide6.QtGui import QKeySequence

    for spec in ACTIONS:
        shortcuts: list[QKeySequence] = []
        for shortcut in spec.shortcuts:
            if isinstance(shortcut, Standard):
                keys = QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, shortcut.key))
            else:
                keys = [QKeySequence(shortcut)]
            # A key bound twice is ambiguous to Qt, which then fires neither binding.
            seen = {k.toString() for k in shortcuts}
            shortcuts += [k for k in keys if not k.isEmpty() and k.toString() not in seen]
        actions[spec.id].setShortcuts(shortcuts)
