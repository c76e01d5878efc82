"""The machine's policy file in the window: locked settings, a bad file said once, the site name."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from painref import app, policy
from painref.cli import main
from painref.content.library import Library
from painref.policy import Policy
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.appearance import FONT_KEY, THEME_KEY, Appearance
from painref.ui.handout import export_handout_pdf
from painref.ui.main_window import MainWindow
from painref.ui.settings_dialog import SettingsDialog

SITE = "Royal Example Hospital — Pain service"
LOCKED = "[policy]\ntheme = dark\ntext_size = 14\nsite_name = " + SITE + "\n"

PolicyWindow = Callable[[str | None], MainWindow]


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """The user's own settings: light, 10 pt."""
    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue(THEME_KEY, "light")
    settings.setValue(FONT_KEY, 10.0)
    settings.sync()
    return path


@pytest.fixture
def make_policy_window(
    qtbot: QtBot, small_library: Library, stored: Path, policy_file: Path
) -> PolicyWindow:
    """A window as app.py builds it, under a policy file with the text given (None: none)."""

    def make(text: str | None) -> MainWindow:
        if text is not None:
            policy_file.write_text(text, encoding="utf-8")
        policy.reset()
        settings = QSettings(str(stored), QSettings.Format.IniFormat)
        user = UserData.open(stored.parent / "user.db")
        window = MainWindow(
            small_library,
            SearchService(small_library),
            settings,
            debounce_ms=0,
            user=user,
            policy=policy.current(),
        )
        qtbot.addWidget(window)
        window.restore_state()
        with qtbot.waitExposed(window):
            window.show()
        return window

    return make


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    window.actions_by_id["app.settings"].trigger()
    dialog = window.view_settings.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_the_policy_overrides_and_locks_theme_and_text_size(
    qtbot: QtBot, make_policy_window: PolicyWindow, policy_file: Path, stored: Path
) -> None:
    window = make_policy_window(LOCKED)
    assert window.view_settings.appearance == Appearance(theme="dark", base_font_pt=14.0)
    assert window.page_theme().base_pt == 14.0  # pages are drawn at the policy's size
    dialog = open_settings(qtbot, window)
    note = f"Set by your organization (policy file {policy_file})"
    assert not dialog.theme_box.isEnabled()
    assert not any(b.isEnabled() for b in dialog.theme_buttons.values())
    assert dialog.theme_buttons["dark"].isChecked()
    assert not dialog.font_spin.isEnabled()
    assert dialog.font_spin.value() == 14.0
    for widget in (dialog.theme_box, dialog.theme_buttons["light"], dialog.font_spin):
        assert widget.toolTip() == note
    assert dialog.policy_note.isVisible()
    assert dialog.policy_note.text() == f"{note}: the color theme and the text size."
    # Restore defaults and OK change nothing the policy sets, and store nothing over the
    # user's own choice: it comes back when the policy goes.
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.appearance() == Appearance(theme="dark", base_font_pt=14.0)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.view_settings.appearance == Appearance(theme="dark", base_font_pt=14.0)
    window.view_settings.set_appearance(Appearance(theme="light", base_font_pt=9.0))
    assert window.view_settings.appearance == Appearance(theme="dark", base_font_pt=14.0)
    window.view_settings._settings.sync()
    again = QSettings(str(stored), QSettings.Format.IniFormat)
    assert again.value(THEME_KEY) == "light"
    assert float(again.value(FONT_KEY)) == 10.0


def test_only_what_the_policy_sets_is_locked(
    qtbot: QtBot, make_policy_window: PolicyWindow, stored: Path
) -> None:
    window = make_policy_window("[policy]\ntext_size = 16\n")
    assert window.view_settings.appearance == Appearance(theme="light", base_font_pt=16.0)
    dialog = open_settings(qtbot, window)
    assert dialog.theme_box.isEnabled()
    assert not dialog.font_spin.isEnabled()
    assert dialog.policy_note.text().endswith(": the text size.")
    dialog.theme_buttons["high-contrast"].click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.view_settings.appearance == Appearance("high-contrast", 16.0)
    window.view_settings._settings.sync()
    again = QSettings(str(stored), QSettings.Format.IniFormat)
    assert again.value(THEME_KEY) == "high-contrast"  # the user's own choice is stored
    assert float(again.value(FONT_KEY)) == 10.0


