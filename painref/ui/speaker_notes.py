"""Speaker notes: a second window beside the slides, on a second screen when one is connected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QScreen
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from painref.render.contexts import Theme
from painref.render.slides import Slide, notes_html

_S = TypeVar("_S")

NOTES_SHARE = 0.4
"""On the slides' own screen the notes take this share of its width, at its right edge."""


def notes_screen(screens: Sequence[_S], presenting: _S) -> _S | None:
    """The screen for the speaker notes: the first that is not the slides', or None."""
    return next((s for s in screens if s != presenting), None)


class SpeakerNotesWindow(QWidget):
    """The notes of the slide shown: what the slide leaves off, and its sources in full.

    A window of its own; the presentation keeps the keyboard, so the presenter moves the
    slides and the notes follow.
    """

    def __init__(self, parent: QWidget | None = None, *, panel: bool = False) -> None:
        """Args:
        panel: a panel over the right of parent (one screen) instead of a window.
        """
        super().__init__(parent)
        self.panel = panel
        if not panel:
            self.setWindowFlag(Qt.WindowType.Window)
        self.setAutoFillBackground(True)
        self.setWindowTitle("Speaker notes - PainRef presentation")
        self.setAccessibleName("Speaker notes")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("Speaker notes")
        self.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.browser)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)

    def show_slide(self, slide: Slide, theme: Theme, position: str = "") -> None:
        """Show slide's notes in theme's colours."""
        palette = QPalette(self.palette())
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, QColor(theme.background))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, QColor(theme.text))
        self.setPalette(palette)
        self.browser.setPalette(palette)
        self.browser.setHtml(notes_html(slide, theme, position))

    def text(self) -> str:
        return self.browser.toPlainText()


def place_notes(window: SpeakerNotesWindow, screen: QScreen | None) -> None:
    """Show the notes maximised on screen (a window), or over the right of their parent's
    area (a panel: a window manager keeps full-screen slides above any other window)."""
    if not window.panel and screen is not None:
        window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        return
    owner = window.parentWidget()
    if owner is not None:
        area = owner.rect()
        width = round(area.width() * NOTES_SHARE)
        window.setGeometry(area.right() - width + 1, area.top(), width, area.height())
    window.show()
    window.raise_()
