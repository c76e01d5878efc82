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
