"""Appearance settings: storing them, applying them to the app, page colours, the dialog."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from painref.render.contexts import Theme
from painref.ui.appearance import (
    AAA_TEXT,
    DEFAULT_FONT_PT,
    FONT_KEY,
    THEME_KEY,
    THEMES,
    Appearance,
    ThemeName,
    apply,
    contrast_ratio,
    finish,
    high_contrast_palette,
    page_theme,
    palette_for,
    readable,
)
from painref.ui.high_contrast_style import HighContrastStyle
from painref.ui.palette import dark_palette
from painref.ui.settings_dialog import SettingsDialog
from painref.ui.theme import theme_from_palette

ROLE = QPalette.ColorRole


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, with its style, palette and font put back after the test."""
    style = qapp.style().name()
    palette = QPalette(qapp.palette())
    font = QFont(qapp.font())
    yield qapp
    if isinstance(qapp.style(), HighContrastStyle) or qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def colour(palette: QPalette, role: QPalette.ColorRole) -> str:
    return palette.color(role).name()


# -- the dataclass, load and save ---------------------------------------------------------------


def test_defaults() -> None:
    assert Appearance() == Appearance(theme="system", base_font_pt=DEFAULT_FONT_PT)
    assert DEFAULT_FONT_PT == 11.0


@pytest.mark.parametrize(
    ("theme", "font_pt"),
    [("purple", 11.0), ("", 11.0), ("dark", 8.9), ("dark", 20.5), ("dark", float("nan"))],
)
def test_invalid_appearance_is_refused(theme: str, font_pt: float) -> None:
    with pytest.raises(ValueError, match=r"theme|base_font_pt"):
        Appearance(theme=theme, base_font_pt=font_pt)  # type: ignore[arg-type]


@pytest.mark.parametrize("theme", THEMES)
def test_save_and_load_round_trip(theme: ThemeName, tmp_path: Path) -> None:
    path = str(tmp_path / "settings.ini")
    written = QSettings(path, QSettings.Format.IniFormat)
    Appearance(theme=theme, base_font_pt=13.5).save(written)
    written.sync()
    del written
    read = QSettings(path, QSettings.Format.IniFormat)
    assert Appearance.load(read) == Appearance(theme=theme, base_font_pt=13.5)


def test_load_without_stored_values_gives_defaults(settings: QSettings) -> None:
    assert Appearance.load(settings) == Appearance()


@pytest.mark.parametrize("font_pt", [9.0, 20.0, 12.5])
def test_load_keeps_the_ends_of_the_font_range(settings: QSettings, font_pt: float) -> None:
    Appearance(theme="light", base_font_pt=font_pt).save(settings)
    assert Appearance.load(settings).base_font_pt == font_pt


@pytest.mark.parametrize(
    ("stored_theme", "stored_font", "expected"),
    [
        ("neon", "14", Appearance(theme="system", base_font_pt=14.0)),
        ("DARK", "14", Appearance(theme="system", base_font_pt=14.0)),
        ("dark", "huge", Appearance(theme="dark")),
        ("dark", "", Appearance(theme="dark")),
        ("dark", "8", Appearance(theme="dark")),
        ("dark", "21", Appearance(theme="dark")),
        ("dark", "nan", Appearance(theme="dark")),
        ("dark", "inf", Appearance(theme="dark")),
        ("", "-3", Appearance()),
    ],
)
def test_bad_stored_values_fall_back_to_defaults(
    tmp_path: Path, stored_theme: str, stored_font: str, expected: Appearance
) -> None:
    path = tmp_path / "settings.ini"
    path.write_text(
        f"[appearance]\ntheme={stored_theme}\nbase_font_pt={stored_font}\n", encoding="utf-8"
    )
    assert Appearance.load(QSettings(str(path), QSettings.Format.IniFormat)) == expected


def test_values_of_the_wrong_type_fall_back(settings: QSettings) -> None:
    settings.setValue(THEME_KEY, ["dark", "light"])
    settings.setValue(FONT_KEY, {"size": 12})
    assert Appearance.load(settings) == Appearance()


# -- applying to the application ----------------------------------------------------------------


def test_light_uses_fusion_and_its_standard_palette(app: QApplication) -> None:
    apply(app, Appearance(theme="light", base_font_pt=12.0))
    assert app.style().name().casefold() == "fusion"
    assert app.palette() == app.style().standardPalette()
    assert colour(app.palette(), ROLE.Base) == "#ffffff"
    assert app.font().pointSizeF() == 12.0


