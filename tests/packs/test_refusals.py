"""A pack that fails verification is refused in one clear line, recorded in the audit log,
and leaves the pack store byte for byte as it was (a tree snapshot before and after)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from painref import paths
from painref.errors import PainRefError
from painref.packs import PackRefused
from painref.packs.keys import SigningKey
from painref.packs.store import PackStore

from .conftest import forge, members, snapshot, write_members

Maker = Callable[..., Path]


class Packs:
    """What a case needs to make its bad pack."""

    def __init__(
        self,
        tmp: Path,
        published: Maker,
        local: Maker,
        published_db: Callable[[str], Path],
        release: SigningKey,
        department: SigningKey,
        stranger: SigningKey,
    ) -> None:
        self.tmp = tmp
        self.published = published
        self.local = local
        self.published_db = published_db
        self.release = release
        self.department = department
        self.stranger = stranger

    def rewritten(self, name: str, **changes: bytes) -> Path:
        """The valid 2026.12.1 pack with some members' bytes replaced."""
        files = members(self.published("2026.12.1")) | changes
        return write_members(self.tmp / name, files)

    def db_bytes(self, version: str = "2026.12.1") -> bytes:
        return self.published_db(version).read_bytes()


def bad_signature(p: Packs) -> Path:
    manifest = members(p.published("2026.12.1"))["manifest.json"]
    return p.rewritten("bad-signature.painrefpack", **{"manifest.sig": p.stranger.sign(manifest)})


