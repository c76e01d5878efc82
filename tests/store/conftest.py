"""A user database per test, where the app keeps it (user_data_dir() points at tmp)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from painref.paths import user_data_dir
from painref.store.db import UserStore


@pytest.fixture
def user_db_path() -> Path:
    return user_data_dir() / "user.db"


@pytest.fixture
def store(user_db_path: Path) -> Iterator[UserStore]:
    opened = UserStore.open(user_db_path)
    yield opened
    opened.close()
