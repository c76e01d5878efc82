"""The pack format: a built pack holds exactly what docs/packs.md says, byte for byte the
same when built again; each manifest field is checked; start-up never loads the crypto."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from painref.packs import builder
from painref.packs.keys import SigningKey
from painref.packs.manifest import ManifestError, parse

from ..conftest import ROOT

GOOD: dict[str, Any] = {
    "format": "painref-pack",
    "format_version": 1,
    "kind": "local",
    "id": "st-elsewhere-pain",
    "name": "St Elsewhere Pain Service",
    "version": "2026.12.1",
    "created": "2026-12-01T09:00:00+00:00",
    "schema_version": 1,
    "content_version": "2026.11.5",
    "files": [{"path": "local.db", "size": 4096, "sha256": "a" * 64}],
    "key_id": "0123456789abcdef",
}


def test_a_pack_holds_its_manifest_signature_and_payload(
    tmp_path: Path,
    published_db: Callable[[str], Path],
    release_key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01T00:00:00Z
    db = published_db("2026.12.1")
    first = builder.build_pack("published", db, release_key, tmp_path / "a.painrefpack")
    second = builder.build_pack("published", db, release_key, tmp_path / "b.painrefpack")
    assert first.path.read_bytes() == second.path.read_bytes()  # reproducible
    with zipfile.ZipFile(first.path) as archive:
        assert archive.namelist() == ["manifest.json", "manifest.sig", "painref.db"]
        manifest = json.loads(archive.read("manifest.json"))
        assert len(archive.read("manifest.sig")) == 64
        assert archive.read("painref.db") == db.read_bytes()
    assert manifest == {
        "format": "painref-pack",
        "format_version": 1,
        "kind": "published",
        "id": "painref",
        "name": "PainRef content",
        "version": "2026.12.1",
        "created": "2025-12-01T00:00:00+00:00",
        "schema_version": 4,
        "content_version": "2026.12.1",
        "files": [
            {
                "path": "painref.db",
                "size": db.stat().st_size,
                "sha256": first.manifest.payload.sha256,
            }
        ],
        "key_id": release_key.key_id,
    }


def test_a_good_manifest_parses() -> None:
    manifest = parse(json.dumps(GOOD).encode())
    assert (
        manifest.describe() == "local layer st-elsewhere-pain 2026.12.1 (St Elsewhere Pain Service)"
    )
    assert manifest.payload.path == "local.db"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown fields: colour"),
        ({"key_id": None}, "its manifest lacks key_id"),
        ({"key_id": 12}, "manifest: key_id: text is required"),
        ({"kind": "plugin"}, "kind: 'plugin' is not one of published, local"),
        ({"version": "v2"}, "version: 'v2' is not dotted numbers"),
        ({"created": "yesterday"}, "created: 'yesterday' is not an ISO 8601 time"),
        ({"schema_version": True}, "schema_version: a whole number from 1 is required"),
        ({"files": []}, "files: exactly one file, local.db, is listed in a pack"),
        ({"files": [{"path": "painref.db", "size": 1, "sha256": "a" * 64}]}, "not 'painref.db'"),
        ({"files": [{"path": "local.db", "size": 0, "sha256": "a" * 64}]}, "size: a whole number"),
        ({"files": [{"path": "local.db", "size": 1, "sha256": "A" * 64}]}, "sha256: 64 lower-case"),
        ({"format": "zip"}, "it is not a PainRef pack"),
        ({"format_version": 7}, "pack format 7, made by a newer PainRef"),
        ({"kind": "published", "files": [{"path": "painref.db", "size": 1, "sha256": "a" * 64}]},
         "published content has the id 'painref'"),
    ],
)  # fmt: skip
def test_a_wrong_field_is_named(change: dict[str, Any], message: str) -> None:
    raw = {k: v for k, v in {**GOOD, **change}.items() if v is not None}  # None: left out
    with pytest.raises(ManifestError, match=re.escape(message)):
        parse(json.dumps(raw).encode())


def test_start_up_never_loads_the_signature_library(
    tmp_path: Path, published_pack: Callable[..., Path]
) -> None:
    """With a pack installed, finding the databases reads the state file, nothing more."""
    from painref.packs.store import PackStore

    store = PackStore(tmp_path / "user" / "packs")
    store.install(published_pack("2026.12.1"))
    code = (
        "import sys; from painref import paths; "
        "import painref.content.library, painref.search.service, painref.render.pages; "
        "db = paths.bundled_db(); paths.local_layer_db(); "
        "print(db.parent.name, sorted(m for m in sys.modules if m.startswith(('nacl', "
        "'painref.packs', 'zipfile'))))"
    )
    env = {
        "PAINREF_USER_DIR": str(tmp_path / "user"),
        "PAINREF_POLICY": str(tmp_path / "no-policy.ini"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    # (the shipped content here is the real one, 2026.11.x, older than the installed pack)
    assert result.stdout.strip() == "2026.12.1 []"
