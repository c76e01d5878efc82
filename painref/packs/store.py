"""The pack store: the installed packs, which one of each kind is in force, and an audit log.

Layout (in paths.packs_dir(): the policy's packs_dir, else packs/ in the user data)::

    state.json                        current and previous pack of each kind
    packs.log                         append-only audit log, one JSON object a line
    published/2026.11.5/painref.db    with the manifest.json and manifest.sig it came with
    local/st-elsewhere/2026.12.1/local.db

Install: the pack is copied into a staging folder inside the store, verified (manifest,
signature, payload size and SHA-256 as it is unpacked and again from the unpacked file, the
database opens and matches its manifest), renamed into place, and only then does
state.json change (written beside, then renamed). A crash at any point leaves the old state
in force; what an interrupted install left behind is removed by the next one. A refused
pack changes nothing but the audit log, which records the refusal.

Each kind keeps exactly one previous version: rollback swaps current and previous (with no
previous, published content goes back to the copy PainRef ships and a local layer to
none). A rolled-back version is held back from folder sync until a newer one comes, or a
person installs it by hand.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import platform
import secrets
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from painref import fsutil, paths
from painref.packs import PackError, PackRefused, reader
from painref.packs.keys import Trust
from painref.packs.manifest import (
    KINDS,
    MANIFEST,
    PUBLISHED,
    SIGNATURE,
    Manifest,
    newer,
)

STATE_FORMAT = 1
LOG_NAME = "packs.log"
LOCK_NAME = ".lock"
STAGING_PREFIX = ".incoming-"
MAX_LOG_BYTES = 16 << 20
"""The audit log read back by `painref pack log` (its newest 16 MiB)."""

INSTALLED = "installed"
UNCHANGED = "unchanged"
ROLLED_BACK = "rolled back"


@dataclass(frozen=True)
class Installed:
    """One installed pack, as recorded when it was verified and installed."""

    kind: str
    id: str
    name: str
    version: str
    path: str
    """The payload, relative to the store, with forward slashes."""
    file: str
    """The pack file it came from, as given."""
    pack_sha256: str
    key_id: str
    installed_at: str
    installed_by: str
    host: str
    schema_version: int
    content_version: str
    created: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "path": self.path,
            "file": self.file,
            "pack_sha256": self.pack_sha256,
            "key_id": self.key_id,
            "installed_at": self.installed_at,
            "installed_by": self.installed_by,
            "host": self.host,
            "schema_version": self.schema_version,
            "content_version": self.content_version,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: object) -> Installed | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ValueError("an installed pack is not a JSON object")
        try:
            entry = cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except KeyError as exc:
            raise ValueError(f"an installed pack lacks {exc.args[0]}") from None
        if not isinstance(entry.schema_version, int) or not all(
            isinstance(getattr(entry, name), str)
            for name in cls.__dataclass_fields__
            if name != "schema_version"
        ):
            raise ValueError("an installed pack has a value of the wrong type")
        return entry

    def describe(self) -> str:
        if self.kind == PUBLISHED:
            return f"published content {self.version}"
        return f"local layer {self.id} {self.version} ({self.name})"

    def folder(self) -> str:
        return self.path.rpartition("/")[0]


@dataclass(frozen=True)
class Held:
    """A version rolled back from: folder sync does not install it (or older) again."""

    id: str
    version: str


@dataclass(frozen=True)
class Slot:
    """What is installed of one kind."""

    current: Installed | None = None
    previous: Installed | None = None
    held: Held | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "current": self.current.to_json() if self.current else None,
            "previous": self.previous.to_json() if self.previous else None,
            "held": {"id": self.held.id, "version": self.held.version} if self.held else None,
        }

    @classmethod
    def from_json(cls, data: object) -> Slot:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError("a kind's entry is not a JSON object")
        held = data.get("held")
        if held is not None and not (
            isinstance(held, dict)
            and isinstance(held.get("id"), str)
            and isinstance(held.get("version"), str)
        ):
            raise ValueError("held is not an id and a version")
        return cls(
            Installed.from_json(data.get("current")),
            Installed.from_json(data.get("previous")),
            Held(held["id"], held["version"]) if held else None,
        )


@dataclass(frozen=True)
class State:
    """state.json: each kind's slot."""

    slots: dict[str, Slot] = field(default_factory=dict)

    def slot(self, kind: str) -> Slot:
        return self.slots.get(kind, Slot())

    def with_slot(self, kind: str, slot: Slot) -> State:
        return State({**self.slots, kind: slot})

    def to_json(self) -> dict[str, Any]:
        return {"state_format": STATE_FORMAT} | {k: self.slot(k).to_json() for k in KINDS}

    def referenced(self) -> set[str]:
        """The folders (relative to the store) state keeps."""
        kept = set()
        for slot in self.slots.values():
            for entry in (slot.current, slot.previous):
                if entry is not None:
                    kept.add(entry.folder())
        return kept


