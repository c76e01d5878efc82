"""Page functions: a context dataclass in, a string out (HTML for the window, text for the CLI)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from painref.render.contexts import CHART_NAME as CHART_NAME
from painref.render.contexts import (
    DISCLAIMER,
    ComparePage,
    HomePage,
    LocalTopicPage,
    PreviewPage,
    Theme,
    ToolPage,
    TopicPage,
    action_url,
    compare_url,
    topic_url,
)
from painref.render.env import environment, format_refs

if TYPE_CHECKING:
    from datetime import date

    from painref.content.annotations import Annotation
    from painref.content.library import Library, Meta, Source
    from painref.content.tools_schema import Last
    from painref.render.chart import Chart
    from painref.tools.anticoag import Plan
    from painref.tools.dose import DoseResult
    from painref.tools.last import LipidDoses

"""The image name of a comparison's chart (the nth of a handout or deck adds "-n")."""


def render_topic(page: TopicPage) -> str:
    """A topic or condition page as HTML in Qt's rich-text subset."""
    template = "condition.html" if page.detail.summary.is_condition else "topic.html"
    return (
        environment()
        .get_template(template)
        .render(
            page=page,
            d=page.detail,
            t=page.theme,
            url=topic_url,
            action=action_url,
            compare_link=compare_url,
        )
    )


def render_topic_text(page: TopicPage) -> str:
    """A topic or condition page as plain text for a terminal."""
    return environment().get_template("topic.txt").render(page=page, d=page.detail)


def render_local(page: LocalTopicPage) -> str:
    """A page of the department's local layer as HTML in Qt's rich-text subset."""
    return (
        environment()
        .get_template("local.html")
        .render(page=page, p=page.local, t=page.theme, url=topic_url)
    )


def render_local_text(page: LocalTopicPage) -> str:
    """A page of the local layer as plain text for a terminal."""
    return environment().get_template("local.txt").render(page=page, p=page.local)


def render_tool(page: ToolPage) -> str:
    """A procedure-day tool page as HTML in Qt's rich-text subset."""
    return (
        environment()
        .get_template("tool.html")
        .render(
            page=page,
            d=page.detail,
            tool=page.tool,
            support=page.support,
            t=page.theme,
            url=topic_url,
            action=action_url,
        )
    )


def render_tool_text(page: ToolPage) -> str:
    """A procedure-day tool page as plain text for a terminal."""
    return (
        environment()
        .get_template("tool.txt")
        .render(page=page, d=page.detail, tool=page.tool, support=page.support)
    )


def _tool_env() -> dict[str, object]:
    from painref import __version__
    from painref.content.tool_pages import RISK_LABELS

    return {
        "labels": RISK_LABELS,
        "day": lambda d: d.strftime("%a %d %b %Y"),
        "version": __version__,
        "disclaimer": DISCLAIMER,
    }


PLAN_PAPER_PT = 7.5
"""The type size of a printed plan: six drugs with their conditions fit one A4 page."""


def render_plan(
    plan: Plan,
    meta: Meta,
    today: date,
    theme: Theme | None = None,
    *,
    text: bool = False,
    paper: bool = False,
    notes: Mapping[str, Sequence[Annotation]] | None = None,
) -> str:
    """A blood-thinner plan as HTML for the window, HTML for one printed page for the chart
    (paper: smaller type, lines to record the prescriber's agreement), or text (the CLI).

    notes: the department's local protocols by drug id, drawn under each drug's row."""
    template = environment().get_template("plan.txt" if text else "plan.html")
    theme = theme or Theme()
    if paper:
        theme = Theme(base_pt=PLAN_PAPER_PT)
    return template.render(
        p=plan,
        meta=meta,
        today=today,
        t=theme,
        page=_Bare(),
        paper=paper,
        notes=notes or {},
        **_tool_env(),
    )


def render_dose(
    result: DoseResult,
    sources: Sequence[Source],
    meta: Meta,
    theme: Theme | None = None,
    *,
    text: bool = False,
) -> str:
    """A dose calculation as HTML or text, with its formula and sources."""
    template = environment().get_template("dose.txt" if text else "dose.html")
    by_id = {s.id: s for s in sources}
    shown = [
        {
            "title": f"{name}: "
            + "; ".join(f"{by_id[r].title} ({by_id[r].publisher})" for r in src.refs if r in by_id),
            "where": src.where,
        }
        for name, src in result.basis
    ]
    return template.render(
        r=result, sources=shown, meta=meta, t=theme or Theme(), page=_Bare(), **_tool_env()
    )


def render_last_view(
    last: Last,
    doses: Sequence[LipidDoses],
    weight: float | None,
    sources: Sequence[Source],
    meta: Meta,
    theme: Theme | None = None,
    prompt: str = "Type the patient's weight above for the volumes.",
) -> str:
    """The LAST emergency view: the checklist's steps and the lipid volumes for a weight."""
    from painref.content.tool_pages import regimen_cells

    regimens = [{"body": r.body, "cells": regimen_cells(r)} for r in last.regimens]
    return (
        environment()
        .get_template("last_view.html")
        .render(
            last=last,
            doses=list(doses),
            weight=weight,
            regimens=regimens,
            sources=[f"{s.title} ({s.publisher})" for s in sources],
            prompt=prompt,
            meta=meta,
            t=theme or Theme(),
            page=_Bare(),
            **_tool_env(),
        )
    )


@dataclass(frozen=True)
class _Bare:
    """The page fields base.html reads, for a tool's answer screen."""

    disclaimer: str = DISCLAIMER
    paper: None = None


