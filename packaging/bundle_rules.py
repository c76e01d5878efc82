"""What the one-folder app leaves out, per platform, and the Windows version resources.

painref.spec imports this (PyInstaller runs the spec with the build's Python, so this is
standard library only); tests/test_packaging_windows.py checks it on Linux with the file
names PyInstaller gives on each platform.

PyInstaller names a collected file by its path inside the bundle: on Linux
`PySide6/Qt/plugins/imageformats/libqgif.so`, on Windows
`PySide6\\plugins\\imageformats\\qgif.dll`. The rules below match either spelling after
`_normalise`: forward slashes, lower case, and a leading slash so "/name" anchors a folder
or file name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

# Qt parts PainRef never loads, the same on every platform (a module's library is
# libQt6Network.so.6 on Linux, Qt6Network.dll on Windows, QtNetwork.framework on macOS).
COMMON = (
    "qt6network", "qt6qml", "qt6quick", "qt6pdf", "qt6virtualkeyboard", "qt6opengl.",
    "qt6openglwidgets", "qt6designer", "qt6labs", "qt6lottie",
    "/qml/",
    "/plugins/tls/", "/plugins/networkinformation/", "/plugins/generic/",
    "/plugins/platforminputcontexts/", "/plugins/qmltooling/", "/plugins/qmllint/",
    "/plugins/sqldrivers/", "/plugins/designer/", "/plugins/vectorimageformats/",
    # Python's IANA time-zone data (Windows has no system copy, so PyInstaller's zoneinfo
    # hook adds the tzdata package there): PainRef stores and shows no time zones.
    "/tzdata/",
)  # fmt: skip

# Image formats: PainRef draws SVG only (icons, diagrams); Qt reads PNG, BMP, PPM and XPM
# by itself. Each platform spells the plugin file differently.
IMAGE_FORMATS_DROPPED = ("gif", "icns", "ico", "jpeg", "pdf", "tga", "tiff", "wbmp", "webp")

LINUX = (
    "qt6eglfskmssupport",  # used only by the EGLFS device plugins left out below
    "qt6eglfs",
    "/plugins/egldeviceintegrations/", "/plugins/wayland-", "/plugins/xcbglintegrations/",
    "/plugins/platformthemes/",  # the GTK theme alone brings GTK, Cairo and Pango
    "/platforms/libqeglfs", "/platforms/libqlinuxfb", "/platforms/libqminimalegl",
    "/platforms/libqvkkhrdisplay", "/platforms/libqvnc",
    *(f"/imageformats/libq{fmt}." for fmt in IMAGE_FORMATS_DROPPED),
    # CUPS and the TLS stack it links: printing uses the system's libcups (the .deb
    # depends on it); without it PainRef still exports PDF, it only lists no printers.
    "/libcups.so", "/libgnutls", "/libunistring", "/libp11-kit", "/libgmp", "/libnettle",
    "/libhogweed", "/libidn2", "/libtasn1", "/libavahi",
)  # fmt: skip

WINDOWS = (
    # Mesa's software OpenGL (19.7 MiB), Qt's fallback for Qt Quick and QOpenGLWidget
    # where the GPU driver has no OpenGL; PainRef's widgets paint with the raster engine.
    "/opengl32sw.dll",
    # Direct2D is an alternative to the qwindows platform that nothing selects.
    "/platforms/qdirect2d.dll",
    *(f"/imageformats/q{fmt}.dll" for fmt in IMAGE_FORMATS_DROPPED),
)  # fmt: skip

MACOS = (*(f"/imageformats/libq{fmt}.dylib" for fmt in IMAGE_FORMATS_DROPPED),)

RULES = {"linux": COMMON + LINUX, "win32": COMMON + WINDOWS, "darwin": COMMON + MACOS}


def platform_key(platform: str) -> str:
    """sys.platform reduced to a key of RULES (linux2, freebsd... count as linux)."""
    if platform.startswith("win"):
        return "win32"
    if platform == "darwin":
        return "darwin"
    return "linux"


def _normalise(name: str) -> str:
    return "/" + name.replace("\\", "/").lower()


def unwanted(name: str, platform: str) -> bool:
    """Whether the bundle leaves out the file PyInstaller would put at `name`."""
    path = _normalise(name)
    if "/translations/" in path or path.endswith(".qm"):
        return True  # the app is in English; Qt's own translations are not used
    return any(part in path for part in RULES[platform_key(platform)])


# --- Linux: a shared library is kept only while something kept links it -----------------
#
# PyInstaller collects what every collected file links against, before the rules above
# leave plugins out: the GTK platform theme alone brought 21 MiB of GTK, GDK, Cairo, Pango,
# ATK, epoxy, harfbuzz, pixman and gio, and libcups its Kerberos, which then stayed in the
# folder linked by nothing (and only on a builder that had them installed). So on Linux the
# spec keeps a shared library only when it is reached by DT_NEEDED from what is loaded
# without being linked: the Python extension modules, libpython (the bootloader loads it),
# Qt's plugins (Qt loads them), and the libraries below.

# Libraries a Qt may load by name (dlopen) instead of linking: kept whenever PyInstaller
# collected them, linked or not. Qt 6.11's xcb platform links all of these, so the closure
# reaches them anyway; this keeps them if a later Qt loads one by name instead. Not here:
# libXcursor and libXi, which Qt 5's xcb loaded by name: Qt 6.11's links libxcb-cursor and
# has XInput built in (libQt6XcbQpa names neither, and loads no library by name), so they
# came only with GTK, and keeping them would make the folder depend on whether the
# builder has GTK installed. File-name stems, lower case, before ".so".
DLOPENED_LINUX = (
    "libxcb-cursor", "libxkbcommon-x11", "libxkbcommon", "libegl", "libgl", "libglx",
    "libopengl", "libfontconfig", "libfreetype",
)  # fmt: skip

# Never shipped on Linux: the stack only the GTK theme (left out above) links, and the
# Kerberos that only libcups (left out above: the system's is used) links. The closure
# leaves them out; build.py fails a build whose folder still carries one, naming what links
# it, so a PySide6 whose kept plugins start linking GTK is noticed, not shipped (21 MiB).
NEVER_SHIPPED_LINUX = (
    "libgtk-", "libgdk-", "libgdk_pixbuf", "libcairo", "libpango", "libatk", "libatspi",
    "libepoxy", "libpixman", "libharfbuzz", "libgio-", "libgssapi", "libkrb5", "libk5crypto",
)  # fmt: skip

Entry = tuple[str, str, str]  # a PyInstaller TOC entry: (name in the bundle, source, kind)


def _basename(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _stem(name: str) -> str:
    """libXcursor.so.1 -> libxcursor; libgtk-3.so.0 -> libgtk-3."""
    return _basename(name).lower().split(".so", 1)[0]


def is_dlopened(name: str) -> bool:
    """Whether a Linux library is one loaded by name: kept even when nothing links it."""
    return _stem(name) in DLOPENED_LINUX


def is_never_shipped(name: str) -> bool:
    """Whether a Linux library is one of the GTK theme's or libcups's that is never shipped."""
    return _stem(name).startswith(NEVER_SHIPPED_LINUX)


def _is_root(entry: Entry) -> bool:
    """Whether a collected file is loaded without being linked (so it is kept, and the
    closure starts from it): anything but a shared library, libpython, a Qt plugin, or a
    library loaded by name. A Python extension module (kind EXTENSION, e.g. _cffi_backend)
    is imported, not linked."""
    name, _source, kind = entry
    base = _basename(name)
    return (
        kind != "BINARY"
        or not (base.startswith("lib") and ".so" in base)
        or base.startswith("libpython")
        or "/plugins/" in "/" + name.replace("\\", "/")
        or is_dlopened(base)
    )


def linked_closure(
    binaries: Iterable[Entry], needed: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[Entry]]:
    """(kept, dropped): the binaries without the shared libraries that no kept file links.

    needed(source) gives a file's DT_NEEDED names and may raise OSError or ValueError; a
    library whose names cannot be read is kept. A NEEDED name is matched by file name, as
    the loader finds it through the bundle's rpath or top-folder links, so a library is
    reached wherever PyInstaller put it. A top-folder link (kind SYMLINK) to a library that
    is left out goes with it (see without_links_to for the links among the data files).
    Libraries that link only each other (GTK and GDK) go too."""
    entries = list(binaries)
    by_file_name: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry[2] == "BINARY":
            by_file_name.setdefault(_basename(entry[0]), []).append(entry)
    read: dict[Entry, list[str] | None] = {}

    def names(entry: Entry) -> list[str] | None:
        if entry not in read:
            try:
                read[entry] = list(needed(entry[1]))
            except (OSError, ValueError):
                read[entry] = None
        return read[entry]

    todo = [e for e in entries if e[2] != "SYMLINK" and (_is_root(e) or names(e) is None)]
    reached: set[Entry] = set()
    while todo:
        entry = todo.pop()
        if entry not in reached:
            reached.add(entry)
            for soname in names(entry) or ():
                todo.extend(by_file_name.get(soname, ()))
    dropped = [e for e in entries if e[2] == "BINARY" and e not in reached]
    kept = without_links_to([e for e in entries if e not in dropped], dropped)
    return kept, [e for e in entries if e not in kept]


def without_links_to(entries: Iterable[Entry], dropped: Iterable[Entry]) -> list[Entry]:
    """entries without the links (kind SYMLINK) to a file in dropped. PyInstaller lists the
    top-folder links to Qt's libraries (libQt6Core.so.6 -> PySide6/Qt/lib/...) among the
    data files: one left behind would point at nothing."""
    gone = {e[0] for e in dropped}
    return [e for e in entries if not (e[2] == "SYMLINK" and e[1] in gone)]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows file version: "0.1.0" gives (0, 1, 0, 0); a
    pre-release or local suffix such as "rc1" or "+abc" is dropped, missing numbers are 0."""
    match = re.match(r"^\s*(\d+(?:\.\d+){0,3})", version)
    if not match:
        raise ValueError(f"version {version!r} does not start with a number")
    numbers = [int(n) for n in match.group(1).split(".")]
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"version {version!r}: a Windows version number is at most 65535")
    return tuple([*numbers, 0, 0, 0][:4])  # type: ignore[return-value]


# The two Windows programs: (name without .exe, FileDescription).
WINDOWS_PROGRAMS = {
    "painref": "PainRef - offline reference for interventional pain management",
    "painref-cli": "PainRef command line (search, show, compare, export, --self-test)",
}


def version_info_text(template: str, version: str, program: str) -> str:
    """version_info.txt for one program: the template's {placeholders} filled in."""
    numbers = version_tuple(version)
    return template.format(
        version_tuple=repr(numbers),
        version=version,
        description=WINDOWS_PROGRAMS[program],
        internal_name=program,
        original_filename=f"{program}.exe",
    )


def write_version_infos(template_file: Path, version: str, folder: Path) -> dict[str, Path]:
    """The version resource file of each Windows program, written into folder."""
    template = template_file.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for program in WINDOWS_PROGRAMS:
        path = folder / f"version_info-{program}.txt"
        path.write_text(version_info_text(template, version, program), encoding="utf-8")
        written[program] = path
    return written
