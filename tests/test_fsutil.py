"""The write-beside-then-rename helper: the old file survives any failure, nothing is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from painref.fsutil import replacing


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


def _crash_mid_save(target: Path) -> None:
    with replacing(target) as temp:
        temp.write_text("half")
        raise RuntimeError("crash mid-save")


def test_replaces_only_when_the_block_succeeds(folder: Path) -> None:
    target = folder / "out.json"
    target.write_text("old")
    with replacing(target) as temp:
        assert temp.parent == folder and temp.exists()
        temp.write_text("new")
        assert target.read_text() == "old"  # nothing visible until the block ends
    assert target.read_text() == "new"
    assert [p.name for p in folder.iterdir()] == ["out.json"]


def test_a_failure_keeps_the_old_file_and_leaves_no_temporary(folder: Path) -> None:
    target = folder / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError, match="crash mid-save"):
        _crash_mid_save(target)
    assert target.read_text() == "old"
    assert [p.name for p in folder.iterdir()] == ["out.json"]


def test_an_unwritable_folder_fails_before_the_work(folder: Path) -> None:
    ran = []
    with pytest.raises(FileNotFoundError), replacing(folder / "missing" / "out.json"):
        ran.append(True)
    assert ran == []
