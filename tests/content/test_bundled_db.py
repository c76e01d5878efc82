"""The database shipped in the package is the one data/ builds: same sources, same content."""

from __future__ import annotations

import sqlite3

from painref import paths
from painref.content.library import Library
from painref.content.loader import source_hash

from ..conftest import REAL_DATA


def _content(db: object) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(str(db)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'topics_fts%' "
                "ORDER BY name"
            )
        ]
        return {
            t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr)
            for t in tables
            if t != "meta"
        }


def test_shipped_database_matches_the_sources() -> None:
    shipped = paths.bundled_db()
    assert shipped.is_file(), f"{shipped} is missing: run `painref build-db` and commit it"
    library = Library.open(shipped)
    try:
        assert library.meta.source_hash == source_hash(REAL_DATA), (
            "data/painref.db is stale: run `painref build-db` and commit data/painref.db"
        )
    finally:
        library.close()


def test_shipped_database_holds_what_a_fresh_build_holds(real_db_path: object) -> None:
    assert _content(paths.bundled_db()) == _content(real_db_path)
