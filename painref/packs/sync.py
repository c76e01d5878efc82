"""Installing the newest packs from a folder IT points PainRef at (usually a read-only
network share): for each kind, the newest pack that verifies and is newer than what is
installed. No Qt: the window calls sync_from_policy() after it is shown (in a worker
thread if it likes) and shows SyncResult.summary()."""

from __future__ import annotations

import contextlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from painref import paths, policy
from painref.packs import PackError, PackRefused
from painref.packs.keys import Trust
from painref.packs.manifest import (
    LOCAL,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    PUBLISHED,
    SUFFIX,
    ManifestError,
    newer,
    peek,
)
from painref.packs.store import INSTALLED, Outcome, PackStore, Slot

MAX_FILES = 200
"""Pack files looked at in one folder (newest names first); a share holds a few."""

# What happened to each file.
INSTALLED_FILE = "installed"
NOT_NEWER = "not newer"
HELD = "held back"
REFUSED = "refused"
SKIPPED = "skipped"


@dataclass(frozen=True)
class FileResult:
    """One pack file in the folder and what happened to it."""

    file: str
    outcome: str
    message: str


@dataclass(frozen=True)
class SyncResult:
    """What a folder sync did: the packs installed, each file's outcome, the problems."""

    folder: Path | None
    installed: tuple[Outcome, ...] = ()
    files: tuple[FileResult, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def changed(self) -> tuple[str, ...]:
        """The kinds whose pack in force changed (the app reloads those)."""
        return tuple(outcome.kind for outcome in self.installed)

    def summary(self) -> str:
        """One short line for a status bar ("" when no pack folder is set)."""
        if self.folder is None:
            return ""
        parts = [outcome.message.split(";")[0].capitalize() for outcome in self.installed]
        if self.problems:
            count = len(self.problems)
            parts.append(
                f"{count} content pack problem{'s' if count != 1 else ''}: {self.problems[0]}"
            )
        if not parts:
            return f"No new content packs in {self.folder}"
        return "; ".join(parts)


@dataclass(frozen=True)
class _Candidate:
    path: Path
    kind: str
    id: str
    version: str


def sync_from_policy(store: PackStore | None = None, trust: Trust | None = None) -> SyncResult:
    """Install from the policy's pack_folder; an empty result when it sets none."""
    folder = policy.current().pack_folder
    if folder is None:
        return SyncResult(None)
    return install_from_folder(folder, store, trust)


def install_from_folder(
    folder: Path, store: PackStore | None = None, trust: Trust | None = None
) -> SyncResult:
    """For each kind (and, for local layers, the one id the folder holds), install the
    newest pack in folder that verifies and is newer than what is installed. Never raises
    for a bad file or an unreachable folder: each is a problem in the result."""
    store = store if store is not None else PackStore.default()
    try:
        trust = trust if trust is not None else Trust.current()
    except PackError as exc:  # the built-in key list cannot be read
        return SyncResult(folder, problems=(str(exc),))
    try:
        found = sorted(
            (p for p in folder.iterdir() if p.name.endswith(SUFFIX)), key=lambda p: p.name
        )
    except OSError as exc:
        return SyncResult(
            folder, problems=(f"the pack folder {folder} cannot be read: {exc.strerror or exc}",)
        )
    found = found[-MAX_FILES:]
    try:
        state = store.state()
    except PackError as exc:
        return SyncResult(folder, problems=(str(exc),))
    files: list[FileResult] = []
    problems: list[str] = []
    installed: list[Outcome] = []
    candidates: list[_Candidate] = []
    for path in found:
        try:
            candidates.append(_peek(path))
        except PackRefused as exc:
            # Not readable as a pack: refused and logged, never installed (a file on a
            # flaky share that reads the next time would skip the checks below).
            problems.append(str(exc))
            files.append(FileResult(path.name, REFUSED, str(exc)))
            with contextlib.suppress(PackError):  # an unwritable log: the result still says it
                store.record_refusal(path, exc.reason)
    local_ids = sorted({c.id for c in candidates if c.kind == LOCAL})
    if len(local_ids) > 1:
        problems.append(
            f"the pack folder {folder} holds local layers with different ids "
            f"({', '.join(local_ids)}); PainRef uses one local layer: keep one id there"
        )
        for c in candidates:
            if c.kind == LOCAL:
                files.append(FileResult(c.path.name, SKIPPED, problems[-1]))
        candidates = [c for c in candidates if c.kind != LOCAL]
    for kind in (PUBLISHED, LOCAL):
        group = sorted(
            (c for c in candidates if c.kind == kind),
            key=lambda c: paths.version_key(c.version),
            reverse=True,
        )
        slot = state.slot(kind)
        done = False
        for candidate in group:
            if done:
                files.append(
                    FileResult(candidate.path.name, NOT_NEWER, "a newer one was installed")
                )
                continue
            why_not = _not_wanted(candidate, slot)
            if why_not is not None:
                files.append(FileResult(candidate.path.name, *why_not))
                continue
            try:
                outcome = store.install(candidate.path, trust, by_hand=False)
            except PackRefused as exc:
                problems.append(str(exc))
                files.append(FileResult(candidate.path.name, REFUSED, str(exc)))
                continue
            except PackError as exc:
                problems.append(str(exc))
                files.append(FileResult(candidate.path.name, REFUSED, str(exc)))
                break
            files.append(FileResult(candidate.path.name, INSTALLED_FILE, outcome.message))
            if outcome.action == INSTALLED:
                installed.append(outcome)
            done = True
    return SyncResult(folder, tuple(installed), tuple(files), tuple(problems))


def _not_wanted(candidate: _Candidate, slot: Slot) -> tuple[str, str] | None:
    """(outcome, reason) when a pack is not installed from the folder; None when it is newer
    than what is in force."""
    current = slot.current
    if candidate.kind == PUBLISHED:
        in_force = current.version if current else paths.shipped_content_version()
    else:
        in_force = current.version if current and current.id == candidate.id else None
    if in_force is not None and not newer(candidate.version, in_force):
        return NOT_NEWER, f"not newer than {in_force}, in force"
    held = slot.held
    if held is not None and held.id == candidate.id and not newer(candidate.version, held.version):
        return HELD, (
            f"version {held.version} was rolled back, so folder sync skips it (and older ones); "
            "`painref pack install FILE` installs it by hand"
        )
    return None


def _peek(path: Path) -> _Candidate:
    """Kind, id and version from a pack's manifest, unverified (only to choose the newest;
    the install verifies everything)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST_BYTES:
                raise PackRefused(path.name, "its manifest is too large")
            with archive.open(info) as file:
                raw = peek(file.read(MAX_MANIFEST_BYTES + 1))
    except PackRefused:
        raise
    except ManifestError as exc:
        raise PackRefused(path.name, str(exc)) from None
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError) as exc:
        raise PackRefused(path.name, f"it is not a readable PainRef pack ({exc})") from None
    kind, ident, version = raw.get("kind"), raw.get("id"), raw.get("version")
    if kind not in (PUBLISHED, LOCAL) or not isinstance(ident, str) or not isinstance(version, str):
        raise PackRefused(path.name, "its manifest has no kind, id or version")
    if not paths.version_key(version):
        raise PackRefused(path.name, f"its version {version[:40]!r} is not dotted numbers")
    return _Candidate(path, kind, ident, version)
