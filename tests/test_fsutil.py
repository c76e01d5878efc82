"""The write-beside-then-rename helper: the old file survives any failure, nothing is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from painref.fsutil import replacing


def test_replaces_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with replacing(target) as temp:
        assert temp.parent == tmp_path and temp.exists()
        temp.write_text("new")
        assert target.read_text() == "old"  # nothing visible until the block ends
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as temp:
        temp.write_text("half")
        raise RuntimeError("crash mid-save")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_unwritable_folder_fails_before_the_work(tmp_path: Path) -> None:
    ran = []
    with pytest.raises(OSError), replacing(tmp_path / "missing" / "out.json"):
        ran.append(True)
    assert ran == []
