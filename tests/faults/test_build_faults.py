"""`build-db` on damaged or malicious copies of data/: one clear line, the old database kept.

Each case copies the real data/ folder, damages one file, and checks that the build fails
with a PainRefError naming the file (and field) and leaves an existing database untouched,
byte for byte, with no temporary file beside it.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painref.content.builder import build_database
from painref.content.loader import load_corpus
from painref.errors import ContentError, PainRefError

from ..conftest import REAL_DATA, TEST_DATA

TOPIC = "topics/epidural-steroid-injection.md"
SUMMARY = "\nsummary: >-\n  "
"""The start of a topic summary (folded style), where a test plants a link or an image."""
CONDITION_SUMMARY = "\n  summary: >-\n    "
"""The start of the first condition summary in conditions.yaml (herniated-disc)."""
NOTICE_TOPIC = "topics/botulinum-toxin-injection.md"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the real content sources (without the built database)."""
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target, ignore=shutil.ignore_patterns("painref.db"))
    return target


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """An existing database where the build writes: a failed build must leave it as is."""
    target = tmp_path / "out" / "painref.db"
    target.parent.mkdir()
    shutil.copyfile(REAL_DATA / "painref.db", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_in(file: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda data: _edit(data / file, old, new)


def _folder(file: str) -> Callable[[Path], None]:
    return lambda data: (data / file).mkdir(parents=True)


def _symlink(file: str, target: str) -> Callable[[Path], None]:
    return lambda data: (data / file).symlink_to(target)


def _drop_attribute(key: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        path = data / "attributes.yaml"
        text = path.read_text(encoding="utf-8")
        start = text.index(f"- key: {key}\n")
        end = text.find("\n- key:", start)
        path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")

    return damage


def _prepend(file: str, data_bytes: bytes) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        path = data / file
        path.write_bytes(data_bytes + path.read_bytes())

    return damage


def _append(file: str, text: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        path = data / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return damage


CASES: list[tuple[str, Callable[[Path], None], str]] = [
    # D8: dates PyYAML builds while parsing
    (
        "topic month 13",
        _edit_in(TOPIC, "reviewed: 2026-11-30", "reviewed: 2026-13-45"),
        r"epidural-steroid-injection\.md: reviewed: .*month",
    ),
    (
        "topic February 30",
        _edit_in(TOPIC, "reviewed: 2026-11-30", "reviewed: 2026-02-30"),
        r"epidural-steroid-injection\.md: reviewed: .*day",
    ),
    (
        "condition month 13",
        _edit_in("conditions.yaml", "reviewed: 2026-11-30", "reviewed: 2026-13-45"),
        r"conditions\.yaml: entry herniated-disc: reviewed: ",
    ),
    (
        "split condition February 30",
        _edit_in("conditions/a.yaml", "reviewed: 2026-11-30", "reviewed: 2026-02-30"),
        r"conditions/a\.yaml: entry sacroiliac-joint-pain: reviewed: ",
    ),
    (
        "explicit !!int tag",
        _edit_in(TOPIC, "kind: procedure", "kind: !!int abc"),
        r"epidural-steroid-injection\.md: invalid YAML in front matter: 'abc' is not a valid "
        r"int \(line 4\)",
    ),
    (
        "explicit !!bool tag",
        _edit_in(TOPIC, "kind: procedure", "kind: !!bool maybe"),
        r"epidural-steroid-injection\.md: .*'maybe' is not a valid bool",
    ),
    (
        "explicit !!timestamp tag",
        _edit_in(TOPIC, "reviewed: 2026-11-30", "reviewed: !!timestamp junk"),
        r"epidural-steroid-injection\.md: reviewed: ",
    ),
    (
        "binary value",
        _edit_in(TOPIC, "title: Epidural steroid injection", "title: !!binary AAAA"),
        r"epidural-steroid-injection\.md: .*binary",
    ),
    # D8: files that are not files
    (
        "folder as a reference list",
        _folder("references/x.yaml"),
        r"references/x\.yaml: is a folder",
    ),
    ("folder as a topic", _folder("topics/zz.md"), r"topics/zz\.md: is a folder"),
    (
        "dangling symlink topic",
        _symlink("topics/dangling.md", "nowhere.md"),
        r"topics/dangling\.md: broken symbolic link",
    ),
    (
        "symlink loop topic",
        _symlink("topics/loop.md", "loop.md"),
        r"topics/loop\.md: symbolic link loop",
    ),
    (
        # /dev/null, not /dev/zero: a regression must fail this test, not eat the memory.
        "symlink to a device",
        _symlink("topics/null.md", "/dev/null"),
        r"topics/null\.md: is a device",
    ),
    (
        "content.yaml is a folder",
        lambda data: ((data / "content.yaml").unlink(), (data / "content.yaml").mkdir()),
        r"content\.yaml: is a folder",
    ),
    # D9: duplicate keys
    (
        "title twice",
        _edit_in(TOPIC, "kind: procedure\n", "kind: procedure\ntitle: SHADOW TITLE\n"),
        r"epidural-steroid-injection\.md: title: the key is given twice \(lines 3 and 5\)",
    ),
    (
        "content_version twice",
        _prepend("content.yaml", b'content_version: "9999.shadow"\n'),
        r"content\.yaml: content_version: the key is given twice",
    ),
    (
        "reference field twice",
        _edit_in("references.yaml", "  title: ", "  title: Shadow\n  title: "),
        r"references\.yaml: title: the key is given twice",
    ),
    # D9: links and images in summaries
    (
        "painref: link in a topic summary",
        _edit_in(TOPIC, SUMMARY, SUMMARY + "[x](painref://compare/a/b) "),
        r"epidural-steroid-injection\.md: summary: link 'painref://compare/a/b' is not allowed",
    ),
    (
        "ftp: link in a topic summary",
        _edit_in(TOPIC, SUMMARY, SUMMARY + "[x](ftp://example.org/a) "),
        r"epidural-steroid-injection\.md: summary: link 'ftp://example\.org/a' is not allowed",
    ),
    (
        "image in a topic summary",
        _edit_in(TOPIC, SUMMARY, SUMMARY + "![t](https://evil.example/t.png) "),
        r"epidural-steroid-injection\.md: summary: images are not supported",
    ),
    (
        "painref: link in a condition summary",
        _edit_in(
            "conditions.yaml",
            CONDITION_SUMMARY,
            CONDITION_SUMMARY + "[x](painref://show/x) ",
        ),
        r"conditions\.yaml: entry herniated-disc: summary: link 'painref://show/x' is not allowed",
    ),
    (
        "image in a split condition summary",
        _edit_in(
            "conditions/a.yaml",
            "    Pain arising from a sacroiliac joint",
            "    ![t](https://evil.example/t.png) Pain arising from a sacroiliac joint",
        ),
        r"conditions/a\.yaml: entry sacroiliac-joint-pain: summary: images are not supported",
    ),
    # D9: invisible and control characters
    (
        "RTL override in a title",
        _edit_in(TOPIC, "title: Epidural steroid", "title: Epidural \u202esteroid"),
        r"epidural-steroid-injection\.md: title: contains the invisible bidirectional control "
        r"U\+202E",
    ),
    (
        "isolate in an alias, as a YAML escape",
        _edit_in(TOPIC, "  - epidural injection\n", '  - "epidural \\u2066injection"\n'),
        r"epidural-steroid-injection\.md: aliases\.0: contains the invisible bidirectional "
        r"control U\+2066",
    ),
    (
        "RTL override in a condition alias",
        _edit_in("conditions.yaml", "slipped disc", "slipped \u202edisc"),
        r"conditions\.yaml: entry herniated-disc: aliases\.1: contains the invisible",
    ),
    (
        "NUL in the body",
        _append(TOPIC, "\nA \0 fact [@seed-overview].\n"),
        r"epidural-steroid-injection\.md: body: line \d+: contains a NUL character",
    ),
    (
        "escape sequence in the body",
        _append(TOPIC, "\nA fact \x1b[2J hidden [@seed-overview].\n"),
        r"epidural-steroid-injection\.md: body: line \d+: contains the control character U\+001B",
    ),
    (
        "NUL as a YAML escape in a reference title",
        _edit_in("references.yaml", 'title: "Interventional', 'title: "\\0Interventional'),
        r"references\.yaml: entry seed-overview: title: contains a NUL character",
    ),
    # Scanned for: what the app needs by name, and citations the page cannot resolve
    (
        "required attribute removed",
        _drop_attribute("invasiveness"),
        r"attributes\.yaml: invasiveness: this attribute is required",
    ),
    (
        "safety notice cites an unknown reference",
        lambda data: _edit(
            data / NOTICE_TOPIC,
            "safety_notices:\n",
            "safety_notices:\n  - text: An extra warning.\n    refs: [no-such-source]\n",
        ),
        r"botulinum-toxin-injection\.md: safety_notices\.0\.refs: unknown reference "
        r"'no-such-source'",
    ),
]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("damage", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_damaged_copy_fails_with_one_line_and_keeps_the_old_database(
    data: Path, old_db: Path, damage: Callable[[Path], None], expected: str
) -> None:
    before = old_db.read_bytes()
    damage(data)
    with pytest.raises(PainRefError) as info:
        build_database(data, old_db)
    message = str(info.value)
    assert re.search(expected, message), message
    assert message.startswith(str(data)), message
    assert "\n" not in message
    assert old_db.read_bytes() == before
    assert _leftovers(old_db.parent) == ["painref.db"]


def test_a_named_pipe_is_refused_without_reading_it(data: Path, old_db: Path) -> None:
    pipe = data / "topics" / "pipe.md"
    os.mkfifo(pipe)
    # Should the loader ever open the pipe, this writer lets it see an empty file rather
    # than wait forever.
    writer = threading.Thread(target=lambda: open(pipe, "wb").close(), daemon=True)
    writer.start()
    try:
        with pytest.raises(ContentError, match=r"topics/pipe\.md: is a named pipe"):
            build_database(data, old_db)
    finally:
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # lets the writer's open return
        writer.join(timeout=30)  # a bound, not a timing check: never hang the suite


def test_the_cli_prints_one_line_and_exits_1(
    data: Path, old_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from painref.cli import main

    before = old_db.read_bytes()
    _edit(data / TOPIC, "reviewed: 2026-11-30", "reviewed: 2026-13-45")
    assert main(["build-db", "--data", str(data), "--output", str(old_db)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("painref: ")
    assert captured.err.count("\n") == 1
    assert "epidural-steroid-injection.md: reviewed: " in captured.err
    assert "Traceback" not in captured.err
    assert old_db.read_bytes() == before


def test_unreadable_file_is_named(
    data: Path, old_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any file whatever its mode; fail the read itself instead of chmod 000.
    unreadable = data / "references" / "b.yaml"
    real_read_text = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    before = old_db.read_bytes()
    with pytest.raises(
        ContentError, match=r"references/b\.yaml: cannot be read: permission denied"
    ):
        build_database(data, old_db)
    assert old_db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode_is_named(data: Path) -> None:
    unreadable = data / "topics" / "acupuncture.md"
    unreadable.chmod(0)
    with pytest.raises(ContentError, match=r"acupuncture\.md: cannot be read: permission denied"):
        load_corpus(data)


def test_a_byte_order_mark_is_accepted(data: Path) -> None:
    _prepend(TOPIC, "\ufeff".encode())(data)
    _prepend("conditions.yaml", "\ufeff".encode())(data)
    corpus = load_corpus(data)
    topic = next(t for t in corpus.topics if t.meta.id == "epidural-steroid-injection")
    assert topic.meta.title == "Epidural steroid injection"
    assert any(c.id == "herniated-disc" for c in corpus.conditions)


def test_line_numbers_in_front_matter_are_file_lines(data: Path) -> None:
    _edit(data / TOPIC, "kind: procedure", "kind: [unclosed")
    with pytest.raises(ContentError, match=r"invalid YAML in front matter: .*\(line 5\)"):
        load_corpus(data)


def test_a_valid_date_in_a_text_field_still_needs_quotes(data: Path) -> None:
    # Unchanged: YAML makes 2026-01-02 a date, and a text field refuses it.
    _edit(data / TOPIC, "title: Epidural steroid injection", "title: 2026-01-02")
    with pytest.raises(ContentError, match=r"epidural-steroid-injection\.md: title: "):
        load_corpus(data)


# --- the output path ---------------------------------------------------------------------


def _regular(tmp_path: Path) -> Path:
    target = tmp_path / "real.db"
    target.write_bytes(b"previous database")
    return target


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir(), "it is a folder"),
        (lambda p: p.symlink_to(_regular(p.parent)), "it is a symbolic link"),
        (lambda p: p.symlink_to(p.parent / "nowhere.db"), "it is a symbolic link"),
        (lambda p: os.mkfifo(p), "it is not a regular file"),
    ],
    ids=["folder", "symlink to a file", "dangling symlink", "named pipe"],
)
def test_output_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, make: Callable[[Path], None], reason: str
) -> None:
    output = tmp_path / "out.db"
    make(output)
    kind = os.lstat(output).st_mode
    with pytest.raises(
        PainRefError, match=f"cannot write the database {re.escape(str(output))}: {reason}"
    ):
        build_database(TEST_DATA, output)
    assert os.lstat(output).st_mode == kind
    if (tmp_path / "real.db").exists():
        assert (tmp_path / "real.db").read_bytes() == b"previous database"
    assert not (tmp_path / "nowhere.db").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_output_onto_a_device_node_leaves_it_a_device(tmp_path: Path) -> None:
    # A private copy of /dev/null (1, 3): if the check ever regresses, no real device is hurt.
    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    with pytest.raises(PainRefError, match="it is not a regular file"):
        build_database(TEST_DATA, device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_output_onto_an_existing_database_still_replaces_it(tmp_path: Path) -> None:
    output = _regular(tmp_path)
    build_database(TEST_DATA, output)
    assert output.read_bytes().startswith(b"SQLite format 3\0")


def test_bad_source_date_epoch_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(PainRefError, match="SOURCE_DATE_EPOCH"):
        build_database(TEST_DATA, tmp_path / "out.db")
    assert _leftovers(tmp_path) == ["home"]


# --- random damage -----------------------------------------------------------------------

# Characters that matter to YAML, Markdown, the citation syntax and the terminal.
_NASTY = st.sampled_from(
    [*":-[]{}!&*#|>'\"%@`,?\n\t \\0x", "\0", "\x1b", "\u202e", "\ufeff", "---", "!!int "]
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), _NASTY), min_size=1, max_size=6)
)
def test_random_damage_is_a_content_error_or_a_good_build(
    tmp_path: Path, edits: list[tuple[float, int, str]]
) -> None:
    data = tmp_path / "fuzz"
    if not data.exists():
        shutil.copytree(TEST_DATA, data)
    original = (TEST_DATA / "topics" / "alpha-injection.md").read_text(encoding="utf-8")
    text = original
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    (data / "topics" / "alpha-injection.md").write_text(text, encoding="utf-8")
    message = ""
    try:
        load_corpus(data)
    except ContentError as exc:
        message = str(exc)
    if message:
        assert message.startswith(str(data)), message
        assert "\n" not in message, message