@dataclass(frozen=True)
class Outcome:
    """What an install or a rollback did."""

    action: str
    """INSTALLED, UNCHANGED or ROLLED_BACK."""
    kind: str
    message: str
    current: Installed | None = None
    previous: Installed | None = None

    @property
    def changed(self) -> bool:
        return self.action != UNCHANGED


class PackStore:
    """The installed packs in one folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def default(cls) -> PackStore:
        """The store paths.packs_dir() names (policy, else the user data)."""
        return cls(paths.packs_dir())

    @property
    def state_file(self) -> Path:
        return self.root / paths.PACK_STATE

    @property
    def log_file(self) -> Path:
        return self.root / LOG_NAME

    # -- reading -----------------------------------------------------------------------------

    def state(self) -> State:
        """The store's state; PackError when its state file cannot be used."""
        try:
            data = self.state_file.read_bytes()
        except FileNotFoundError:
            return State()
        except OSError as exc:
            raise PackError(
                f"the pack store's state file {self.state_file} cannot be read: "
                f"{exc.strerror or exc}"
            ) from None
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("it is not a JSON object")
            version = raw.get("state_format")
            if isinstance(version, int) and version > STATE_FORMAT:
                raise PackError(
                    f"the pack store {self.root} was written by a newer PainRef "
                    f"(state format {version}); update PainRef"
                )
            if version != STATE_FORMAT:
                raise ValueError(f"state_format is {version!r}, not {STATE_FORMAT}")
            return State({kind: Slot.from_json(raw.get(kind)) for kind in KINDS})
        except (UnicodeDecodeError, ValueError) as exc:
            raise PackError(
                f"the pack store's state file {self.state_file} is damaged ({exc}); PainRef "
                "uses the content it ships until it is fixed: move the file away and install "
                "the packs again"
            ) from None

    def payload(self, entry: Installed) -> Path:
        found = paths.pack_payload(entry.to_json(), self.root)
        if found is None:
            raise PackError(f"the pack store {self.root} names a file outside it: {entry.path}")
        return found

    def read_log(self) -> list[dict[str, Any]]:
        """The audit log's entries, oldest first (a line that is not JSON is skipped)."""
        try:
            with self.log_file.open("rb") as file:
                size = file.seek(0, os.SEEK_END)
                file.seek(max(0, size - MAX_LOG_BYTES))
                data = file.read()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise PackError(
                f"the audit log {self.log_file} cannot be read: {exc.strerror or exc}"
            ) from None
        entries = []
        for line in data.decode("utf-8", "replace").splitlines():
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict):
                    entries.append(entry)
        return entries

    # -- changing ------------------------------------------------------------------------------

    def install(self, pack: Path, trust: Trust | None = None, *, by_hand: bool = True) -> Outcome:
        """Verify the pack file and make it the current pack of its kind.

        by_hand: a person asked for this file (a held-back version may be installed again).
        Raises PackRefused (logged) when it fails verification or is older than what is in
        force, PackError when the store cannot be changed; either way nothing changed.
        """
        trust = trust if trust is not None else Trust.current()
        shown = pack.name
        facts: dict[str, Any] = {"file": str(pack.absolute())}
        with self._locked():
            state = self.state()
            staging = self.root / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
            try:
                staging.mkdir()
                outcome, new_state = self._install(pack, shown, trust, state, staging, facts)
            except PackRefused as exc:
                self._log("refused", facts, reason=exc.reason)
                raise
            except OSError as exc:
                self._log("failed", facts, reason=exc.strerror or str(exc))
                raise PackError(
                    f"cannot install {shown} into {self.root}: {exc.strerror or exc}; "
                    "nothing was changed"
                ) from None
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            if outcome.changed:
                self._prune(new_state)
                self._log("install", facts, outcome=outcome.message, by_hand=by_hand)
            return outcome

    def record_refusal(self, pack: Path, reason: str) -> None:
        """Log a pack file refused before an install was tried (folder sync could not read
        it as a pack): one `refused` line, with what is known of it (its path). Nothing else
        changes; PackError when the audit log cannot be written."""
        self._log("refused", {"file": str(pack.absolute())}, reason=reason)

    def rollback(self, kind: str) -> Outcome:
        """Put the previous pack of kind back in force (the current one becomes previous)."""
        if kind not in KINDS:
            raise PackError(f"there is no pack kind {kind!r}; the kinds are {', '.join(KINDS)}")
        with self._locked():
            state = self.state()
            slot = state.slot(kind)
            current, previous = slot.current, slot.previous
            if current is None and previous is None:
                raise PackError(f"no {kind} pack is installed in {self.root}; nothing to roll back")
            if previous is not None and not self.payload(previous).is_file():
                raise PackError(
                    f"the previous {previous.describe()} is missing its files in {self.root}; "
                    "nothing was changed"
                )
            held = None
            if current is not None and (
                previous is None
                or previous.id != current.id
                or newer(current.version, previous.version)
            ):
                held = Held(current.id, current.version)
            self._write_state(state.with_slot(kind, Slot(previous, current, held)))
            message = _rolled_back(kind, current, previous)
            facts: dict[str, Any] = {"kind": kind, "from_version": None}
            if current is not None:
                facts.update(id=current.id, from_version=current.version)
            if previous is not None:
                facts.update(
                    file=previous.file,
                    id=previous.id,
                    version=previous.version,
                    pack_sha256=previous.pack_sha256,
                    key_id=previous.key_id,
                )
            self._log("rollback", facts, outcome=message)
            return Outcome(ROLLED_BACK, kind, message, previous, current)

    # -- the install, step by step -----------------------------------------------------------

    def _install(
        self,
        pack: Path,
        shown: str,
        trust: Trust,
        state: State,
        staging: Path,
        facts: dict[str, Any],
    ) -> tuple[Outcome, State]:
        copy = staging / "pack"
        facts["pack_sha256"] = _copy_pack(pack, copy, shown)
        verified = reader.read(copy, trust, shown=shown)
        manifest = verified.manifest
        facts.update(kind=manifest.kind, id=manifest.id, version=manifest.version)
        facts["key_id"] = manifest.key_id
        slot = state.slot(manifest.kind)
        unchanged = self._unchanged(verified, slot)
        if unchanged is not None:
            return Outcome(UNCHANGED, manifest.kind, unchanged, slot.current, slot.previous), state
        relative = _folder(manifest)
        target = self.root.joinpath(*relative.split("/"))
        previous = slot.previous
        if (
            previous is not None
            and previous.folder() == relative
            and self.payload(previous).is_file()
        ):
            # Installing the version kept as previous (newer than current after a
            # rollback): the same pack goes back in force, another one is refused.
            if previous.pack_sha256 != verified.sha256:
                raise PackRefused(
                    shown,
                    f"{manifest.describe()} is kept as the previous version from another pack "
                    "file; a changed pack needs a new version",
                )
            again = replace(
                previous,
                file=facts["file"],
                installed_at=_now(),
                installed_by=_user(),
                host=platform.node(),
            )
            new_state = state.with_slot(manifest.kind, Slot(again, slot.current, None))
            self._write_state(new_state)
            message = f"installed {manifest.describe()} (again: it was the previous version)"
            return Outcome(INSTALLED, manifest.kind, message, again, slot.current), new_state
        unpacked = staging / "payload"
        unpacked.mkdir()
        reader.extract(verified, unpacked / manifest.payload.path)
        (unpacked / MANIFEST).write_bytes(verified.manifest_bytes)
        (unpacked / SIGNATURE).write_bytes(verified.signature)
        entry = Installed(
            kind=manifest.kind,
            id=manifest.id,
            name=manifest.name,
            version=manifest.version,
            path=f"{relative}/{manifest.payload.path}",
            file=facts["file"],
            pack_sha256=verified.sha256,
            key_id=manifest.key_id,
            installed_at=_now(),
            installed_by=_user(),
            host=platform.node(),
            schema_version=manifest.schema_version,
            content_version=manifest.content_version,
            created=manifest.created,
        )
        if target.exists():  # left by an install that stopped before it wrote the state
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        _move_into_place(unpacked, target)
        new_state = state.with_slot(manifest.kind, Slot(entry, slot.current, None))
        self._write_state(new_state)
        message = f"installed {manifest.describe()}"
        if slot.current is not None:
            message += f"; {slot.current.describe()} is kept as the previous version"
        return Outcome(INSTALLED, manifest.kind, message, entry, slot.current), new_state

    def _unchanged(self, verified: reader.VerifiedPack, slot: Slot) -> str | None:
        """Why installing this pack would change nothing (None: it would), or PackRefused
        when it is older than what is in force."""
        manifest, shown = verified.manifest, verified.name
        current = slot.current
        if current is not None and (current.id, current.version) == (manifest.id, manifest.version):
            note = ""
            if current.pack_sha256 != verified.sha256:
                note = (
                    " (from another pack file with the same version: a changed pack needs "
                    "a new version)"
                )
            return f"{manifest.describe()} is already installed{note}; nothing changed"
        if manifest.kind == PUBLISHED:
            in_force = current.version if current else paths.shipped_content_version()
            if current is None and in_force == manifest.version:
                return f"{manifest.describe()} is the content this PainRef ships; nothing changed"
            if in_force is not None and newer(in_force, manifest.version):
                where = "installed" if current else "this PainRef ships"
                raise PackRefused(
                    shown,
                    f"{manifest.describe()} is older than the content {in_force} {where}; "
                    "to go back to the previous version use `painref pack rollback published`",
                )
        elif (
            current is not None
            and current.id == manifest.id
            and newer(current.version, manifest.version)
        ):
            raise PackRefused(
                shown,
                f"{manifest.describe()} is older than {current.version}, installed; to go "
                "back to the previous version use `painref pack rollback local`",
            )
        return None

    def _write_state(self, state: State) -> None:
        text = json.dumps(state.to_json(), indent=2, sort_keys=True) + "\n"
        with (
            fsutil.replacing(self.state_file) as temp,
            temp.open("w", encoding="utf-8") as file,
        ):
            file.write(text)
            file.flush()
            os.fsync(file.fileno())

    def _prune(self, state: State) -> None:
        """Remove what state no longer names: older versions, an interrupted install's
        leftovers. Best effort: a file in use (Windows) stays until the next install."""
        kept = state.referenced()
        for child in self.root.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(child, ignore_errors=True)
        for folder in self._version_folders():
            relative = folder.relative_to(self.root).as_posix()
            if relative not in kept:
                shutil.rmtree(folder, ignore_errors=True)
        for layer in (self.root / "local").glob("*"):
            with contextlib.suppress(OSError):
                layer.rmdir()  # only when empty

    def _version_folders(self) -> list[Path]:
        found = [p for p in (self.root / PUBLISHED).glob("*") if p.is_dir()]
        found += [p for p in (self.root / "local").glob("*/*") if p.is_dir()]
        return found

    def _log(self, action: str, facts: dict[str, Any], **more: Any) -> None:
        """Append one line to the audit log (flushed to disk before returning)."""
        entry = {
            "time": _now(),
            "action": action,
            "user": _user(),
            "host": platform.node(),
            "file": None,
            "kind": None,
            "id": None,
            "version": None,
            "pack_sha256": None,
            "key_id": None,
        }
        entry.update(facts)
        entry.update(more)
        line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with self.log_file.open("a", encoding="utf-8") as file:
                file.write(line)
                file.flush()
                os.fsync(file.fileno())
        except OSError as exc:
            raise PackError(
                f"the audit log {self.log_file} cannot be written: {exc.strerror or exc}"
                + ("" if action in ("refused", "failed") else f" (the {action} itself was done)")
            ) from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One install or rollback at a time in this store (the lock goes with the process,
        so a crash never leaves it held)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PackError(
                f"the pack store {self.root} cannot be written: {exc.strerror or exc}"
            ) from None
        try:
            try:
                _lock(descriptor)
            except OSError:
                raise PackError(
                    f"another PainRef is changing the pack store {self.root}; try again when "
                    "it has finished"
                ) from None
            yield
        finally:
            os.close(descriptor)


