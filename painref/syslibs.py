"""The system libraries Qt needs on Linux: which Debian package has each, and how to tell
which one is missing. No Qt here: this runs when Qt itself cannot be loaded, and the
packaging script (packaging/build.py) takes the .deb's Depends from the same table."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

README_HINT = "the README lists every system library"

# Debian 12 (bookworm) package of every shared library the packaged app or PySide6's
# plugins link against and that the bundle does not carry itself. Reviewed by hand (with
# `dpkg -S` on Debian 12): the .deb's Depends is computed from this table alone, so it is
# the same whatever happens to be installed on the machine that builds it.
DEBIAN_PACKAGES: dict[str, str] = {
    # C and C++ runtime
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    # Python's own extension modules
    "libbz2.so.1.0": "libbz2-1.0",
    "libffi.so.8": "libffi8",
    "liblzma.so.5": "liblzma5",
    "libsqlite3.so.0": "libsqlite3-0",
    "libuuid.so.1": "libuuid1",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libexpat.so.1": "libexpat1",
    # Qt core, text and fonts
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libpng16.so.16": "libpng16-16",
    "libjpeg.so.62": "libjpeg62-turbo",
    "libxkbcommon.so.0": "libxkbcommon0",
    # OpenGL (Qt Gui links it even when it draws in software)
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libdrm.so.2": "libdrm2",
    # X11: the xcb platform plugin (libqxcb.so) and libQt6XcbQpa
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    # Wayland: the wayland platform plugin
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    # Printing: the CUPS print plugin (PDF export works without it)
    "libcups.so.2": "libcups2",
}

# Packages no library links against but without which the app is unreadable: with no
# font and no fontconfig configuration, every letter is drawn as an empty box.
EXTRA_DEBIAN_PACKAGES: tuple[str, ...] = ("fontconfig", "fonts-dejavu-core | fonts-liberation2")

# The oldest glibc PySide6's wheels (manylinux_2_34) run on.
LIBC_DEPENDENCY = "libc6 (>= 2.34)"

_MISSING = re.compile(r"([\w.+-]+\.so(?:\.[\w.]+)?): cannot open shared object file")


def package_for(soname: str) -> str | None:
    """The Debian 12 package that carries soname, when the table knows it."""
    return DEBIAN_PACKAGES.get(soname)


def debian_depends(sonames: Iterable[str]) -> tuple[list[str], list[str]]:
    """The Depends entries for the system libraries sonames, and the sonames the table does
    not know. The result depends on the sonames alone, never on the machine."""
    packages: set[str] = set()
    unknown: list[str] = []
    for soname in sorted(set(sonames)):
        package = package_for(soname)
        if package is None:
            unknown.append(soname)
        else:
            packages.add(package)
    packages.discard("libc6")
    return [LIBC_DEPENDENCY, *sorted(packages), *EXTRA_DEBIAN_PACKAGES], unknown


def missing_soname(error_text: str) -> str | None:
    """The library named in a loader error such as
    'libxcb-shape.so.0: cannot open shared object file: No such file or directory'."""
    match = _MISSING.search(error_text)
    return match.group(1) if match else None


def describe_missing(sonames: Iterable[str]) -> str:
    """'libX.so.0 is missing (install the package libx0; the README lists ...)'."""
    names = list(dict.fromkeys(sonames))
    packages = list(dict.fromkeys(p for p in map(package_for, names) if p))
    listed = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    verb = "are" if len(names) > 1 else "is"
    if not packages:
        return f"{listed} {verb} missing ({README_HINT})"
    install = f"the package{'s' if len(packages) > 1 else ''} {' '.join(packages)}"
    return f"{listed} {verb} missing (install {install}; {README_HINT})"


def describe_import_error(exc: ImportError) -> str:
    """Why Qt cannot be imported, in one line: the missing library and its package when the
    loader names one, else the error itself."""
    soname = missing_soname(str(exc))
    if soname is not None:
        return describe_missing([soname])
    return " ".join(str(exc).split()) or type(exc).__name__


# --- ELF: the libraries a shared object needs -----------------------------------------------

_PT_LOAD, _PT_DYNAMIC = 1, 2
_DT_NULL, _DT_NEEDED, _DT_STRTAB = 0, 1, 5


def elf_needed(path: Path) -> list[str]:
    """The DT_NEEDED entries of an ELF file (what `objdump -p` lists as NEEDED), read from
    its program headers as the dynamic loader does. Raises ValueError for anything else."""
    with path.open("rb") as elf:
        ident = elf.read(16)
        if len(ident) < 16 or ident[:4] != b"\x7fELF" or ident[4] not in (1, 2):
            raise ValueError(f"{path} is not an ELF file")
        is64 = ident[4] == 2
        order = "<" if ident[5] == 1 else ">"
        header = elf.read(48 if is64 else 36)
        if is64:
            phoff = struct.unpack_from(order + "Q", header, 16)[0]
            phentsize, phnum = struct.unpack_from(order + "HH", header, 38)
            ph_format, dyn_format = order + "IIQQQQQQ", order + "qQ"
        else:
            phoff = struct.unpack_from(order + "I", header, 12)[0]
            phentsize, phnum = struct.unpack_from(order + "HH", header, 26)
            ph_format, dyn_format = order + "IIIIIIII", order + "iI"
        loads: list[tuple[int, int, int]] = []  # (vaddr, filesz, offset)
        dynamic: tuple[int, int] | None = None  # (offset, size)
        elf.seek(phoff)
        table = elf.read(phentsize * phnum)
        for index in range(phnum):
            fields = struct.unpack_from(ph_format, table, index * phentsize)
            if is64:
                p_type, _flags, offset, vaddr, _paddr, filesz = fields[:6]
            else:
                p_type, offset, vaddr, _paddr, filesz = fields[:5]
            if p_type == _PT_LOAD:
                loads.append((vaddr, filesz, offset))
            elif p_type == _PT_DYNAMIC:
                dynamic = (offset, filesz)
        if dynamic is None:
            return []  # a static executable
        elf.seek(dynamic[0])
        raw = elf.read(dynamic[1])
        size = struct.calcsize(dyn_format)
        needed_offsets: list[int] = []
        strtab: int | None = None
        for start in range(0, len(raw) - size + 1, size):
            tag, value = struct.unpack_from(dyn_format, raw, start)
            if tag == _DT_NULL:
                break
            if tag == _DT_NEEDED:
                needed_offsets.append(value)
            elif tag == _DT_STRTAB:
                strtab = value
        if strtab is None:
            raise ValueError(f"{path} has no dynamic string table")
        base = next(
            (off + strtab - vaddr for vaddr, size, off in loads if vaddr <= strtab < vaddr + size),
            None,
        )
        if base is None:
            raise ValueError(f"{path}: its dynamic string table is outside the file")
        names = []
        for offset in needed_offsets:
            elf.seek(base + offset)
            chunk = elf.read(256)
            names.append(chunk.split(b"\0", 1)[0].decode("utf-8", "replace"))
        return names


# --- the X11 preflight ----------------------------------------------------------------------


def _load(path: str) -> object:
    import ctypes

    return ctypes.CDLL(path)


def plugin_problem(
    plugin: Path, load: Callable[[str], object] = _load, qt_lib_dirs: Iterable[Path] = ()
) -> str | None:
    """None when the shared object plugin loads; otherwise which libraries are missing.

    Loading the plugin is what Qt does a moment later anyway, so the check costs little.
    When it fails, every library the plugin needs directly is tried, so that all the missing
    ones are named at once (Qt's own message names a wrong one)."""
    try:
        load(str(plugin))
    except OSError as exc:
        first = missing_soname(str(exc))
        if first is None:
            return f"{plugin.name} cannot be loaded: {exc}"
        missing = [first]
        try:
            needed = elf_needed(plugin)
        except (OSError, ValueError):
            needed = []
        bundled = {p.name for folder in qt_lib_dirs if folder.is_dir() for p in folder.iterdir()}
        for soname in needed:
            if soname in missing or soname in bundled:
                continue
            try:
                load(soname)
            except OSError as error:  # it, or a library it needs, is missing
                name = missing_soname(str(error)) or soname
                if name not in missing:
                    missing.append(name)
        return describe_missing(missing)
    return None
