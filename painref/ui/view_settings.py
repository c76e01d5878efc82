"""How pages look: the zoom level, the theme and text size, and the settings dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication, QLabel

from painref.policy import Policy
from painref.render.theme import Theme
from painref.ui.appearance import Appearance, locked_keys, page_theme
from painref.ui.appearance import apply as apply_appearance
from painref.ui.detail import next_zoom

if TYPE_CHECKING:
    from painref.ui.main_window import MainWindow
    from painref.ui.settings_dialog import SettingsDialog

DEFAULT_ZOOM = 100


class ViewSettings(QObject):
    """The window's zoom and appearance, remembered in the settings; what the machine's
    policy file sets (theme, text size) is used in place of the stored value, and kept.

    Signals:
        changed(): pages should be drawn again (a new zoom, theme or text size).
    """

    changed = Signal()

    def __init__(
        self, window: MainWindow, settings: QSettings, policy: Policy | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.policy = policy or Policy()
        self.zoom = _int(settings.value("view/zoom", DEFAULT_ZOOM), DEFAULT_ZOOM)
        self.appearance = Appearance.load(settings).enforced(self.policy)
        self.dialog: SettingsDialog | None = None
        self.zoom_label = QLabel(window)
        self.zoom_label.setAccessibleName("Zoom level")
        self._update_zoom_label()
        self._connect_signals()

    def _connect_signals(self) -> None:
        a = self._window.actions_by_id
        a["view.zoom_in"].triggered.connect(lambda: self.step_zoom(1))
        a["view.zoom_out"].triggered.connect(lambda: self.step_zoom(-1))
        a["view.zoom_reset"].triggered.connect(lambda: self.set_zoom(DEFAULT_ZOOM))
        a["app.settings"].triggered.connect(self.open_dialog)
        self._window.view.zoom_requested.connect(self.step_zoom)

    def page_theme(self) -> Theme:
        """The colours and text size pages are drawn with now."""
        return page_theme(QApplication.palette(), self.appearance, self.zoom)

    def step_zoom(self, step: int) -> None:
        self.set_zoom(next_zoom(self.zoom, step))

    def set_zoom(self, percent: int) -> None:
        if percent == self.zoom:
            return
        self.zoom = percent
        self._settings.setValue("view/zoom", percent)
        self._update_zoom_label()
        self.changed.emit()

    def set_appearance(self, appearance: Appearance) -> None:
        """Apply a theme and text size to the whole app, remember them, redraw the page.
        What the policy sets stays as it sets it, and is not stored as the user's."""
        appearance = appearance.enforced(self.policy)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_appearance(app, appearance)
        self.appearance = appearance
        appearance.save(self._settings, locked=locked_keys(self.policy))
        self.changed.emit()

    def open_dialog(self) -> None:
        from painref.ui.settings_dialog import SettingsDialog  # off start-up: it renders

        dialog = SettingsDialog(self.appearance, self._window, policy=self.policy)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.appearance_changed.connect(self.set_appearance)
        self.dialog = dialog
        dialog.open()

    def save(self) -> None:
        self._settings.setValue("view/zoom", self.zoom)

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"Zoom {self.zoom}%")


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
