"""The Linux folder keeps a shared library only while something kept links it
(packaging/bundle_rules.linked_closure, run by painref.spec), and build.py refuses a folder
that carries the GTK theme's stack, an unlinked library or a dangling link. The GTK theme
plugin left out of the spec brought 21 MiB of GTK, Cairo and Pango that nothing linked.
No PyInstaller run here."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest

from painref import syslibs

from .conftest import ROOT


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


rules = _load("bundle_rules", ROOT / "packaging" / "bundle_rules.py")
build = _load("painref_build", ROOT / "packaging" / "build.py")

Entry = tuple[str, str, str]

# What each file links (DT_NEEDED), by source path: a folder like the one PyInstaller
# collected on a builder with GTK installed, after the spec left the GTK theme plugin out.
NEEDED: dict[str, list[str]] = {
    "src/QtGui.abi3.so": ["libQt6Gui.so.6", "libpyside6.abi3.so.6.11"],
    "src/_cffi_backend.so": ["libffi.so.8"],
    "src/libpython3.11.so.1.0": ["libz.so.1"],
    "src/libpyside6.abi3.so.6.11": ["libQt6Core.so.6"],
    "src/libQt6Gui.so.6": ["libQt6Core.so.6", "libfontconfig.so.1", "libglib-2.0.so.0"],
    "src/libQt6Core.so.6": ["libicuuc.so.73", "libglib-2.0.so.0"],
    "src/libQt6XcbQpa.so.6": ["libQt6Gui.so.6", "libxcb-cursor.so.0", "libX11.so.6"],
    "src/libQt6WlShellIntegration.so.6": ["libQt6Gui.so.6"],
    "src/libqxcb.so": ["libQt6XcbQpa.so.6"],
    "src/libqsvg.so": ["libQt6Gui.so.6"],
    "src/libfontconfig.so.1": ["libfreetype.so.6", "libexpat.so.1"],
    # The GTK theme's stack: GTK and GDK link each other, Cairo links pixman.
    "src/libgtk-3.so.0": ["libgdk-3.so.0", "libcairo.so.2", "libpango-1.0.so.0", "libXi.so.6"],
    "src/libgdk-3.so.0": ["libgtk-3.so.0", "libcairo.so.2", "libXcursor.so.1"],
    "src/libcairo.so.2": ["libpixman-1.so.0", "libfontconfig.so.1"],
    "src/libXcursor.so.1": ["libXrender.so.1", "libX11.so.6"],
}
LIBRARIES = [
    "libz.so.1", "libffi.so.8", "libicuuc.so.73", "libglib-2.0.so.0", "libfreetype.so.6",
    "libexpat.so.1", "libxcb-cursor.so.0", "libX11.so.6", "libpango-1.0.so.0",
    "libpixman-1.so.0", "libXi.so.6", "libXrender.so.1", "libfontconfig.so.1",
    "libgtk-3.so.0", "libgdk-3.so.0", "libcairo.so.2", "libXcursor.so.1",
    "libEGL.so.1",  # loaded by name (bundle_rules.DLOPENED_LINUX): kept though unlinked
    "libmystery.so.2",  # its NEEDED cannot be read: kept
]  # fmt: skip
QT_LIBS = [
    "libQt6Gui.so.6",
    "libQt6Core.so.6",
    "libQt6XcbQpa.so.6",
    "libQt6WlShellIntegration.so.6",
]
TOC: list[Entry] = [
    ("PySide6/QtGui.abi3.so", "src/QtGui.abi3.so", "EXTENSION"),
    ("_cffi_backend.cpython-311-x86_64-linux-gnu.so", "src/_cffi_backend.so", "EXTENSION"),
    ("libpython3.11.so.1.0", "src/libpython3.11.so.1.0", "BINARY"),
    ("PySide6/libpyside6.abi3.so.6.11", "src/libpyside6.abi3.so.6.11", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "src/libqxcb.so", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", "src/libqsvg.so", "BINARY"),
    *((f"PySide6/Qt/lib/{name}", f"src/{name}", "BINARY") for name in QT_LIBS),
    *((name, f"src/{name}", "BINARY") for name in LIBRARIES),
]
# PyInstaller lists the top-folder links to Qt's libraries among the data files.
DATAS: list[Entry] = [
    *((name, f"PySide6/Qt/lib/{name}", "SYMLINK") for name in QT_LIBS),
    ("painref/_bundle/painref.db", "data/painref.db", "DATA"),
]


def _needed(source: str) -> Iterable[str]:
    if source == "src/libmystery.so.2":
        raise ValueError("not an ELF file")
    return NEEDED.get(source, [])


def test_what_only_the_gtk_theme_linked_is_left_out() -> None:
    kept, dropped = rules.linked_closure(TOC, _needed)
    assert sorted(name for name, _source, _kind in dropped) == [
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6",  # its plugins are left out
        "libXcursor.so.1",
        "libXi.so.6",
        "libXrender.so.1",
        "libcairo.so.2",
        "libgdk-3.so.0",
        "libgtk-3.so.0",
        "libpango-1.0.so.0",
        "libpixman-1.so.0",
    ]
    assert kept == [entry for entry in TOC if entry not in dropped]  # in PyInstaller's order
    assert not [name for name, _source, _kind in kept if rules.is_never_shipped(name)]
    # What a kept file links stays, also when something left out links it too (fontconfig)
    kept_names = {name for name, _source, _kind in kept}
    for name in ("libfontconfig.so.1", "libfreetype.so.6", "libxcb-cursor.so.0", "libX11.so.6"):
        assert name in kept_names
    assert {"libEGL.so.1", "libmystery.so.2", "libpython3.11.so.1.0", "libffi.so.8"} <= kept_names


def test_a_link_to_a_library_left_out_goes_with_it() -> None:
    _kept, dropped = rules.linked_closure(TOC, _needed)
    datas = rules.without_links_to(DATAS, dropped)
    assert (
        "libQt6WlShellIntegration.so.6",
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6",
        "SYMLINK",
    ) not in datas
    assert len(datas) == len(DATAS) - 1
    # A link among the binaries goes the same way.
    kept, dropped = rules.linked_closure([*TOC, *DATAS[:-1]], _needed)
    assert ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK") in kept
    assert [e for e in dropped if e[2] == "SYMLINK"] == [
        DATAS[QT_LIBS.index("libQt6WlShellIntegration.so.6")]
    ]


def test_a_library_a_kept_plugin_links_is_kept_even_if_it_is_gtk() -> None:
    """The closure follows what is linked; the never-shipped list is build.py's check."""
    needed = {**NEEDED, "src/libqsvg.so": ["libQt6Gui.so.6", "libcairo.so.2"]}
    kept, _dropped = rules.linked_closure(TOC, lambda source: needed.get(source, []))
    kept_names = {name for name, _source, _kind in kept}
    assert {"libcairo.so.2", "libpixman-1.so.0"} <= kept_names
    assert "libgtk-3.so.0" not in kept_names


