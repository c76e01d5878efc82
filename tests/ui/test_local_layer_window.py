"""The department's local layer in the window: its pages in the sidebar and in search, its
notes beside the published values, the planner, printing only when chosen, and a layer that
cannot be opened said in the status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from painref.app import build_window, open_local_layer
from painref.content.library import Library
from painref.content.local_layer import LocalLayer
from painref.store.user import UserData
from painref.ui.main_window import MainWindow
from painref.ui.models import NODE_KIND_ROLE, TOPIC_ID_ROLE
from tests.local_fixtures import build_test_layer

LABEL = "Local protocol: Test Hospital Pain Service"
ESCORT = "local:day-case-escort"


@pytest.fixture(scope="module")
def layer_db(real_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_layer(tmp_path_factory.mktemp("layer"), real_library)


@pytest.fixture
def layer(layer_db: Path) -> Iterator[LocalLayer]:
    with LocalLayer.open(layer_db) as opened:
        yield opened


@pytest.fixture
def make(
    qtbot: QtBot, real_library: Library, tmp_path: Path
) -> Iterator[Callable[..., MainWindow]]:
    users: list[UserData] = []

    def make(local: LocalLayer | None, problem: str | None = None) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        user = UserData.open(tmp_path / "user.db")
        users.append(user)
        window = build_window(real_library, settings, user, local, problem)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    yield make
    for user in users:
        user.close()


def _group_rows(window: MainWindow) -> list[str]:
    proxy = window.sidebar.proxy
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def test_local_pages_lead_the_sidebar_and_open_with_the_keyboard(
    make: Callable[..., MainWindow], layer: LocalLayer, qtbot: QtBot
) -> None:
    window = make(layer)
    rows = _group_rows(window)
    assert rows[0] == "Local protocols (1)"
    proxy = window.sidebar.proxy
    group = proxy.index(0, 0)
    assert group.data(NODE_KIND_ROLE) == "group"
    page = proxy.index(0, 0, group)
    assert page.data(TOPIC_ID_ROLE) == ESCORT
    tree = window.sidebar.tree
    tree.setFocus()
    tree.setCurrentIndex(page)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.navigation.current == ESCORT
    html = window.view.toHtml()
    assert "Escort home after day-case procedures" in html and "Test Hospital Pain Service" in html
    assert window.windowTitle() == "Escort home after day-case procedures - PainRef"
    # The sidebar follows the page shown, the local one too.
    assert window.sidebar.current_topic() == ESCORT


def test_typing_finds_a_local_page_and_enter_opens_it(
    make: Callable[..., MainWindow], layer: LocalLayer, qtbot: QtBot
) -> None:
    window = make(layer)
    window.searching.focus()
    with qtbot.waitSignal(window.results.model.modelReset, timeout=2000):
        qtbot.keyClicks(window.search_field, "escort")
    first = window.results.model.index(0, 0)
    assert first.data(TOPIC_ID_ROLE) == ESCORT
    assert "Local protocols" in str(first.data(Qt.ItemDataRole.DisplayRole))
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.navigation.current == ESCORT


def test_a_published_page_shows_the_notes_beside_its_values(
    make: Callable[..., MainWindow], layer: LocalLayer
) -> None:
    window = make(layer)
    window.navigation.show("epidural-steroid-injection")
    text = window.view.toPlainText()
    assert LABEL in text and "3 per year" in text
    assert "Review overdue: due 2025-05-01" in text


def test_without_a_layer_nothing_local_is_shown(make: Callable[..., MainWindow]) -> None:
    window = make(None)
    assert not any(r.startswith("Local protocols") for r in _group_rows(window))
    window.navigation.show("epidural-steroid-injection")
    assert "Local protocol" not in window.view.toPlainText()
    assert window.local_label is None


def test_a_layer_that_cannot_be_opened_is_said_and_the_app_runs(
    make: Callable[..., MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("PAINREF_LOCAL_DB", str(broken))
    local, problem = open_local_layer()
    assert local is None and problem is not None
    assert problem.startswith("the local protocols cannot be shown:") and str(broken) in problem
    window = make(local, problem)
    assert window.local_label is not None
    assert window.local_label.text() == "⚠ Local protocols not shown"
    assert str(broken) in window.local_label.toolTip()
    window.navigation.show("epidural-steroid-injection")
    assert "Epidural steroid injection" in window.view.toPlainText()


def test_printing_carries_local_notes_only_when_chosen(
    make: Callable[..., MainWindow], layer: LocalLayer
) -> None:
    window = make(layer)
    window.navigation.show("epidural-steroid-injection")
    printing = window.printing
    assert "3 per year" not in printing._page().html  # off until chosen
    window.actions_by_id["file.print_local"].trigger()
    assert printing.notes.local and not printing.notes.personal
    assert "3 per year" in printing._page().html
    window.actions_by_id["file.print_local"].trigger()
    assert "3 per year" not in printing._page().html


def test_the_handout_dialog_offers_the_notes_there_are(
    make: Callable[..., MainWindow], layer: LocalLayer
) -> None:
    window = make(layer)
    window.printing.save_handout("Lecture", ["epidural-steroid-injection"])
    dialog = window.printing.handout_dialog
    assert dialog is not None
    assert dialog.offer_local and dialog.offer_personal
    assert not dialog.local_box.isChecked()
    dialog.local_box.setChecked(True)
    assert dialog.notes.local and not dialog.notes.personal
    dialog.reject()
    plain = make(None)
    plain.printing.save_handout("Lecture", ["epidural-steroid-injection"])
    other = plain.printing.handout_dialog
    assert other is not None and not other.offer_local and other.local_box.isHidden()
    other.reject()


def test_the_planner_shows_the_local_rule_under_the_drug(
    make: Callable[..., MainWindow], layer: LocalLayer
) -> None:
    from painref.ui.tool_dialogs import PlannerDialog

    window = make(layer)
    dialog = window.tools.planner(preset="epidural-steroid-injection")
    assert isinstance(dialog, PlannerDialog)
    dialog.check("warfarin")
    assert "Apixaban before neuraxial procedures" not in dialog.answer_text()
    dialog.check("apixaban")
    answer = dialog.answer_text()
    assert LABEL in answer and "Apixaban before neuraxial procedures" in answer
    # The printed plan carries it only when the reader chose to print local protocols.
    assert "Apixaban before neuraxial procedures" not in dialog.print_html()
    window.actions_by_id["file.print_local"].trigger()
    dialog.check("apixaban", False)
    dialog.check("apixaban")
    assert "Apixaban before neuraxial procedures" in dialog.print_html()
    dialog.close()


def test_a_local_page_offers_only_open_in_its_menu(
    make: Callable[..., MainWindow], layer: LocalLayer
) -> None:
    window = make(layer)
    for location in (ESCORT, "compare:epidural-steroid-injection,radiofrequency-ablation"):
        menu = window.compare.page_menu(location, window)
        assert [a.text() for a in menu.actions()] == ["Open"]
    menu = window.compare.page_menu("epidural-steroid-injection", window)
    assert "Add to comparison" in [a.text() for a in menu.actions()]


def test_a_local_page_viewed_is_listed_on_home_while_the_layer_has_it(
    make: Callable[..., MainWindow], layer: LocalLayer
) -> None:
    window = make(layer)
    window.navigation.show(ESCORT)
    window.navigation.show("home")
    assert ESCORT in window.user_data.recent_summaries()
    assert (
        'href="painref://topic/local:day-case-escort"'
        in window.navigation.pages.render("home", recent=window.user_data.recent_summaries()).html
    )
    other = make(None)
    assert ESCORT not in other.user_data.recent_summaries()
