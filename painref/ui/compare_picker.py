"""A dialog to choose the two to four topics to compare."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from painref.content.comparison import MAX_TOPICS, MIN_TOPICS
from painref.content.library import TopicSummary

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PICKER_CHARS = 80
"""The picker is about this many characters wide, so a title and its category fit..."""
PICKER_LINES = 24
"""...and this many lines of text high (within the screen)."""
ORDER_ROLE = Qt.ItemDataRole.UserRole + 2
"""An item's place in the unfiltered list (alphabetical, as the library gives them)."""
ABBREVIATION, WHOLE_WORD, WORD_START, INSIDE_A_WORD, NOT_SHOWN = range(5)
"""How well the typed words match a label: its abbreviation exactly ("RFA" for
"Radiofrequency ablation (RFA)"), each a whole word ("RFA" in "Cooled radiofrequency
ablation (C-RFA)"), the start of a word, or inside one ("RFA" in "GNRFA")."""


def match_rank(label: str, words: list[str]) -> int:
    """How well every typed word matches label (casefolded): the worst word's rank,
    NOT_SHOWN when a word is missing."""
    abbreviations = {
        a.strip() for inside in re.findall(r"\(([^)]*)\)", label) for a in inside.split(",")
    }
    if words and " ".join(words) in abbreviations:
        return ABBREVIATION
    tokens = re.findall(r"\w+", label)
    worst = WHOLE_WORD
    for word in words:
        if word in tokens:
            rank = WHOLE_WORD
        elif any(t.startswith(word) for t in tokens):
            rank = WORD_START
        elif word in label:
            rank = INSIDE_A_WORD
        else:
            return NOT_SHOWN
        worst = max(worst, rank)
    return worst


class ComparePicker(QDialog):
    """A filterable list of topics with check boxes; OK needs two to four ticked."""

    def __init__(
        self, topics: list[TopicSummary], chosen: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare topics")
        self.setAccessibleName("Choose topics to compare")
        offered = {t.id for t in topics}
        # Only what the list shows can be ticked: an id it does not offer (a condition page,
        # a topic that no longer exists) would be compared without the person seeing it.
        self._order: list[str] = [t for t in chosen if t in offered]
        self.hint = QLabel(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter topics")
        self.filter.setAccessibleName("Filter the topics")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Topics to compare")
        self.list.setAccessibleDescription("Tick two to four topics")
        for order, topic in enumerate(topics):
            item = QListWidgetItem(f"{topic.label}  ·  {topic.category_title}", self.list)
            item.setData(ID_ROLE, topic.id)
            item.setData(ORDER_ROLE, order)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if topic.id in self._order else Qt.CheckState.Unchecked
            )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Compare")
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self._fit()
        self._connect_signals()
        self._update()

    def _fit(self) -> None:
        """Wide enough for a long title with its category at the text size in use (about
        PICKER_CHARS characters), within the screen."""
        screen = self.screen().availableGeometry()
        metrics = self.fontMetrics()
        width = max(600, metrics.averageCharWidth() * PICKER_CHARS)
        height = max(540, metrics.height() * PICKER_LINES)
        self.resize(
            min(width, round(screen.width() * 0.9)), min(height, round(screen.height() * 0.85))
        )

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def chosen(self) -> list[str]:
        """The ticked ids, in the order they were ticked."""
        return list(self._order)

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        ranked = sorted(
            (match_rank(item.text().casefold(), words), int(item.data(ORDER_ROLE)), item)
            for item in (self.list.item(row) for row in range(self.list.count()))
        )
        # The best matches first: "RFA" lists Radiofrequency ablation (RFA) above GNRFA.
        # Rows are taken out and put back in order (taking an item keeps its tick).
        for row in range(self.list.count()):
            self.list.item(row).setHidden(False)
        for _ in range(self.list.count()):
            self.list.takeItem(0)
        for rank, _order, item in ranked:
            self.list.addItem(item)
            item.setHidden(rank == NOT_SHOWN)
        # Space ticks the current item: it is the best match shown, never a hidden one.
        best = next((item for rank, _order, item in ranked if rank != NOT_SHOWN), None)
        if best is None:
            self.list.setCurrentRow(-1)
        else:
            self.list.setCurrentItem(best)
            self.list.scrollToItem(best)

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        topic_id = str(item.data(ID_ROLE))
        if item.checkState() == Qt.CheckState.Checked and topic_id not in self._order:
            self._order.append(topic_id)
        elif item.checkState() != Qt.CheckState.Checked and topic_id in self._order:
            self._order.remove(topic_id)
        self._update()

    def _update(self) -> None:
        count = len(self._order)
        ok = MIN_TOPICS <= count <= MAX_TOPICS
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.hint.setText(
            f"Tick {MIN_TOPICS} to {MAX_TOPICS} topics to put side by side "
            f"({count} ticked)." + ("" if count <= MAX_TOPICS else " That is too many.")
        )
