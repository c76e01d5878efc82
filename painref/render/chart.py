"""The comparison chart: topics placed by invasiveness and by how long relief lasts (SVG)."""

from __future__ import annotations

from dataclasses import dataclass

from painref.content.comparison import (
    INVASIVENESS_LEVELS,
    NOT_REPORTED_LABEL,
    RELIEF_LEVELS,
    Comparison,
    invasiveness_level,
    relief_level,
)
from painref.content.tables import INVASIVENESS, RELIEF_DURATION
from painref.render.contexts import Theme
from painref.render.env import environment

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 150, 40, 40, 50
# Distinct in hue and lightness, readable on light and dark backgrounds.
SERIES_COLOURS = ("#2f7fd1", "#d9822b", "#2e9d6a", "#b45ac9")


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    colour: str
    label: str
    dy: float
    link_to: tuple[float, float] | None


@dataclass(frozen=True)
class Chart:
    svg: str
    width: int
    height: int
    unplaced: tuple[tuple[str, str], ...]
    """(title, why) for topics placed in a "not reported" band."""


def comparison_chart(comparison: Comparison, theme: Theme) -> Chart:
    """Place each topic at (invasiveness, relief duration); conflicting values are joined."""
    # A value the sources do not report has its own band (grey, first column and bottom
    # row), so every topic is on the chart and none is placed by a guess.
    relief_labels = (NOT_REPORTED_LABEL, *RELIEF_LEVELS)
    invasiveness_labels = (NOT_REPORTED_LABEL, *INVASIVENESS_LEVELS)
    plot_h = HEIGHT - TOP - BOTTOM
    row_h = plot_h / len(relief_labels)
    col_w = (WIDTH - LEFT - RIGHT) / len(invasiveness_labels)
    points: list[Point] = []
    unplaced: list[tuple[str, str]] = []
    crowd: dict[tuple[int, int], int] = {}
    for index, topic in enumerate(comparison.topics):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        invasive = _levels(topic.attribute(INVASIVENESS).values, invasiveness_level)
        relief = _levels(topic.attribute(RELIEF_DURATION).values, relief_level)
        missing = [
            name
            for name, levels in (("invasiveness", invasive), ("relief duration", relief))
            if not levels
        ]
        if missing:
            unplaced.append((topic.title, " and ".join(missing) + " not reported"))
        invasive = [level + 1 for level in invasive] or [0]
        relief = [level + 1 for level in relief] or [0]
        previous: tuple[float, float] | None = None
        for inv in invasive:
            for rel in relief:
                seen = crowd.get((inv, rel), 0)
                crowd[(inv, rel)] = seen + 1
                x = LEFT + inv * col_w + col_w / 2 + seen * 6
                y = TOP + (len(relief_labels) - 1 - rel) * row_h + row_h / 2
                # A topic's further points (its sources disagree) are joined, not relabelled.
                label = _short(topic.title) if previous is None else ""
                points.append(Point(x, y, colour, label, 4 + seen * 15, previous))
                previous = (x, y)
    svg = (
        environment()
        .get_template("chart.svg")
        .render(
            w=WIDTH,
            h=HEIGHT,
            left=LEFT,
            right=RIGHT,
            top=TOP,
            plot_h=plot_h,
            row_h=row_h,
            col_w=col_w,
            t=theme,
            points=points,
            relief_labels=relief_labels,
            invasiveness_labels=invasiveness_labels,
        )
    )
    return Chart(svg, WIDTH, HEIGHT, tuple(unplaced))


def _levels(values: object, rank: object) -> list[int]:
    levels = []
    for value in values:  # type: ignore[attr-defined]
        level = rank(value.value)  # type: ignore[operator]
        if level is not None and level not in levels:
            levels.append(level)
    return levels


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
