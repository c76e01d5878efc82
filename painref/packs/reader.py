"""Verifying a pack: every check passes before anything is installed.

read() checks the file, the ZIP's members, the manifest and its signature (reading only
the bounded manifest and signature, writing nothing); extract() then writes the payload to
a file the caller names, counting and hashing as it goes and hashing the written file
again, and checks that the database opens and is what the manifest says. Each refusal is a
PackRefused with one line naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from painref.content.version import SCHEMA_VERSION
from painref.packs import PackRefused, keys, payload
from painref.packs.keys import Trust, TrustedKey
from painref.packs.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_PAYLOAD_BYTES,
    PAYLOAD,
    PUBLISHED,
    SIGNATURE,
    SIGNATURE_BYTES,
    Manifest,
    ManifestError,
    parse,
    peek,
)

CHUNK = 1 << 20
MAX_PACK_BYTES = MAX_PAYLOAD_BYTES + (1 << 20)
MAX_MEMBERS = 16
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
"""What the zipfile module raises for a damaged or hostile archive."""


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose manifest is signed by a trusted key (its payload is checked by
    extract())."""

    path: Path
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    key: TrustedKey
    sha256: str
    """Of the whole pack file."""
    size: int
    shown: str
    """How messages name the file (the file given, not a copy being checked)."""

    @property
    def name(self) -> str:
        return self.shown


