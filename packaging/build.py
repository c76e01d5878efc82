"""Builds the one-folder app with PyInstaller, self-tests it, and packs it for Linux.

    python packaging/build.py            # dist/painref/, .tar.gz and .deb (on Linux)
    python packaging/build.py --check    # also installs the .deb into a temporary root
                                         # and runs the installed self-test there
    python packaging/build.py --floor    # also builds the bare-window floor (benchmark)

Needs the `package` extra (pip install '.[package]'), and on Linux binutils (objdump,
strip), dpkg-deb for the .deb, and Qt's system libraries and a font for the self-test of
the frozen app: it checks them first and names what is missing, one line each.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "packaging"))  # bundle_rules.py, shared with painref.spec

import bundle_rules  # noqa: E402

from painref import __version__, syslibs  # noqa: E402

SPEC = ROOT / "packaging" / "painref.spec"
DESKTOP = ROOT / "packaging" / "linux" / "painref.desktop"
ICON_SVG = ROOT / "resources" / "icons" / "painref.svg"
# Debian keeps ldconfig and friends in /usr/sbin, which is not on a normal user's PATH.
SYSTEM_TOOL_PATH = "/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin"


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kwargs)  # type: ignore[call-overload,no-any-return]


def pyinstaller(dist: Path, work: Path, bare: bool = False) -> Path:
    env = {**os.environ, "PAINREF_BUILD": "bare" if bare else "app"}
    icon_format = {"win32": "ico", "darwin": "icns"}.get(sys.platform)
    if icon_format:
        work.mkdir(parents=True, exist_ok=True)
        icon = work / f"painref.{icon_format}"
        if icon_format == "ico":
            write_ico(ICON_SVG, icon)
        else:
            render_icon_png(ICON_SVG, icon, 256)  # Qt writes .icns by the suffix
        env["PAINREF_ICON"] = str(icon)
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / ("bare" if bare else "app")),
            str(SPEC),
        ],
        env=env,
    )
    return dist / ("bare-window" if bare else "painref")


def folder_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        / 2**20
    )


def self_test(executable: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("PAINREF_DB", None)
    if not sys.platform.startswith("linux"):
        env.pop("QT_QPA_PLATFORM", None)  # the real platform: windows (or cocoa), no display
    result = subprocess.run(
        [str(executable), "--self-test"], env=env, text=True, capture_output=True, timeout=300
    )
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        raise SystemExit(f"self-test of {executable} failed")


def pack_check(executable: Path, work: Path) -> None:
    """The frozen app verifies a signed content pack and refuses an altered one, so the
    signature library it carries (PyNaCl) works, it reads a public key's PEM file, and it
    reads its built-in trusted keys. A throwaway key signs the bundled database here, with
    the Python that builds (never a release key)."""
    from painref.packs import builder, keys

    folder = work / "pack-check"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    key_file = folder / "throwaway.pem"
    keys.write_new_key(key_file)
    key = keys.load_signing_key(key_file)
    public = folder / "throwaway.pub.pem"
    public.write_bytes(keys.public_pem(key.public))
    pack = builder.build_pack(
        "published", ROOT / "data" / "painref.db", key, folder / "check.painrefpack"
    ).path
    altered = folder / "altered.painrefpack"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(altered, "w") as out:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "manifest.json":  # one letter of the signed manifest
                body = body.replace(b"PainRef content", b"PainRef c0ntent")
            out.writestr(info, body)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAINREF_")}
    env["PAINREF_USER_DIR"] = str(folder / "user")
    env["PAINREF_POLICY"] = str(folder / "no-policy.ini")
    release_ids = [k.key_id for k in keys.published_keys()]
    checks = [
        ([str(pack), "--key", str(public)], 0, "signature valid"),
        ([str(altered), "--key", str(public)], 1, "does not match its manifest"),
        ([str(pack)], 1, f"the keys built into this PainRef: {', '.join(release_ids)}"),
    ]
    for args, status, expected in checks:
        result = subprocess.run(
            [str(executable), "pack", "verify", *args],
            env=env,
            text=True,
            capture_output=True,
            timeout=300,
        )
        said = result.stdout + result.stderr
        if result.returncode != status or expected not in said or "Traceback" in said:
            print(said, file=sys.stderr)
            raise SystemExit(
                f"pack check of {executable}: `pack verify {' '.join(args)}` exited "
                f"{result.returncode} (expected {status}, saying {expected!r})"
            )
    print(
        "pack check passed: the frozen app verified a signed pack, refused an altered one, "
        "and knows the built-in release keys " + ", ".join(release_ids)
    )


def carried_problems(app: Path) -> list[str]:
    """What is wrong with the shared libraries in a Linux one-folder build, one line each:
    a library of the GTK theme's stack (never shipped: bundle_rules.NEVER_SHIPPED_LINUX),
    with what links it; a library that nothing in the folder links (the spec's closure,
    worked out again on the folder as built); a link to a file that is not there."""
    top = app / "_internal" if (app / "_internal").is_dir() else app
    entries: list[bundle_rules.Entry] = []
    linked_by: dict[str, set[str]] = {}
    problems: list[str] = []
    for path in sorted(top.rglob("*")):
        name = path.relative_to(top).as_posix()
        if path.is_symlink():
            target = path.resolve()
            if not target.exists():
                problems.append(f"{name} is a link to {os.readlink(path)}, which is not there")
            elif target.is_relative_to(top):
                entries.append((name, target.relative_to(top).as_posix(), "SYMLINK"))
        elif path.is_file() and _is_elf(path):
            entries.append((name, name, "BINARY"))
            for soname in syslibs.elf_needed(path):
                linked_by.setdefault(soname, set()).add(path.name)
    _kept, dropped = bundle_rules.linked_closure(
        entries, lambda name: syslibs.elf_needed(top / name)
    )
    problems += [
        f"{name} is in the folder but nothing in it links it"
        for name, _source, kind in dropped
        if kind == "BINARY"
    ]
    for name, _source, kind in entries:
        if kind == "BINARY" and bundle_rules.is_never_shipped(name):
            users = ", ".join(sorted(linked_by.get(Path(name).name, set()))) or "nothing"
            problems.append(
                f"{name} is in the folder (linked by {users}): the GTK theme's libraries "
                "are never shipped; leave out what links it (packaging/bundle_rules.py)"
            )
    return problems


def check_carried(app: Path) -> None:
    problems = carried_problems(app)
    if problems:
        raise SystemExit(f"{app.name}: " + "; ".join(problems))
    print(f"{app.name}: every library in the folder is linked, none of the GTK theme's")


def machine() -> str:
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def make_tarball(app: Path, dist: Path) -> Path:
    out = dist / f"painref-{__version__}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(app, arcname=f"painref-{__version__}")
    return out


def tool(name: str) -> str | None:
    """The path of a command, also where Debian keeps admin tools off a normal user's PATH."""
    return shutil.which(name) or shutil.which(name, path=SYSTEM_TOOL_PATH)


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _carried_from_builder(path: Path, app: Path) -> bool:
    """A system library PyInstaller copied from the build machine into the bundle's top
    folder: whether it is there depends on what the builder has installed, so neither it
    nor what it links against may decide the package's dependencies."""
    top = app / "_internal" if (app / "_internal").is_dir() else app
    return path.parent == top and path.name != app.name and not path.name.startswith("libpython")


