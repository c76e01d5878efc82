"""Help inside the app: Keyboard shortcuts (F1), What the symbols mean, and About.

The shortcuts are read from the window's QActions when the page is drawn, menu by menu,
so the help lists exactly the keys that work (a key added to ui/actions.py appears here
without anyone editing a list). The pages are drawn by render/help.py in the page theme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QKeyCombination, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from painref import __version__
from painref.render.theme import LINK_SCHEME
from painref.ui.actions import MENUS

if TYPE_CHECKING:
    from painref.render.help import Credits, HelpPage, HelpTopic, Shortcut, ShortcutGroup
    from painref.ui.main_window import MainWindow

OTHER_COMMANDS = "Other commands"
"""The heading of the shortcuts no menu lists (the toolbar's, the outline's)."""
HELP_ACTIONS: dict[str, HelpTopic] = {
    "help.shortcuts": "shortcuts",
    "help.symbols": "symbols",
    "help.about_painref": "about",
}
DIALOG_CHARS = 80
"""The help dialog is about this many characters of its text wide (within the screen)."""


class HelpDialog(QDialog):
    """Shows one help page; the links at its top switch between them. Escape closes it."""

    def __init__(self, render: Callable[[HelpTopic], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self._render = render
        self.topic: HelpTopic = "shortcuts"
        self.view = QTextBrowser(self)
        self.view.setObjectName("HelpView")
        self.view.setOpenLinks(False)
        self.view.setOpenExternalLinks(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.view.anchorClicked.connect(self._on_view_anchor_clicked)
        self._fit()

    def show_topic(self, topic: HelpTopic) -> None:
        """Draw topic's page (again, in the current theme)."""
        self.topic = topic
        from painref.render.help import HELP_TITLES  # the help's renderer loads on first use

        title = HELP_TITLES[topic]
        self.setWindowTitle(f"{title} - PainRef")
        self.view.setAccessibleName(title)
        self.view.setHtml(self._render(topic))

    def _fit(self) -> None:
        """About DIALOG_CHARS characters wide and three quarters of the screen high."""
        screen = self.screen().availableGeometry()
        chars = QFontMetrics(QApplication.font()).averageCharWidth() * DIALOG_CHARS
        self.resize(
            min(max(chars, 480), round(screen.width() * 0.9)), round(screen.height() * 0.75)
        )

    def _on_view_anchor_clicked(self, url: QUrl) -> None:
        # Only the links between the help pages do anything; the sample links are samples.
        if url.scheme() == LINK_SCHEME and url.host() == "help":
            from painref.render.help import HELP_TITLES

            name = url.path().strip("/")
            topic = next((t for t in HELP_TITLES if t == name), None)
            if topic is not None:
                self.show_topic(topic)


class Help(QObject):
    """The Help menu's commands: each opens the help dialog at its page."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: HelpDialog | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        for action_id, topic in HELP_ACTIONS.items():
            a[action_id].triggered.connect(lambda _=False, t=topic: self.open(t))
        self._window.view_settings.changed.connect(self._on_view_settings_changed)

    def open(self, topic: HelpTopic) -> None:
        """Show the help dialog at topic, in front, with the focus in its page."""
        if self.dialog is None:
            self.dialog = HelpDialog(self.render, self._window)
        self.dialog.show_topic(topic)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def render(self, topic: HelpTopic) -> str:
        from painref.render.help import render_help

        return render_help(self.page(topic))

    def page(self, topic: HelpTopic) -> HelpPage:
        """The help page for topic, from the window's actions and content now."""
        from painref.render.help import HelpPage

        theme = self._window.page_theme()
        if topic == "shortcuts":
            return HelpPage(topic, groups=shortcut_groups(self._window.actions_by_id), theme=theme)
        if topic == "about":
            return HelpPage(topic, credits=self._credits(), theme=theme)
        return HelpPage(topic, theme=theme)

    def _credits(self) -> Credits:
        from painref.render.help import Credits

        library = self._window.navigation.pages.library
        meta = library.meta
        return Credits(
            app_version=__version__,
            content_version=meta.content_version,
            built=meta.build_time[:10],
            last_reviewed=library.last_reviewed(),
            topic_count=len(library.topics(include_tools=False)),
            condition_count=len(library.conditions()),
        )

    def _on_view_settings_changed(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_topic(self.dialog.topic)


def shortcut_groups(
    actions: Mapping[str, QAction],
    menus: Iterable[tuple[str, tuple[str | None, ...]]] = MENUS,
) -> tuple[ShortcutGroup, ...]:
    """Every action with a shortcut, grouped by the menu that lists it (in menu order),
    then those no menu lists."""
    from painref.render.help import ShortcutGroup

    groups: list[ShortcutGroup] = []
    listed: set[str] = set()
    for title, ids in menus:
        in_menu = [i for i in ids if i is not None and i in actions]
        listed.update(in_menu)
        shortcuts = [s for s in (_shortcut(actions[i]) for i in in_menu) if s is not None]
        if shortcuts:
            groups.append(ShortcutGroup(_plain(title), tuple(shortcuts)))
    rest = [
        s for s in (_shortcut(a) for i, a in actions.items() if i not in listed) if s is not None
    ]
    if rest:
        groups.append(ShortcutGroup(OTHER_COMMANDS, tuple(rest)))
    return tuple(groups)


def _shortcut(action: QAction) -> Shortcut | None:
    from painref.render.help import Shortcut

    keys: list[str] = []
    for sequence in action.shortcuts():
        if any(_key(sequence, i) >= _MEDIA_KEYS for i in range(sequence.count())):
            continue  # a keyboard's own Back or Exit key: not one to learn from a table
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in keys:
            keys.append(text)
    if not keys:
        return None
    command = _plain(action.text())
    tip = _tip(action.toolTip())
    return Shortcut(command, tuple(keys), "" if _plain(tip) == command else tip)


_MEDIA_KEYS = Qt.Key.Key_Back.value
"""Keys from here on are media, browser and launch keys that only some keyboards have."""


def _key(sequence: QKeySequence, index: int) -> int:
    """The key (without modifiers) of a sequence's index-th combination."""
    # The type stubs miss QKeySequence.__getitem__, which PySide6 has.
    combination: QKeyCombination = cast(Any, sequence)[index]
    return combination.key().value


_COUNT = re.compile(r"\s*\(\d+\)$")


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks, trailing ellipsis or count ("Compare (2)")."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return _COUNT.sub("", text).rstrip("…").rstrip(".").strip()


_KEYS_NOTE = re.compile(r"[^;()]*\b(?:Ctrl|Alt|Shift|F\d+)\b[^;()]*\)")


def _tip(tip: str) -> str:
    """The action's tip without the keys it names at its end ("... (Ctrl+K or Ctrl+L)"),
    which the table shows already; a note with more than keys ("F5; Escape leaves") stays."""
    head, _, tail = tip.rpartition(" (")
    return head if head and _KEYS_NOTE.fullmatch(tail) else tip