def test_dark_uses_the_dark_palette(app: QApplication) -> None:
    apply(app, Appearance(theme="dark"))
    assert app.style().name().casefold() == "fusion"
    expected = dark_palette()
    for role in (ROLE.Window, ROLE.Base, ROLE.Text, ROLE.Link, ROLE.Highlight):
        assert colour(app.palette(), role) == colour(expected, role)


def test_high_contrast_is_black_white_and_yellow(app: QApplication) -> None:
    apply(app, Appearance(theme="high-contrast", base_font_pt=16.0))
    assert isinstance(app.style(), HighContrastStyle)
    assert app.style().name().casefold() == "fusion"
    palette = app.palette()
    assert colour(palette, ROLE.Window) == colour(palette, ROLE.Base) == "#000000"
    assert colour(palette, ROLE.Text) == colour(palette, ROLE.WindowText) == "#ffffff"
    assert colour(palette, ROLE.Link) == colour(palette, ROLE.Highlight) == "#ffff00"
    assert colour(palette, ROLE.HighlightedText) == "#000000"
    assert app.font().pointSizeF() == 16.0


def test_widgets_follow_the_application_palette(app: QApplication, qtbot: QtBot) -> None:
    # Qt hands the new palette to widgets through posted events, not at once.
    widget = QWidget()
    qtbot.addWidget(widget)
    apply(app, Appearance(theme="dark"))
    dark_base = colour(dark_palette(), ROLE.Base)
    qtbot.waitUntil(lambda: colour(widget.palette(), ROLE.Base) == dark_base)
    apply(app, Appearance(theme="high-contrast"))
    qtbot.waitUntil(lambda: colour(widget.palette(), ROLE.Base) == "#000000")


def test_system_restores_the_platform_look(app: QApplication) -> None:
    style = app.style().name()
    palette = QPalette(app.palette())
    family = app.font().family()
    for theme in ("dark", "high-contrast", "light"):
        apply(app, Appearance(theme=theme))
        apply(app, Appearance(theme="system", base_font_pt=14.0))
        assert app.style().name() == style
        assert not isinstance(app.style(), HighContrastStyle)
        assert app.palette() == palette
        assert app.font().family() == family
        assert app.font().pointSizeF() == 14.0


def test_the_platform_look_is_the_one_seen_first(app: QApplication) -> None:
    palette = QPalette(app.palette())
    apply(app, Appearance(theme="dark"))
    apply(app, Appearance(theme="light"))
    apply(app, Appearance(theme="system"))
    assert app.palette() == palette
    assert colour(palette_for("system"), ROLE.Base) == colour(palette, ROLE.Base)


@pytest.mark.parametrize("theme", THEMES)
def test_the_first_frames_appearance_finished_is_the_whole_appearance(
    app: QApplication, theme: ThemeName
) -> None:
    from painref.ui.focus import LinkFocus
    from painref.ui.style import ReadableStyle

    whole = Appearance(theme=theme, base_font_pt=13.0)
    apply(app, whole)
    style, palette, font = app.style().name(), QPalette(app.palette()), QFont(app.font())
    apply(app, Appearance(theme="light" if theme != "light" else "dark"))
    apply(app, whole, first_frame=True)
    assert app.palette() == palette  # the first frame has the theme's colours and text
    assert app.font() == font
    assert app.style().name() == style
    finish(app, whole)
    assert isinstance(app.style(), ReadableStyle)  # with the focus ring
    assert app.style().name() == style
    assert app.palette() == palette
    assert app.findChild(LinkFocus, "LinkFocus") is not None


def test_applying_twice_keeps_the_style(app: QApplication) -> None:
    apply(app, Appearance(theme="high-contrast"))
    style = app.style()
    apply(app, Appearance(theme="high-contrast", base_font_pt=18.0))
    assert app.style() is style
    assert app.font().pointSizeF() == 18.0


def test_high_contrast_check_boxes_have_a_visible_edge(app: QApplication, qtbot: QtBot) -> None:
    # Plain Fusion outlines a check box in a shade of the window colour: black on black.
    apply(app, Appearance(theme="high-contrast"))
    box = QCheckBox("Check")
    qtbot.addWidget(box)
    box.resize(120, 30)
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = app.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    edge = [
        image.pixelColor(indicator.left(), y).lightness()
        for y in range(indicator.top() + 2, indicator.bottom() - 1)
    ]
    assert min(edge) > 200


