"""The tools in the window, driven with real key events: F12 opens LAST from anywhere, the
planner is filled from the keyboard, a procedure page opens the planner with its class."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from pytestqt.qtbot import QtBot

from painref.content.library import Library
from painref.search.service import SearchService
from painref.store.user import UserData
from painref.ui.main_window import MainWindow
from painref.ui.tool_dialogs import DoseDialog, LastDialog, PlannerDialog


@pytest.fixture
def window(qtbot: QtBot, tools_library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    user = UserData.open(tmp_path / "user.db")
    win = MainWindow(
        tools_library, SearchService(tools_library), settings, debounce_ms=0, user=user
    )
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win


def _open(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    return window.tools._open.get(name)


def test_f12_opens_the_last_view_from_the_search_field(qtbot: QtBot, window: MainWindow) -> None:
    window.search_field.setFocus()
    qtbot.keyClick(window.search_field, Qt.Key.Key_F12)
    dialog = _open(window, "last")
    assert isinstance(dialog, LastDialog)
    qtbot.keyClicks(dialog.weight, "60")
    text = dialog.view_text()
    assert "Lipid emulsion 20% for 60 kg" in text
    assert "90 mL over 2-3 min (1.5 mL/kg x 60 kg)" in text
    assert "720 mL in the first 30 min" in text
    dialog.weight.setText("600")
    assert "from 10 to 300" in dialog.view_text()


def test_planner_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = _open(window, "planner")
    assert isinstance(dialog, PlannerDialog)
    assert "Tick the drugs" in dialog.answer_text()
    qtbot.keyClicks(dialog.filter, "eliq")
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert dialog.chosen_ids() == ["apixaban"]
    assert dialog.filter.text() == ""
    qtbot.keyClicks(dialog.filter, "plav")
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert dialog.chosen_ids() == ["clopidogrel", "apixaban"]
    # High risk is the first choice: both drugs get an interval and the basis is on screen.
    text = dialog.answer_text()
    assert "Last dose at least 7 days before the procedure" in text
    assert "Based on: Test guideline, Second edition (2018)" in text
    assert "does not replace" in text
    dialog.factors.setChecked(True)
    assert dialog.print_button.isEnabled()


def test_a_procedure_page_opens_the_planner_with_its_class(window: MainWindow) -> None:
    window.view.anchorClicked.emit(QUrl("painref://planner/gamma-stimulator"))
    dialog = _open(window, "planner")
    assert "Spinal cord stimulation - high" in dialog.procedure.currentText()
    window.view.anchorClicked.emit(QUrl("painref://planner/alpha-injection"))
    dialog = _open(window, "planner")
    assert "2 entries by site" in dialog.page_note.text()
    window.view.anchorClicked.emit(QUrl("painref://planner/beta-therapy"))
    assert "does not classify" in _open(window, "planner").page_note.text()


def test_dose_dialog_answers_and_refuses_nonsense(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_by_id["tools.dose"].trigger()
    dialog = _open(window, "dose")
    assert isinstance(dialog, DoseDialog)
    assert "Type the patient's weight" in dialog.answer_text()
    qtbot.keyClicks(dialog.weight, "70")
    dialog.concentration.setEditText("1")
    assert dialog.answer_text().startswith("Lidocaine: 300 mg = 30 mL of 1%")
    dialog.weight.setText("0")
    assert "from 10 to 300" in dialog.answer_text()
    assert "mg =" not in dialog.answer_text()
    dialog.weight.setText("seventy")
    assert "is not a number" in dialog.answer_text()


def test_the_tools_menu_lists_the_emergency_first(window: MainWindow) -> None:
    menu = next(
        m
        for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
        if m.title() == "&Tools"
    )
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names[:1] == ["tools.last"]


def test_a_plan_of_six_drugs_prints_on_one_page(
    qtbot: QtBot, real_library: Library, tmp_path: Path
) -> None:
    """For the chart: six drugs with every condition, the basis and a line for the
    prescriber's agreement fit one A4 page."""
    import re
    from datetime import date, timedelta

    from painref.render.pages import render_plan
    from painref.tools.anticoag import Planner
    from painref.ui.export import document_for, pdf_writer

    planner = Planner.from_library(real_library)
    drugs = [
        planner.find(d)
        for d in (
            "aspirin-primary-prevention",
            "warfarin",
            "rivaroxaban",
            "apixaban",
            "enoxaparin-therapeutic",
            "dabigatran-renal-impairment",
        )
    ]
    plan = planner.plan(
        drugs,
        procedure=planner.find_procedure("epidural-steroid-injection"),
        procedure_date=date.today() + timedelta(days=9),
        patient_factors=True,
    )
    html = render_plan(plan, real_library.meta, date.today(), paper=True)
    assert "Prescriber consulted" in html and "Second edition (2018)" in html
    path = tmp_path / "plan.pdf"
    writer = pdf_writer(path, title="plan")
    document_for(html).print_(writer)
    del writer
    pages = re.findall(rb"/Type\s*/Page[^s]", path.read_bytes())
    assert len(pages) == 1


def test_a_tool_page_presents_its_sections(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("local-anesthetic-systemic-toxicity")
    title, slides = window.presenter.slides_for("local-anesthetic-systemic-toxicity")
    titles = [s.title for s in slides]
    assert title == "Local anesthetic systemic toxicity"
    assert "1. Get help" in titles and "2. Lipid emulsion" in titles
    assert "Lipid emulsion 20%: the regimens side by side" in titles
    assert titles[-1] == "Sources"
