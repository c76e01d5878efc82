"""A pack's manifest: what it holds, checked field by field, and written byte for byte the
same for the same content (so a rebuilt pack signs to the same signature)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from painref import paths

FORMAT = "painref-pack"
FORMAT_VERSION = 1
"""The newest pack format this PainRef reads (and the one it writes)."""
PUBLISHED = "published"
LOCAL = "local"
KINDS = (PUBLISHED, LOCAL)
PAYLOAD = {PUBLISHED: "painref.db", LOCAL: "local.db"}
"""The one payload file of each kind."""
PUBLISHED_ID = "painref"
PUBLISHED_NAME = "PainRef content"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SUFFIX = ".painrefpack"
SIGNATURE_BYTES = 64
MAX_MANIFEST_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 1 << 30
"""1 GiB: the published database is about 4 MiB, a 10,000-page one about 200 MiB."""
MAX_NAME = 120

FIELDS = (
    "format",
    "format_version",
    "kind",
    "id",
    "name",
    "version",
    "created",
    "schema_version",
    "content_version",
    "files",
    "key_id",
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^[0-9]{1,9}(?:\.[0-9]{1,9}){0,5}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")


class ManifestError(ValueError):
    """The manifest is not one this PainRef accepts; the message says why (one line)."""


@dataclass(frozen=True)
class PackFile:
    """One payload file a manifest lists."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a pack says about itself (trusted once its signature is checked)."""

    kind: str
    id: str
    name: str
    version: str
    created: str
    schema_version: int
    content_version: str
    files: tuple[PackFile, ...]
    key_id: str
    format_version: int = FORMAT_VERSION

    @property
    def payload(self) -> PackFile:
        """The payload file (a checked manifest lists exactly one)."""
        return self.files[0]

    def describe(self) -> str:
        """ "published content 2026.11.5", "local layer st-elsewhere-pain 2026.12.1"."""
        if self.kind == PUBLISHED:
            return f"published content {self.version}"
        return f"local layer {self.id} {self.version} ({self.name})"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "created": self.created,
            "schema_version": self.schema_version,
            "content_version": self.content_version,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
            "key_id": self.key_id,
        }

    def to_bytes(self) -> bytes:
        """The manifest file: sorted keys, two-space indent, a final newline, UTF-8."""
        text = json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False)
        return (text + "\n").encode("utf-8")


def peek(data: bytes) -> dict[str, Any]:
    """The manifest as a JSON object, with its format checked (before anything else, so a
    newer format is named as such rather than as a bad field); ManifestError otherwise."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"its manifest is larger than {MAX_MANIFEST_BYTES // 1024} KiB")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ManifestError("its manifest is not UTF-8 text") from None
    except ValueError as exc:
        raise ManifestError(f"its manifest is not JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise ManifestError("its manifest is not a JSON object")
    if raw.get("format") != FORMAT:
        raise ManifestError(
            f"its manifest does not say format {FORMAT!r}; it is not a PainRef pack"
        )
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ManifestError("its manifest's format_version is not a whole number from 1")
    if version > FORMAT_VERSION:
        raise ManifestError(
            f"it is pack format {version}, made by a newer PainRef (this one reads format "
            f"{FORMAT_VERSION}); update PainRef"
        )
    return raw


def parse(data: bytes) -> Manifest:
    """The manifest, every field checked; ManifestError naming the first wrong field."""
    raw = peek(data)
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ManifestError(f"its manifest has unknown fields: {', '.join(unknown)}")
    missing = [name for name in FIELDS if name not in raw]
    if missing:
        raise ManifestError(f"its manifest lacks {', '.join(missing)}")
    kind = _text(raw, "kind")
    if kind not in KINDS:
        raise ManifestError(f"manifest: kind: {kind!r} is not one of {', '.join(KINDS)}")
    ident = _text(raw, "id")
    if not _ID.match(ident) or len(ident) > MAX_NAME:
        raise ManifestError(f"manifest: id: {ident[:40]!r} is not a kebab-case id")
    if kind == PUBLISHED and ident != PUBLISHED_ID:
        raise ManifestError(f"manifest: id: published content has the id {PUBLISHED_ID!r}")
    name = _text(raw, "name")
    if not name or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise ManifestError(f"manifest: name: one line of at most {MAX_NAME} characters")
    version = _version(raw, "version")
    created = _text(raw, "created")
    try:
        datetime.fromisoformat(created)
    except ValueError:
        raise ManifestError(
            f"manifest: created: {created[:40]!r} is not an ISO 8601 time"
        ) from None
    schema = raw["schema_version"]
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ManifestError("manifest: schema_version: a whole number from 1 is required")
    content_version = _version(raw, "content_version")
    if kind == PUBLISHED and content_version != version:
        raise ManifestError("manifest: content_version: published content is its own version")
    key_id = _text(raw, "key_id")
    if not _KEY_ID.match(key_id):
        raise ManifestError("manifest: key_id: 16 lower-case hex digits are required")
    files = _files(raw["files"], PAYLOAD[kind])
    return Manifest(
        kind=kind,
        id=ident,
        name=name,
        version=version,
        created=created,
        schema_version=schema,
        content_version=content_version,
        files=files,
        key_id=key_id,
        format_version=raw["format_version"],
    )


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw[name]
    if not isinstance(value, str):
        raise ManifestError(f"manifest: {name}: text is required")
    return value


def _version(raw: dict[str, Any], name: str) -> str:
    value = _text(raw, name)
    if not _VERSION.match(value):
        raise ManifestError(f"manifest: {name}: {value[:40]!r} is not dotted numbers (2026.11.5)")
    return value


def _files(value: object, payload: str) -> tuple[PackFile, ...]:
    if not isinstance(value, list) or len(value) != 1 or not isinstance(value[0], dict):
        raise ManifestError(f"manifest: files: exactly one file, {payload}, is listed in a pack")
    entry = value[0]
    if set(entry) != {"path", "size", "sha256"}:
        raise ManifestError("manifest: files: each file has path, size and sha256, nothing else")
    path, size, digest = entry["path"], entry["size"], entry["sha256"]
    if path != payload:
        raise ManifestError(f"manifest: files: the payload of this kind is {payload}, not {path!r}")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_PAYLOAD_BYTES:
        raise ManifestError(
            f"manifest: files: size: a whole number of bytes from 1 to {MAX_PAYLOAD_BYTES}"
        )
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise ManifestError("manifest: files: sha256: 64 lower-case hex digits are required")
    return (PackFile(path, size, digest),)


def newer(version: str, than: str) -> bool:
    """Whether dotted version is newer than another ("2026.12.1" > "2026.11.5")."""
    return paths.version_key(version) > paths.version_key(than)


def file_name(manifest: Manifest) -> str:
    """The pack's usual file name: "painref-2026.11.5.painrefpack"."""
    return f"{manifest.id}-{manifest.version}{SUFFIX}"
