"""A tool page as the library reads it back (tool_pages in the database): frozen values for
the template, checked on the way in so a damaged row is a DatabaseError, not a template
fault. Import-light: the window reads tool pages on the start-up path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ToolCell:
    text: str
    refs: tuple[int, ...]
    where: str | None
    strong: bool = False
    missing: bool = False


@dataclass(frozen=True)
class ToolLink:
    id: str
    title: str
    detail: str = ""


@dataclass(frozen=True)
class ToolRow:
    cells: tuple[ToolCell, ...]
    links: tuple[ToolLink, ...]
    drug: str | None = None
    """The antithrombotic drug the row is about: its local protocols are drawn under it."""


@dataclass(frozen=True)
class ToolTable:
    columns: tuple[str, ...]
    rows: tuple[ToolRow, ...]
    link_column: int | None = None
    """The column whose cell lists the row's links to pages (after its text)."""


@dataclass(frozen=True)
class ToolSection:
    heading: str
    intro: str | None
    facts: tuple[ToolCell, ...]
    table: ToolTable | None
    links: tuple[ToolLink, ...]


@dataclass(frozen=True)
class ToolAction:
    label: str
    action: str
    arg: str = ""


@dataclass(frozen=True)
class ToolPageData:
    id: str
    title: str
    summary: str
    basis: ToolCell
    actions: tuple[ToolAction, ...]
    sections: tuple[ToolSection, ...]


class Malformed(ValueError):
    """A stored tool page is not what the builder writes (the message says where)."""


def parse_tool_page(raw: Any) -> ToolPageData:
    """The stored JSON of a tool page as values; Malformed when it is not the builder's."""
    page = _dict(raw, "page")
    return ToolPageData(
        id=_str(page, "id"),
        title=_str(page, "title"),
        summary=_str(page, "summary"),
        basis=_cell(page.get("basis"), "basis"),
        actions=_list(page, "actions", _action),
        sections=_list(page, "sections", _section),
    )


def _dict(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Malformed(f"{where}: not an object")
    return raw


def _str(d: dict[str, Any], key: str, optional: bool = False) -> Any:
    value = d.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise Malformed(f"{key}: not text")
    return value


def _list(d: dict[str, Any], key: str, item: Callable[[Any, str], Any]) -> tuple[Any, ...]:
    value = d.get(key)
    if not isinstance(value, list):
        raise Malformed(f"{key}: not a list")
    return tuple(item(v, f"{key}.{i}") for i, v in enumerate(value))


def _cell(raw: Any, where: str) -> ToolCell:
    d = _dict(raw, where)
    refs = d.get("refs")
    if not isinstance(refs, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in refs
    ):
        raise Malformed(f"{where}.refs: not a list of numbers")
    return ToolCell(
        text=_str(d, "text"),
        refs=tuple(refs),
        where=_str(d, "where", optional=True),
        strong=bool(d.get("strong", False)),
        missing=bool(d.get("missing", False)),
    )


def _link(raw: Any, where: str) -> ToolLink:
    d = _dict(raw, where)
    return ToolLink(_str(d, "id"), _str(d, "title"), _str(d, "detail", optional=True) or "")


def _action(raw: Any, where: str) -> ToolAction:
    d = _dict(raw, where)
    return ToolAction(_str(d, "label"), _str(d, "action"), _str(d, "arg", optional=True) or "")


def _row(raw: Any, where: str) -> ToolRow:
    d = _dict(raw, where)
    drug = d.get("drug")
    if drug is not None and not isinstance(drug, str):
        raise Malformed(f"{where}.drug: not a drug id")
    return ToolRow(_list(d, "cells", _cell), _list(d, "links", _link), drug)


def _section(raw: Any, where: str) -> ToolSection:
    d = _dict(raw, where)
    table = None
    if d.get("table") is not None:
        t = _dict(d["table"], f"{where}.table")
        columns = t.get("columns")
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise Malformed(f"{where}.table.columns: not a list of headings")
        link_column = t.get("link_column")
        if link_column is not None and not isinstance(link_column, int):
            raise Malformed(f"{where}.table.link_column: not a number")
        table = ToolTable(tuple(columns), _list(t, "rows", _row), link_column)
    return ToolSection(
        heading=_str(d, "heading"),
        intro=_str(d, "intro", optional=True),
        facts=_list(d, "facts", _cell),
        table=table,
        links=_list(d, "links", _link),
    )
