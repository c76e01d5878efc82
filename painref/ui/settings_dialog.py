"""The settings dialog: color theme and text size, with a preview of a page in them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from painref.policy import Policy
from painref.render.contexts import PreviewPage
from painref.render.pages import render_preview
from painref.ui.appearance import (
    MAX_FONT_PT,
    MIN_FONT_PT,
    THEME_LABELS,
    THEMES,
    Appearance,
    ThemeName,
    locked_keys,
    page_theme,
    palette_for,
)

FONT_STEP_PT = 0.5
MNEMONICS: dict[ThemeName, str] = {
    "system": "&Follow the system",
    "light": "&Light",
    "dark": "&Dark",
    "high-contrast": "&High contrast",
}
PREVIEW_TITLE = "Epidural steroid injection"
PREVIEW_TEXT = "A corticosteroid and local anesthetic are injected into the epidural space."
PREVIEW_LINK = "See also: Medial branch block"
PREVIEW_WARNING = "Safety notice: stop anticoagulants only as advised."
PREVIEW_CHARS = 46
"""How many characters of the sample's text fit on one of its lines."""
PREVIEW_MIN_WIDTH = 360
PREVIEW_MIN_HEIGHT = 120
TITLE_BAR_ALLOWANCE = 48
"""Pixels a window manager's title bar and frame may take from the screen's height."""