def bundle_needs(app: Path) -> dict[str, set[str]]:
    """The system libraries the app's own files (Python, PySide6, Qt and its plugins) link
    against and do not carry, each with the files that need it."""
    own: list[Path] = []
    carried: set[str] = set()
    for path in sorted(app.rglob("*")):
        if path.is_symlink():
            if not _carried_from_builder(path, app):
                carried.add(path.name)
        elif path.is_file() and _is_elf(path) and not _carried_from_builder(path, app):
            own.append(path)
            carried.add(path.name)
    needs: dict[str, set[str]] = {}
    for elf in own:
        for soname in syslibs.elf_needed(elf):
            if soname not in carried:
                needs.setdefault(soname, set()).add(elf.name)
    return needs


def deb_depends(sonames: Iterable[str]) -> list[str]:
    """The .deb's Depends for the system libraries sonames: from the reviewed table in
    painref/syslibs.py alone, never from what is installed on the build machine. A library
    the table does not know stops the build: it must be looked at, not left out."""
    depends, unknown = syslibs.debian_depends(sonames)
    if unknown:
        raise SystemExit(
            "the bundle needs system libraries painref/syslibs.py does not map to a Debian "
            "package; review and add them: "
            + "; ".join(f"{soname} ({_owner_hint(soname)})" for soname in unknown)
        )
    return depends


def _owner_hint(soname: str) -> str:
    """Which package has soname on this machine: a hint for the reviewer, nothing more."""
    ldconfig, dpkg = tool("ldconfig"), tool("dpkg")
    if ldconfig is None or dpkg is None:
        return "not looked up: ldconfig or dpkg not found"
    cache = subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout
    for line in cache.splitlines():
        name, _, rest = line.strip().partition(" ")
        if name == soname and " => " in rest:
            path = os.path.realpath(rest.split(" => ")[-1].strip())
            owner = subprocess.run([dpkg, "-S", path], capture_output=True, text=True)
            if owner.returncode == 0:
                return f"here it comes from {owner.stdout.split(':')[0].strip()}"
    return "not installed here"