def sha256_file(path: Path, limit: int = MAX_PACK_BYTES) -> tuple[str, int]:
    """(SHA-256, size) of a file of at most limit bytes; OSError or ValueError otherwise."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ValueError(f"it is larger than {limit // 2**20} MiB")
            digest.update(chunk)
    return digest.hexdigest(), size


def read(path: Path, trust: Trust, shown: str | None = None) -> VerifiedPack:
    """The pack at path with its manifest checked and its signature verified.

    shown names the file in messages (default its name).
    """
    name = shown or path.name
    if not path.is_file():
        raise PackRefused(name, "it is not a file" if path.exists() else "there is no such file")
    try:
        digest, size = sha256_file(path)
    except OSError as exc:
        raise PackRefused(name, f"it cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise PackRefused(name, str(exc)) from None
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _members(archive, name)
            manifest_bytes = _bounded(archive, infos, MANIFEST, MAX_MANIFEST_BYTES, name)
            signature = _bounded(archive, infos, SIGNATURE, SIGNATURE_BYTES, name)
            manifest, key = _signed(manifest_bytes, signature, trust, name)
            expected = {MANIFEST, SIGNATURE, manifest.payload.path}
            extra = sorted(set(infos) - expected)
            if extra:
                raise PackRefused(name, f"it holds files a pack does not: {', '.join(extra)}")
            member = infos.get(manifest.payload.path)
            if member is None:
                raise PackRefused(name, f"it lacks its payload {manifest.payload.path}")
            if member.file_size != manifest.payload.size:
                raise PackRefused(
                    name,
                    f"its {member.filename} is {member.file_size:,} bytes, not the "
                    f"{manifest.payload.size:,} its signed manifest says (it was altered)",
                )
    except PackRefused:
        raise
    except OSError as exc:
        raise PackRefused(name, f"it cannot be read: {exc.strerror or exc}") from None
    except _ZIP_ERRORS as exc:
        raise PackRefused(
            name, f"it is not a PainRef pack (not a readable ZIP file: {exc})"
        ) from None
    _compatible(manifest, name)
    return VerifiedPack(path, manifest, manifest_bytes, signature, key, digest, size, name)


def extract(pack: VerifiedPack, target: Path) -> None:
    """Write the pack's payload to target (which must not exist), checking its size and
    SHA-256 against the signed manifest as it is written and again from the written file,
    then that the database opens and is what the manifest says. On a refusal target is
    removed."""
    name, wanted = pack.name, pack.manifest.payload
    try:
        _write_payload(pack, target)
        written, size = sha256_file(target, wanted.size)
        if (written, size) != (wanted.sha256, wanted.size):
            raise PackRefused(
                name,
                f"its {wanted.path} changed on disk after it was written to {target.parent} "
                "(a failing disk or another program?)",
            )
        payload.check(pack.manifest, target, name)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _write_payload(pack: VerifiedPack, target: Path) -> None:
    name, wanted = pack.name, pack.manifest.payload
    digest = hashlib.sha256()
    size = 0
    try:
        with (
            zipfile.ZipFile(pack.path) as archive,
            archive.open(wanted.path) as source,
            target.open("xb") as out,
        ):
            size = _copy(source, out, digest, wanted.size)
    except PackRefused:
        raise
    except _ZIP_ERRORS as exc:
        raise PackRefused(
            name, f"its {wanted.path} cannot be read ({exc}; it was altered)"
        ) from None
    except KeyError:
        raise PackRefused(
            name, f"it lacks its payload {wanted.path} (it changed while read)"
        ) from None
    if size != wanted.size:
        raise PackRefused(
            name, f"its {wanted.path} is {size:,} bytes, not the {wanted.size:,} its manifest says"
        )
    if digest.hexdigest() != wanted.sha256:
        raise PackRefused(
            name,
            f"the SHA-256 of its {wanted.path} is not the one its signed manifest says "
            "(the payload was altered after it was signed)",
        )


def _copy(source: IO[bytes], out: IO[bytes], digest: hashlib._Hash, limit: int) -> int:
    """Copies at most limit + 1 bytes (more means the member lies about its size)."""
    size = 0
    while size <= limit:
        chunk = source.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        digest.update(chunk)
        out.write(chunk)
    return size


def _members(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackRefused(name, f"it holds {len(infos)} files; a pack holds three")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        member = info.filename
        if _escapes(member):
            raise PackRefused(
                name, f"it holds {member[:80]!r}, a path outside the pack (refused: path escape)"
            )
        if "/" in member.rstrip("/"):
            raise PackRefused(name, f"it holds {member[:80]!r}; a pack's files are at its top")
        if member in members:
            raise PackRefused(name, f"it holds {member!r} twice")
        if info.is_dir():
            raise PackRefused(name, f"it holds a folder, {member!r}; a pack holds three files")
        if info.flag_bits & 0x1:
            raise PackRefused(name, f"its {member} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackRefused(name, f"its {member} is compressed with an unsupported method")
        members[member] = info
    if MANIFEST not in members:
        raise PackRefused(name, f"it has no {MANIFEST}; it is not a PainRef pack")
    if SIGNATURE not in members:
        raise PackRefused(name, f"it has no {SIGNATURE}; it is not signed")
    return members


def _escapes(member: str) -> bool:
    """A member name that could reach outside the folder it is unpacked in (absolute, a
    drive, a backslash, `..`) or that holds a control character."""
    parts = member.replace("\\", "/").split("/")
    return (
        not member
        or member.startswith(("/", "\\"))
        or "\\" in member
        or ":" in member
        or any(part in (".", "..") for part in parts)
        or any(ord(c) < 32 for c in member)
    )


def _bounded(
    archive: zipfile.ZipFile,
    infos: dict[str, zipfile.ZipInfo],
    member: str,
    limit: int,
    name: str,
) -> bytes:
    info = infos[member]
    if info.file_size > limit:
        raise PackRefused(name, f"its {member} is larger than a pack's ({limit:,} bytes at most)")
    with archive.open(info) as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise PackRefused(name, f"its {member} is larger than a pack's ({limit:,} bytes at most)")
    return data


def _signed(
    manifest_bytes: bytes, signature: bytes, trust: Trust, name: str
) -> tuple[Manifest, TrustedKey]:
    """The manifest once its signature by a trusted key of its kind is verified."""
    try:
        raw = peek(manifest_bytes)
    except ManifestError as exc:
        raise PackRefused(name, str(exc)) from None
    kind, key_id = raw.get("kind"), raw.get("key_id")
    if kind not in PAYLOAD or not isinstance(key_id, str):
        try:
            parse(manifest_bytes)  # names the wrong field
        except ManifestError as exc:
            raise PackRefused(name, str(exc)) from None
        raise PackRefused(name, "its manifest has no kind or key_id")  # pragma: no cover
    key = trust.find(kind, key_id)
    if key is None:
        raise PackRefused(name, _untrusted(kind, key_id, trust))
    if len(signature) != SIGNATURE_BYTES:
        raise PackRefused(name, f"its {SIGNATURE} is not an Ed25519 signature (64 bytes)")
    if not keys.verify(key.public, signature, manifest_bytes):
        raise PackRefused(
            name,
            f"its signature does not match its manifest for key {key_id} (the manifest was "
            "altered after it was signed, or the signature is not that key's)",
        )
    try:
        manifest = parse(manifest_bytes)
    except ManifestError as exc:
        raise PackRefused(name, str(exc)) from None
    return manifest, key


def _untrusted(kind: str, key_id: str, trust: Trust) -> str:
    """Why a key is not accepted for kind, naming where trusted keys come from."""
    shown = key_id[:16]
    if kind == PUBLISHED:
        if trust.find("local", key_id) is not None:
            return (
                f"it is published content signed by key {shown}, which this machine trusts "
                "only for local layers (local_keys in the policy file); published content "
                "must be signed by a key built into PainRef"
            )
        known = ", ".join(k.key_id for k in trust.published) or "none"
        return (
            f"it is signed by key {shown}, which is not a PainRef release key (the keys "
            f"built into this PainRef: {known})"
        )
    if trust.find(PUBLISHED, key_id) is not None:
        return (
            f"it is a local layer signed by key {shown}, a PainRef release key; a local "
            "layer must be signed by a key in local_keys of the policy file"
        )
    known = ", ".join(k.key_id for k in trust.local) or "none"
    return (
        f"it is signed by key {shown}, which this machine does not trust for local layers "
        f"(trusted keys come from {trust.local_keys_from or 'local_keys in the policy file'}; "
        f"trusted now: {known})"
    )


def _compatible(manifest: Manifest, name: str) -> None:
    """Published content of another schema than this PainRef reads is refused here, before
    its payload is written (a local layer's schema is checked when it is opened)."""
    if manifest.kind != PUBLISHED or manifest.schema_version == SCHEMA_VERSION:
        return
    if manifest.schema_version > SCHEMA_VERSION:
        raise PackRefused(
            name,
            f"its content has schema {manifest.schema_version}, made for a newer PainRef "
            f"(this one reads schema {SCHEMA_VERSION}); update PainRef",
        )
    raise PackRefused(
        name,
        f"its content has schema {manifest.schema_version}, made for an older PainRef "
        f"(this one reads schema {SCHEMA_VERSION}); ask for a pack built for this version",
    )
