"""The first page kept for the next start's first frame (painref/first_page.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from painref import first_page
from painref.first_page import CachedPage


def key(tmp_path: Path, **changes: object) -> dict[str, object]:
    content = tmp_path / "painref.db"
    if not content.exists():
        content.write_bytes(b"x" * 10)
    values: dict[str, object] = {
        "version": "1.0",
        "content": content,
        "local": None,
        "user": tmp_path / "user.db",
        "policy": {},
        "appearance": {"theme": "system", "font": "", "zoom": ""},
        "day": "2026-11-30",
    }
    values.update(changes)
    return first_page.cache_key(**values)  # type: ignore[arg-type]


def page(location: str = "epidural-steroid-injection", **changes: object) -> CachedPage:
    values: dict[str, object] = {
        "location": location,
        "title": "Epidural steroid injection",
        "html": "<h1>Epidural steroid injection</h1>",
        "measure_pt": 11.0,
        "outline": (("sec-1", "At a glance"),),
        "images": (),
        "status": "Content 2026.11.5",
        "check": {"figure_width": 680},
    }
    values.update(changes)
    return CachedPage(**values)  # type: ignore[arg-type]


def test_a_page_kept_is_read_back_whole(tmp_path: Path) -> None:
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page()])
    assert first_page.read(tmp_path / "cache", "epidural-steroid-injection", k) == page()


@pytest.mark.parametrize(
    "change",
    [
        {"version": "1.1"},
        {"day": "2026-12-01"},
        {"appearance": {"theme": "dark", "font": "", "zoom": ""}},
        {"policy": {"site_name": "Ward 7"}},
    ],
)
def test_a_page_kept_under_another_key_is_not_shown(
    tmp_path: Path, change: dict[str, object]
) -> None:
    first_page.write(tmp_path / "cache", key(tmp_path), [page()])
    assert (
        first_page.read(tmp_path / "cache", "epidural-steroid-injection", key(tmp_path, **change))
        is None
    )


def test_a_changed_content_database_or_user_file_makes_the_page_stale(tmp_path: Path) -> None:
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page()])
    (tmp_path / "painref.db").write_bytes(b"y" * 11)  # a new content pack, a rebuild
    assert first_page.read(tmp_path / "cache", "epidural-steroid-injection", key(tmp_path)) is None
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page()])
    (tmp_path / "user.db").write_bytes(b"notes")  # a note written since
    assert first_page.read(tmp_path / "cache", "epidural-steroid-injection", key(tmp_path)) is None


def test_only_the_location_asked_for_is_read(tmp_path: Path) -> None:
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page("home", title="Home")])
    assert first_page.read(tmp_path / "cache", "epidural-steroid-injection", k) is None
    assert first_page.read(tmp_path / "cache", "home", k) is not None


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[]", b'{"key": 1}', json.dumps({"location": "x"}).encode(), b"\xff\xfe"],
)
def test_a_damaged_cache_file_is_as_good_as_none(tmp_path: Path, damage: bytes) -> None:
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page()])
    path = (
        tmp_path / "cache" / first_page.FOLDER / first_page.file_name("epidural-steroid-injection")
    )
    path.write_bytes(damage)
    assert first_page.read(tmp_path / "cache", "epidural-steroid-injection", k) is None


def test_a_folder_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    assert first_page.write(blocker, key(tmp_path), [page()]) == []
    assert first_page.read(blocker, "epidural-steroid-injection", key(tmp_path)) is None


def test_writing_replaces_what_the_last_session_kept(tmp_path: Path) -> None:
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page("home", title="Home"), page()])
    first_page.write(tmp_path / "cache", k, [page("caudal-epidural-injection")])
    kept = sorted(p.name for p in (tmp_path / "cache" / first_page.FOLDER).iterdir())
    assert kept == [first_page.file_name("caudal-epidural-injection"), first_page.NAMES]


def test_at_most_max_pages_are_kept(tmp_path: Path) -> None:
    pages = [page(f"page-{i}") for i in range(first_page.MAX_PAGES + 5)]
    written = first_page.write(tmp_path / "cache", key(tmp_path), pages)
    assert len(written) == first_page.MAX_PAGES


@pytest.mark.parametrize("location", ["home", "compare:a,b,c", "local:ward-7-consent", "x/../../y"])
def test_every_location_has_a_file_name_inside_the_folder(location: str) -> None:
    name = first_page.file_name(location)
    assert "/" not in name and "\\" not in name and ":" not in name and "," not in name
    assert name.endswith(".json")


def test_distinct_locations_have_distinct_file_names() -> None:
    names = {first_page.file_name(x) for x in ("compare:a,b", "compare:a-b", "compare_a_b")}
    assert len(names) == 3


def test_a_long_pages_first_frame_is_its_opening_sections() -> None:
    body = "".join(
        f'<p class="h2"><a name="sec-{n}"></a>Part {n}</p><p>{"words " * 2000}</p>'
        for n in range(1, 6)
    )
    html = f"<html><body><h1>Title</h1>{body}</body></html>"
    opening = first_page.head(html)
    assert opening is not None
    assert html.startswith(opening[: -len("</body></html>")])
    assert "Part 2" in opening and "Part 3" not in opening
    assert opening.endswith("</body></html>")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>short</p></body></html>",
        "<html><body>" + "<p>no sections</p>" * 5000 + "</body></html>",
        '<html><body><p class="h2"><a name="sec-1"></a>Only</p>' + "x" * 30000 + "</body></html>",
    ],
)
def test_a_short_page_or_one_with_few_sections_is_drawn_whole(html: str) -> None:
    assert first_page.head(html) is None


def test_the_exact_names_of_the_pages_kept_find_them(tmp_path: Path) -> None:
    k = key(tmp_path)
    folder = tmp_path / "cache"
    names = {"esi": "epidural-steroid-injection", "rfa": "radiofrequency-ablation"}
    first_page.write(folder, k, [page()], names)
    assert first_page.named(folder, "esi", k) == "epidural-steroid-injection"
    assert first_page.named(folder, "rfa", k) is None  # that page is not kept
    assert first_page.named(folder, "back pain", k) is None
    assert first_page.named(folder, "esi", key(tmp_path, day="2026-12-01")) is None


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"key": 1}', '{"names": []}'])
def test_a_damaged_names_file_finds_nothing(tmp_path: Path, text: str) -> None:
    k = key(tmp_path)
    folder = tmp_path / "cache"
    first_page.write(folder, k, [page()], {"esi": "epidural-steroid-injection"})
    (folder / first_page.FOLDER / first_page.NAMES).write_text(text)
    assert first_page.named(folder, "esi", k) is None


def test_whether_a_page_scrolled_is_kept(tmp_path: Path) -> None:
    k = key(tmp_path)
    first_page.write(tmp_path / "cache", k, [page(scrolls=True)])
    kept = first_page.read(tmp_path / "cache", "epidural-steroid-injection", k)
    assert kept is not None and kept.scrolls


def test_a_page_kept_as_it_is_is_not_written_again(tmp_path: Path) -> None:
    k = key(tmp_path)
    folder = tmp_path / "cache"
    first_page.write(folder, k, [page()], {"esi": "epidural-steroid-injection"})
    files = sorted((folder / first_page.FOLDER).iterdir())
    before = [f.stat().st_ino for f in files]
    first_page.write(folder, k, [page()], {"esi": "epidural-steroid-injection"})
    assert [f.stat().st_ino for f in files] == before  # the same files, not replaced
    first_page.write(folder, k, [page(title="Epidural steroid injection, new")])
    assert [f.stat().st_ino for f in files] != before
