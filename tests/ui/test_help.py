"""Help inside the app: the shortcuts read from the window's actions, the symbols, About."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from painref.render.contexts import Theme
from painref.render.help import DIAGRAM_KEY, HelpPage, render_help
from painref.ui.actions import MENUS
from painref.ui.appearance import HIGH_CONTRAST_THEME
from painref.ui.help import OTHER_COMMANDS, HelpDialog, _key
from painref.ui.main_window import MainWindow


def _open(window: MainWindow, qtbot: QtBot, action_id: str) -> HelpDialog:
    window.actions_by_id[action_id].trigger()
    dialog = window.help.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _keys(action: QAction) -> list[str]:
    return [
        k.toString(QKeySequence.SequenceFormat.NativeText)
        for k in action.shortcuts()
        if all(_key(k, i) < Qt.Key.Key_Back.value for i in range(k.count()))
    ]


class _Text(HTMLParser):
    """The text of an HTML page, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def test_f1_opens_the_keyboard_shortcuts(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.help.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Keyboard shortcuts - PainRef"
    qtbot.waitUntil(dialog.view.hasFocus)  # the dialog becomes the active window
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_action_with_a_shortcut_is_listed(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _open(window, qtbot, "help.shortcuts")
    text = dialog.view.toPlainText()
    with_keys = [a for a in window.actions_by_id.values() if _keys(a)]
    assert len(with_keys) >= 30
    for action in with_keys:
        name = action.text().replace("&", "").split(" (")[0].rstrip("…")
        assert name in text, name
        for key in _keys(action):
            assert key in text, (name, key)


def test_the_list_follows_the_actions_it_is_given(window: MainWindow, qtbot: QtBot) -> None:
    # A command added anywhere (the outline's Ctrl+J is added by its controller) is listed
    # without anyone editing the help; a key changed is shown as it is now.
    extra = QAction("Do a new thing", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+N"))
    window.actions_by_id["test.new"] = extra
    window.actions_by_id["nav.home"].setShortcut(QKeySequence("Ctrl+Alt+Home"))
    text = _open(window, qtbot, "help.shortcuts").view.toPlainText()
    assert "Do a new thing" in text
    assert "Ctrl+Alt+N" in text
    assert text.index(OTHER_COMMANDS) < text.index("Do a new thing")
    assert "Ctrl+Alt+Home" in text
    assert "Alt+Home" not in text.replace("Ctrl+Alt+Home", "")


def test_shortcuts_are_grouped_by_menu_in_menu_order(window: MainWindow, qtbot: QtBot) -> None:
    text = _open(window, qtbot, "help.shortcuts").view.toPlainText()
    positions = [text.index(f"\n{title.replace('&', '')}\n") for title in ("&File", "&Go", "&Help")]
    assert positions == sorted(positions)
    assert text.index("Show history") > text.index("\nGo\n")


def test_the_help_menu_lists_its_pages() -> None:
    assert dict(MENUS)["&Help"] == (
        "help.shortcuts",
        "help.symbols",
        None,
        "help.about_painref",
    )


def test_links_switch_between_the_help_pages(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _open(window, qtbot, "help.shortcuts")
    dialog.view.anchorClicked.emit(QUrl("painref://help/symbols"))
    assert dialog.windowTitle() == "What the symbols mean - PainRef"
    assert "the sources state this differently" in dialog.view.toPlainText()
    dialog.view.anchorClicked.emit(QUrl("painref://help/nonsense"))
    assert dialog.topic == "symbols"


@pytest.mark.parametrize("theme", [Theme(), HIGH_CONTRAST_THEME])
def test_the_symbols_are_drawn_as_pages_draw_them(theme: Theme) -> None:
    html = render_help(HelpPage("symbols", theme=theme))
    text = " ".join(_parse(html).text)
    for mark in (
        "[2]",
        "the sources state this differently",
        "Safety notice.",
        "not reported",
        "Bleeding-risk class",
        "not classified in the sources",
        "What the source documents say, and what is known",
        "Last reviewed",
        "published after that date",
    ):
        assert mark in text, mark
    # The badge and the safety box in the theme's own warning colours.
    assert f"color:{theme.warning_text}; background-color:{theme.warning};" in html
    assert len(DIAGRAM_KEY) == 10
    assert html.count("background-color:") >= len(DIAGRAM_KEY)


def test_about_says_who_made_the_content(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _open(window, qtbot, "help.about_painref")
    text = dialog.view.toPlainText()
    library = window.navigation.pages.library
    assert library.meta.content_version in text
    assert library.last_reviewed() in text
    assert "PainRef editors" in text
    assert "data/REVIEW.md" in text
    assert "Corrections" in text
    assert "documents no address for corrections" in text
    assert "This edition names no individual authors" in text
    assert "educational reference" in text  # the disclaimer


def test_the_old_about_box_is_in_no_menu() -> None:
    listed = {i for _, ids in MENUS for i in ids}
    assert "help.about" not in listed


def test_help_follows_the_theme(window: MainWindow, qtbot: QtBot) -> None:
    from painref.ui.appearance import Appearance

    dialog = _open(window, qtbot, "help.symbols")
    window.view_settings.set_appearance(Appearance(theme="high-contrast"))
    try:
        assert "#ffff00" in dialog.view.toHtml().lower()
    finally:
        from PySide6.QtWidgets import QApplication

        from painref.ui.appearance import apply

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply(app, Appearance())