def tampered_payload(p: Packs) -> Path:
    db = bytearray(members(p.published("2026.12.1"))["painref.db"])
    db[len(db) // 2] ^= 0xFF  # one byte, same size: only the digest can tell
    return p.rewritten("tampered-payload.painrefpack", **{"painref.db": bytes(db)})


def tampered_manifest(p: Packs) -> Path:
    manifest = json.loads(members(p.published("2026.12.1"))["manifest.json"])
    manifest["version"] = manifest["content_version"] = "2026.12.9"
    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
    return p.rewritten("tampered-manifest.painrefpack", **{"manifest.json": data})


def unknown_key(p: Packs) -> Path:
    return p.published("2026.12.1", key=p.stranger)


def newer_format(p: Packs) -> Path:
    return forge(
        p.tmp / "format-2.painrefpack", p.release, p.db_bytes(), change={"format_version": 2}
    )


def published_signed_by_a_local_key(p: Packs) -> Path:
    return p.published("2026.12.1", key=p.department)


def local_signed_by_the_release_key(p: Packs) -> Path:
    return p.local("2026.12.1", key=p.release)


def path_escape(p: Packs) -> Path:
    files = members(p.published("2026.12.1")) | {"../escaped.txt": b"outside"}
    return write_members(p.tmp / "escape.painrefpack", files)


def absolute_path(p: Packs) -> Path:
    files = members(p.published("2026.12.1")) | {"/etc/painref/policy.ini": b"[policy]\n"}
    return write_members(p.tmp / "absolute.painrefpack", files)


def not_a_zip(p: Packs) -> Path:
    path = p.tmp / "not-a-zip.painrefpack"
    path.write_bytes(b"PK\x03\x04 but not really a zip file" * 50)
    return path


def extra_member(p: Packs) -> Path:
    return p.rewritten("extra.painrefpack", **{"readme.txt": b"hello"})


def missing_payload(p: Packs) -> Path:
    files = members(p.published("2026.12.1"))
    del files["painref.db"]
    return write_members(p.tmp / "no-payload.painrefpack", files)


def oversized_manifest(p: Packs) -> Path:
    return p.rewritten("big-manifest.painrefpack", **{"manifest.json": b" " * 70_000 + b"{}"})


def manifest_not_json(p: Packs) -> Path:
    data = b"format: painref-pack\n"
    return p.rewritten(
        "yaml.painrefpack", **{"manifest.json": data, "manifest.sig": p.release.sign(data)}
    )


def wrong_field(p: Packs) -> Path:
    return forge(p.tmp / "bad-id.painrefpack", p.release, p.db_bytes(), change={"id": "Not An Id"})


def size_differs(p: Packs) -> Path:
    files = members(p.published("2026.12.1"))
    manifest = json.loads(files["manifest.json"])
    manifest["files"][0]["size"] += 1
    data = json.dumps(manifest).encode()
    return p.rewritten(
        "size.painrefpack", **{"manifest.json": data, "manifest.sig": p.release.sign(data)}
    )


def newer_schema(p: Packs) -> Path:
    return forge(
        p.tmp / "schema.painrefpack", p.release, p.db_bytes(), change={"schema_version": 99}
    )


def database_not_as_signed(p: Packs) -> Path:
    # Signed properly, but the database inside holds another version than the manifest says.
    return forge(p.tmp / "mislabelled.painrefpack", p.release, p.db_bytes("2026.12.2"))


def local_layer_that_does_not_open(p: Packs) -> Path:
    return forge(
        p.tmp / "foreign-local.painrefpack",
        p.department,
        p.db_bytes(),
        kind="local",
        change={"name": "Test Hospital Pain Service", "content_version": "2026.11.1"},
    )


CASES = {
    "bad signature": (bad_signature, "its signature does not match its manifest"),
    "tampered payload": (tampered_payload, "the payload was altered after it was signed"),
    "tampered manifest": (tampered_manifest, "its signature does not match its manifest"),
    "unknown key": (unknown_key, "which is not a PainRef release key"),
    "newer format": (newer_format, "made by a newer PainRef (this one reads format 1); update PainRef"),
    "published, local key": (published_signed_by_a_local_key, "trusts only for local layers"),
    "local, release key": (local_signed_by_the_release_key, "a local layer must be signed by a key in local_keys"),
    "path escape": (path_escape, "'../escaped.txt', a path outside the pack (refused: path escape)"),
    "absolute path": (absolute_path, "a path outside the pack (refused: path escape)"),
    "not a zip": (not_a_zip, "it is not a PainRef pack (not a readable ZIP file"),
    "extra member": (extra_member, "it holds files a pack does not: readme.txt"),
    "missing payload": (missing_payload, "it lacks its payload painref.db"),
    "oversized manifest": (oversized_manifest, "its manifest.json is larger than a pack's"),
    "manifest not JSON": (manifest_not_json, "its manifest is not JSON"),
    "wrong field": (wrong_field, "manifest: id: 'Not An Id' is not a kebab-case id"),
    "size differs": (size_differs, "bytes, not the"),
    "newer schema": (newer_schema, "schema 99, made for a newer PainRef"),
    "database not as signed": (database_not_as_signed, "its manifest says version '2026.12.1' but the database holds '2026.12.2'"),
    "local layer that does not open": (local_layer_that_does_not_open, "its database cannot be used"),
}  # fmt: skip


@pytest.fixture
def bad_packs(
    tmp_path: Path,
    published_pack: Maker,
    local_pack: Maker,
    published_db: Callable[[str], Path],
    release_key: SigningKey,
    local_key: SigningKey,
    stranger_key: SigningKey,
) -> Packs:
    folder = tmp_path / "bad"
    folder.mkdir()
    return Packs(
        folder, published_pack, local_pack, published_db, release_key, local_key, stranger_key
    )


@pytest.mark.parametrize("case", CASES)
def test_a_bad_pack_is_refused_and_changes_nothing(
    case: str, bad_packs: Packs, store: PackStore, published_pack: Maker, local_pack: Maker
) -> None:
    store.install(published_pack("2026.11.5"))
    store.install(local_pack("2026.11.1"))
    in_force = (paths.bundled_db(), paths.local_layer_db())
    before = snapshot(store.root)
    logged = len(store.read_log())
    make, expected = CASES[case]
    bad = make(bad_packs)

    with pytest.raises(PackRefused) as refused:
        store.install(bad)

    message = str(refused.value)
    assert message.startswith(f"refused {bad.name}: ")
    assert expected in message, message
    assert "\n" not in message
    assert isinstance(refused.value, PainRefError)
    assert snapshot(store.root) == before
    assert (paths.bundled_db(), paths.local_layer_db()) == in_force
    log = store.read_log()
    assert len(log) == logged + 1
    assert log[-1]["action"] == "refused"
    assert log[-1]["reason"] == refused.value.reason
    assert log[-1]["file"] == str(bad.absolute())


def test_a_refusal_into_an_empty_store_installs_nothing(bad_packs: Packs, store: PackStore) -> None:
    with pytest.raises(PackRefused, match="not a PainRef release key"):
        store.install(unknown_key(bad_packs))
    assert sorted(p.name for p in store.root.iterdir()) == [".lock", "packs.log"]
    assert paths.bundled_db() == paths.shipped_db()
    assert paths.local_layer_db() is None


def test_an_unknown_key_is_named_with_where_trusted_keys_come_from(
    bad_packs: Packs,
    store: PackStore,
    local_pack: Maker,
    stranger_key: SigningKey,
    local_key: SigningKey,
) -> None:
    with pytest.raises(PackRefused) as published:
        store.install(unknown_key(bad_packs))
    assert f"signed by key {stranger_key.key_id}" in str(published.value)
    assert "the keys built into this PainRef" in str(published.value)
    with pytest.raises(PackRefused) as local:
        store.install(local_pack("2026.12.1", key=stranger_key))
    assert f"signed by key {stranger_key.key_id}" in str(local.value)
    assert "local_keys in the policy file" in str(local.value)
    assert f"trusted now: {local_key.key_id}" in str(local.value)


def test_a_missing_file_is_refused(store: PackStore, tmp_path: Path) -> None:
    with pytest.raises(PackRefused, match="there is no such file"):
        store.install(tmp_path / "gone.painrefpack")
