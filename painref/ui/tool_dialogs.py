"""The procedure-day tools' windows: the blood-thinner planner, the local anesthetic dose
calculator and the LAST emergency view.

Each is a form on the left (or above) and an answer on the right, drawn by the same templates
the command line uses and redrawn on every change; every answer names what it is based on.
The services (painref.tools) do the looking up and the arithmetic; here is only Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from painref.content.tool_pages import RISK_LABELS
from painref.errors import PainRefError
from painref.render.contexts import Theme
from painref.render.pages import render_dose, render_last_view, render_plan

if TYPE_CHECKING:
    from painref.content.annotations import Annotation
    from painref.content.library import Library
    from painref.tools.anticoag import Planner
    from painref.tools.dose import DoseCalculator

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CLASS_PREFIX = "class:"
PROC_PREFIX = "procedure:"


def _answer_view(parent: QWidget, name: str) -> QTextBrowser:
    view = QTextBrowser(parent)
    view.setOpenLinks(False)
    view.setAccessibleName(name)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return view


def _hint_html(text: str, theme: Theme) -> str:
    return (
        f'<p style="color:{theme.muted}; font-size:{theme.base_pt * 1.1:.1f}pt;">'
        f"{_escape(text)}</p>"
    )


def _error_html(text: str, theme: Theme) -> str:
    return (
        f'<table width="100%" cellpadding="8" border="1" style="border-color:{theme.warning_text};'
        f' background-color:{theme.warning};"><tr><td style="color:{theme.warning_text};'
        f' font-size:{theme.base_pt * 1.1:.1f}pt;"><b>&#9888; {_escape(text)}</b></td></tr></table>'
    )


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _no_enter_buttons(buttons: QDialogButtonBox) -> None:
    """Enter in a form field must not press a button: it ticks a drug or does nothing,
    and never closes the window or starts printing."""
    for button in buttons.buttons():
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)


def _fit(widget: QWidget, width: int, height: int) -> tuple[int, int]:
    """The size wanted, no larger than the screen the window is on (a 1024x768 projector)."""
    screen = (widget.parentWidget() or widget).screen()
    if screen is None:
        return width, height
    area = screen.availableGeometry()
    return min(width, area.width() - 40), min(height, area.height() - 60)


def _print_html(parent: QWidget, html: str) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from painref.ui.export import configure_printer, document_for

    document = document_for(html, {})
    preview = QPrintPreviewDialog(parent)
    configure_printer(preview.printer(), landscape=False)
    preview.paintRequested.connect(document.print_)
    preview.exec()


class PlannerDialog(QDialog):
    """Choose the procedure (or class), the drugs, the date and the patient factors; see the
    last dose and the earliest restart of each drug, with the guideline on the same screen."""

    def __init__(
        self,
        library: Library,
        planner: Planner,
        theme: Callable[[], Theme],
        parent: QWidget | None = None,
        *,
        preset: str = "",
        today: date | None = None,
        drug_notes: Callable[[Sequence[str]], Mapping[str, Sequence[Annotation]]] | None = None,
        print_local: Callable[[], bool] = lambda: False,
    ) -> None:
        """drug_notes: the department's local protocols on the drugs planned, by drug id
        (PageService.drug_notes), drawn under each drug's row; none when None."""
        super().__init__(parent)
        self.setWindowTitle("Blood-thinner planner")
        self.setObjectName("PlannerDialog")
        self._library = library
        self._drug_notes = drug_notes
        self._print_local = print_local
        """Whether the printed plan carries the local protocols (File > Print local protocols)."""
        self._planner = planner
        self._theme = theme
        self._today = today or date.today()
        self._html = ""

        self.procedure = QComboBox(self)
        self.procedure.setAccessibleName("Procedure or bleeding-risk class")
        for risk in ("high", "intermediate", "low"):
            self.procedure.addItem(
                f"{RISK_LABELS[risk]} procedure (choose by class)", CLASS_PREFIX + risk
            )
        self.procedure.insertSeparator(self.procedure.count())
        for i, proc in enumerate(planner.data.procedures):
            self.procedure.addItem(
                f"{proc.name} - {RISK_LABELS[proc.risk_class].lower()}", f"{PROC_PREFIX}{i}"
            )
        self.page_note = QLabel(self)
        self.page_note.setWordWrap(True)
        self.use_date = QCheckBox("Planned &date", self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setMinimumDate(QDate(self._today.year, self._today.month, self._today.day))
        self.date.setDate(self.date.minimumDate().addDays(7))
        self.date.setEnabled(False)
        self.date.setAccessibleName("Planned procedure date")
        factors = "; ".join(f.text for f in planner.data.patient_factors)
        self.factors = QCheckBox("A patient &factor applies", self)
        self.factors.setToolTip(factors)
        self.factors.setAccessibleDescription(factors)
        self.factors_note = QLabel(
            "Read one class up for older age, a bleeding tendency, other blood thinners, "
            "liver or advanced kidney disease (the guideline's list is in the plan).",
            self,
        )
        self.factors_note.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type a drug: generic or brand name")
        self.filter.setAccessibleName("Filter the drugs")
        self.drugs = QListWidget(self)
        self.drugs.setAccessibleName("Drugs the patient takes")
        self.drugs.setAccessibleDescription("Tick each drug with Space")
        self.drugs.setWordWrap(True)
        for drug in planner.drugs:
            label = drug.name + (f" ({drug.regimen})" if drug.regimen else "")
            if drug.brands:
                label += " - " + ", ".join(drug.brands)
            item = QListWidgetItem(label, self.drugs)
            item.setData(ID_ROLE, drug.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.answer = _answer_view(self, "Plan")

        form = QWidget(self)
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        procedure_label = QLabel("&Procedure or class:", form)
        procedure_label.setBuddy(self.procedure)
        form_layout.addWidget(procedure_label)
        form_layout.addWidget(self.procedure)
        date_row = QHBoxLayout()
        date_row.addWidget(self.use_date)
        date_row.addWidget(self.date, 1)
        form_layout.addLayout(date_row)
        form_layout.addWidget(self.page_note)
        form_layout.addWidget(self.factors)
        form_layout.addWidget(self.factors_note)
        drugs_label = QLabel("D&rugs:", form)
        drugs_label.setBuddy(self.filter)
        form_layout.addWidget(drugs_label)
        form_layout.addWidget(self.filter)
        form_layout.addWidget(self.drugs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(form)
        splitter.addWidget(self.answer)
        splitter.setChildrenCollapsible(False)
        form.setMinimumWidth(300)
        self.answer.setMinimumWidth(360)
        self.print_button = QPushButton("&Print plan…", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        _no_enter_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        width, height = _fit(self, 1100, 700)
        self.resize(width, height)
        splitter.setSizes([width * 2 // 5, width * 3 // 5])

        self.procedure.currentIndexChanged.connect(self.update_answer)
        self.use_date.toggled.connect(self.date.setEnabled)
        self.use_date.toggled.connect(self.update_answer)
        self.date.dateChanged.connect(self.update_answer)
        self.factors.toggled.connect(self.update_answer)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.drugs.itemChanged.connect(self.update_answer)
        self.print_button.clicked.connect(self.print_plan)
        buttons.rejected.connect(self.reject)
        self.preset(preset)
        self.update_answer()
        self.filter.setFocus()

    # -- choosing ---------------------------------------------------------------------------

    def preset(self, text: str) -> None:
        """Fill in the procedure from a page id, a class (low, intermediate, high) or nothing."""
        self._note("")
        self._preset(text)

    def _note(self, text: str) -> None:
        self.page_note.setText(text)
        self.page_note.setVisible(bool(text))

    def _preset(self, text: str) -> None:
        if text in RISK_LABELS:
            self.procedure.setCurrentIndex(self.procedure.findData(CLASS_PREFIX + text))
            return
        if not text:
            return
        matches = self._planner.procedures_for(text)
        title = text
        if self._library.has(text):
            title = self._library.summary(text).title
        if not matches:
            self._note(f"The guideline does not classify {title}; choose the class that fits.")
            return
        index = self._planner.data.procedures.index(matches[0])
        self.procedure.setCurrentIndex(self.procedure.findData(f"{PROC_PREFIX}{index}"))
        if len(matches) > 1:
            names = "; ".join(f"{m.name} ({m.risk_class})" for m in matches)
            self._note(
                f"{title} has {len(matches)} entries by site: {names}. Check the one chosen."
            )

    def check(self, drug_id: str, checked: bool = True) -> None:
        for row in range(self.drugs.count()):
            item = self.drugs.item(row)
            if item.data(ID_ROLE) == drug_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_ids(self) -> list[str]:
        return [
            str(self.drugs.item(r).data(ID_ROLE))
            for r in range(self.drugs.count())
            if self.drugs.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for row in range(self.drugs.count()):
            item = self.drugs.item(row)
            shown = all(w in item.text().casefold() for w in words)
            item.setHidden(not shown)
            if shown and first is None:
                first = item
        if first is not None:
            self.drugs.setCurrentItem(first)

    def _on_filter_return_pressed(self) -> None:
        # Enter ticks the first drug the filter shows and clears the filter for the next.
        item = self.drugs.currentItem()
        if item is not None and not item.isHidden():
            item.setCheckState(Qt.CheckState.Checked)
            self.filter.clear()

    # -- answering --------------------------------------------------------------------------

    def update_answer(self) -> None:
        theme = self._theme()
        self._html = ""
        self.print_button.setEnabled(False)
        ids = self.chosen_ids()
        if not ids:
            self.answer.setHtml(
                _hint_html(
                    "Tick the drugs the patient takes (type a name, then Enter). The plan "
                    "shows when to give the last dose and when to restart each one.",
                    theme,
                )
            )
            return
        data = str(self.procedure.currentData() or "")
        procedure = None
        risk = None
        if data.startswith(PROC_PREFIX):
            procedure = self._planner.data.procedures[int(data.removeprefix(PROC_PREFIX))]
        else:
            risk = data.removeprefix(CLASS_PREFIX)
        day = None
        if self.use_date.isChecked():
            q = self.date.date()
            day = date(q.year(), q.month(), q.day())
        drugs = [next(d for d in self._planner.drugs if d.id == i) for i in ids]
        try:
            plan = self._planner.plan(
                drugs,
                risk_class=risk,  # type: ignore[arg-type]
                procedure=procedure,
                procedure_date=day,
                patient_factors=self.factors.isChecked(),
                today=self._today,
            )
        except PainRefError as exc:
            self.answer.setHtml(_error_html(str(exc), theme))
            return
        notes = self._drug_notes(ids) if self._drug_notes is not None else {}
        self.answer.setHtml(render_plan(plan, self._library.meta, self._today, theme, notes=notes))
        paper_notes = notes if self._print_local() else {}
        self._html = render_plan(
            plan, self._library.meta, self._today, paper=True, notes=paper_notes
        )
        self.print_button.setEnabled(True)

    def answer_text(self) -> str:
        return self.answer.toPlainText()

    def print_html(self) -> str:
        """The plan as it prints: one page for the chart."""
        return self._html

    def print_plan(self) -> None:
        if self._html:
            _print_html(self, self._html)


class DoseDialog(QDialog):
    """Agent, concentration, weight, epinephrine and another agent already given: the most
    that may be given now, in mg and mL, with the formula."""

    def __init__(
        self,
        library: Library,
        calculator: DoseCalculator,
        theme: Callable[[], Theme],
        parent: QWidget | None = None,
        *,
        preset: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Local anesthetic maximum dose")
        self.setObjectName("DoseDialog")
        self._library = library
        self._calc = calculator
        self._theme = theme
        self.agent = QComboBox(self)
        self.agent.setAccessibleName("Local anesthetic")
        for a in calculator.agents:
            self.agent.addItem(a.name, a.id)
        self.concentration = QComboBox(self)
        self.concentration.setEditable(True)
        self.concentration.setAccessibleName("Concentration in percent")
        self.weight = QLineEdit(self)
        self.weight.setPlaceholderText("kg")
        self.weight.setAccessibleName("Patient weight in kilograms")
        self.epinephrine = QCheckBox("With &epinephrine", self)
        self.given_agent = QComboBox(self)
        self.given_agent.setAccessibleName("Another local anesthetic already given")
        self.given_agent.addItem("Nothing else given", "")
        for a in calculator.agents:
            self.given_agent.addItem(a.name, a.id)
        self.given_mg = QLineEdit(self)
        self.given_mg.setPlaceholderText("mg")
        self.given_mg.setAccessibleName("Amount already given, mg")
        self.given_epi = QCheckBox("with epinephrine", self)
        self.answer = _answer_view(self, "Maximum dose")
        form = QFormLayout()
        form.addRow("&Agent:", self.agent)
        form.addRow("&Concentration (%):", self.concentration)
        form.addRow("&Weight (kg):", self.weight)
        form.addRow("", self.epinephrine)
        given_row = QHBoxLayout()
        given_row.addWidget(self.given_agent, 2)
        given_row.addWidget(self.given_mg, 1)
        given_row.addWidget(self.given_epi)
        given_label = QLabel("Already &given:", self)
        given_label.setBuddy(self.given_agent)
        form.addRow(given_label, given_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        _no_enter_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.answer, 1)
        layout.addWidget(buttons)
        self.resize(*_fit(self, 820, 660))
        self.agent.currentIndexChanged.connect(self._on_agent_changed)
        self.concentration.currentTextChanged.connect(self.update_answer)
        self.weight.textChanged.connect(self.update_answer)
        self.epinephrine.toggled.connect(self.update_answer)
        self.given_agent.currentIndexChanged.connect(self.update_answer)
        self.given_mg.textChanged.connect(self.update_answer)
        self.given_epi.toggled.connect(self.update_answer)
        buttons.rejected.connect(self.reject)
        if preset:
            index = self.agent.findData(preset)
            if index >= 0:
                self.agent.setCurrentIndex(index)
        self._on_agent_changed()
        self.weight.setFocus()

    def _on_agent_changed(self) -> None:
        agent = self._calc.find(str(self.agent.currentData()))
        self.concentration.blockSignals(True)
        self.concentration.clear()
        self.concentration.addItem("")
        for c in agent.concentrations:
            self.concentration.addItem(f"{c:g}")
        self.concentration.blockSignals(False)
        self.update_answer()

    def update_answer(self) -> None:
        from painref.tools.dose import Given

        theme = self._theme()
        weight_text = self.weight.text().strip().replace(",", ".")
        if not weight_text:
            self.answer.setHtml(_hint_html("Type the patient's weight in kg.", theme))
            return
        try:
            weight = _number(weight_text, "weight")
            conc_text = self.concentration.currentText().strip().replace(",", ".").rstrip("%")
            concentration = _number(conc_text, "concentration") if conc_text else None
            agent = self._calc.find(str(self.agent.currentData()))
            given = []
            if self.given_agent.currentData():
                mg_text = self.given_mg.text().strip().replace(",", ".")
                if mg_text:
                    given.append(
                        Given(
                            self._calc.find(str(self.given_agent.currentData())),
                            _number(mg_text, "amount already given"),
                            self.given_epi.isChecked(),
                        )
                    )
            result = self._calc.calculate(
                agent,
                weight,
                concentration=concentration,
                epinephrine=self.epinephrine.isChecked(),
                given=given,
            )
        except PainRefError as exc:
            self.answer.setHtml(_error_html(str(exc), theme))
            return
        sources = self._library.sources(result.refs)
        self.answer.setHtml(render_dose(result, sources, self._library.meta, theme))

    def answer_text(self) -> str:
        return self.answer.toPlainText()


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise PainRefError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise PainRefError(f"{what} {text!r} is not a number")
    return value


class LastDialog(QDialog):
    """The LAST checklist in large type, with the lipid emulsion volumes for a weight."""

    MIN_PT = 17.5
    MAX_PT = 26.0

    def __init__(
        self,
        library: Library,
        theme: Callable[[], Theme],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from painref.tools.last import checklist

        self.setWindowTitle("Emergency: LAST")
        self.setObjectName("LastDialog")
        self._library = library
        self._theme = theme
        self._last = checklist(library)
        refs = [self._last.checklist.ref, *(r for reg in self._last.regimens for r in reg.refs)]
        self._sources = library.sources(refs)
        self.weight = QLineEdit(self)
        self.weight.setPlaceholderText("Weight, kg")
        self.weight.setAccessibleName("Patient weight in kilograms, for the lipid volumes")
        big = QFont(self.weight.font())
        big.setPointSizeF(max(big.pointSizeF(), 10) * 1.5)
        self.weight.setFont(big)
        label = QLabel("Patient &weight (kg):", self)
        label.setFont(big)
        label.setBuddy(self.weight)
        self.view = _answer_view(self, "LAST checklist")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.weight, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        _no_enter_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.weight.textChanged.connect(self.update_view)
        QShortcut(QKeySequence("Ctrl+W"), self, self.reject)
        self.resize(*_fit(self, 1100, 760))
        self.update_view()
        self.weight.setFocus()

    def update_view(self) -> None:
        from painref.tools.last import lipid_doses

        base = self._theme()
        # Readable from across a room at any setting, never so large the doses scroll away.
        size = round(min(max(base.base_pt * 1.25, self.MIN_PT), self.MAX_PT), 1)
        theme = base._replace(base_pt=size)
        text = self.weight.text().strip().replace(",", ".")
        doses = []
        weight = None
        prompt = "Type the patient's weight above for the volumes."
        if text:
            try:
                weight = _number(text, "weight")
                doses = [lipid_doses(r, weight) for r in self._last.regimens]
            except PainRefError as exc:
                prompt = str(exc)
                weight = None
        self.view.setHtml(
            render_last_view(
                self._last, doses, weight, self._sources, self._library.meta, theme, prompt
            )
        )

    def view_text(self) -> str:
        return self.view.toPlainText()
