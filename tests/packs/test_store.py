"""Installing, rolling back and recording packs: what is in force follows, one previous
version is kept, and a failure part-way through leaves the old state in force."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from painref import paths
from painref.content.library import Library
from painref.content.local_layer import LocalLayer
from painref.packs import PackError, PackRefused
from painref.packs import store as store_module
from painref.packs.store import INSTALLED, ROLLED_BACK, UNCHANGED, PackStore

from .conftest import LOCAL_ID, SHIPPED_VERSION, snapshot

Maker = Callable[..., Path]


def content_version() -> str:
    library = Library.open(paths.bundled_db())
    try:
        return library.meta.content_version
    finally:
        library.close()


def local_version() -> tuple[str, str] | None:
    db = paths.local_layer_db()
    if db is None:
        return None
    with LocalLayer.open(db) as layer:
        return layer.meta.id, layer.meta.version


def test_install_then_roll_back_published_content(
    store: PackStore, published_pack: Maker, shipped: Path
) -> None:
    assert paths.bundled_db() == shipped
    first = store.install(published_pack("2026.12.1"))
    assert first.action == INSTALLED
    assert first.message == "installed published content 2026.12.1"
    assert paths.bundled_db() == store.root / "published" / "2026.12.1" / "painref.db"
    assert content_version() == "2026.12.1"

    second = store.install(published_pack("2026.12.2"))
    assert second.message == (
        "installed published content 2026.12.2; published content 2026.12.1 is kept as the "
        "previous version"
    )
    assert content_version() == "2026.12.2"

    back = store.rollback("published")
    assert back.action == ROLLED_BACK
    assert back.message == (
        "rolled back from published content 2026.12.2 to published content 2026.12.1"
    )
    assert content_version() == "2026.12.1"
    state = store.state().slot("published")
    assert state.current is not None and state.current.version == "2026.12.1"
    assert state.previous is not None and state.previous.version == "2026.12.2"
    assert state.held is not None and state.held.version == "2026.12.2"

    # With no earlier pack, published content goes back to what PainRef ships.
    store.rollback("published")  # forward again to 2026.12.2 (previous 2026.12.1)
    assert content_version() == "2026.12.2"
    store.rollback("published")
    store.install(published_pack("2026.12.3"))  # previous: 2026.12.1 -> dropped
    assert sorted(p.name for p in (store.root / "published").iterdir()) == [
        "2026.12.1",
        "2026.12.3",
    ]


def test_rolling_back_the_only_pack_returns_to_the_shipped_content(
    store: PackStore, published_pack: Maker, shipped: Path
) -> None:
    store.install(published_pack("2026.12.1"))
    outcome = store.rollback("published")
    assert outcome.message == (
        f"rolled back from published content 2026.12.1 to the content this PainRef ships "
        f"({SHIPPED_VERSION})"
    )
    assert paths.bundled_db() == shipped
    # ...and the rolled-back pack can be put back in force.
    store.rollback("published")
    assert content_version() == "2026.12.1"


def test_install_then_roll_back_a_local_layer(store: PackStore, local_pack: Maker) -> None:
    assert paths.local_layer_db() is None
    store.install(local_pack("2026.12.1"))
    assert local_version() == (LOCAL_ID, "2026.12.1")
    store.install(local_pack("2026.12.2"))
    assert local_version() == (LOCAL_ID, "2026.12.2")
    assert store.rollback("local").message == (
        f"rolled back from local layer {LOCAL_ID} 2026.12.2 (Test Hospital Pain Service) to "
        f"local layer {LOCAL_ID} 2026.12.1 (Test Hospital Pain Service)"
    )
    assert local_version() == (LOCAL_ID, "2026.12.1")


def test_one_local_layer_at_a_time(store: PackStore, local_pack: Maker) -> None:
    store.install(local_pack("2026.12.1"))
    outcome = store.install(local_pack("2026.1.1", layer_id="other-department"))
    assert outcome.action == INSTALLED
    assert local_version() == ("other-department", "2026.1.1")  # older, but another layer
    slot = store.state().slot("local")
    assert slot.previous is not None and slot.previous.id == LOCAL_ID
    store.rollback("local")
    assert local_version() == (LOCAL_ID, "2026.12.1")
    store.rollback("local")
    assert local_version() == ("other-department", "2026.1.1")


def test_the_same_version_again_changes_nothing(store: PackStore, published_pack: Maker) -> None:
    store.install(published_pack("2026.12.1"))
    before = snapshot(store.root)
    outcome = store.install(published_pack("2026.12.1"))
    assert outcome.action == UNCHANGED
    assert outcome.message == "published content 2026.12.1 is already installed; nothing changed"
    assert snapshot(store.root) == before


def test_the_shipped_version_as_a_pack_changes_nothing(
    store: PackStore, published_pack: Maker
) -> None:
    outcome = store.install(published_pack(SHIPPED_VERSION))
    assert outcome.message == (
        f"published content {SHIPPED_VERSION} is the content this PainRef ships; nothing changed"
    )
    assert store.state().slot("published").current is None


def test_an_older_version_is_refused(
    store: PackStore, published_pack: Maker, local_pack: Maker
) -> None:
    store.install(published_pack("2026.12.2"))
    store.install(local_pack("2026.12.2"))
    before = snapshot(store.root)
    with pytest.raises(
        PackRefused, match=r"older than the content 2026\.12\.2 installed; .*rollback published"
    ):
        store.install(published_pack("2026.12.1"))
    with pytest.raises(PackRefused, match=r"older than 2026\.12\.2, installed; .*rollback local"):
        store.install(local_pack("2026.12.1"))
    with pytest.raises(PackRefused, match=r"older than the content 2026\.11\.1 this PainRef ships"):
        PackStore(store.root.parent / "other").install(published_pack("2026.10.1"))
    assert snapshot(store.root) == before


def test_a_refusal_is_recorded_without_an_install(
    tmp_path: Path, store: PackStore, published_pack: Maker
) -> None:
    store.install(published_pack("2026.12.2"))
    with pytest.raises(PackRefused):
        store.install(published_pack("2026.12.1"))  # older: refused by the install
    by_install = store.read_log()[-1]
    before = snapshot(store.root)
    pack = published_pack("2026.12.3")  # a valid pack: only the refusal is recorded
    store.record_refusal(pack, "it is not a readable PainRef pack (flaky share)")
    assert snapshot(store.root) == before
    entry = store.read_log()[-1]
    assert set(entry) == set(by_install)
    assert entry["action"] == "refused"
    assert entry["file"] == str(pack.absolute())
    assert entry["reason"] == "it is not a readable PainRef pack (flaky share)"
    assert entry["version"] is None and entry["pack_sha256"] is None


def test_a_failure_while_moving_into_place_leaves_the_old_state(
    store: PackStore, published_pack: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.install(published_pack("2026.12.1"))
    before = snapshot(store.root)
    state = store.state_file.read_bytes()

    def crash(source: Path, target: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store_module, "_move_into_place", crash)
    with pytest.raises(
        PackError, match=r"cannot install .*: Input/output error; nothing was changed"
    ):
        store.install(published_pack("2026.12.2"))
    assert store.state_file.read_bytes() == state
    assert snapshot(store.root) == before
    assert content_version() == "2026.12.1"
    assert store.read_log()[-1]["action"] == "failed"


def test_a_crash_before_the_state_is_written_leaves_the_old_state(
    store: PackStore, published_pack: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.install(published_pack("2026.12.1"))
    state = store.state_file.read_bytes()
    real_write = PackStore._write_state

    class Crash(BaseException):
        """Stands in for the process dying: nothing after it runs."""

    def crash(self: PackStore, new: object) -> None:
        raise Crash

    monkeypatch.setattr(PackStore, "_write_state", crash)
    with pytest.raises(Crash):
        store.install(published_pack("2026.12.2"))
    # The new version was renamed into place, but the state still names the old one.
    assert (store.root / "published" / "2026.12.2" / "painref.db").is_file()
    assert store.state_file.read_bytes() == state
    assert content_version() == "2026.12.1"

    monkeypatch.setattr(PackStore, "_write_state", real_write)
    outcome = store.install(published_pack("2026.12.2"))  # the leftover is replaced
    assert outcome.action == INSTALLED
    assert content_version() == "2026.12.2"
    assert not list(store.root.glob(".incoming-*"))


def test_the_state_and_the_log_record_what_was_installed(
    store: PackStore, published_pack: Maker, release_key: object
) -> None:
    pack = published_pack("2026.12.1")
    store.install(pack)
    state = json.loads(store.state_file.read_text(encoding="utf-8"))
    current = state["published"]["current"]
    assert current["version"] == "2026.12.1"
    assert current["path"] == "published/2026.12.1/painref.db"
    assert current["file"] == str(pack.absolute())
    assert current["key_id"] == release_key.key_id  # type: ignore[attr-defined]
    assert current["installed_by"] and current["host"] is not None
    assert len(current["pack_sha256"]) == 64
    folder = store.root / "published" / "2026.12.1"
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        "manifest.sig",
        "painref.db",
    ]
    entry = store.read_log()[-1]
    assert entry["action"] == "install"
    assert (entry["kind"], entry["id"], entry["version"]) == ("published", "painref", "2026.12.1")
    assert entry["pack_sha256"] == current["pack_sha256"]
    assert entry["key_id"] == current["key_id"]
    assert {"time", "user", "host", "file", "outcome"} <= set(entry)
    store.rollback("published")
    assert store.read_log()[-1]["action"] == "rollback"


def test_nothing_to_roll_back(store: PackStore) -> None:
    with pytest.raises(PackError, match=r"no local pack is installed .*; nothing to roll back"):
        store.rollback("local")


def test_a_damaged_state_file_is_reported_and_the_shipped_content_used(
    store: PackStore, published_pack: Maker, shipped: Path
) -> None:
    store.install(published_pack("2026.12.1"))
    store.state_file.write_text("{not json", encoding="utf-8")
    assert paths.bundled_db() == shipped
    with pytest.raises(PackError, match=r"state file .* is damaged .*move the file away"):
        store.install(published_pack("2026.12.2"))


def test_another_install_in_progress_is_said(store: PackStore, published_pack: Maker) -> None:
    if os.name == "nt":  # pragma: no cover
        pytest.skip("flock")
    import fcntl

    store.root.mkdir(parents=True)
    with (store.root / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PackError, match="another PainRef is changing the pack store"):
            store.install(published_pack("2026.12.1"))
    assert store.install(published_pack("2026.12.1")).action == INSTALLED


def test_the_policy_moves_the_store(
    published_pack: Maker, policy_file: Path, tmp_path: Path, local_key: object
) -> None:
    from painref.packs import keys

    from .conftest import write_policy

    public = keys.encode(local_key.public)  # type: ignore[attr-defined]
    write_policy(policy_file, f"packs_dir = {tmp_path / 'site-packs'}\nlocal_keys = {public}\n")
    assert paths.packs_location() == (tmp_path / "site-packs", "policy")
    PackStore.default().install(published_pack("2026.12.1"))
    assert paths.bundled_db() == tmp_path / "site-packs" / "published" / "2026.12.1" / "painref.db"


def test_installing_the_version_kept_as_previous_puts_it_back(
    store: PackStore,
    published_pack: Maker,
    published_db: Callable[[str], Path],
    release_key: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from painref.packs import builder

    store.install(published_pack("2026.12.1"))
    store.install(published_pack("2026.12.2"))
    store.rollback("published")  # 2026.12.1 in force, 2026.12.2 kept as previous
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    rebuilt = builder.build_pack(
        "published",
        published_db("2026.12.2"),
        release_key,  # type: ignore[arg-type]
        tmp_path / "rebuilt-2026.12.2.painrefpack",
    )
    with pytest.raises(PackRefused, match="kept as the previous version from another pack file"):
        store.install(rebuilt.path)
    outcome = store.install(published_pack("2026.12.2"))
    assert (
        outcome.message
        == "installed published content 2026.12.2 (again: it was the previous version)"
    )
    assert content_version() == "2026.12.2"
    slot = store.state().slot("published")
    assert slot.current is not None and slot.previous is not None
    assert (slot.current.version, slot.previous.version, slot.held) == (
        "2026.12.2",
        "2026.12.1",
        None,
    )
    assert slot.current.installed_at >= slot.previous.installed_at