# -- page colours -------------------------------------------------------------------------------


def test_page_theme_light(app: QApplication) -> None:
    theme = page_theme(palette_for("light"), Appearance(theme="light"))
    assert (theme.text, theme.background, theme.accent) == ("#000000", "#ffffff", "#1f5f99")
    assert theme.base_pt == 11.0


def test_page_theme_dark(app: QApplication) -> None:
    theme = page_theme(dark_palette(), Appearance(theme="dark", base_font_pt=13.0))
    assert (theme.text, theme.background, theme.accent) == ("#e6e9ec", "#16191d", "#8cc4ff")
    assert theme.base_pt == 13.0


def test_page_theme_high_contrast_is_pure(app: QApplication) -> None:
    theme = page_theme(high_contrast_palette(), Appearance(theme="high-contrast"))
    assert theme == Theme(
        text="#ffffff",
        background="#000000",
        muted=theme.muted,
        accent="#ffff00",
        panel="#000000",
        border="#ffffff",
        warning="#ffff00",
        warning_text="#000000",
        base_pt=11.0,
    )


def test_page_theme_high_contrast_ignores_the_palette(app: QApplication) -> None:
    light = page_theme(palette_for("light"), Appearance(theme="high-contrast"))
    assert light == page_theme(high_contrast_palette(), Appearance(theme="high-contrast"))


def test_page_theme_system_follows_the_palette(app: QApplication) -> None:
    palette = palette_for("system")
    theme = page_theme(palette, Appearance(theme="system"))
    expected = theme_from_palette(palette)
    assert (theme.text, theme.background, theme.panel) == (
        expected.text,
        expected.background,
        expected.panel,
    )


@pytest.mark.parametrize(
    ("font_pt", "zoom", "expected"),
    [(11.0, 100, 11.0), (11.0, 150, 16.5), (12.0, 50, 6.0), (20.0, 300, 60.0), (9.5, 67, 6.4)],
)
@pytest.mark.parametrize("theme", THEMES)
def test_page_text_size_is_the_base_size_zoomed(
    app: QApplication, theme: ThemeName, font_pt: float, zoom: int, expected: float
) -> None:
    page = page_theme(palette_for(theme), Appearance(theme=theme, base_font_pt=font_pt), zoom)
    assert page.base_pt == expected


@pytest.mark.parametrize("theme", THEMES)
def test_page_colours_are_readable(app: QApplication, theme: ThemeName) -> None:
    page = page_theme(palette_for(theme), Appearance(theme=theme))
    minimum = AAA_TEXT if theme == "high-contrast" else 4.5
    pairs = {
        "text on background": (page.text, page.background),
        "link on background": (page.accent, page.background),
        "muted on background": (page.muted, page.background),
        "text on panel": (page.text, page.panel),
        "link on panel": (page.accent, page.panel),
        "muted on panel": (page.muted, page.panel),
        "warning": (page.warning_text, page.warning),
    }
    for name, (fg, bg) in pairs.items():
        assert contrast_ratio(fg, bg) >= minimum, f"{theme}: {name} {fg} on {bg}"


def test_high_contrast_palette_is_aaa() -> None:
    palette = high_contrast_palette()
    for fg, bg in (
        (ROLE.Text, ROLE.Base),
        (ROLE.WindowText, ROLE.Window),
        (ROLE.ButtonText, ROLE.Button),
        (ROLE.Link, ROLE.Base),
        (ROLE.HighlightedText, ROLE.Highlight),
        (ROLE.ToolTipText, ROLE.ToolTipBase),
        (ROLE.PlaceholderText, ROLE.Base),
    ):
        assert contrast_ratio(colour(palette, fg), colour(palette, bg)) >= AAA_TEXT
    disabled = palette.color(QPalette.ColorGroup.Disabled, ROLE.Text).name()
    assert disabled != colour(palette, ROLE.Text)
    assert contrast_ratio(disabled, colour(palette, ROLE.Base)) >= AAA_TEXT


