"""Opens the window or runs the self-test, saying in one line when Qt itself cannot load.

`from painref import app` loads Qt, and Qt needs system libraries (libglib-2.0.so.0,
libGL.so.1, ...). Without one, Python raises ImportError with a traceback, and a frozen
build adds "Failed to execute script". This module imports no Qt, so it can report that
as one line instead: the missing library and the Debian package that has it.
"""

from __future__ import annotations

import sys
from typing import TextIO


def qt_import_problem(exc: ImportError) -> str:
    """The one-line reason Qt could not be imported."""
    from painref import syslibs

    return syslibs.describe_import_error(exc)


def is_qt_problem(exc: ImportError) -> bool:
    """True when the import failed in Qt itself (its modules, or a system library its
    loader names); any other ImportError is a bug or a broken install of PainRef."""
    from painref import syslibs

    name = exc.name or ""
    return name.split(".")[0] in ("PySide6", "shiboken6") or (
        syslibs.missing_soname(str(exc)) is not None
    )


def report_import_error(exc: ImportError, *, self_test: bool, out: TextIO | None = None) -> int:
    """Reports a failed Qt import in one line (for the self-test: as its failed check) on
    stderr (the self-test: stdout); returns the exit status, 1. Any other ImportError is
    raised again: calling it "Qt cannot be loaded" would hide the real fault."""
    if not is_qt_problem(exc):
        raise exc
    if self_test:
        (out or sys.stdout).write(
            f"FAIL qt: {qt_import_problem(exc)}\nself-test failed: 1 check(s)\n"
        )
    else:
        (out or sys.stderr).write(f"painref: Qt cannot be loaded: {qt_import_problem(exc)}\n")
    return 1


def open_window(
    err: TextIO | None = None, *, page: str | None = None, query: str | None = None
) -> int:
    """`painref` with no command: the app, or one line and exit status 1. page: open that
    page; query: open the best match for those words, with the results listed."""
    _import_before_qt()
    try:
        import PySide6.QtCore  # noqa: F401  (first, so that the shell's modules are known to it)

        _known_to_pyside(FIRST_FRAME_QT_MODULES)
        from painref import app
    except ImportError as exc:
        return report_import_error(exc, self_test=False, out=err)
    return app.main(page=page, query=query)


def _import_before_qt() -> None:
    """Import the Qt-free modules the window's first frame uses before Qt itself: PySide6
    hooks every import made after it and reads each new module's source file to look for
    its `__feature__` switch (shibokensupport/feature.py), about 1% of the first frame's
    instructions for these (callgrind). A frozen build has no sources to read."""
    import painref.first_page
    import painref.location
    import painref.paths
    import painref.policy
    import painref.render.outline
    import painref.render.theme
    import painref.search.quick  # noqa: F401  (`painref WORDS`: its word splitter)


FIRST_FRAME_QT_MODULES = (
    "painref.ui.theme",
    "painref.ui.appearance",
    "painref.ui.application",
    "painref.ui.first_frame",
    "painref.ui.instance",
    "painref.ui.actions",
    "painref.ui.reading",
    "painref.ui.detail",
    "painref.ui.left_pane",
    "painref.ui.outline_bar",
    "painref.ui.search_box",
    "painref.ui.qt_values",
    "painref.ui.models",
    "painref.ui.sidebar",
    "painref.ui.user_panels",
    "painref.ui.view_settings",
    "painref.ui.main_window",
    "painref.ui.messages",
    "painref.ui.image_cache",
)
"""The window's own modules that its first frame imports after Qt, every one of them using
Qt (tests/test_first_frame.py holds the list to what the first frame imports)."""


def _known_to_pyside(modules: tuple[str, ...]) -> None:
    """Tell PySide6 that these modules use it and switch on none of its `__feature__`s, as
    it would find out itself by reading each module's source file when it is imported
    (shibokensupport/feature.py: feature_imported, _mod_uses_pyside; 3% of the first
    frame's time). Its table is internal: if it is not there, PySide6 reads the sources."""
    table = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
    if isinstance(table, dict):
        for name in modules:
            table.setdefault(name, 0)


def run_self_test(out: TextIO | None = None) -> int:
    """`painref --self-test`: when Qt cannot load, that is its one failed check."""
    try:
        from painref import app
    except ImportError as exc:
        return report_import_error(exc, self_test=True, out=out)
    return app.self_test(out)
