"""The first frame's page: the key a cached page must match, reading its images back,
and keeping the pages of a session for the next start (painref/first_page.py holds the
Qt-free part). Import-light: the shell's first frame uses it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from painref import __version__, first_page, paths
from painref import policy as machine_policy
from painref.ui.appearance import FONT_KEY, THEME_KEY
from painref.ui.application import USER_DB_NAME

if TYPE_CHECKING:
    from painref.ui.main_window import MainWindow
    from painref.ui.navigation import Drawn


def first_page_key(window_settings: QSettings, rules: machine_policy.Policy) -> dict[str, object]:
    """The key the cached first page must match (file stamps and settings; no database)."""
    return first_page.cache_key(
        version=__version__,
        content=paths.bundled_db(),
        local=paths.local_layer_db(),
        user=paths.user_data_dir() / USER_DB_NAME,
        policy=rules.settings(),
        appearance={
            "theme": window_settings.value(THEME_KEY, "system"),
            "font": window_settings.value(FONT_KEY, ""),
            "zoom": window_settings.value("view/zoom", ""),
        },
        day=time.strftime("%Y-%m-%d"),  # date.today().isoformat(), without datetime
    )


def cached_images(
    page: first_page.CachedPage, shown: str | None = None, have: Sequence[str] = ()
) -> dict[str, object] | None:
    """The cached page's images, or None when any cannot be read (the page is then not
    shown from the cache: without them it would stay without its diagrams). shown: only
    those this HTML shows (a long page's opening often has none); have: not these."""
    from painref.ui import image_cache

    folder = paths.user_cache_dir()
    images: dict[str, object] = {}
    for name in page.images:
        if name in have or (shown is not None and name not in shown):
            continue
        image = image_cache.load(first_page.image_file(folder, page.location, name))
        if image is None:
            return None
        images[name] = image
    return images


def _keep_images(window: MainWindow, drawn: Drawn, folder: Path, shown: bool) -> bool:
    """Keep the images of the page shown (those of pages drawn before may have been drawn
    again since, at another width)."""
    from painref.ui import image_cache

    if not shown:
        return False
    try:
        (folder / first_page.FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    for name in drawn.images:
        image = window.view.image(name)
        target = first_page.image_file(folder, drawn.location, name)
        if image is None or not image_cache.save(image, target):
            return False
    return True


def keep_first_pages(
    window: MainWindow, pages: Sequence[Drawn], status: str, window_settings: QSettings
) -> None:
    """Keep the pages for the next start's first frame (after the stores are closed: the
    user's database is part of the key). A page kept already, as it is, is left alone
    with its images (rewriting a page's diagrams, megabytes, at every quit would keep the
    disk busy into the next start). Never raises: the cache only saves time."""
    folder = paths.user_cache_dir()
    key = first_page_key(window_settings, machine_policy.current())
    kept: list[first_page.CachedPage] = []
    for drawn in pages:
        page = drawn.cached(status)
        unchanged = first_page.read(folder, drawn.location, key) == page and all(
            first_page.image_file(folder, drawn.location, name).is_file() for name in page.images
        )
        if (
            drawn.images
            and not unchanged
            and not _keep_images(window, drawn, folder, drawn is pages[0])
        ):
            continue  # a page without its diagrams is not kept
        kept.append(page)
    from painref.search.quick import exact_names

    names = exact_names(paths.bundled_db(), [page.location for page in kept])
    first_page.write(folder, key, kept, names)
