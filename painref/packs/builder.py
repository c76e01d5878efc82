"""Building and signing a pack from a payload database: the same database, key and
SOURCE_DATE_EPOCH give the same pack, byte for byte (Ed25519 signatures are
deterministic)."""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from painref import fsutil, paths
from painref.packs import PackError, payload, reader
from painref.packs.keys import SigningKey, Trust, TrustedKey
from painref.packs.manifest import (
    LOCAL,
    MANIFEST,
    MAX_PAYLOAD_BYTES,
    PAYLOAD,
    SIGNATURE,
    SUFFIX,
    Manifest,
    ManifestError,
    PackFile,
    file_name,
    parse,
)

if TYPE_CHECKING:
    from painref.content.library import Library

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
"""The earliest time a ZIP member can carry."""


@dataclass(frozen=True)
class BuiltPack:
    path: Path
    manifest: Manifest
    sha256: str
    size: int


def created_time() -> str:
    """Now in UTC to the second, or SOURCE_DATE_EPOCH for a reproducible pack."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0).isoformat()
    try:
        return datetime.fromtimestamp(int(epoch), UTC).isoformat()
    except (ValueError, OverflowError, OSError):
        raise PackError(
            f"SOURCE_DATE_EPOCH={epoch[:30]!r}: expected a whole number of seconds since 1970"
        ) from None


def build_pack(kind: str, db: Path, key: SigningKey, output: Path) -> BuiltPack:
    """Sign db (a published content database or a local layer database) into a pack.

    output is the pack file, or a folder to write ID-VERSION.painrefpack into. The file
    appears whole or not at all (written beside, then renamed).
    """
    try:
        info = payload.describe(kind, db)
        digest, size = reader.sha256_file(db, MAX_PAYLOAD_BYTES)
    except OSError as exc:
        raise PackError(f"cannot read {db}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise PackError(f"{db}: {exc}") from None
    manifest = Manifest(
        kind=kind,
        id=info.id,
        name=info.name,
        version=info.version,
        created=created_time(),
        schema_version=info.schema_version,
        content_version=info.content_version,
        files=(PackFile(PAYLOAD[kind], size, digest),),
        key_id=key.key_id,
    )
    manifest_bytes = manifest.to_bytes()
    try:
        parse(manifest_bytes)
    except ManifestError as exc:
        raise PackError(f"{db} cannot be packed: {exc}") from None
    target = output / file_name(manifest) if output.is_dir() else output
    if target.suffix != SUFFIX:
        raise PackError(f"{target} does not end in {SUFFIX}; give a pack file name that does")
    problem = paths.replace_problem(target)
    if problem:
        raise PackError(f"cannot write {target}: {problem}")
    signature = key.sign(manifest_bytes)
    try:
        with fsutil.replacing(target) as temp:
            _write_zip(temp, manifest, manifest_bytes, signature, db)
            # Read back as a verifier would (the signer's key as the one trusted): a pack
            # that could not be installed is never left behind.
            signer = TrustedKey(key.public, "the signing key", "build")
            reader.read(temp, Trust((signer,), (signer,)), shown=target.name)
    except OSError as exc:
        raise PackError(f"cannot write {target}: {exc.strerror or exc}") from None
    pack_digest, pack_size = reader.sha256_file(target)
    return BuiltPack(target, manifest, pack_digest, pack_size)


def build_local(folder: Path, library: Library, key: SigningKey, output: Path) -> BuiltPack:
    """Build the local layer source folder against library's content and sign it."""
    try:
        from painref.content.local_builder import build_local_layer
    except ImportError as exc:
        raise PackError(
            f"this PainRef cannot build local layers ({exc}); build the pack with PainRef "
            "installed from Python (pip install painref)"
        ) from None
    with tempfile.TemporaryDirectory(prefix="painref-layer-") as work:
        db = Path(work) / PAYLOAD[LOCAL]
        build_local_layer(folder, library, db)
        return build_pack(LOCAL, db, key, output)


def _write_zip(
    path: Path, manifest: Manifest, manifest_bytes: bytes, signature: bytes, db: Path
) -> None:
    stamp = max(datetime.fromisoformat(manifest.created).astimezone(UTC), ZIP_EPOCH)
    date_time = stamp.timetuple()[:6]

    def member(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, whatever builds it: the same bytes everywhere
        return info

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member(MANIFEST), manifest_bytes)
        archive.writestr(member(SIGNATURE), signature)
        with db.open("rb") as source, archive.open(member(manifest.payload.path), "w") as out:
            while chunk := source.read(reader.CHUNK):
                out.write(chunk)