def comparison_page(
    library: Library,
    ids: Sequence[str],
    *,
    theme: Theme | None = None,
    only_differences: bool = False,
    interactive: bool = False,
    chart_name: str = CHART_NAME,
    inline_chart: bool = False,
    disclaimer: str = DISCLAIMER,
) -> tuple[ComparePage, Chart]:
    """The comparison of ids and its chart, drawn once: the one comparison pipeline.

    The page names its chart as an image (chart_name, which the caller draws from the
    returned chart), or, with inline_chart, carries it as inline SVG (a standalone file).

    Raises:
        PainRefError: fewer than two, more than four, repeated or unknown ids.
    """
    from painref.content.comparison import compare  # not needed to start the app
    from painref.render.chart import comparison_chart

    theme = theme or Theme()
    comparison = compare(library, list(ids))
    chart = comparison_chart(comparison, theme)
    page = ComparePage(
        comparison=comparison,
        meta=library.meta,
        theme=theme,
        only_differences=only_differences,
        interactive=interactive,
        chart_src=None if inline_chart else chart_name,
        chart_svg=chart.svg if inline_chart else None,
        disclaimer=disclaimer,
    )
    return page, chart


def render_compare(page: ComparePage, chart: Chart | None = None) -> str:
    """A comparison as HTML (Qt's rich-text subset, or a standalone file with an inline chart).

    Args:
        chart: the page's chart when the caller has drawn it already (comparison_page).
    """
    if chart is None:
        from painref.render.chart import comparison_chart  # not needed to start the app

        chart = comparison_chart(page.comparison, page.theme)
    return (
        environment()
        .get_template("compare.html")
        .render(
            page=page,
            t=page.theme,
            url=topic_url,
            action=action_url,
            chart=chart,
            chart_width=chart.width,
            chart_height=chart.height,
            unplaced=chart.unplaced,
        )
    )


def render_compare_text(page: ComparePage, width: int = 100) -> str:
    """A comparison as a plain-text table, wrapped to width columns."""
    comparison = page.comparison
    n = len(comparison.topics)
    label_w = 22
    col_w = max(14, (width - label_w - 3 * n) // n)
    lines = [f"COMPARISON: {' | '.join(t.title for t in comparison.topics)}", ""]
    for note in page.own.page:
        lines += [*textwrap.wrap(_note_line(note), width), ""]

    def add_row(label: str, cells: list[str], mark: str = "") -> None:
        wrapped = [textwrap.wrap(c, col_w) or [""] for c in cells]
        labels = textwrap.wrap(label + mark, label_w) or [""]
        for i in range(max(len(labels), *(len(w) for w in wrapped))):
            parts = [(labels[i] if i < len(labels) else "").ljust(label_w)]
            parts += [(w[i] if i < len(w) else "").ljust(col_w) for w in wrapped]
            lines.append(" | ".join(parts).rstrip())
        lines.append("-" * min(width, label_w + (col_w + 3) * n))

    add_row("", [t.title for t in comparison.topics])
    for row in comparison.rows:
        if page.only_differences and not row.differs:
            continue
        cells = []
        for cell in row.cells:
            if not cell.reported:
                cells.append(cell.missing)
                continue
            unit = f" {row.unit}" if row.unit else ""
            text = "; ".join(f"{v.text}{unit} {format_refs(v.refs)}".strip() for v in cell.values)
            cells.append(text + (" [sources differ]" if cell.conflicting else ""))
        for col in range(n):
            for note in page.column_notes(col, row.key):
                cells[col] += f" [{_note_line(note)}]"
        mark = (" *" if row.differs else "") + (" !" if row.conflicting else "")
        add_row(row.label + (f" ({row.unit})" if row.unit else ""), cells, mark)
    lines += ["* the topics differ on this row; ! a topic's sources state it differently.", ""]
    others = [(t, page.other_notes(i)) for i, t in enumerate(comparison.topics)]
    if any(listed for _, listed in others):
        lines += ["LOCAL PROTOCOLS AND NOTES", ""]
        for topic, listed in others:
            for where, note in listed:
                on = f" (on {where})" if where else ""
                lines += textwrap.wrap(
                    f"{topic.title}{on}: {_note_line(note)}",
                    width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
        lines.append("")
    for topic in comparison.topics:
        lines.append(f"References of {topic.title}:")
        lines += [
            f"  [{r.number}] {r.title}. {r.publisher}." + (f" {r.url}" if r.url else "")
            for r in topic.references
        ]
    lines += ["", f"Content {page.meta.content_version}. {page.disclaimer}", ""]
    return "\n".join(lines)


def _note_line(note: Annotation) -> str:
    """A note in one line: whose, its title and text, and its review flags."""
    title = f"{note.title}. " if note.title else ""
    return f"{note.label}: {title}{' '.join(note.body_text.split())}{_flags_text(note)}"


def _flags_text(note: Annotation) -> str:
    """A note's review flags, short, for a comparison's cell."""
    flags = []
    if note.overdue:
        flags.append(f"review overdue since {note.review_due}")
    if note.drift is not None:
        flags.append("published value changed since approval: review")
    return (" (" + "; ".join(flags) + ")") if flags else ""


def render_preview(page: PreviewPage) -> str:
    """The settings dialog's preview, an HTML fragment in the page's colours and size."""
    return environment().get_template("settings_preview.html").render(page=page, t=page.theme)


def render_home(page: HomePage) -> str:
    """The home page as HTML."""
    return (
        environment()
        .get_template("home.html")
        .render(page=page, t=page.theme, url=topic_url, action=action_url)
    )
