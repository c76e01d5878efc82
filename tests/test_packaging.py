"""packaging/build.py: the .deb's Depends comes from a reviewed table, whatever the build
machine has installed; admin tools are found off PATH; a failed build leaves nothing behind.
No PyInstaller run here."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from painref import syslibs

from .conftest import ROOT


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("painref_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()

XCB_SONAMES = [
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-randr.so.0",
    "libxcb-render-util.so.0",
    "libxcb-render.so.0",
    "libxcb-shape.so.0",
    "libxcb-shm.so.0",
    "libxcb-sync.so.1",
    "libxcb-util.so.1",
    "libxcb-xfixes.so.0",
    "libxcb-xkb.so.1",
    "libxcb.so.1",
    "libxkbcommon-x11.so.0",
    "libxkbcommon.so.0",
    "libX11-xcb.so.1",
    "libX11.so.6",
]


@pytest.fixture
def no_machine_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any look at the build machine (ldconfig, dpkg, objdump, PATH) fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"looked at the build machine: {args}")

    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(shutil, "which", refuse)


@pytest.mark.usefixtures("no_machine_lookups")
def test_depends_comes_from_the_sonames_alone() -> None:
    sonames = [*XCB_SONAMES, "libc.so.6", "libm.so.6", "libcups.so.2", "libGL.so.1"]
    assert build.deb_depends(sonames) == [
        "libc6 (>= 2.34)",
        "libcups2",
        "libgl1",
        "libx11-6",
        "libx11-xcb1",
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libxcb-image0",
        "libxcb-keysyms1",
        "libxcb-randr0",
        "libxcb-render-util0",
        "libxcb-render0",
        "libxcb-shape0",
        "libxcb-shm0",
        "libxcb-sync1",
        "libxcb-util1",
        "libxcb-xfixes0",
        "libxcb-xkb1",
        "libxcb1",
        "libxkbcommon-x11-0",
        "libxkbcommon0",
        "fontconfig",
        "fonts-dejavu-core | fonts-liberation2",
    ]


@pytest.mark.usefixtures("no_machine_lookups")
def test_depends_always_has_a_font() -> None:
    depends = build.deb_depends(["libc.so.6"])
    assert "fontconfig" in depends
    assert any(entry.startswith("fonts-dejavu-core") for entry in depends)


def test_a_library_the_table_does_not_know_stops_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(build, "_owner_hint", lambda soname: "hint")
    with pytest.raises(SystemExit, match=r"libsurprise\.so\.3 \(hint\)"):
        build.deb_depends(["libc.so.6", "libsurprise.so.3"])


def _qt() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


XCB_PLUGIN = _qt() / "plugins" / "platforms" / "libqxcb.so"
CUPS_PLUGIN = _qt() / "plugins" / "printsupport" / "libcupsprintersupport.so"
linux_qt = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not XCB_PLUGIN.is_file() or not CUPS_PLUGIN.is_file(),
    reason="PySide6's Linux plugins",
)


def _fake_bundle(root: Path, builder_copies: list[str]) -> Path:
    """A one-folder layout like PyInstaller's: PySide6's X11 and print plugins (real ELF
    files), Qt's libraries as names only, and copies of system libraries from the builder."""
    app = root / "painref"
    internal = app / "_internal"
    for plugin, folder in ((XCB_PLUGIN, "platforms"), (CUPS_PLUGIN, "printsupport")):
        target = internal / "PySide6" / "Qt" / "plugins" / folder / plugin.name
        target.parent.mkdir(parents=True)
        shutil.copy(plugin, target)
    lib = internal / "PySide6" / "Qt" / "lib"
    lib.mkdir(parents=True)
    for qt_lib in (
        "libQt6XcbQpa.so.6",
        "libQt6Gui.so.6",
        "libQt6Core.so.6",
        "libQt6PrintSupport.so.6",
        "libQt6Widgets.so.6",
        "libQt6DBus.so.6",
    ):
        (lib / qt_lib).symlink_to(f"/nonexistent/{qt_lib}")
    for name in builder_copies:  # what PyInstaller found on this builder
        shutil.copy(XCB_PLUGIN, internal / name)
    return app


@linux_qt
def test_depends_is_the_same_whatever_the_builder_carried_into_the_bundle(
    tmp_path: Path,
) -> None:
    bare = build.deb_depends(build.bundle_needs(_fake_bundle(tmp_path / "a", [])))
    rich = build.deb_depends(
        build.bundle_needs(
            _fake_bundle(tmp_path / "b", ["libxcb-shape.so.0", "libcups.so.2", "libgtk-3.so.0"])
        )
    )
    assert bare == rich
    for package in ("libxcb-shape0", "libxcb-cursor0", "libxkbcommon-x11-0", "libcups2"):
        assert package in bare