def test_loaded_by_name_and_never_shipped_are_told_apart() -> None:
    assert rules.is_dlopened("libxcb-cursor.so.0") and rules.is_dlopened("libEGL.so.1")
    assert not rules.is_dlopened("libxcb.so.1") and not rules.is_dlopened("libgtk-3.so.0")
    for name in ("libgtk-3.so.0", "libgdk-3.so.0", "libcairo-gobject.so.2", "libpangoft2-1.0.so.0",
                 "libatk-bridge-2.0.so.0", "libepoxy.so.0", "libharfbuzz.so.0", "libgio-2.0.so.0",
                 "libgssapi_krb5.so.2", "libkrb5.so.3", "libgdk_pixbuf-2.0.so.0"):  # fmt: skip
        assert rules.is_never_shipped(name), name
    for name in ("libglib-2.0.so.0", "libgthread-2.0.so.0", "libfontconfig.so.1", "libgcc_s.so.1",
                 "libQt6Gui.so.6", "libgcrypt.so.20", "libX11.so.6"):  # fmt: skip
        assert not rules.is_never_shipped(name), name
    assert not [stem for stem in rules.DLOPENED_LINUX if rules.is_never_shipped(stem + ".so")]


def _qt() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


GTK_THEME = _qt() / "plugins" / "platformthemes" / "libqgtk3.so"


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not GTK_THEME.is_file(),
    reason="PySide6's Linux plugins",
)
def test_none_of_the_gtk_themes_libraries_stays_with_this_pyside6() -> None:
    """The installed PySide6's plugins and libraries, as PyInstaller lists them, with every
    system library they link as a top-folder copy: after the spec's rules, nothing kept
    links GTK, so a PySide6 whose kept plugins start to link it fails here first."""
    qt = _qt()
    toc: list[Entry] = []
    for path in sorted((qt / "plugins").rglob("*.so")):
        toc.append((f"PySide6/Qt/{path.relative_to(qt).as_posix()}", str(path), "BINARY"))
    toc += [(f"PySide6/Qt/lib/{p.name}", str(p), "BINARY") for p in (qt / "lib").glob("*.so.*")]
    for module in ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg"):
        toc.append((f"PySide6/{module}.abi3.so", str(qt.parent / f"{module}.abi3.so"), "EXTENSION"))
    own = {Path(name).name for name, _source, _kind in toc}
    system = sorted({s for _n, source, _k in toc for s in syslibs.elf_needed(Path(source))} - own)
    toc += [(soname, f"system/{soname}", "BINARY") for soname in system]
    toc = [entry for entry in toc if not rules.unwanted(entry[0], "linux")]
    gtk_theme_needs = syslibs.elf_needed(GTK_THEME)
    assert "libgtk-3.so.0" in gtk_theme_needs and "libgtk-3.so.0" in system
    assert not [e for e in toc if e[1] == str(GTK_THEME)]  # the rules leave the theme out

    def needed(source: str) -> list[str]:
        return [] if source.startswith("system/") else syslibs.elf_needed(Path(source))

    kept, dropped = rules.linked_closure(toc, needed)
    kept_names = {Path(name).name for name, _source, _kind in kept}
    assert not sorted(name for name in kept_names if rules.is_never_shipped(name))
    assert {"libgtk-3.so.0", "libgdk-3.so.0", "libcairo.so.2", "libpango-1.0.so.0"} <= {
        Path(name).name for name, _source, _kind in dropped
    }
    for name in ("libQt6XcbQpa.so.6", "libQt6PrintSupport.so.6", "libQt6Svg.so.6",
                 "libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libfontconfig.so.1"):  # fmt: skip
        assert name in kept_names, name