def _lock(descriptor: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _move_into_place(source: Path, target: Path) -> None:
    """The unpacked, verified folder becomes the installed version (one rename)."""
    os.replace(source, target)


def _copy_pack(pack: Path, copy: Path, shown: str) -> str:
    """Copy the pack into the staging folder (a share may change or vanish while it is
    read; the copy is what is verified and installed); returns its SHA-256. A file that
    cannot be read is refused; a store that cannot be written raises OSError."""
    if not pack.is_file():
        raise PackRefused(shown, "it is not a file" if pack.exists() else "there is no such file")
    try:
        source = pack.open("rb")
    except OSError as exc:
        raise PackRefused(shown, f"it cannot be read: {exc.strerror or exc}") from None
    digest = hashlib.sha256()
    with source, copy.open("xb") as out:
        size = 0
        while True:
            try:
                chunk = source.read(reader.CHUNK)
            except OSError as exc:
                raise PackRefused(shown, f"it cannot be read: {exc.strerror or exc}") from None
            if not chunk:
                break
            size += len(chunk)
            if size > reader.MAX_PACK_BYTES:
                raise PackRefused(shown, f"it is larger than {reader.MAX_PACK_BYTES // 2**20} MiB")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _folder(manifest: Manifest) -> str:
    if manifest.kind == PUBLISHED:
        return f"{PUBLISHED}/{manifest.version}"
    return f"local/{manifest.id}/{manifest.version}"


def _rolled_back(kind: str, current: Installed | None, previous: Installed | None) -> str:
    was = (
        current.describe()
        if current
        else ("the content PainRef ships" if kind == PUBLISHED else "no local layer")
    )
    if previous is not None:
        now = previous.describe()
    elif kind == PUBLISHED:
        shipped = paths.shipped_content_version()
        now = f"the content this PainRef ships ({shipped or 'version unknown'})"
    else:
        now = "no local layer"
    return f"rolled back from {was} to {now}"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or passwd
        return "unknown"