def test_no_policy_leaves_the_settings_as_they_were(
    qtbot: QtBot, make_policy_window: PolicyWindow
) -> None:
    window = make_policy_window(None)
    assert window.policy == Policy(searched=window.policy.searched)
    assert window.view_settings.appearance == Appearance(theme="light", base_font_pt=10.0)
    assert window.policy_label is None
    dialog = open_settings(qtbot, window)
    assert dialog.theme_box.isEnabled()
    assert dialog.font_spin.isEnabled()
    assert dialog.font_spin.toolTip() == ""
    assert not dialog.policy_note.isVisible()
    assert SITE not in window.view.toPlainText()


def test_a_bad_policy_is_said_once_and_the_defaults_apply(
    qtbot: QtBot, make_policy_window: PolicyWindow, policy_file: Path
) -> None:
    window = make_policy_window("[policy]\ntheme = dark\ntext_size = 14\nfont = Arial\n")
    problem = window.policy.problem
    assert problem is not None
    assert str(policy_file) in problem
    assert "line 4: key 'font' is unknown" in problem
    # Nothing of it applies: the user's own settings, unlocked.
    assert window.view_settings.appearance == Appearance(theme="light", base_font_pt=10.0)
    label = window.policy_label
    assert label is not None
    assert label.isVisible()
    assert label.text() == '⚠ <a href="#settings">Policy file not applied</a>'
    sentence = problem[0].upper() + problem[1:] + "."
    assert label.toolTip() == f"<p>{html.escape(sentence)}</p>"
    assert label.accessibleDescription() == problem
    label.linkActivated.emit("#settings")  # the link opens Settings, which has it in full
    dialog = window.view_settings.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.theme_box.isEnabled()
    assert dialog.font_spin.isEnabled()
    assert dialog.policy_note.isVisible()
    assert dialog.policy_note.text() == sentence
    assert SITE not in window.view.toPlainText()


def test_the_site_name_is_on_the_home_page(make_policy_window: PolicyWindow) -> None:
    window = make_policy_window(f"[policy]\nsite_name = {SITE}\n")
    assert window.current_location == "home"
    lines = window.view.toPlainText().splitlines()
    assert lines[:2] == ["PainRef", SITE]
    assert window.navigation.pages.site_name == SITE


def test_app_builds_the_window_under_the_machine_policy(
    qtbot: QtBot, small_library: Library, policy_file: Path, tmp_path: Path
) -> None:
    policy_file.write_text(LOCKED, encoding="utf-8")
    policy.reset()
    window = app.build_window(
        small_library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    assert window.policy == policy.current()
    assert window.policy.site_name == SITE
    assert window.view_settings.appearance == Appearance(theme="dark", base_font_pt=14.0)


def _first_page(path: Path) -> str:
    text = PdfReader(str(path)).pages[0].extract_text() or ""
    return re.sub(r"[\s\u200b]+", "", unicodedata.normalize("NFKC", text))


def test_the_site_name_is_on_the_handout_cover(small_library: Library, tmp_path: Path) -> None:
    QApplication.instance() or app.create_application()
    with_site, without = tmp_path / "site.pdf", tmp_path / "plain.pdf"
    export_handout_pdf(small_library, ["alpha-injection"], with_site, "Spine", site_name=SITE)
    export_handout_pdf(small_library, ["alpha-injection"], without, "Spine")
    squashed = re.sub(r"\s+", "", SITE)
    assert squashed in _first_page(with_site)
    assert squashed not in _first_page(without)


def test_the_command_line_handout_carries_the_site_name(
    small_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    policy_file: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("PAINREF_DB", str(small_db_path))
    policy_file.write_text(f"[policy]\nsite_name = {SITE}\n", encoding="utf-8")
    out = tmp_path / "handout.pdf"
    assert main(["export", "alpha-injection", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert re.sub(r"\s+", "", SITE) in _first_page(out)