def _folder(root: Path, files: dict[str, list[str]], links: dict[str, str]) -> Path:
    """A one-folder app: ELF stand-ins whose NEEDED is files[name], and links."""
    app = root / "painref"
    internal = app / "_internal"
    for name in files:
        path = internal / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x7fELF stand-in")
    (app / "painref").write_bytes(b"\x7fELF bootloader")
    for name, target in links.items():
        (internal / name).symlink_to(target)
    return app


@pytest.fixture
def fake_needed(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}

    def elf_needed(path: Path) -> list[str]:
        return table.get(path.name, [])

    monkeypatch.setattr(syslibs, "elf_needed", elf_needed)
    return table


CLEAN = {
    "PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6"],
    "PySide6/Qt/lib/libQt6XcbQpa.so.6": ["libxcb-cursor.so.0"],
    "PySide6/QtCore.abi3.so": ["libQt6XcbQpa.so.6"],
    "libxcb-cursor.so.0": [],
}


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_the_build_accepts_a_folder_whose_libraries_are_all_linked(
    tmp_path: Path, fake_needed: dict[str, list[str]]
) -> None:
    fake_needed.update({Path(name).name: needs for name, needs in CLEAN.items()})
    app = _folder(tmp_path, CLEAN, {"libQt6XcbQpa.so.6": "PySide6/Qt/lib/libQt6XcbQpa.so.6"})
    assert build.carried_problems(app) == []
    build.check_carried(app)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_the_build_refuses_gtk_an_unlinked_library_and_a_dangling_link(
    tmp_path: Path, fake_needed: dict[str, list[str]]
) -> None:
    files = {
        **CLEAN,
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so": ["libgtk-3.so.0"],
        "libgtk-3.so.0": [],
        "libunused.so.1": [],
    }
    fake_needed.update({Path(name).name: needs for name, needs in files.items()})
    links = {"libQt6WlShellIntegration.so.6": "PySide6/Qt/lib/libQt6WlShellIntegration.so.6"}
    app = _folder(tmp_path, files, links)
    assert build.carried_problems(app) == [
        "libQt6WlShellIntegration.so.6 is a link to "
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6, which is not there",
        "libunused.so.1 is in the folder but nothing in it links it",
        "libgtk-3.so.0 is in the folder (linked by libcupsprintersupport.so): the GTK theme's "
        "libraries are never shipped; leave out what links it (packaging/bundle_rules.py)",
    ]
    with pytest.raises(SystemExit, match=r"libgtk-3\.so\.0 is in the folder"):
        build.check_carried(app)


def test_the_spec_keeps_only_linked_libraries_on_linux() -> None:
    spec = (ROOT / "packaging" / "painref.spec").read_text(encoding="utf-8")
    closure = spec.index("bundle_rules.linked_closure(")
    assert spec.rfind('if sys.platform.startswith("linux"):', 0, closure) > spec.index(
        "a.binaries = [b for b in a.binaries if not _unwanted(b[0])]"
    )
    assert "a.datas = bundle_rules.without_links_to(a.datas, _dropped)" in spec
    assert spec.index("without_links_to") < spec.index("pyz = PYZ(a.pure)")
