"""Search results: a list model over hits, a delegate that draws them, and the panel."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from painref.search.hits import Hit, Outcome
from painref.ui.models import TOPIC_ID_ROLE, connect_activation

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
SELECTED_HTML_ROLE = Qt.ItemDataRole.UserRole + 11
"""The hit drawn on the selection: every part in the selection's text colour."""
_Index = QModelIndex | QPersistentModelIndex
_CITATION = re.compile(r"\s*\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")
"""A citation marker in a snippet ("[1]", " [2, 5]", "[3-4]"): it means nothing in a list."""


def without_citations(
    snippet: str, highlights: tuple[tuple[int, int], ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """snippet without its [n] markers, and highlights moved to where their words now are."""
    kept: list[str] = []
    moved_to: list[int] = []  # the new offset of each old one
    length = last = 0
    for match in _CITATION.finditer(snippet):
        kept.append(snippet[last : match.start()])
        moved_to += range(length, length + match.start() - last)
        length += match.start() - last
        moved_to += [length] * (match.end() - match.start())
        last = match.end()
    kept.append(snippet[last:])
    moved_to += range(length, length + len(snippet) - last + 1)
    moved = tuple(
        (moved_to[start], moved_to[end])
        for start, end in highlights
        if moved_to[end] > moved_to[start]
    )
    return "".join(kept), moved


def hit_html(hit: Hit, muted: str | None = "#6b737c") -> str:
    """Title, category and the snippet with its matched words in bold (all escaped).

    muted: the category's colour; None draws it in the text colour (on the selection)."""
    snippet, highlights = without_citations(hit.snippet, hit.highlights)
    parts, last = [], 0
    for start, end in highlights:
        parts += [escape(snippet[last:start]), "<b>", escape(snippet[start:end]), "</b>"]
        last = end
    parts.append(escape(snippet[last:]))
    colour = f" style='color:{muted}'" if muted else ""
    return (
        f"<b>{escape(hit.title)}</b> &nbsp;<span{colour}>"
        f"{escape(hit.category)}</span><br/><span>{''.join(parts)}</span>"
    )


class ResultsModel(QAbstractListModel):
    """The hits of the last search."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._muted = "#6b737c"

    def set_muted_colour(self, colour: str) -> None:
        """The colour of the category text, from the window's palette."""
        self._muted = colour

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title} ({hit.category})"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return hit.snippet
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}, {hit.category}"
        if role == TOPIC_ID_ROLE:
            return hit.id
        if role == HTML_ROLE:
            return hit_html(hit, self._muted)
        if role == SELECTED_HTML_ROLE:
            return hit_html(hit, None)
        return None


class ResultDelegate(QStyledItemDelegate):
    """Draws a hit as two lines of rich text."""

    def _document(self, option: QStyleOptionViewItem, html: str) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        # Whole words only: a narrow sidebar at a large size would otherwise split them.
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
        document.setDefaultTextOption(text_option)
        document.setHtml(html)
        document.setTextWidth(max(option.rect.width() - 12, 80))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        # On the selection the grey category would not read: it takes the selection's text
        # colour like the rest of the hit.
        html = str(index.data(SELECTED_HTML_ROLE if selected else HTML_ROLE) or "")
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        document = self._document(opt, html)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.left() + 6, opt.rect.top() + 4)
        context.clip = QRectF(0, 0, opt.rect.width() - 12, opt.rect.height() - 8)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if opt.rect.width() <= 0 and opt.widget is not None:
            opt.rect.setWidth(opt.widget.width())
        document = self._document(opt, str(index.data(HTML_ROLE) or ""))
        return QSize(int(document.idealWidth()) + 12, int(document.size().height()) + 8)


class ResultsPanel(QWidget):
    """The results list with a line that says what was found, or what to try.

    Signals:
        topic_activated(str): a result was opened (click, Enter).
        suggestion_clicked(str): the "did you mean" link was followed.
    """

    topic_activated = Signal(str)
    suggestion_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ResultsModel(self)
        self.status = QLabel(self)
        self.status.setObjectName("SearchStatus")
        self.status.setWordWrap(True)
        # The line that says what was found (or what to try) sits clear of the pane's edges.
        left, top, right, bottom = _padding(self)
        self.status.setContentsMargins(left, top, right, bottom)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("Search status")
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Search results")
        self.list.setAccessibleDescription("Pages matching the search, best first")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.list)
        self._connect_signals()

    def _connect_signals(self) -> None:
        connect_activation(
            self.list, self.list.activated, self.list.clicked, self._on_list_activated
        )
        self.status.linkActivated.connect(self._on_status_link_activated)

    def show_outcome(self, text: str, outcome: Outcome) -> None:
        self.model.set_hits(outcome.hits)
        shown = escape(text.strip()[:80])
        if outcome.hits:
            count = len(outcome.hits)
            line = f"{count} result{'s' if count != 1 else ''}"
            if outcome.corrected:
                line += f" for <b>{escape(outcome.corrected)}</b> <span>(you typed {shown})</span>"
            self.status.setText(line)
            self.list.setCurrentIndex(self.model.index(0, 0))
        elif outcome.corrected:
            self.status.setText(
                f"No results for <b>{shown}</b>. Did you mean "
                f"<a href='suggest:{escape(outcome.corrected)}'>{escape(outcome.corrected)}</a>?"
            )
        else:
            self.status.setText(
                f"No results for <b>{shown}</b>.<br/>Try fewer words, an abbreviation such as "
                "ESI or RFA, a condition such as sciatica, or a patient's word such as "
                "“pain pump”."
            )

    def show_problem(self, message: str) -> None:
        """No results because searching failed: the reason, as plain text."""
        self.model.set_hits([])
        self.status.setText(escape(message))

    def move_selection(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list.currentIndex().row()
        row = 0 if current < 0 else max(0, min(rows - 1, current + step))
        self.list.setCurrentIndex(self.model.index(row, 0))

    def current_topic(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        value = index.data(TOPIC_ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def _on_list_activated(self, index: QModelIndex) -> None:
        value = index.data(TOPIC_ID_ROLE)
        if value:
            self.topic_activated.emit(str(value))

    def _on_status_link_activated(self, link: str) -> None:
        if link.startswith("suggest:"):
            self.suggestion_clicked.emit(link.removeprefix("suggest:"))


def _padding(widget: QWidget) -> tuple[int, int, int, int]:
    """The style's layout margins (left, top, right, bottom), for text that should not
    touch the edge of the pane it sits in."""
    style = widget.style()
    metric = QStyle.PixelMetric
    return (
        style.pixelMetric(metric.PM_LayoutLeftMargin, None, widget),
        style.pixelMetric(metric.PM_LayoutTopMargin, None, widget) // 2,
        style.pixelMetric(metric.PM_LayoutRightMargin, None, widget),
        style.pixelMetric(metric.PM_LayoutBottomMargin, None, widget) // 2,
    )
