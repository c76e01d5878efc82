"""The page's outline above it: the section being read, and a list to jump to any other."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from painref.render.outline import Section

JUMP_SHORTCUT = "Ctrl+J"


class OutlineBar(QWidget):
    """ "On this page: [section]": follows the reading position and jumps on a choice.

    Hidden on a page without sections (home).

    Signals:
        jump_requested(str): the reader chose a section; its anchor.
    """

    jump_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutlineBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.setSpacing(6)
        self.label = QLabel("On this &page:", self)
        self.sections = QComboBox(self)
        self.sections.setObjectName("OutlineSections")
        self.sections.setAccessibleName("Sections of this page")
        self.sections.setToolTip(f"Jump to a section of this page ({JUMP_SHORTCUT})")
        self.sections.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sections.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.sections.setMaxVisibleItems(20)
        self.label.setBuddy(self.sections)
        self.position = QLabel(self)
        self.position.setObjectName("OutlinePosition")
        layout.addWidget(self.label)
        layout.addWidget(self.sections)
        layout.addWidget(self.position)
        layout.addStretch(1)
        self._anchors: list[str] = []
        self.sections.activated.connect(self._on_activated)
        self.hide()

    def set_sections(self, sections: Sequence[Section]) -> None:
        """The outline of the page now shown (none: the bar hides)."""
        self._anchors = [s.anchor for s in sections]
        self.sections.blockSignals(True)
        self.sections.clear()
        self.sections.addItem("Top of the page")
        for section in sections:
            self.sections.addItem(section.title)
        self.sections.blockSignals(False)
        self.setVisible(bool(sections))
        self.set_current(-1)

    def set_current(self, index: int) -> None:
        """Show the section being read (-1: above the first heading)."""
        self.sections.blockSignals(True)
        self.sections.setCurrentIndex(index + 1)
        self.sections.blockSignals(False)
        total = len(self._anchors)
        self.position.setText(f"section {index + 1} of {total}" if index >= 0 and total else "")

    def open(self) -> None:
        """Open the list from the keyboard."""
        if self.isVisible():
            self.sections.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
            self.sections.showPopup()

    def titles(self) -> list[str]:
        return [self.sections.itemText(i) for i in range(1, self.sections.count())]

    def _on_activated(self, index: int) -> None:
        self.jump_requested.emit("" if index == 0 else self._anchors[index - 1])
