"""A database of the small test corpus plus test tool files (tests/tools/data/)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from painref.content.builder import build_database
from painref.content.library import Library

from ..conftest import TEST_DATA

TOOLS_DATA = Path(__file__).resolve().parent / "data"


def tools_corpus(target: Path) -> Path:
    """tests/data with the test tool files in its tools/ folder, at target."""
    shutil.copytree(TEST_DATA, target)
    shutil.copytree(TOOLS_DATA, target / "tools")
    return target


@pytest.fixture(scope="session")
def tools_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tools")
    path = root / "painref.db"
    build_database(tools_corpus(root / "data"), path)
    return path


@pytest.fixture
def tools_library(tools_db_path: Path) -> Iterator[Library]:
    library = Library.open(tools_db_path)
    yield library
    library.close()
