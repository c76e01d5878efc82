"""Builds the one-folder app with PyInstaller, self-tests it, and packs it for Linux.

    python packaging/build.py            # dist/painref/, .tar.gz and .deb (on Linux)
    python packaging/build.py --check    # also installs the .deb into a temporary root
                                         # and runs the installed self-test there
    python packaging/build.py --floor    # also builds the bare-window floor (benchmark)

Needs the `package` extra (pip install '.[package]'); the .deb needs dpkg-deb.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from painref import __version__  # noqa: E402

SPEC = ROOT / "packaging" / "painref.spec"
DESKTOP = ROOT / "packaging" / "linux" / "painref.desktop"
ICON_SVG = ROOT / "resources" / "icons" / "painref.svg"


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kwargs)  # type: ignore[call-overload,no-any-return]


def pyinstaller(dist: Path, work: Path, bare: bool = False) -> Path:
    env = {**os.environ, "PAINREF_BUILD": "bare" if bare else "app"}
    icon_format = {"win32": "ico", "darwin": "icns"}.get(sys.platform)
    if icon_format:
        work.mkdir(parents=True, exist_ok=True)
        icon = work / f"painref.{icon_format}"
        render_icon_png(ICON_SVG, icon, 256)  # Qt writes .ico and .icns by the suffix
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
    result = subprocess.run(
        [str(executable), "--self-test"], env=env, text=True, capture_output=True, timeout=300
    )
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        raise SystemExit(f"self-test of {executable} failed")


def machine() -> str:
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def make_tarball(app: Path, dist: Path) -> Path:
    out = dist / f"painref-{__version__}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(app, arcname=f"painref-{__version__}")
    return out


def _elf_files(folder: Path) -> list[Path]:
    out = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    out.append(path)
    return out


def deb_depends(app: Path) -> list[str]:
    """Debian packages for the shared libraries the bundle needs but does not carry."""
    bundled = {p.name for p in app.rglob("*.so*")}
    needed: set[str] = set()
    for elf in _elf_files(app):
        dump = subprocess.run(["objdump", "-p", str(elf)], capture_output=True, text=True)
        for line in dump.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "NEEDED" and parts[1] not in bundled:
                needed.add(parts[1])
    # `ldconfig -p` lines read "\tlibcups.so.2 (libc6,x86-64) => /lib/.../libcups.so.2".
    arch = "x86-64" if platform.machine() == "x86_64" else "AArch64"
    where: dict[str, str] = {}
    for line in subprocess.run(
        ["ldconfig", "-p"], capture_output=True, text=True
    ).stdout.splitlines():
        name, _, rest = line.strip().partition(" ")
        if " => " in rest and arch in rest:
            where.setdefault(name, rest.split(" => ")[-1].strip())
    packages: set[str] = set()
    for library in sorted(needed):
        path = where.get(library)
        if path is None:
            continue
        owner = subprocess.run(
            ["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True
        )
        if owner.returncode != 0:
            owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if owner.returncode == 0:
            packages.add(owner.stdout.split(":")[0].strip())
    packages.discard("libc6")
    return ["libc6 (>= 2.34)", *sorted(packages)]


def make_deb(app: Path, dist: Path) -> Path:
    stage = dist / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
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
    control.write_text(
        "Package: painref\n"
        f"Version: {__version__}\n"
        "Section: science\n"
        "Priority: optional\n"
        f"Architecture: {machine()}\n"
        f"Depends: {', '.join(deb_depends(app))}\n"
        f"Installed-Size: {installed_kb}\n"
        "Maintainer: PainRef developers <painref@invalid>\n"
        "Description: offline reference for interventional pain management\n"
        " Procedures, therapies and conditions with sourced facts at a glance,\n"
        " full-text search and side-by-side comparison. Educational reference;\n"
        " not a substitute for clinical judgment. Opens no network connections.\n",
        encoding="utf-8",
    )
    for path in stage.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    out = dist / f"painref_{__version__}_{machine()}.deb"
    run(["dpkg-deb", "--root-owner-group", "--build", str(stage), str(out)])
    shutil.rmtree(stage)
    return out


def render_icon_png(svg: Path, png: Path, size: int) -> None:
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


def check_deb(deb: Path, dist: Path) -> None:
    """Install the .deb into an empty root with dpkg and self-test the installed app there,
    from a read-only install folder, checking that it writes nothing into it."""
    root = dist / "deb-check-root"
    shutil.rmtree(root, ignore_errors=True)
    (root / "var" / "lib" / "dpkg" / "updates").mkdir(parents=True)
    (root / "var" / "lib" / "dpkg" / "info").mkdir()
    (root / "var" / "lib" / "dpkg" / "status").touch()
    run(["dpkg-deb", "--info", str(deb)], stdout=subprocess.DEVNULL)
    listing = run(["dpkg-deb", "--contents", str(deb)], capture_output=True).stdout
    for expected in (
        "./opt/painref/painref",
        "./usr/bin/painref -> /opt/painref/painref",
        "./usr/share/applications/painref.desktop",
        "./usr/share/icons/hicolor/scalable/apps/painref.svg",
    ):
        if expected not in listing:
            raise SystemExit(f"{deb.name} lacks {expected}")
    run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "-i", str(deb)])
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
    app = pyinstaller(args.dist, args.work)
    print(f"one-folder app: {app} ({folder_mb(app):.0f} MiB)")
    self_test(app / ("painref-cli.exe" if sys.platform == "win32" else "painref"))
    if args.floor:
        floor = pyinstaller(args.dist, args.work, bare=True)
        print(f"bare-window floor: {floor} ({folder_mb(floor):.0f} MiB)")
    if sys.platform.startswith("linux") and not args.no_packages:
        print(f"tarball: {make_tarball(app, args.dist)}")
        if shutil.which("dpkg-deb"):
            deb = make_deb(app, args.dist)
            print(f"deb: {deb}")
            if args.check:
                check_deb(deb, args.dist)
        else:
            print("dpkg-deb not found: no .deb built")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
