"""Comparisons from every entry point; columns removed and reordered; differences; history; PDF."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from painref.location import compare_ids
from painref.ui.compare_picker import ID_ROLE
from painref.ui.main_window import MainWindow

ALL = ["alpha-injection", "gamma-stimulator", "beta-therapy"]


def _click(window: MainWindow, url: str) -> None:
    window.view.anchorClicked.emit(QUrl(url))


def _menu_action(window: MainWindow, topic_id: str, text: str) -> None:
    menu = window.compare.page_menu(topic_id, window)
    next(a for a in menu.actions() if a.text() == text).trigger()


def _tick(window: MainWindow, topic_id: str) -> None:
    picker = window.compare.picker
    for row in range(picker.list.count()):
        item = picker.list.item(row)
        if item.data(ID_ROLE) == topic_id:
            item.setCheckState(Qt.CheckState.Checked)


def test_from_the_sidebar_context_menu(window: MainWindow, qtbot: QtBot) -> None:
    _menu_action(window, "alpha-injection", "Add to comparison")
    _menu_action(window, "gamma-stimulator", "Add to comparison")
    assert window.compare.tray() == ["alpha-injection", "gamma-stimulator"]
    assert window.actions_by_id["compare.open"].text() == "&Compare (2)"
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        window.actions_by_id["compare.open"].trigger()
    assert compare_ids(blocker.args[0]) == ["alpha-injection", "gamma-stimulator"]
    text = window.view.toPlainText()
    assert "Comparison" in text
    assert "Side by side" in text


def test_from_a_topic_page_compare_with(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("alpha-injection")
    assert "Compare with" in window.view.toPlainText()
    _click(window, "painref://compare-with/alpha-injection")
    picker = window.compare.picker
    ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert picker.chosen() == ["alpha-injection"]
    assert not ok.isEnabled()
    _tick(window, "beta-therapy")
    assert ok.isEnabled()
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        ok.click()
    assert compare_ids(blocker.args[0]) == ["alpha-injection", "beta-therapy"]


def test_picker_refuses_more_than_four(window: MainWindow, small_library: object) -> None:
    window.compare.pick(ALL)
    ok = window.compare.picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    assert window.compare.picker.chosen() == ALL


def test_from_search_results(window: MainWindow, qtbot: QtBot) -> None:
    window.search_field.setText("gamma")
    assert window.results.current_topic() == "gamma-stimulator"
    _menu_action(window, "gamma-stimulator", "Add to comparison")
    _menu_action(window, "beta-therapy", "Add to comparison")
    window.actions_by_id["compare.open"].trigger()
    assert compare_ids(window.current_location or "") == ["gamma-stimulator", "beta-therapy"]


def test_from_a_condition_page(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("back-pain")
    html = window.view.toHtml()
    assert "compare these options side by side" in window.view.toPlainText().lower()
    link = "painref://compare/beta-therapy,alpha-injection,gamma-stimulator"
    assert link in html
    _click(window, link)
    assert compare_ids(window.current_location or "") == [
        "beta-therapy",
        "alpha-injection",
        "gamma-stimulator",
    ]


def test_remove_and_reorder_columns_then_back_and_forward(window: MainWindow) -> None:
    window.show_comparison(ALL)
    _click(window, "painref://compare-move/0/1")
    assert compare_ids(window.current_location or "") == [
        "gamma-stimulator",
        "alpha-injection",
        "beta-therapy",
    ]
    _click(window, "painref://compare-remove/2")
    assert compare_ids(window.current_location or "") == ["gamma-stimulator", "alpha-injection"]
    assert "✕ remove" not in window.view.toPlainText()  # two columns stay two
    window.actions_by_id["nav.back"].trigger()
    assert compare_ids(window.current_location or "") == [
        "gamma-stimulator",
        "alpha-injection",
        "beta-therapy",
    ]
    window.actions_by_id["nav.back"].trigger()
    assert compare_ids(window.current_location or "") == ALL
    window.actions_by_id["nav.forward"].trigger()
    window.actions_by_id["nav.forward"].trigger()
    assert compare_ids(window.current_location or "") == ["gamma-stimulator", "alpha-injection"]


def test_only_differences(window: MainWindow) -> None:
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    full = window.view.toPlainText()
    # Neither topic reports anesthesia, so that row does not differ.
    assert "Anesthesia" in full
    assert "Show only differences" in full
    _click(window, "painref://compare-diff/on")
    only = window.view.toPlainText()
    assert "Anesthesia" not in only
    assert "Invasiveness" in only  # Low vs Moderate / Non-invasive
    assert "Show all rows" in only
    _click(window, "painref://compare-diff/off")
    assert "Anesthesia" in window.view.toPlainText()


def test_chart_is_drawn_in_the_view(window: MainWindow) -> None:
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    image = window.view.loadResource(2, QUrl("chart:compare"))
    assert image is not None
    assert not image.isNull()
    assert "Invasiveness and how long relief lasts" in window.view.toPlainText()


def test_export_pdf_holds_every_row(window: MainWindow, tmp_path: Path) -> None:
    window.show_comparison(ALL)
    out = tmp_path / "comparison.pdf"
    window.printing.export_current(out, "pdf")
    reader = PdfReader(str(out))
    # NFKC folds the ligatures the PDF font uses ("ﬁ" in "Beneﬁts") back to letters.
    text = unicodedata.normalize(
        "NFKC", " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    )
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    for label in (
        "Category",
        "Procedure duration",
        "Anesthesia",
        "Imaging guidance",
        "Invasiveness",
        "Onset of relief",
        "Relief duration",
        "Recovery",
        "Device or components",
        "Bleeding-risk class",
        "Main conditions",
        "Absolute contraindications",
        "Medications",
        "Complications",
        "Evidence and guidelines",
        "Benefits",
    ):
        assert label in text, label
    for value in (
        "5 minutes",
        "Weeks to months",
        "Moderate",
        "Non-invasive",
        "Electrodes and a battery",
        "Quick relief",
        "Infection",
        "Back pain",
        "not reported",
        "Source A on injections",
    ):
        assert value in text, value


def test_export_html_is_standalone(window: MainWindow, tmp_path: Path) -> None:
    window.show_comparison(["alpha-injection", "gamma-stimulator"])
    out = tmp_path / "comparison.html"
    window.printing.export_current(out, "html")
    html = out.read_text(encoding="utf-8")
    assert "Too little data for a chart" in html  # only Alpha has both values (D10)
    assert "painref://compare-move" not in html  # no in-app controls in a file


def test_a_condition_page_is_never_pre_ticked(window: MainWindow, qtbot: QtBot) -> None:
    # A condition cannot be a column: opening the picker on one offers nothing ticked.
    window.show_page("back-pain")
    window.actions_by_id["compare.open"].trigger()
    picker = window.compare.picker
    assert picker.chosen() == []
    assert "(0 ticked)" in picker.hint.text()
    _tick(window, "alpha-injection")
    _tick(window, "beta-therapy")
    with qtbot.waitSignal(window.page_shown, timeout=1000) as blocker:
        picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert compare_ids(blocker.args[0]) == ["alpha-injection", "beta-therapy"]
    # Nor can "Add to comparison" take it.
    window.show_page("back-pain")
    window.actions_by_id["compare.add"].trigger()
    assert window.compare.tray() == []


def test_space_ticks_only_what_the_filter_shows(window: MainWindow, qtbot: QtBot) -> None:
    window.compare.pick([])
    picker = window.compare.picker
    qtbot.keyClicks(picker.filter, "alpha")
    picker.list.setFocus()
    assert picker.list.currentItem().data(ID_ROLE) == "alpha-injection"
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen() == ["alpha-injection"]
    picker.filter.clear()
    qtbot.keyClicks(picker.filter, "gamma")
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)  # ticks gamma, not the hidden alpha
    assert picker.chosen() == ["alpha-injection", "gamma-stimulator"]


def test_the_filter_puts_the_whole_word_match_first(window: MainWindow) -> None:
    window.compare.pick([])
    picker = window.compare.picker
    picker.filter.setText("gamma")
    assert picker.list.currentItem().data(ID_ROLE) == "gamma-stimulator"
    picker.filter.setText("amma")  # a part of a word still finds it
    assert picker.list.currentItem().data(ID_ROLE) == "gamma-stimulator"
    picker.filter.setText("zzz")
    assert picker.list.currentItem() is None
