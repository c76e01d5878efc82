"""A pack's payload database: it opens as this PainRef opens it, and it is what the signed
manifest says (kind, id, version, schema, the content it was built against)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from painref.errors import PainRefError
from painref.packs import PackRefused
from painref.packs.manifest import PUBLISHED, PUBLISHED_ID, PUBLISHED_NAME, Manifest


@dataclass(frozen=True)
class PayloadInfo:
    """What a payload database says about itself, in manifest terms."""

    kind: str
    id: str
    name: str
    version: str
    schema_version: int
    content_version: str
    created: str


def describe(kind: str, db: Path) -> PayloadInfo:
    """What the database at db says about itself; PainRefError (DatabaseError) when this
    PainRef cannot open it: damaged, foreign, or of a schema it does not read."""
    if kind == PUBLISHED:
        from painref.content.library import Library

        library = Library.open(db)
        try:
            meta = library.meta
        finally:
            library.close()
        return PayloadInfo(
            kind=PUBLISHED,
            id=PUBLISHED_ID,
            name=PUBLISHED_NAME,
            version=meta.content_version,
            schema_version=meta.schema_version,
            content_version=meta.content_version,
            created=meta.build_time,
        )
    from painref.content.local_layer import LocalLayer

    layer = LocalLayer.open(db)
    try:
        local = layer.meta
    finally:
        layer.close()
    return PayloadInfo(
        kind=kind,
        id=local.id,
        name=local.name,
        version=local.version,
        schema_version=local.schema_version,
        content_version=local.content_version,
        created=local.built,
    )


def check(manifest: Manifest, db: Path, file: str) -> PayloadInfo:
    """The payload opens and matches its manifest; PackRefused naming file otherwise."""
    try:
        info = describe(manifest.kind, db)
    except PainRefError as exc:
        raise PackRefused(
            file, f"its database cannot be used: {_without_path(str(exc), db)}"
        ) from None
    said = (manifest.id, manifest.version, manifest.schema_version, manifest.content_version)
    holds = (info.id, info.version, info.schema_version, info.content_version)
    if said != holds:
        fields = ("id", "version", "schema_version", "content_version")
        wrong = [
            f"{f} {a!r} but the database holds {b!r}"
            for f, a, b in zip(fields, said, holds, strict=True)
            if a != b
        ]
        raise PackRefused(file, "its manifest says " + "; ".join(wrong))
    return info


def _without_path(message: str, db: Path) -> str:
    """A database error names the file it opened: here, a temporary one inside the store."""
    return message.replace(str(db), db.name)
