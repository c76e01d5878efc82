"""Theme switching and text size in the window, kept across a restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from painref.ui.appearance import Appearance, apply

from .conftest import WindowFactory


@pytest.fixture(autouse=True)
def _restore_look(qapp: QApplication) -> Iterator[None]:
    yield
    apply(qapp, Appearance())


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_switching_theme_redraws_the_page(make_window: WindowFactory, theme: str) -> None:
    window = make_window()
    window.show_page("alpha-injection")
    window.view_settings.set_appearance(Appearance(theme=theme, base_font_pt=14))  # type: ignore[arg-type]
    page_theme = window.page_theme()
    html = window.view.toHtml()
    assert page_theme.base_pt == 14.0
    assert "font-size:14pt" in html.replace(" ", "") or "font-size:14.0pt" in html.replace(" ", "")
    background = QApplication.palette().base().color().lightness()
    assert (background < 128) == (theme != "light")
    assert "Alpha injection" in window.view.toPlainText()


def test_theme_and_size_come_back_after_a_restart(make_window: WindowFactory) -> None:
    first = make_window()
    first.view_settings.set_appearance(Appearance(theme="dark", base_font_pt=16))
    first.close()
    second = make_window()
    assert second.page_theme().base_pt == 16.0
    settings = second._settings
    assert settings.value("appearance/theme") == "dark"


def test_settings_dialog_opens_from_the_window(make_window: WindowFactory) -> None:
    window = make_window()
    window.actions_by_id["app.settings"].trigger()
    dialog = window.view_settings.dialog
    assert dialog.isVisible()
    dialog.set_appearance(Appearance(theme="high-contrast", base_font_pt=12))
    dialog.accept()
    assert window.page_theme().accent.lower() in ("#ffff00", "#ff0")