def make_deb(app: Path, dist: Path) -> Path:
    """The .deb: the app in /opt/painref, a /usr/bin link, the menu entry and icons.

    Its Depends is worked out before anything is staged, and the staging folder and a
    partial .deb are removed whatever goes wrong."""
    depends = deb_depends(bundle_needs(app))
    print(f"Depends: {', '.join(depends)}")
    dpkg_deb = tool("dpkg-deb")
    if dpkg_deb is None:
        raise SystemExit("dpkg-deb not found (Debian package dpkg): no .deb built")
    stage = dist / "deb-root"
    out = dist / f"painref_{__version__}_{machine()}.deb"
    partial = out.with_name(out.name + ".part")
    shutil.rmtree(stage, ignore_errors=True)
    try:
        _stage_deb(app, stage, depends)
        run([dpkg_deb, "--root-owner-group", "--build", str(stage), str(partial)])
        partial.replace(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        partial.unlink(missing_ok=True)
    return out


def _stage_deb(app: Path, stage: Path, depends: list[str]) -> None:
    shutil.copytree(app, stage / "opt" / "painref", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "painref").symlink_to("/opt/painref/painref")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(DESKTOP, apps / "painref.desktop")
    icons = stage / "usr" / "share" / "icons" / "hicolor"
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy(ICON_SVG, icons / "scalable" / "apps" / "painref.svg")
    for size in (48, 256):
        target = icons / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        render_icon_png(ICON_SVG, target / "painref.png", size)
    installed_kb = int(
        sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) / 1024
    )
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(control_text(depends, installed_kb), encoding="utf-8")
    for path in stage.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)


def control_text(depends: list[str], installed_kb: int) -> str:
    return (
        "Package: painref\n"
        f"Version: {__version__}\n"
        "Section: science\n"
        "Priority: optional\n"
        f"Architecture: {machine()}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Installed-Size: {installed_kb}\n"
        "Maintainer: PainRef developers <painref@invalid>\n"
        "Description: offline reference for interventional pain management\n"
        " Procedures, therapies and conditions with sourced facts at a glance,\n"
        " full-text search and side-by-side comparison. Educational reference;\n"
        " not a substitute for clinical judgment. Opens no network connections.\n"
    )


def render_icon_png(svg: Path, png: Path, size: int) -> None:
    if sys.platform.startswith("linux"):
        # No display server needed. (On Windows the offscreen platform finds no fonts, and
        # this setting would reach the frozen self-test: the native platform needs none.)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    image.save(str(png))
    del _app


# The sizes Windows shows an application icon at (lists, taskbar, Start menu, tiles, at
# 100-200 % scaling); each is drawn from the SVG, not scaled from the largest.
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)


def write_ico(svg: Path, ico: Path, sizes: Iterable[int] = ICO_SIZES) -> None:
    """A Windows .ico with one PNG image per size (the format Windows Vista and later
    read): Qt's own ICO writer stores a single image, which Windows then scales."""
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            png = Path(tmp) / f"{size}.png"
            render_icon_png(svg, png, size)
            images.append((size, png.read_bytes()))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, data = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    ico.write_bytes(header + entries + data)


