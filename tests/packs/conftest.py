"""Packs for the tests: throwaway keys (the built-in list is monkeypatched to a test
"release" key; the shipped list is never touched), published databases of chosen versions,
local layers, and forged packs for the refusals. The content PainRef "ships" is the small
test database (content 2026.11.1)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from painref import paths, policy
from painref.content.library import Library
from painref.content.version import SCHEMA_VERSION
from painref.packs import builder, keys
from painref.packs.keys import SigningKey, TrustedKey
from painref.packs.store import PackStore
from tests.local_fixtures import write_local_source

SHIPPED_VERSION = "2026.11.1"
"""The small test database's content version: what PainRef "ships" in these tests."""
LOCAL_ID = "test-hospital-pain"


def make_key(folder: Path, name: str) -> SigningKey:
    path = folder / f"{name}.pem"
    keys.write_new_key(path)
    return keys.load_signing_key(path)


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def release_key(key_dir: Path) -> SigningKey:
    """Stands in for the PainRef release key (trusted for published content)."""
    return make_key(key_dir, "release")


@pytest.fixture(scope="session")
def local_key(key_dir: Path) -> SigningKey:
    """A department's key (trusted for local layers by the policy file)."""
    return make_key(key_dir, "department")


@pytest.fixture(scope="session")
def stranger_key(key_dir: Path) -> SigningKey:
    """A key nobody trusts."""
    return make_key(key_dir, "stranger")


@pytest.fixture(autouse=True)
def trusted_keys(
    monkeypatch: pytest.MonkeyPatch,
    policy_file: Path,
    release_key: SigningKey,
    local_key: SigningKey,
) -> None:
    """The test release key is built in; the policy file trusts the department's key."""
    built_in = (TrustedKey(release_key.public, "test release key", keys.BUILT_IN),)
    monkeypatch.setattr(keys, "published_keys", lambda: built_in)
    write_policy(policy_file, f"local_keys = {keys.encode(local_key.public)}\n")
    monkeypatch.delenv(paths.LOCAL_DB_ENV, raising=False)


def write_policy(policy_file: Path, body: str) -> None:
    policy_file.write_text("[policy]\n" + body, encoding="utf-8")
    policy.reset()


@pytest.fixture(autouse=True)
def shipped(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> Path:
    """PainRef ships the small test database (content 2026.11.1)."""
    monkeypatch.setattr(paths, "shipped_db", lambda: small_db_path)
    return small_db_path


@pytest.fixture(scope="session")
def published_db(
    small_db_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """A published database whose content version is the one asked for (the small test
    database with its meta changed)."""
    folder = tmp_path_factory.mktemp("published")

    def make(version: str) -> Path:
        path = folder / f"{version}.db"
        if not path.exists():
            shutil.copy(small_db_path, path)
            connection = sqlite3.connect(path)
            with connection:
                connection.execute(
                    "UPDATE meta SET value = ? WHERE key = 'content_version'", (version,)
                )
            connection.close()
        return path

    return make


@pytest.fixture(scope="session")
def local_db(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A local layer database with the id and version asked for (one page, no notes)."""
    folder = tmp_path_factory.mktemp("local")

    def make(version: str, layer_id: str = LOCAL_ID) -> Path:
        output = folder / f"{layer_id}-{version}.db"
        if not output.exists():
            from painref.content.local_builder import build_local_layer

            source = write_local_source(
                folder / f"src-{layer_id}-{version}",
                pages={"day-case-escort": {"body": "Go home with an adult (fictional)."}},
                layer={"id": layer_id, "name": "Test Hospital Pain Service", "version": version},
            )
            library = Library.open(small_db_path)
            try:
                build_local_layer(source, library, output)
            finally:
                library.close()
        return output

    return make


@pytest.fixture(scope="session")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packs")


@pytest.fixture(scope="session")
def published_pack(
    pack_dir: Path, published_db: Callable[[str], Path], release_key: SigningKey
) -> Callable[..., Path]:
    """A published pack of the version asked for, signed by the test release key (or key)."""

    def make(version: str, key: SigningKey | None = None, name: str | None = None) -> Path:
        signer = key or release_key
        output = pack_dir / (name or f"painref-{version}-{signer.key_id}.painrefpack")
        if not output.exists():
            builder.build_pack("published", published_db(version), signer, output)
        return output

    return make


@pytest.fixture(scope="session")
def local_pack(
    pack_dir: Path, local_db: Callable[..., Path], local_key: SigningKey
) -> Callable[..., Path]:
    """A local layer pack of the version (and id) asked for, signed by the department's key."""

    def make(version: str, layer_id: str = LOCAL_ID, key: SigningKey | None = None) -> Path:
        signer = key or local_key
        output = pack_dir / f"{layer_id}-{version}-{signer.key_id}.painrefpack"
        if not output.exists():
            builder.build_pack("local", local_db(version, layer_id), signer, output)
        return output

    return make


@pytest.fixture
def store() -> PackStore:
    """The pack store the app uses (in the tests' user data folder)."""
    return PackStore.default()


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under root except the audit log: path -> digest or "dir"."""
    if not root.exists():
        return {}
    result = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative == "packs.log":
            continue
        result[relative] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def log_entries(store: PackStore) -> list[dict[str, Any]]:
    return store.read_log()


def members(pack: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pack) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_members(path: Path, files: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def forge(
    path: Path,
    key: SigningKey,
    payload: bytes,
    *,
    kind: str = "published",
    change: Mapping[str, Any] | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> Path:
    """A pack signed properly by key whose manifest says what change makes it say."""
    name = "painref.db" if kind == "published" else "local.db"
    manifest: dict[str, Any] = {
        "format": "painref-pack",
        "format_version": 1,
        "kind": kind,
        "id": "painref" if kind == "published" else LOCAL_ID,
        "name": "PainRef content",
        "version": "2026.12.1",
        "created": "2026-12-01T00:00:00+00:00",
        "schema_version": SCHEMA_VERSION,
        "content_version": "2026.12.1",
        "files": [{"path": name, "size": len(payload), "sha256": _sha(payload)}],
        "key_id": key.key_id,
    }
    manifest.update(change or {})
    data = json.dumps(manifest).encode()
    return write_members(
        path,
        {"manifest.json": data, "manifest.sig": key.sign(data), name: payload, **(extra or {})},
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
