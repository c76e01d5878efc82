"""Message boxes that show their text as plain text, always.

QMessageBox guesses whether a string "might be rich text" and then renders it as HTML, with
its links opening the browser by themselves. The texts PainRef shows often quote what a
person or a file typed (a lecture set's name, a bad field of an imported file, a path), so a
planted `<a href>` or `<img>` would render and bypass PainRef's own "open in browser?"
question. Every box the window shows goes through here instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton


def box(parent: QWidget | None, icon: Icon, title: str, text: str) -> QMessageBox:
    """A box with an OK button showing text as plain text; the caller runs exec()."""
    shown = QMessageBox(icon, title, text, Button.Ok, parent)
    shown.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    shown.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return shown


def warn(parent: QWidget | None, title: str, text: str) -> None:
    box(parent, Icon.Warning, title, text).exec()


def critical(parent: QWidget | None, title: str, text: str) -> None:
    box(parent, Icon.Critical, title, text).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box(parent, Icon.Information, title, text).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes or No; True for Yes."""
    question = box(parent, Icon.Question, title, text)
    question.setStandardButtons(Button.Yes | Button.No)
    question.setDefaultButton(Button.No)
    return question.exec() == Button.Yes


def external_link(parent: QWidget | None, url: QUrl) -> None:
    """Ask before a link leaves PainRef: open it in the browser, copy it, or neither."""
    question = QMessageBox(parent)
    question.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    question.setWindowTitle("External link")
    question.setText(f"This link leads outside PainRef:\n{url.toString()}")
    question.setInformativeText(
        "PainRef never opens the network itself. Open it in your web browser, or copy it?"
    )
    open_button = question.addButton("Open in browser", QMessageBox.ButtonRole.AcceptRole)
    copy_button = question.addButton("Copy link", QMessageBox.ButtonRole.ActionRole)
    question.addButton(QMessageBox.StandardButton.Cancel)
    question.exec()
    if question.clickedButton() is open_button:
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(url)
    elif question.clickedButton() is copy_button:
        QGuiApplication.clipboard().setText(url.toString())
