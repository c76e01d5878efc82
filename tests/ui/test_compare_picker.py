"""The comparison picker's filter: best matches first, ticks kept while the list reorders."""

# pytest-qt's QtBot methods carry no annotations.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from painref.content.model import TopicSummary
from painref.ui.compare_picker import (
    ABBREVIATION,
    ID_ROLE,
    INSIDE_A_WORD,
    NOT_SHOWN,
    WHOLE_WORD,
    WORD_START,
    ComparePicker,
    match_rank,
)


def _topic(topic_id: str, title: str, abbreviations: tuple[str, ...] = ()) -> TopicSummary:
    return TopicSummary(topic_id, title, "topic", "ablation", "Ablation", "", abbreviations)


TOPICS = [
    _topic("cooled-rfa", "Cooled radiofrequency ablation (C-RFA)"),
    _topic("gnrfa", "Genicular nerve radiofrequency ablation (GNRFA)"),
    _topic("pulsed", "Pulsed radiofrequency"),
    _topic("rfa", "Radiofrequency ablation (RFA)"),
]


@pytest.fixture
def picker(qtbot: QtBot) -> ComparePicker:
    dialog = ComparePicker(TOPICS, [])
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def _shown(picker: ComparePicker) -> list[str]:
    items = (picker.list.item(row) for row in range(picker.list.count()))
    return [str(item.data(ID_ROLE)) for item in items if not item.isHidden()]


@pytest.mark.parametrize(
    ("label", "words", "rank"),
    [
        ("radiofrequency ablation (rfa)", ["rfa"], ABBREVIATION),
        ("cooled radiofrequency ablation (c-rfa)", ["rfa"], WHOLE_WORD),
        ("local anesthetic systemic toxicity (last)  ·  safety", ["last"], ABBREVIATION),
        ("epidural blood patch (ebp, aebp)  ·  injections", ["aebp"], ABBREVIATION),
        ("genicular nerve radiofrequency ablation (gnrfa)", ["rfa"], INSIDE_A_WORD),
        ("pulsed radiofrequency", ["radio"], WORD_START),
        ("pulsed radiofrequency", ["radio", "pulsed"], WORD_START),
        ("pulsed radiofrequency", ["cooled"], NOT_SHOWN),
        ("anything", [], WHOLE_WORD),
    ],
)
def test_match_rank(label: str, words: list[str], rank: int) -> None:
    assert match_rank(label, words) == rank


def test_an_abbreviation_lists_its_own_topic_first(picker: ComparePicker, qtbot: QtBot) -> None:
    qtbot.keyClicks(picker.filter, "RFA")
    # Its abbreviation, then a whole word, then inside a word.
    assert _shown(picker) == ["rfa", "cooled-rfa", "gnrfa"]
    assert picker.list.currentItem().data(ID_ROLE) == "rfa"
    picker.filter.clear()
    assert _shown(picker) == ["cooled-rfa", "gnrfa", "pulsed", "rfa"]  # as given


def test_space_ticks_the_best_match_and_ticks_survive_reordering(
    picker: ComparePicker, qtbot: QtBot
) -> None:
    qtbot.keyClicks(picker.filter, "rfa")
    assert picker.list.currentItem().data(ID_ROLE) == "rfa"
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    picker.filter.clear()
    qtbot.keyClicks(picker.filter, "pulsed")
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    picker.filter.clear()
    assert picker.chosen() == ["rfa", "pulsed"]
    ticked = [
        str(picker.list.item(r).data(ID_ROLE))
        for r in range(picker.list.count())
        if picker.list.item(r).checkState() == Qt.CheckState.Checked
    ]
    assert sorted(ticked) == ["pulsed", "rfa"]