class SettingsDialog(QDialog):
    """Lets the user pick a theme and a base text size; nothing changes until OK.

    What the machine's policy file sets is shown, disabled, with a tooltip and a note
    naming the file; a policy file that was not applied is named with its problem.

    Signals:
        appearance_changed(Appearance): OK was pressed; the appearance chosen.
    """

    appearance_changed = Signal(Appearance)

    def __init__(
        self,
        appearance: Appearance | None = None,
        parent: QWidget | None = None,
        *,
        policy: Policy | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("SettingsDialog")
        self.setAccessibleName("Settings")
        self._policy = policy or Policy()

        self.theme_box = QGroupBox("Color theme", self)
        self.theme_box.setAccessibleName("Color theme")
        self.theme_group = QButtonGroup(self)
        self.theme_buttons: dict[ThemeName, QRadioButton] = {}
        # Two columns: at 20 pt four rows of radio buttons would push the preview off a
        # 720-pixel screen.
        theme_layout = QGridLayout(self.theme_box)
        for index, theme in enumerate(THEMES):
            button = QRadioButton(MNEMONICS[theme], self.theme_box)
            button.setObjectName(f"Theme-{theme}")
            button.setAccessibleName(THEME_LABELS[theme])
            self.theme_group.addButton(button, index)
            self.theme_buttons[theme] = button
            theme_layout.addWidget(button, index // 2, index % 2)
        self.theme_buttons["system"].setAccessibleDescription(
            "Use the colors of your desktop; light or dark as the system is"
        )
        self.theme_buttons["high-contrast"].setAccessibleDescription(
            "White text on black with yellow links and outlines"
        )

        self.font_spin = QDoubleSpinBox(self)
        self.font_spin.setObjectName("BaseFontSize")
        self.font_spin.setRange(MIN_FONT_PT, MAX_FONT_PT)
        self.font_spin.setSingleStep(FONT_STEP_PT)
        self.font_spin.setDecimals(1)
        self.font_spin.setSuffix(" pt")
        self.font_spin.setAccessibleName("Text size in points")
        self.font_spin.setAccessibleDescription(
            f"The size of page and window text, {MIN_FONT_PT:g} to {MAX_FONT_PT:g} points; "
            "the page zoom scales it further"
        )
        font_label = QLabel("Text &size:", self)
        font_label.setBuddy(self.font_spin)

        self.preview = QLabel()
        self.preview.setObjectName("AppearancePreview")
        self.preview.setAccessibleName("Preview")
        self.preview.setAccessibleDescription("A sample page in the chosen theme and text size")
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setAutoFillBackground(True)
        # The sample is as tall as its text; on a screen too small for it at a large size,
        # it scrolls rather than being cut off.
        self.preview_area = QScrollArea(self)
        self.preview_area.setObjectName("AppearancePreviewArea")
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setFrameShape(QFrame.Shape.NoFrame)
        self.preview_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        for standard, name in (
            (QDialogButtonBox.StandardButton.Ok, "OK"),
            (QDialogButtonBox.StandardButton.Cancel, "Cancel"),
            (QDialogButtonBox.StandardButton.RestoreDefaults, "Restore defaults"),
        ):
            self.buttons.button(standard).setAccessibleName(name)

        self.font_label = font_label
        self.policy_note = QLabel(self)
        self.policy_note.setObjectName("PolicyNote")
        self.policy_note.setWordWrap(True)
        self.policy_note.setTextFormat(Qt.TextFormat.PlainText)  # a path, a file's text
        self.policy_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._show_policy()

        form = QFormLayout()
        form.addRow(font_label, self.font_spin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.policy_note)
        layout.addWidget(self.theme_box)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview:", self))
        layout.addWidget(self.preview_area, 1)
        layout.addWidget(self.buttons)

        self.set_appearance(appearance or Appearance())
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.theme_group.idToggled.connect(self._on_theme_group_id_toggled)
        self.font_spin.valueChanged.connect(self._on_font_spin_value_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._on_restore_defaults_clicked
        )

    def appearance(self) -> Appearance:
        """The appearance the controls show now."""
        theme = THEMES[max(self.theme_group.checkedId(), 0)]
        return Appearance(theme=theme, base_font_pt=round(self.font_spin.value(), 1))

    def set_appearance(self, appearance: Appearance) -> None:
        """Show appearance in the controls (and the preview); what the policy sets stays."""
        appearance = appearance.enforced(self._policy)
        self.theme_buttons[appearance.theme].setChecked(True)
        self.font_spin.setValue(appearance.base_font_pt)
        self._update_preview()

    def accept(self) -> None:
        self.appearance_changed.emit(self.appearance())
        super().accept()

    def _show_policy(self) -> None:
        """Disable what the policy sets, each with the tooltip naming the file, and say so
        above the controls (a disabled control cannot take the focus to show its tooltip)."""
        policy = self._policy
        locked = locked_keys(policy)
        note = policy.lock_note()
        if "theme" in locked:
            self.theme_box.setEnabled(False)
            self.theme_box.setToolTip(note)
            self.theme_box.setAccessibleDescription(note)
            for button in self.theme_buttons.values():
                button.setToolTip(note)
        if "text_size" in locked:
            for widget in (self.font_spin, self.font_label):
                widget.setEnabled(False)
                widget.setToolTip(note)
            self.font_spin.setAccessibleDescription(note)
        if locked:
            names = " and the ".join(
                name
                for key, name in (("theme", "color theme"), ("text_size", "text size"))
                if key in locked
            )
            self.policy_note.setText(f"{note}: the {names}.")
        elif policy.problem:
            self.policy_note.setText(f"{policy.problem[0].upper()}{policy.problem[1:]}.")
        self.policy_note.setAccessibleName(self.policy_note.text())
        self.policy_note.setVisible(bool(self.policy_note.text()))

    def _on_theme_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._update_preview()

    def _on_font_spin_value_changed(self, _value: float) -> None:
        self._update_preview()

    def _on_restore_defaults_clicked(self) -> None:
        self.set_appearance(Appearance())  # what the policy sets stays (set_appearance)

    def _update_preview(self) -> None:
        appearance = self.appearance()
        palette = palette_for(appearance.theme)
        t = page_theme(palette, appearance)
        self.preview.setPalette(palette)
        # The label shows the page's own colors, set here, whatever the dialog's style.
        self.preview.setStyleSheet(
            f"QLabel#AppearancePreview {{ background-color: {t.background}; color: {t.text};"
            f" border: 1px solid {t.border}; padding: 10px; font-size: {t.base_pt}pt; }}"
        )
        self.preview.setText(
            render_preview(
                PreviewPage(PREVIEW_TITLE, PREVIEW_TEXT, PREVIEW_LINK, PREVIEW_WARNING, theme=t)
            )
        )
        self._fit_preview(t.base_pt)

    def _fit_preview(self, base_pt: float) -> None:
        """Make the sample wide enough for about PREVIEW_CHARS characters of its text and
        the area tall enough to show all of it, within the screen the dialog is on."""
        font = QFont(self.preview.font())
        font.setPointSizeF(base_pt)
        metrics = QFontMetrics(font)
        width = max(PREVIEW_MIN_WIDTH, metrics.averageCharWidth() * PREVIEW_CHARS)
        screen = self.screen().availableGeometry()
        width = min(width, round(screen.width() * 0.8))
        self.preview.setMinimumWidth(width)
        self.preview_area.setMinimumWidth(width)
        if not self.policy_note.isHidden():
            # WORKAROUND: a word-wrapped label's size hint guesses its width; adjustSize()
            # then leaves too little height and the buttons overlap the preview.
            self.policy_note.setMinimumHeight(self.policy_note.heightForWidth(width))
        height = self.preview.heightForWidth(width)
        # Leave the rest of the dialog (theme, size, buttons, title bar) its room.
        room = screen.height() - self._height_without_preview()
        self.preview_area.setMinimumHeight(max(PREVIEW_MIN_HEIGHT, min(height, room)))
        self.adjustSize()

    def _height_without_preview(self) -> int:
        layout = self.layout()
        used = self.sizeHint().height() - self.preview_area.sizeHint().height()
        margins = layout.contentsMargins() if layout is not None else None
        return used + (margins.top() if margins else 0) + TITLE_BAR_ALLOWANCE
