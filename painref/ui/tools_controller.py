"""The procedure-day tools in the window: the Tools menu, the Emergency: LAST key, and the
links on pages that open a tool (a procedure page's "Blood thinners for this procedure")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from painref.errors import PainRefError
from painref.ui import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from painref.content.library import Library
    from painref.render.contexts import Theme
    from painref.ui.main_window import MainWindow


class Tools(QObject):
    """Opens the planner, the dose calculator and the LAST view (one window each)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._open: dict[str, QDialog] = {}
        actions = window.actions_by_id
        actions["tools.planner"].triggered.connect(lambda: self.planner())
        actions["tools.dose"].triggered.connect(lambda: self.dose())
        actions["tools.last"].triggered.connect(lambda: self.last())
        window.view.action_requested.connect(self._on_view_action_requested)

    @property
    def _library(self) -> Library:
        return self._window.navigation.pages.library

    def _theme(self) -> Theme:
        return self._window.view_settings.page_theme()

    def planner(self, preset: str = "") -> QDialog | None:
        from painref.tools.anticoag import Planner
        from painref.ui.tool_dialogs import PlannerDialog

        try:
            planner = Planner.from_library(self._library)
        except PainRefError as exc:
            messages.warn(self._window, "Blood-thinner planner", str(exc))
            return None
        dialog = PlannerDialog(
            self._library,
            planner,
            self._theme,
            self._window,
            preset=preset,
            drug_notes=self._window.navigation.pages.drug_notes,
            print_local=lambda: self._window.printing.notes.local,
        )
        return self._show("planner", dialog)

    def dose(self, preset: str = "") -> QDialog | None:
        from painref.tools.dose import DoseCalculator
        from painref.ui.tool_dialogs import DoseDialog

        try:
            calculator = DoseCalculator.from_library(self._library)
        except PainRefError as exc:
            messages.warn(self._window, "Local anesthetic dose", str(exc))
            return None
        dialog = DoseDialog(self._library, calculator, self._theme, self._window, preset=preset)
        return self._show("dose", dialog)

    def last(self) -> QDialog | None:
        from painref.ui.tool_dialogs import LastDialog

        try:
            dialog = LastDialog(self._library, self._theme, self._window)
        except PainRefError as exc:
            messages.warn(self._window, "Emergency: LAST", str(exc))
            return None
        return self._show("last", dialog)

    def _show(self, name: str, dialog: QDialog) -> QDialog:
        old = self._open.pop(name, None)
        if old is not None:
            old.close()
            old.deleteLater()
        self._open[name] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _on_view_action_requested(self, action: str, argument: str) -> None:
        if action == "planner":
            self.planner(argument)
        elif action == "dose":
            self.dose(argument)
        elif action == "last":
            self.last()
