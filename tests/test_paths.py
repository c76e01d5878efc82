"""User data goes to the user's own folders, or beside the executable in portable mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from painref import paths


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv(paths.USER_DIR_ENV, raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    exe_dir = tmp_path / "install"
    exe_dir.mkdir()
    monkeypatch.setattr(sys, "executable", str(exe_dir / "painref"))
    return exe_dir


def test_override_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.USER_DIR_ENV, str(tmp_path / "mine"))
    assert paths.user_data_dir() == tmp_path / "mine"
    assert paths.settings_file() == tmp_path / "mine" / "settings.ini"


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", "home/.local/share/painref"),
        ("win32", "home/AppData/Local/PainRef"),
        ("darwin", "home/Library/Application Support/PainRef"),
    ],
)
def test_platform_folders(
    no_override: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, expected: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(var, raising=False)
    assert paths.user_data_dir() == tmp_path / expected
    assert not str(paths.user_data_dir()).startswith(str(no_override))


def test_linux_settings_follow_xdg(
    no_override: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.settings_file() == tmp_path / "cfg" / "painref" / "settings.ini"
    assert paths.user_data_dir() == tmp_path / "data" / "painref"


def test_portable_marker_keeps_data_beside_the_executable(no_override: Path) -> None:
    assert paths.portable_dir() is None
    (no_override / paths.PORTABLE_MARKER).write_text("portable\n")
    assert paths.user_data_dir() == no_override / paths.PORTABLE_FOLDER
    assert paths.settings_file() == no_override / paths.PORTABLE_FOLDER / "settings.ini"


def test_replace_problem_allows_only_regular_files_or_nothing(tmp_path: Path) -> None:
    regular = tmp_path / "file.json"
    regular.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(regular)
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert paths.replace_problem(tmp_path / "new.json") is None
    assert paths.replace_problem(regular) is None
    assert "symbolic link" in (paths.replace_problem(link) or "")
    assert "folder" in (paths.replace_problem(folder) or "")
    assert "not a regular file" in (paths.replace_problem(fifo) or "")
    if Path("/dev/full").exists():
        assert "not a regular file" in (paths.replace_problem(Path("/dev/full")) or "")


# -- the content databases in force (installed packs; painref/packs writes the state) ------


def _state(folder: Path, **entries: dict[str, object]) -> None:
    """A pack store's state file naming the current pack of each kind given."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    state = {"state_format": 1}
    state.update({kind: {"current": entry, "previous": None} for kind, entry in entries.items()})
    (folder / paths.PACK_STATE).write_text(json.dumps(state), encoding="utf-8")


def _published(
    folder: Path, version: str, schema: object = None, make: bool = True
) -> dict[str, object]:
    from painref.content.version import SCHEMA_VERSION

    relative = f"published/{version}/painref.db"
    if make:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(b"SQLite format 3\x00")
    return {
        "version": version,
        "path": relative,
        "schema_version": SCHEMA_VERSION if schema is None else schema,
        "content_version": version,
    }


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> Path:
    """PainRef ships the small test database (content 2026.11.1)."""
    monkeypatch.setattr(paths, "shipped_db", lambda: small_db_path)
    return small_db_path


def test_the_installed_published_pack_is_read_when_it_can_be(
    shipped: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = paths.packs_dir()
    assert store == paths.user_data_dir() / "packs"
    assert paths.bundled_db() == shipped
    assert paths.installed_published_db() == (None, None)
    _state(store, published=_published(store, "2026.12.1"))
    installed = store / "published" / "2026.12.1" / "painref.db"
    assert paths.bundled_db() == installed
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "mine.db"))
    assert paths.bundled_db() == tmp_path / "mine.db"  # PAINREF_DB wins


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        (lambda s: _published(s, "2026.10.1"), "is older than the content this PainRef ships (2026.11.1)"),
        (lambda s: _published(s, "2026.12.1", schema=99), "has schema 99; this PainRef reads schema"),
        (lambda s: _published(s, "2026.12.1", make=False), "is missing its database"),
        (lambda s: {**_published(s, "2026.12.1"), "path": "../../elsewhere/painref.db"}, "names no usable database"),
    ],
)  # fmt: skip
def test_an_installed_pack_that_cannot_be_used_steps_aside(
    shipped: Path, entry: object, why: str
) -> None:
    store = paths.packs_dir()
    _state(store, published=entry(store))  # type: ignore[operator]
    assert paths.bundled_db() == shipped
    db, reason = paths.installed_published_db()
    assert db is None and why in (reason or "")


def test_a_damaged_state_file_means_the_shipped_content(shipped: Path) -> None:
    store = paths.packs_dir()
    store.mkdir(parents=True)
    (store / paths.PACK_STATE).write_bytes(b"\xff{ not json")
    assert paths.bundled_db() == shipped
    assert paths.local_layer_db() is None


def test_the_local_layer_in_force(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    store = paths.packs_dir()
    assert paths.local_layer_db() is None
    relative = "local/st-elsewhere/2026.12.1/local.db"
    _state(store, local={"version": "2026.12.1", "path": relative})
    assert paths.local_layer_db() is None  # the state names a file that is not there
    (store / relative).parent.mkdir(parents=True)
    (store / relative).write_bytes(b"")
    assert paths.local_layer_db() == store / relative
    monkeypatch.setenv(paths.LOCAL_DB_ENV, str(tmp_path / "preview.db"))
    assert paths.local_layer_db() == tmp_path / "preview.db"


def test_the_shipped_content_version_is_read_or_none(
    shipped: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sqlite3

    assert paths.shipped_content_version() == "2026.11.1"
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("not a database")
    no_meta = tmp_path / "other.db"
    connection = sqlite3.connect(no_meta)
    connection.execute("CREATE TABLE other (x)")
    connection.commit()
    connection.close()
    for db in (tmp_path / "missing.db", tmp_path, not_sqlite, no_meta):
        monkeypatch.setattr(paths, "shipped_db", lambda db=db: db)
        assert paths.shipped_content_version() is None, db


def test_versions_compare_as_numbers() -> None:
    assert paths.version_key("2026.12.10") > paths.version_key("2026.12.9")
    assert paths.version_key("2026.12") < paths.version_key("2026.12.0")
    assert paths.version_key("v2") == ()
