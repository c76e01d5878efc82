"""Installing from a folder IT points PainRef at: the newest pack of each kind that verifies
and is newer than what is installed; each file's outcome said; never an exception."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from painref import paths
from painref.packs import PackRefused, keys
from painref.packs import sync as sync_module
from painref.packs.keys import SigningKey
from painref.packs.store import PackStore
from painref.packs.sync import (
    HELD,
    INSTALLED_FILE,
    NOT_NEWER,
    REFUSED,
    SKIPPED,
    install_from_folder,
    sync_from_policy,
)

from .conftest import LOCAL_ID, members, snapshot, write_members, write_policy

Maker = Callable[..., Path]


def share(tmp_path: Path, *packs: Path, names: dict[Path, str] | None = None) -> Path:
    folder = tmp_path / "share"
    folder.mkdir(exist_ok=True)
    for pack in packs:
        shutil.copy(pack, folder / (names or {}).get(pack, pack.name))
    return folder


def outcomes(result: object) -> dict[str, str]:
    return {item.file: item.outcome for item in result.files}  # type: ignore[attr-defined]


def test_the_newest_valid_pack_of_each_kind_is_installed(
    tmp_path: Path, store: PackStore, published_pack: Maker, local_pack: Maker
) -> None:
    newest_but_tampered = tmp_path / "painref-2026.12.3.painrefpack"
    files = members(published_pack("2026.12.3"))
    db = bytearray(files["painref.db"])
    db[100] ^= 0x01
    write_members(newest_but_tampered, files | {"painref.db": bytes(db)})
    folder = share(
        tmp_path,
        published_pack("2026.12.1"),
        published_pack("2026.12.2"),
        newest_but_tampered,
        local_pack("2026.12.1"),
        local_pack("2026.12.2"),
    )
    result = install_from_folder(folder, store)

    assert result.changed == ("published", "local")
    assert [o.current.version for o in result.installed if o.current] == ["2026.12.2", "2026.12.2"]
    seen = outcomes(result)
    assert seen[newest_but_tampered.name] == REFUSED
    assert seen[published_pack("2026.12.2").name] == INSTALLED_FILE
    assert seen[published_pack("2026.12.1").name] == NOT_NEWER
    assert seen[local_pack("2026.12.2").name] == INSTALLED_FILE
    assert len(result.problems) == 1 and "was altered after it was signed" in result.problems[0]
    assert result.summary().startswith(
        "Installed published content 2026.12.2; Installed local layer"
    )
    assert "1 content pack problem: refused painref-2026.12.3.painrefpack" in result.summary()
    assert paths.bundled_db().parent.name == "2026.12.2"

    again = install_from_folder(folder, store)  # nothing newer now
    assert again.installed == ()
    assert outcomes(again)[published_pack("2026.12.2").name] == NOT_NEWER
    assert [e["action"] for e in store.read_log()].count("refused") == 2


def test_nothing_new_is_said_in_one_line(
    tmp_path: Path, store: PackStore, published_pack: Maker
) -> None:
    store.install(published_pack("2026.12.2"))
    folder = share(tmp_path, published_pack("2026.12.1"), published_pack("2026.12.2"))
    result = install_from_folder(folder, store)
    assert result.installed == () and result.problems == ()
    assert result.summary() == f"No new content packs in {folder}"


def test_a_rolled_back_version_is_held_back(
    tmp_path: Path, store: PackStore, published_pack: Maker, shipped: Path
) -> None:
    folder = share(tmp_path, published_pack("2026.12.1"), published_pack("2026.12.2"))
    install_from_folder(folder, store)  # 2026.12.2, the newest
    store.rollback("published")  # to the shipped content
    result = install_from_folder(folder, store)
    assert result.installed == ()
    assert outcomes(result) == {
        published_pack("2026.12.2").name: HELD,
        published_pack("2026.12.1").name: HELD,  # not newer than the version rolled back
    }
    assert paths.bundled_db() == shipped
    # By hand, a held-back version is installed.
    assert store.install(published_pack("2026.12.1")).current.version == "2026.12.1"  # type: ignore[union-attr]
    # A newer version than the one rolled back from is installed.
    shutil.copy(published_pack("2026.12.3"), folder)
    assert install_from_folder(folder, store).changed == ("published",)
    assert paths.bundled_db().parent.name == "2026.12.3"


def test_local_layers_of_several_ids_are_a_problem(
    tmp_path: Path, store: PackStore, local_pack: Maker
) -> None:
    folder = share(tmp_path, local_pack("2026.12.1"), local_pack("2026.12.1", layer_id="other"))
    result = install_from_folder(folder, store)
    assert result.installed == ()
    assert set(outcomes(result).values()) == {SKIPPED}
    assert "holds local layers with different ids (other, test-hospital-pain)" in result.problems[0]
    assert paths.local_layer_db() is None


def test_an_unreadable_folder_is_a_problem(tmp_path: Path, store: PackStore) -> None:
    result = install_from_folder(tmp_path / "no-share", store)
    assert result.installed == ()
    assert result.problems[0].startswith(f"the pack folder {tmp_path / 'no-share'} cannot be read")
    assert "content pack problem" in result.summary()


def test_a_file_that_is_not_a_pack_is_refused_and_logged(
    tmp_path: Path, store: PackStore, published_pack: Maker
) -> None:
    folder = share(tmp_path, published_pack("2026.12.1"))
    (folder / "notes.painrefpack").write_text("not a pack")
    result = install_from_folder(folder, store)
    assert outcomes(result) == {
        "notes.painrefpack": REFUSED,
        published_pack("2026.12.1").name: INSTALLED_FILE,
    }
    assert store.read_log()[0]["action"] == "refused"


def test_a_pack_that_cannot_be_read_once_is_never_installed_to_log_it(
    tmp_path: Path,
    store: PackStore,
    published_pack: Maker,
    shipped: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A share that fails the first read and answers the second: the refusal is logged, and
    the pack (here a held-back version) is not installed behind folder sync's checks."""
    folder = share(tmp_path, published_pack("2026.12.1"))
    install_from_folder(folder, store)
    store.rollback("published")  # 2026.12.1 is held back from folder sync now
    before = snapshot(store.root)
    lines = len(store.read_log())
    flaky = published_pack("2026.12.1").name

    def peek_fails(path: Path) -> object:
        raise PackRefused(path.name, "it is not a readable PainRef pack (the share vanished)")

    monkeypatch.setattr(sync_module, "_peek", peek_fails)
    result = install_from_folder(folder, store)

    assert result.installed == ()
    assert outcomes(result) == {flaky: REFUSED}
    assert result.problems == (
        f"refused {flaky}: it is not a readable PainRef pack (the share vanished)",
    )
    assert snapshot(store.root) == before
    assert paths.bundled_db() == shipped
    new_lines = store.read_log()[lines:]
    assert [e["action"] for e in new_lines] == ["refused"]
    assert new_lines[0]["file"] == str((folder / flaky).absolute())
    assert new_lines[0]["reason"] == "it is not a readable PainRef pack (the share vanished)"


def test_the_policy_names_the_folder(
    tmp_path: Path,
    policy_file: Path,
    store: PackStore,
    published_pack: Maker,
    local_pack: Maker,
    local_key: SigningKey,
) -> None:
    assert sync_from_policy(store).summary() == ""  # no pack_folder: nothing to do
    folder = share(tmp_path, published_pack("2026.12.1"), local_pack("2026.12.1"))
    write_policy(
        policy_file,
        f"pack_folder = {folder}\nlocal_keys = {keys.encode(local_key.public)}\n",
    )
    result = sync_from_policy()
    assert result.folder == folder
    assert result.changed == ("published", "local")
    assert paths.local_layer_db() == (
        paths.packs_dir() / "local" / LOCAL_ID / "2026.12.1" / "local.db"
    )
