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
        for topic in topics:
            item = QListWidgetItem(f"{topic.label}  ·  {topic.category_title}", self.list)
            item.setData(ID_ROLE, topic.id)
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
        self.resize(600, 540)
        self._connect_signals()
        self._update()

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
        best: tuple[int, QListWidgetItem] | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            label = item.text().casefold()
            item.setHidden(not all(w in label for w in words))
            if item.isHidden():
                continue
            # Whole words first: "RFA" means Radiofrequency ablation (RFA), not GNRFA.
            whole = set(re.findall(r"\w+", label))
            rank = 0 if all(w in whole for w in words) else 1
            if best is None or rank < best[0]:
                best = (rank, item)
        # Space ticks the current item: it is the best match shown, never a hidden one.
        if best is None:
            self.list.setCurrentRow(-1)
        else:
            self.list.setCurrentItem(best[1])

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