def check_deb(deb: Path, dist: Path) -> None:
    """Install the .deb into an empty root with dpkg and self-test the installed app there,
    from a read-only install folder, checking that it writes nothing into it."""
    root = dist / "deb-check-root"
    shutil.rmtree(root, ignore_errors=True)
    (root / "var" / "lib" / "dpkg" / "updates").mkdir(parents=True)
    (root / "var" / "lib" / "dpkg" / "info").mkdir()
    (root / "var" / "lib" / "dpkg" / "status").touch()
    dpkg_deb, dpkg = tool("dpkg-deb") or "dpkg-deb", tool("dpkg") or "dpkg"
    run([dpkg_deb, "--info", str(deb)], stdout=subprocess.DEVNULL)
    listing = run([dpkg_deb, "--contents", str(deb)], capture_output=True).stdout
    for expected in (
        "./opt/painref/painref",
        "./usr/bin/painref -> /opt/painref/painref",
        "./usr/share/applications/painref.desktop",
        "./usr/share/icons/hicolor/scalable/apps/painref.svg",
    ):
        if expected not in listing:
            raise SystemExit(f"{deb.name} lacks {expected}")
    depends = run([dpkg_deb, "--field", str(deb), "Depends"], capture_output=True).stdout
    for expected in ("libxcb-shape0", "libxcb-cursor0", "libcups2", "fontconfig"):
        if expected not in depends:
            raise SystemExit(f"{deb.name} does not depend on {expected}: {depends.strip()}")
    # dpkg looks for ldconfig and start-stop-daemon on PATH, even for --root as a user.
    env = {**os.environ, "PATH": f"{os.environ.get('PATH', '')}:{SYSTEM_TOOL_PATH}"}
    run([dpkg, f"--root={root}", "--force-depends", "--force-not-root", "-i", str(deb)], env=env)
    installed = root / "opt" / "painref"
    before = sorted((str(p), p.stat().st_mtime_ns) for p in installed.rglob("*"))
    for path in [installed, *installed.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        self_test(installed / "painref")
    finally:
        for path in [installed, *installed.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
    after = sorted((str(p), p.stat().st_mtime_ns) for p in installed.rglob("*"))
    if before != after:
        raise SystemExit("the installed app changed files in its install folder")
    print(
        f"installed {deb.name} into {root} and its self-test passed; "
        "the install folder is unchanged"
    )
    shutil.rmtree(root)


# Run by a fresh Python: can Qt load and find a font? (The frozen self-test needs both.)
QT_PROBE = """
import sys
from painref import syslibs
try:
    from PySide6.QtGui import QFontDatabase, QFontInfo
    from PySide6.QtWidgets import QApplication
except ImportError as exc:
    print("Qt cannot be loaded: " + syslibs.describe_import_error(exc))
    raise SystemExit(0)
app = QApplication([])
generic = {"Monospace", "Sans Serif", "Serif"}
if not set(QFontDatabase.families()) - generic or not QFontInfo(app.font()).family():
    print("no font is installed: install fontconfig and fonts-dejavu-core")
"""


def prerequisites(packages: bool, check: bool) -> tuple[list[str], list[str]]:
    """What the build machine lacks, one line each: (problems that stop the build, notes)."""
    problems: list[str] = []
    notes: list[str] = []
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        problems.append("PyInstaller is not installed in this Python: pip install '.[package]'")
    if sys.platform.startswith("linux"):
        lacking = [name for name in ("objdump", "strip") if tool(name) is None]
        if lacking:
            problems.append(
                f"{' and '.join(lacking)} not found: install the Debian package binutils "
                "(PyInstaller runs them)"
            )
        if packages and tool("dpkg-deb") is None:
            line = "dpkg-deb not found (Debian package dpkg)"
            if check:
                problems.append(f"{line}: --check needs the .deb")
            else:
                notes.append(f"{line}: building the one-folder app and the tarball, no .deb")
    env = dict(os.environ)
    if sys.platform.startswith("linux"):
        # No display server is needed on Linux; Windows' and macOS's own platform plugins
        # need none either, and there the offscreen one finds no fonts.
        env["QT_QPA_PLATFORM"] = "offscreen"
    probe = subprocess.run(
        [sys.executable, "-c", QT_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        problems.append(f"Qt does not start here (the frozen self-test needs it): {last}")
    problems.extend(
        f"{line} (the frozen self-test needs it)" for line in probe.stdout.splitlines() if line
    )
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--floor", action="store_true", help="also build the bare window")
    parser.add_argument(
        "--check",
        action="store_true",
        help="install the .deb into a temporary root and self-test it",
    )
    parser.add_argument(
        "--no-packages", action="store_true", help="only the one-folder app (no .tar.gz or .deb)"
    )
    args = parser.parse_args(argv)
    packages = sys.platform.startswith("linux") and not args.no_packages
    problems, notes = prerequisites(packages, args.check)
    for line in [*problems, *notes]:
        print(f"{'missing' if line in problems else 'note'}: {line}", file=sys.stderr)
    if problems:
        print(f"build.py: {len(problems)} prerequisite(s) missing; nothing built", file=sys.stderr)
        return 1
    app = pyinstaller(args.dist, args.work)
    print(f"one-folder app: {app} ({folder_mb(app):.1f} MiB)")
    if sys.platform.startswith("linux"):
        check_carried(app)
    executable = app / ("painref-cli.exe" if sys.platform == "win32" else "painref")
    self_test(executable)
    pack_check(executable, args.work)
    if args.floor:
        floor = pyinstaller(args.dist, args.work, bare=True)
        print(f"bare-window floor: {floor} ({folder_mb(floor):.1f} MiB)")
        if sys.platform.startswith("linux"):
            check_carried(floor)
    if packages:
        print(f"tarball: {make_tarball(app, args.dist)}")
        if tool("dpkg-deb"):
            deb = make_deb(app, args.dist)
            print(f"deb: {deb}")
            if args.check:
                check_deb(deb, args.dist)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
