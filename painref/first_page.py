"""The first page drawn at start, kept from the last session so the window can show it in
its first frame, before the content database, Jinja2 or the search index are loaded.

A cached page is shown only when nothing that could change it has changed: the app's
version, the content database, the local layer, the user's database (notes, history), the
machine's policy, the appearance settings and the day are its key, read with `stat` alone.
The window checks the rest (the page colours the palette gives, the diagrams' width, the
content's source hash) once it has loaded, and draws the page again if any differs.

Qt-free and import-light (os, json): it runs before anything else is imported.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

FORMAT = 1
FOLDER = "pages"
NAMES = "names.json"
"""Beside the pages: the exact names of the pages kept (named())."""
MAX_PAGES = 24
"""The pages kept: the last session's, newest first; older files are removed."""
MAX_BYTES = 4 * 2**20
"""A cached file larger than this is not read (a page is about 100 KB)."""

Stamp = list[Any] | None


def stamp(path: Path | None) -> Stamp:
    """What identifies a file's version cheaply: [path, size, mtime_ns]; None if absent."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [str(path), info.st_size, info.st_mtime_ns]


def cache_key(
    *,
    version: str,
    content: Path | None,
    local: Path | None,
    user: Path | None,
    policy: Mapping[str, object],
    appearance: Mapping[str, object],
    day: str,
) -> dict[str, Any]:
    """The key a cached page is valid for (JSON-comparable)."""
    return {
        "format": FORMAT,
        "version": version,
        "content": stamp(content),
        "local": stamp(local),
        "user": stamp(user),
        "policy": {k: str(v) for k, v in sorted(policy.items())},
        "appearance": {k: str(v) for k, v in sorted(appearance.items())},
        "day": day,
    }


class CachedPage(NamedTuple):
    """A page as the window drew it: enough to draw it again without rendering it."""

    location: str
    title: str
    html: str
    measure_pt: float | None
    outline: tuple[tuple[str, str], ...] = ()
    """(anchor, title) of each section."""
    images: tuple[str, ...] = ()
    """Names of the images the page shows; each is a file beside the page's."""
    status: str = ""
    """The status bar's content line."""
    check: Mapping[str, Any] = MappingProxyType({})
    """What the window compares once loaded (theme, figure width, content source hash)."""
    scrolls: bool = False
    """The page was longer than its view: the first frame gives the view its scroll bar
    before laying the page out, which then happens once, not again for the bar's width."""


HEAD_SECTIONS = 2
"""The first frame draws a long page's opening sections only (about a screenful): laying
out a long page whole costs more than the rest of the first frame. The window sets the
whole page once it has loaded."""
HEAD_MIN_CHARS = 20_000


def head(html: str) -> str | None:
    """The opening HEAD_SECTIONS sections of a long page, or None (a short page, or one
    with fewer sections, is drawn whole). Cut before a section heading, which stands at
    the top level of the page's body."""
    if len(html) < HEAD_MIN_CHARS:
        return None
    cut = html.find(f'<p class="h2"><a name="sec-{HEAD_SECTIONS + 1}">')
    if cut <= 0 or html.find("<body", 0, cut) < 0:
        return None
    return f"{html[:cut]}</body></html>"


def file_name(location: str) -> str:
    """A file name for a location (ids are [a-z0-9-]; "compare:a,b" and "local:x" too)."""
    safe = "".join(c if c.isalnum() or c == "-" else f"_{ord(c):02x}" for c in location)
    return f"{safe}.json"


def image_file(folder: Path, location: str, name: str) -> Path:
    """Where a cached page's image is kept (raw pixels: ui/image_cache.py)."""
    stem = file_name(location)[: -len(".json")]
    return folder / FOLDER / f"{stem}.{file_name(name)[: -len('.json')]}.image"


def read(folder: Path, location: str, key: Mapping[str, Any]) -> CachedPage | None:
    """The cached page for location under key, or None (absent, stale, unreadable: never
    raises; a damaged file is as good as none)."""
    path = folder / FOLDER / file_name(location)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        if data["key"] != key or data["location"] != location:
            return None
        measure = data["measure_pt"]
        return CachedPage(
            location=str(data["location"]),
            title=str(data["title"]),
            html=str(data["html"]),
            measure_pt=None if measure is None else float(measure),
            outline=tuple((str(a), str(t)) for a, t in data["outline"]),
            images=tuple(str(n) for n in data["images"]),
            status=str(data["status"]),
            check=dict(data["check"]),
            scrolls=data.get("scrolls") is True,
        )
    except (KeyError, TypeError, ValueError):
        return None


def named(folder: Path, folded: str, key: Mapping[str, Any]) -> str | None:
    """The kept page whose name is exactly folded (a query folded as the search folds it),
    or None (none, or no index kept under key: never raises)."""
    try:
        data = json.loads((folder / FOLDER / NAMES).read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        page = data["names"].get(folded)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return page if isinstance(page, str) else None


def write(
    folder: Path,
    key: Mapping[str, Any],
    pages: Sequence[CachedPage],
    names: Mapping[str, str] | None = None,
) -> list[Path]:
    """Keep pages (newest first, at most MAX_PAGES) under key, replacing what was kept;
    returns the files written. names: the folded names that name one of them exactly
    (search/quick.py), for named(). A folder that cannot be written keeps nothing,
    silently: the cache only saves time."""
    from painref.fsutil import replacing

    target = folder / FOLDER
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return written
    seen: set[str] = set()
    for page in pages:
        if page.location in seen or len(seen) >= MAX_PAGES:
            continue
        seen.add(page.location)
        path = target / file_name(page.location)
        data = {
            "key": dict(key),
            "location": page.location,
            "title": page.title,
            "html": page.html,
            "measure_pt": page.measure_pt,
            "outline": [list(s) for s in page.outline],
            "images": list(page.images),
            "status": page.status,
            "check": dict(page.check),
            "scrolls": page.scrolls,
        }
        try:
            text = json.dumps(data, ensure_ascii=False)
            if not _holds(path, text):  # a page kept as it is stays as it is
                with replacing(path) as temp:
                    temp.write_text(text, encoding="utf-8")
        except (OSError, TypeError, ValueError):
            continue
        written.append(path)
    kept = {p.location for p in pages if target / file_name(p.location) in written}
    index = {name: page for name, page in (names or {}).items() if page in kept}
    with contextlib.suppress(OSError, TypeError, ValueError):
        text = json.dumps({"key": dict(key), "names": index})
        if not _holds(target / NAMES, text):
            with replacing(target / NAMES) as temp:
                temp.write_text(text, encoding="utf-8")
    keep = {NAMES, *(p.name for p in written)} | {
        image_file(folder, p.location, name).name for p in pages for name in p.images
    }
    with contextlib.suppress(OSError):
        for old in target.iterdir():
            if old.name not in keep and not old.name.startswith("."):
                with contextlib.suppress(OSError):
                    old.unlink()
    return written


def _holds(path: Path, text: str) -> bool:
    """The file at path holds text already."""
    try:
        return (
            path.stat().st_size == len(text.encode("utf-8"))
            and path.read_text(encoding="utf-8") == text
        )
    except (OSError, ValueError):
        return False