@pytest.mark.parametrize(
    ("base", "text"),
    [("#9a9a9a", "#000000"), ("#5a5a5a", "#ffffff"), ("#2b5797", "#ffffff"), ("#ffffe0", "#333")],
)
def test_odd_system_palettes_still_give_readable_pages(
    app: QApplication, base: str, text: str
) -> None:
    palette = QPalette()
    palette.setColor(ROLE.Base, QColor(base))
    palette.setColor(ROLE.Text, QColor(text))
    page = page_theme(palette, Appearance(theme="system"))
    for fg, bg in ((page.text, page.background), (page.accent, page.background)):
        assert contrast_ratio(fg, bg) >= 4.5, (fg, bg)
    assert contrast_ratio(page.muted, page.background) >= 4.5
    assert contrast_ratio(page.accent, page.panel) >= 4.5
    assert contrast_ratio(page.accent, page.warning) >= 4.5


@pytest.mark.parametrize("theme", ["system", "light", "dark"])
def test_citation_links_in_a_safety_notice_are_readable(
    app: QApplication, theme: ThemeName
) -> None:
    page = page_theme(palette_for(theme), Appearance(theme=theme))
    assert contrast_ratio(page.accent, page.warning) >= 4.5


# -- contrast -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fg", "bg", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#777777", "#777777", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),
        ("#ffff00", "#000000", 19.56),
        ("#0000ff", "#ffffff", 8.59),
    ],
)
def test_contrast_ratio_follows_wcag(fg: str, bg: str, expected: float) -> None:
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)


def test_contrast_ratio_refuses_what_is_not_a_colour() -> None:
    with pytest.raises(ValueError, match="not a colour"):
        contrast_ratio("#zzzzzz", "#ffffff")


@pytest.mark.parametrize(
    ("fg", "bg"), [("#8cc4ff", "#ffffff"), ("#1f5f99", "#16191d"), ("#777777", "#808080")]
)
def test_readable_reaches_aa(fg: str, bg: str) -> None:
    assert contrast_ratio(readable(fg, bg), bg) >= 4.5


def test_readable_leaves_good_colours_alone() -> None:
    assert readable("#1f5f99", "#ffffff") == "#1f5f99"


# -- the dialog ---------------------------------------------------------------------------------


