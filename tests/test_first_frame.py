"""The window's first frame costs what a bare window costs: a shell with the page the last
session left, and nothing else loaded before it is painted (tests, not timings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
from painref import app
seen = {}
def watch(stage, original):
    def wrapper(self, *args):
        seen[stage] = sorted(sys.modules)
        if stage == "first_paint":
            seen["title"] = self.window.windowTitle()
            seen["html"] = self.window.view.toPlainText()[:200]
            seen["qt_classes"] = sorted(
                name
                for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
                for name, value in vars(sys.modules[module]).items()
                if isinstance(value, type)
            )
            table = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", {})
            seen["pyside_uses"] = sorted(k for k, v in table.items() if k.startswith("painref") and v == 0)
        return original(self, *args)
    return wrapper
app._Start._first_paint = watch("first_paint", app._Start._first_paint)
app._Start._ready = watch("ready", app._Start._ready)
from painref.cli import main
status = main(sys.argv[1:])
print("SEEN " + json.dumps(seen))
sys.exit(status)
"""

HEAVY = ("jinja2", "yaml", "pydantic", "markdown_it", "sqlite_utils", "nacl")
"""The page renderer's and the builder's libraries, and the content packs' crypto."""
STDLIB_LATER = ("dataclasses", "datetime", "unicodedata")
"""Standard modules the bare window does not import: the first frame's value types are
NamedTuples (a dataclass takes a few milliseconds to create), today's date comes from time."""
CONTENT = ("painref.content.library", "painref.search.service", "painref.render.pages")
LATER_QT = (
    "Qt",  # the namespace: PySide builds its 93 enums at once (~20 ms; ui/qt_values.py)
    "QStyle",  # ui/style.py's ReadableStyle answers Qt's style calls in Python
    "QProxyStyle",
    "QKeySequence",  # the shortcuts
    "QIcon",  # the window's icon
    "QTextFormat",  # where a page's sections and links are
    "QTextCursor",
    "QPainter",
)
"""Qt classes that PySide6 brings into Python with their enums (most of the first frame's
cost beyond the bare window's, measured with callgrind): none is used before it is painted.
(Any class a first frame needs but a bare window does not is a cost to weigh.)"""


def start(user_dir: Path, *args: str, db: Path | None = None) -> dict[str, object]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PAINREF_DB")
    }
    env.update(
        QT_QPA_PLATFORM="offscreen", PAINREF_EXIT_AFTER_START="1", PAINREF_USER_DIR=str(user_dir)
    )
    if db is not None:
        env["PAINREF_DB"] = str(db)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("SEEN "))
    seen: dict[str, object] = json.loads(line[len("SEEN ") :])
    assert "first_paint" in seen and "ready" in seen
    return seen


def loaded(modules: object, names: tuple[str, ...]) -> list[str]:
    assert isinstance(modules, list)
    return [m for m in modules if m.split(".")[0] in names or m in names]


@pytest.fixture(scope="module")
def returning_user(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user whose last session ended on a page. Two sessions: a first start draws the
    page before the window's splitter has settled, so the page it keeps is drawn afresh at
    the next start (once loaded; its first frame is still the kept page)."""
    user = tmp_path_factory.mktemp("user")
    start(user, "--open", "epidural-steroid-injection")
    start(user)
    return user


def test_a_returning_users_first_frame_loads_neither_the_renderer_nor_the_content(
    returning_user: Path,
) -> None:
    seen = start(returning_user)
    assert seen["title"] == "Epidural steroid injection - PainRef"
    assert "Epidural steroid injection" in str(seen["html"])
    assert loaded(seen["first_paint"], HEAVY) == []
    assert loaded(seen["first_paint"], CONTENT) == []
    assert loaded(seen["first_paint"], STDLIB_LATER) == []
    assert [c for c in LATER_QT if c in seen["qt_classes"]] == []  # type: ignore[operator]
    assert loaded(seen["first_paint"], ("painref.ui.style", "painref.ui.focus")) == []


def told_pyside(seen: dict[str, object]) -> None:
    """PySide6 was told which of the first frame's modules use it, rather than reading each
    one's source to find out: the list is every one it would have read, and no other."""
    from painref.launch import FIRST_FRAME_QT_MODULES

    modules = seen["first_paint"]
    assert isinstance(modules, list)
    assert sorted(FIRST_FRAME_QT_MODULES) == seen["pyside_uses"]
    assert [m for m in FIRST_FRAME_QT_MODULES if m not in modules] == []
    for name in FIRST_FRAME_QT_MODULES:  # what PySide6 finds in a source: "PySide6"
        assert "PySide6" in (ROOT / (name.replace(".", "/") + ".py")).read_text(), name


def test_the_first_frame_tells_pyside_which_of_its_modules_use_it(returning_user: Path) -> None:
    told_pyside(start(returning_user))
    told_pyside(start(returning_user, "ESI"))


def test_the_window_completes_from_the_cached_page_without_the_renderer(
    returning_user: Path,
) -> None:
    seen = start(returning_user)
    assert loaded(seen["ready"], HEAVY) == []  # the page is drawn on the first navigation


def test_an_exact_name_from_the_command_line_opens_in_the_first_frame(
    returning_user: Path,
) -> None:
    seen = start(returning_user, "ESI")
    assert seen["title"] == "Epidural steroid injection - PainRef"
    assert loaded(seen["first_paint"], HEAVY) == []
    # found among the names kept with the pages, without opening the database
    assert loaded(seen["first_paint"], ("sqlite3", *STDLIB_LATER)) == []
    assert [c for c in LATER_QT if c in seen["qt_classes"]] == []  # type: ignore[operator]


def test_a_first_start_draws_its_page_once_the_content_has_loaded(tmp_path: Path) -> None:
    seen = start(tmp_path)
    assert seen["title"] == "PainRef"  # home
    assert "painref.render.pages" in seen["first_paint"]  # type: ignore[operator]
    assert (tmp_path / "cache" / "pages" / "home.json").is_file()


def test_a_changed_content_database_is_not_drawn_from_the_cache(
    tmp_path: Path, real_db_path: Path
) -> None:
    import shutil

    db = tmp_path / "painref.db"
    shutil.copy(real_db_path, db)
    user = tmp_path / "user"
    start(user, "--open", "epidural-steroid-injection", db=db)
    os.utime(db, ns=(1, 1))  # a new pack, a rebuild: another file
    seen = start(user, db=db)
    assert "painref.render.pages" in seen["first_paint"]  # type: ignore[operator]
    kept = json.loads((user / "cache" / "pages" / "epidural-steroid-injection.json").read_text())
    assert kept["key"]["content"][2] == 1