@linux_qt
def test_the_table_knows_every_system_library_of_the_shipped_qt() -> None:
    """What the spec ships of PySide6 (its modules, libraries and kept plugins) needs only
    libraries the table maps: a PySide6 upgrade that needs a new one fails here first."""
    qt = _qt()
    plugins = [
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
        "platforms/libqminimal.so",
        "printsupport/libcupsprintersupport.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ]
    files = [qt / "plugins" / name for name in plugins]
    files += [p for p in (qt / "lib").glob("libQt6*.so.6") if _shipped(p.name)]
    files += [p for p in qt.parent.glob("Qt*.abi3.so") if _shipped(p.name)]
    own = {p.name for p in (qt / "lib").iterdir()} | {"libpyside6.abi3.so.6.11"}
    own |= {p.name for p in qt.parent.parent.glob("shiboken6/*.so*")}
    needed = {s for f in files if f.is_file() for s in syslibs.elf_needed(f)}
    unknown = sorted(s for s in needed - own if syslibs.package_for(s) is None)
    assert not [s for s in unknown if not s.startswith(("libpyside6", "libshiboken6"))]


def _shipped(name: str) -> bool:
    return any(
        name.startswith(prefix)
        for prefix in (
            "libQt6Core.",
            "libQt6Gui.",
            "libQt6Widgets.",
            "libQt6PrintSupport.",
            "libQt6Svg.",
            "libQt6DBus.",
            "libQt6XcbQpa.",
            "libQt6WaylandClient.",
            "libQt6WlShellIntegration.",
            "QtCore.",
            "QtGui.",
            "QtWidgets.",
            "QtPrintSupport.",
            "QtSvg.",
        )
    )


@linux_qt
def test_the_elf_reader_lists_what_the_loader_needs() -> None:
    needed = syslibs.elf_needed(XCB_PLUGIN)
    assert needed[0] == "libQt6XcbQpa.so.6"
    assert "libxcb-shape.so.0" in needed and "libxcb-cursor.so.0" in needed
    with pytest.raises(ValueError, match="not an ELF file"):
        syslibs.elf_needed(ROOT / "pyproject.toml")


def test_admin_tools_are_found_off_a_normal_users_path(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which("ldconfig", path="/usr/sbin:/sbin")
    if real is None:
        pytest.skip("no ldconfig on this machine")
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")
    assert build.tool("ldconfig") == real
    assert build.tool("no-such-tool-anywhere") is None


def test_a_failed_deb_build_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / "painref"
    (app / "_internal").mkdir(parents=True)
    (app / "painref").write_text("#!/bin/sh\n")
    dist = tmp_path / "dist"
    dist.mkdir()
    monkeypatch.setattr(build, "bundle_needs", lambda app: {"libc.so.6": {"painref"}})
    monkeypatch.setattr(build, "tool", lambda name: f"/usr/bin/{name}")

    def broken_icon(*args: object) -> None:
        raise RuntimeError("no Qt here")

    monkeypatch.setattr(build, "render_icon_png", broken_icon)
    with pytest.raises(RuntimeError, match="no Qt here"):
        build.make_deb(app, dist)
    assert not (dist / "deb-root").exists()
    assert list(dist.iterdir()) == []


def test_prerequisites_name_what_is_missing_one_line_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(build, "tool", lambda name: None)
    monkeypatch.setattr(build, "QT_PROBE", "print('Qt cannot be loaded: libGL.so.1 is missing')")
    problems, notes = build.prerequisites(packages=True, check=False)
    if sys.platform.startswith("linux"):
        assert any("binutils" in line for line in problems), problems
        assert any("dpkg-deb not found" in line for line in notes), notes
    assert any(line.startswith("Qt cannot be loaded: libGL.so.1") for line in problems)
    assert all("\n" not in line for line in problems + notes)
    problems, _ = build.prerequisites(packages=True, check=True)
    if sys.platform.startswith("linux"):
        assert any("--check needs the .deb" in line for line in problems)


def _stand_in(folder: Path, body: str) -> Path:
    """An executable standing in for the frozen app."""
    exe = folder / "painref"
    exe.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    exe.chmod(0o755)
    return exe


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands in for the app")
def test_the_pack_check_verifies_a_signed_pack_and_refuses_an_altered_one(tmp_path: Path) -> None:
    app = _stand_in(tmp_path, f'PYTHONPATH="{ROOT}" exec "{sys.executable}" -m painref "$@"')
    build.pack_check(app, tmp_path / "work")  # the app from source passes
    always_fine = _stand_in(tmp_path, "echo 'signature valid'; exit 0")
    with pytest.raises(SystemExit, match="exited 0 \\(expected 1"):
        build.pack_check(always_fine, tmp_path / "work")


def test_the_spec_bundles_the_trusted_keys_and_pynacls_cffi_backend() -> None:
    spec = (ROOT / "packaging" / "painref.spec").read_text(encoding="utf-8")
    assert '"painref" / "packs" / "trusted_published.txt"), "painref/packs")' in spec
    assert 'hiddenimports=[] if BARE else ["_cffi_backend"]' in spec