@pytest.fixture
def dialog(app: QApplication, qtbot: QtBot) -> SettingsDialog:
    dialog = SettingsDialog(Appearance(theme="light", base_font_pt=12.0))
    qtbot.addWidget(dialog)
    # waitActive is a context manager: called bare, it waits for nothing.
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """A click on a button's label (a radio button is wider than the part that takes clicks)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def ok_button(dialog: SettingsDialog) -> QAbstractButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def cancel_button(dialog: SettingsDialog) -> QAbstractButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)


def set_font_size(qtbot: QtBot, spin: QDoubleSpinBox, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)


def test_dialog_shows_the_appearance_it_was_given(dialog: SettingsDialog) -> None:
    assert dialog.theme_buttons["light"].isChecked()
    assert dialog.font_spin.value() == 12.0
    assert dialog.appearance() == Appearance(theme="light", base_font_pt=12.0)


@pytest.mark.parametrize("theme", THEMES)
def test_dialog_produces_the_appearance_chosen(
    dialog: SettingsDialog, qtbot: QtBot, theme: ThemeName
) -> None:
    click(qtbot, dialog.theme_buttons[theme])
    set_font_size(qtbot, dialog.font_spin, "14.5")
    expected = Appearance(theme=theme, base_font_pt=14.5)
    assert dialog.appearance() == expected
    with qtbot.waitSignal(dialog.appearance_changed, timeout=1000) as blocker:
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert blocker.args == [expected]
    assert not dialog.isVisible()


def test_font_size_is_kept_in_range(dialog: SettingsDialog, qtbot: QtBot) -> None:
    set_font_size(qtbot, dialog.font_spin, "40")
    assert 9.0 <= dialog.appearance().base_font_pt <= 20.0
    dialog.font_spin.setValue(1.0)
    assert dialog.appearance().base_font_pt == 9.0


def test_keyboard_chooses_a_theme(dialog: SettingsDialog, qtbot: QtBot) -> None:
    # A mnemonic focuses the button and clicks it a moment later (an animated click).
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.appearance().theme == "high-contrast")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.font_spin.hasFocus)
    qtbot.keyClick(dialog.font_spin, Qt.Key.Key_Up)
    assert dialog.appearance() == Appearance(theme="high-contrast", base_font_pt=12.5)


def test_cancel_does_not_emit(dialog: SettingsDialog, qtbot: QtBot) -> None:
    click(qtbot, dialog.theme_buttons["dark"])
    with qtbot.assertNotEmitted(dialog.appearance_changed):
        qtbot.mouseClick(cancel_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_escape_does_not_emit(dialog: SettingsDialog, qtbot: QtBot) -> None:
    set_font_size(qtbot, dialog.font_spin, "15")
    with qtbot.assertNotEmitted(dialog.appearance_changed):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_changing_controls_does_not_emit(dialog: SettingsDialog, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(dialog.appearance_changed):
        click(qtbot, dialog.theme_buttons["dark"])
        set_font_size(qtbot, dialog.font_spin, "10")


def test_restore_defaults(dialog: SettingsDialog, qtbot: QtBot) -> None:
    restore = dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.appearance() == Appearance()
    assert dialog.isVisible()


def test_dialog_does_not_change_the_application(dialog: SettingsDialog, qtbot: QtBot) -> None:
    palette = QPalette(QApplication.palette())
    click(qtbot, dialog.theme_buttons["high-contrast"])
    assert QApplication.palette() == palette


def test_preview_follows_the_choice(dialog: SettingsDialog, qtbot: QtBot) -> None:
    click(qtbot, dialog.theme_buttons["high-contrast"])
    set_font_size(qtbot, dialog.font_spin, "16")
    assert "background-color: #000000" in dialog.preview.styleSheet()
    assert "font-size: 16.0pt" in dialog.preview.styleSheet()
    assert "#ffff00" in dialog.preview.text()
    click(qtbot, dialog.theme_buttons["light"])
    assert "background-color: #ffffff" in dialog.preview.styleSheet()


def test_every_control_has_an_accessible_name(dialog: SettingsDialog) -> None:
    controls: list[QWidget] = [
        *dialog.findChildren(QAbstractButton),
        *dialog.findChildren(QDoubleSpinBox),
        dialog.preview,
        dialog.theme_box,
    ]
    assert len(controls) >= 4 + 1 + 3 + 2
    for control in controls:
        assert control.accessibleName(), control.objectName() or type(control).__name__


# -- the focus ring and the indicators (ui/style.py, ui/focus.py) --------------------------------


FOCUS_COLOURS = {"light": "#1f5f99", "dark": "#8cc4ff", "high-contrast": "#ffff00"}


@pytest.mark.parametrize("theme", ["system", *FOCUS_COLOURS])
def test_every_theme_draws_through_the_readable_style(app: QApplication, theme: ThemeName) -> None:
    from painref.ui.style import ReadableStyle

    apply(app, Appearance(theme=theme))
    style = app.style()
    assert isinstance(style, ReadableStyle)
    expected = FOCUS_COLOURS.get(theme)
    if expected is not None:
        assert style.focus_colour.name() == expected
    window = app.palette().color(ROLE.Window).name()
    assert contrast_ratio(style.focus_colour.name(), window) >= 3.0


@pytest.mark.parametrize("theme", list(FOCUS_COLOURS))
def test_the_focused_pane_has_a_two_pixel_ring_in_the_accent(
    app: QApplication, qtbot: QtBot, theme: ThemeName
) -> None:
    from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout

    apply(app, Appearance(theme=theme))
    host = QWidget()
    qtbot.addWidget(host)
    field = QLineEdit(host)
    tree = QTreeView(host)
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(tree)
    host.resize(300, 300)
    with qtbot.waitExposed(host):
        host.show()
    ring = QColor(FOCUS_COLOURS[theme])

    def edge(widget: QWidget, x: int) -> list[str]:
        image = widget.grab().toImage()
        y = widget.height() // 2
        return [image.pixelColor(x + i, y).name() for i in range(2)]

    tree.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tree.hasFocus)
    assert edge(tree, 0) == [ring.name()] * 2
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    assert ring.name() not in edge(tree, 0)
    assert edge(field, 0) == [ring.name()] * 2


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_radio_buttons_stand_out_in_every_theme(
    app: QApplication, qtbot: QtBot, theme: ThemeName
) -> None:
    from PySide6.QtWidgets import QRadioButton

    apply(app, Appearance(theme=theme))
    button = QRadioButton("Dark")
    qtbot.addWidget(button)
    button.resize(160, 40)
    option = QStyleOptionButton()
    option.initFrom(button)
    rect = app.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, button)
    window = app.palette().color(ROLE.Window).name()
    for checked in (False, True):
        button.setChecked(checked)
        image = button.grab().toImage()
        row = rect.center().y()
        darkest_or_lightest = max(
            contrast_ratio(image.pixelColor(x, row).name(), window)
            for x in range(rect.left(), rect.left() + rect.width() // 3)
        )
        assert darkest_or_lightest >= 3.0, (theme, checked)
    centre = button.grab().toImage().pixelColor(rect.center()).name()
    assert contrast_ratio(centre, window) >= 3.0  # the dot of the chosen one


def test_indicators_grow_with_the_text_size(app: QApplication, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QRadioButton

    sizes = []
    for points in (11.0, 20.0):
        apply(app, Appearance(theme="dark", base_font_pt=points))
        button = QRadioButton("Dark")
        qtbot.addWidget(button)
        metric = QStyle.PixelMetric
        sizes.append(
            (
                app.style().pixelMetric(metric.PM_ExclusiveIndicatorWidth, None, button),
                app.style().pixelMetric(metric.PM_IndicatorWidth, None, button),
            )
        )
    (radio_11, check_11), (radio_20, check_20) = sizes
    assert radio_11 >= 13
    assert radio_20 >= radio_11 * 1.6
    assert check_20 >= check_11 * 1.6


def test_the_link_tab_reaches_is_ringed(app: QApplication, qtbot: QtBot) -> None:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QTextBrowser

    from painref.ui.focus import MARK

    apply(app, Appearance(theme="light"))
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml('<p>See <a href="x:1">one page</a> or <a href="x:2">another</a>.</p>')
    with qtbot.waitExposed(browser):
        browser.show()
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)

    def rings() -> list[str]:
        return [
            browser.toPlainText()[s.cursor.selectionStart() : s.cursor.selectionEnd()]
            for s in browser.extraSelections()
            if s.format.hasProperty(MARK)
        ]

    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: rings() == ["one page"])
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: rings() == ["another"])
    # A word selected inside a link (what the find bar does) is no link focus.
    cursor = QTextCursor(browser.document())
    cursor.setPosition(4)
    cursor.setPosition(7, QTextCursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)
    qtbot.waitUntil(lambda: rings() == [])


def test_the_ring_leaves_other_highlights_alone(app: QApplication, qtbot: QtBot) -> None:
    from PySide6.QtGui import QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QTextBrowser, QTextEdit

    from painref.ui.focus import MARK

    apply(app, Appearance(theme="dark"))
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml('<p>find <a href="x:1">link</a> find</p>')
    with qtbot.waitExposed(browser):
        browser.show()
    found = QTextEdit.ExtraSelection()
    found.cursor = QTextCursor(browser.document())
    found.cursor.setPosition(0)
    found.cursor.setPosition(4, QTextCursor.MoveMode.KeepAnchor)
    found.format = QTextCharFormat()
    browser.setExtraSelections([found])
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: len(browser.extraSelections()) == 2)
    marks = [s.format.hasProperty(MARK) for s in browser.extraSelections()]
    assert marks == [False, True]


# -- the settings dialog at the largest size ------------------------------------------------------


def test_the_preview_shows_all_of_its_sample_at_20_pt(app: QApplication, qtbot: QtBot) -> None:
    dialog = SettingsDialog(Appearance(theme="dark", base_font_pt=20.0))
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    preview = dialog.preview
    # Never squeezed below the height its text needs (at worst the area scrolls).
    assert preview.height() >= preview.heightForWidth(preview.width())
    small = SettingsDialog(Appearance(theme="dark", base_font_pt=11.0))
    qtbot.addWidget(small)
    assert preview.minimumWidth() > small.preview.minimumWidth()


def test_the_dialog_uses_american_spelling(dialog: SettingsDialog) -> None:
    texts = [dialog.theme_box.title(), dialog.preview.text()]
    texts += [b.accessibleDescription() for b in dialog.theme_buttons.values()]
    joined = " ".join(texts).casefold()
    assert "color theme" in joined
    assert "anesthetic" in joined
    for british in ("colour", "anaesthe"):
        assert british not in joined
