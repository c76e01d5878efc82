"""Copy a page's references, or one reference, as text."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from painref.ui.main_window import MainWindow


def test_copy_all_references(window: MainWindow) -> None:
    window.show_page("alpha-injection")
    window.actions_by_id["edit.copy_references"].trigger()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines() == [
        "References for Alpha injection (PainRef, reviewed 2026-01-02):",
        "[1] Source A on injections. Test Publisher. https://example.org/a",
        "[2] Source C without a URL. Test seed.",
    ]


def test_copy_one_reference_from_its_link(window: MainWindow) -> None:
    window.show_page("gamma-stimulator")
    assert "painref://copy-ref/2" in window.view.toHtml()
    window.view.anchorClicked.emit(QUrl("painref://copy-ref/2"))
    assert QGuiApplication.clipboard().text() == "[2] Source C without a URL. Test seed."


def test_copy_a_comparisons_references(window: MainWindow) -> None:
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    text = window.references.copy()
    assert "References for Alpha injection" in text
    assert "References for Gamma stimulator" in text
    assert QGuiApplication.clipboard().text() == text
