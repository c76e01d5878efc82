"""Personal notes: kept exactly, limits, search, errors as StoreError, and nothing lost when
a write fails or the process is killed mid-write."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from painref.store.db import NoteError, StoreError, UserStore
from painref.store.notes import MAX_NOTE_CHARS, Note, NoteStore
from painref.store.user import UserData

from ..conftest import ROOT


@pytest.fixture
def notes(store: UserStore) -> NoteStore:
    return NoteStore(store)


def _texts(notes: NoteStore) -> dict[str, str]:
    return {n.location: n.text for n in notes.list()}


# -- keeping a note ---------------------------------------------------------------------------


def test_set_get_and_delete(notes: NoteStore) -> None:
    assert notes.get("nerve-block") is None
    notes.set("nerve-block", "Nerve block", "Use 5 mL here.")
    note = notes.get("nerve-block")
    assert isinstance(note, Note)
    assert (note.location, note.title, note.text) == (
        "nerve-block",
        "Nerve block",
        "Use 5 mL here.",
    )
    assert note.created == note.modified
    assert note.created.endswith("+00:00")
    assert notes.delete("nerve-block") is True
    assert notes.delete("nerve-block") is False
    assert notes.get("nerve-block") is None
    assert notes.list() == []


def test_changing_a_note_keeps_when_it_was_written(notes: NoteStore, store: UserStore) -> None:
    notes.set("nerve-block", "Nerve block", "first")
    store.connection.execute(
        "UPDATE notes SET created = '2020-01-01T00:00:00+00:00', "
        "modified = '2020-01-01T00:00:00+00:00'"
    )
    notes.set("nerve-block", "Nerve block (renamed)", "second")
    note = notes.get("nerve-block")
    assert note is not None
    assert (note.title, note.text) == ("Nerve block (renamed)", "second")
    assert note.created == "2020-01-01T00:00:00+00:00"
    assert note.modified > note.created


def test_saving_the_same_note_again_changes_nothing(notes: NoteStore, store: UserStore) -> None:
    notes.set("a", "A", "same")
    notes.set("b", "B", "other")
    store.connection.execute("UPDATE notes SET modified = '2020-01-01T00:00:00+00:00'")
    notes.set("a", "A", "same")
    assert notes.get("a").modified == "2020-01-01T00:00:00+00:00"  # type: ignore[union-attr]
    # ...so it does not jump to the top of the list either.
    notes.set("c", "C", "third")
    assert [n.location for n in notes.list()] == ["c", "b", "a"]


@pytest.mark.parametrize(
    "text",
    [
        "  indented first line\n\ttab\n\nblank line above, trailing spaces   \n\n",
        "Épidural — 0.5 mL/kg ≤ 3 mg/kg 💉 'quotes' \"double\" <b>not markup</b>",
        "a NUL\x00inside",
        "\r\nWindows line ends\r\n",
    ],
)
def test_text_is_kept_exactly(notes: NoteStore, user_db_path: Path, text: str) -> None:
    notes.set("compare:alpha,beta", "Alpha vs beta", text)
    assert notes.get("compare:alpha,beta").text == text  # type: ignore[union-attr]
    with UserStore.open(user_db_path) as reopened:
        assert NoteStore(reopened).get("compare:alpha,beta").text == text  # type: ignore[union-attr]


@pytest.mark.parametrize("blank", ["", " ", "\n\n\t  \n", "\u3000"])
def test_blank_text_deletes_the_note(notes: NoteStore, blank: str) -> None:
    notes.set("nerve-block", "Nerve block", "something")
    notes.set("nerve-block", "Nerve block", blank)
    assert notes.get("nerve-block") is None
    notes.set("other", "Other", blank)  # no note before, none after, no error
    assert notes.list() == []


def test_a_note_at_the_limit_is_kept_and_one_over_is_refused(notes: NoteStore) -> None:
    notes.set("a", "A", "x" * MAX_NOTE_CHARS)
    assert len(notes.get("a").text) == MAX_NOTE_CHARS  # type: ignore[union-attr]
    notes.set("b", "B", "kept")
    with pytest.raises(NoteError, match=r"20,001 characters.*up to 20,000.*shorten it") as info:
        notes.set("b", "B", "y" * (MAX_NOTE_CHARS + 1))
    assert isinstance(info.value, StoreError)
    assert notes.get("b").text == "kept"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("", "location is empty"),
        ("   ", "location is empty"),
        ("home", "home page is not one"),
        (" nerve-block", "spaces around it"),
        ("nerve-block\n", "spaces around it"),
        ("a" * 1001, "too long"),
        ("nerve\x00block", "control characters"),
    ],
)
def test_a_note_needs_a_page(notes: NoteStore, location: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        notes.set(location, "Title", "text")
    assert notes.list() == []


def test_text_that_is_not_unicode_is_a_note_error(notes: NoteStore) -> None:
    with pytest.raises(NoteError, match="not valid Unicode"):
        notes.set("a", "A", "lone \ud800 surrogate")
    with pytest.raises(NoteError, match="not valid Unicode"):
        notes.set("a", "bad \udfff title", "text")
    assert notes.list() == []


def test_list_is_most_recently_changed_first(notes: NoteStore) -> None:
    for location in ("a", "b", "c"):
        notes.set(location, location.upper(), f"note {location}")
    notes.set("a", "A", "changed")  # within the same second as the others
    assert [n.location for n in notes.list()] == ["a", "c", "b"]


def test_notes_persist_across_reopening(user_db_path: Path) -> None:
    with UserStore.open(user_db_path) as store:
        NoteStore(store).set("nerve-block", "Nerve block", "kept")
    with UserStore.open(user_db_path) as store:
        assert _texts(NoteStore(store)) == {"nerve-block": "kept"}


def test_user_data_has_notes_or_none(user_db_path: Path, tmp_path: Path) -> None:
    data = UserData.open(user_db_path)
    try:
        assert isinstance(data.notes, NoteStore)
    finally:
        data.close()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    unavailable = UserData.open(blocker / "user.db")
    assert unavailable.notes is None
    assert unavailable.problem and "notes" in unavailable.problem


# -- search ---------------------------------------------------------------------------------


@pytest.fixture
def some_notes(notes: NoteStore) -> NoteStore:
    notes.set("esi", "Epidural steroid injection", "Check the INR; Dr Müller prefers 80 mg.")
    notes.set("mbb", "Medial branch block", "Two blocks before ablation. Spine clinic list.")
    notes.set("compare:esi,mbb", "Épidural vs medial branch", "Teaching: spine cases")
    return notes


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("inr", ["esi"]),
        ("MULLER", ["esi"]),  # accents and case ignored both ways
        ("epidural", ["compare:esi,mbb", "esi"]),  # titles count; newest first
        ("spin", ["compare:esi,mbb", "mbb"]),  # inside a longer word
        ("spine ablation", ["mbb"]),  # every word must be there
        ("spine   TEACHING!", ["compare:esi,mbb"]),
        ("80 mg", ["esi"]),
        ("nothing-like-this", []),
        ("", []),
        ('"', []),
        ("NOT", []),
        ("*", []),
        ("-", []),
        ("💉", []),
    ],
)
def test_search(some_notes: NoteStore, query: str, found: list[str]) -> None:
    assert [n.location for n in some_notes.search(query)] == found


# -- failures are StoreErrors and lose nothing ---------------------------------------------------


def test_a_missing_table_is_a_store_error_from_every_method(
    notes: NoteStore, user_db_path: Path
) -> None:
    other = sqlite3.connect(user_db_path, isolation_level=None)
    other.execute("DROP TABLE notes")
    other.close()
    for call in (
        lambda: notes.get("a"),
        lambda: notes.set("a", "A", "text"),
        lambda: notes.delete("a"),
        notes.list,
        lambda: notes.search("text"),
    ):
        with pytest.raises(StoreError, match="no such table"):
            call()


def test_a_full_disk_loses_no_saved_note_and_says_so(notes: NoteStore, store: UserStore) -> None:
    notes.set("kept", "Kept", "saved before the disk filled")
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLITE_FULL soon
    saved: list[str] = []

    def fill() -> None:
        for n in range(1000):
            notes.set(f"page-{n}", f"Page {n}", f"{n} " + "x" * 4000)
            saved.append(f"page-{n}")

    with pytest.raises(StoreError, match="the disk may be full"):
        fill()
    with pytest.raises(StoreError, match="the disk may be full"):
        notes.set("kept", "Kept", "a longer replacement " * 900)
    assert not store.connection.in_transaction
    texts = _texts(notes)
    assert texts["kept"] == "saved before the disk filled"
    assert set(texts) == {"kept", *saved}


def test_a_read_only_database_loses_nothing_and_says_so(notes: NoteStore, store: UserStore) -> None:
    notes.set("kept", "Kept", "before")
    store.connection.execute("PRAGMA query_only = ON")  # every write now fails, as read-only
    for change in (
        lambda: notes.set("kept", "Kept", "after"),
        lambda: notes.set("new", "New", "text"),
        lambda: notes.delete("kept"),
    ):
        with pytest.raises(StoreError, match="cannot be written"):
            change()
    store.connection.execute("PRAGMA query_only = OFF")
    assert _texts(notes) == {"kept": "before"}
    notes.set("new", "New", "text")  # and it works again once the file can be written
    assert set(_texts(notes)) == {"kept", "new"}


# -- crash safety -------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from painref.store.db import UserStore
    from painref.store.notes import NoteStore

    notes = NoteStore(UserStore.open(Path(sys.argv[2])))
    n = 0
    while True:
        # A new note, and a change to the first one, each reported once saved.
        notes.set(f"topic-{n}", f"Topic {n}", f"note {n}\\n" * (1 + n % 50))
        notes.set("topic-0", "Topic 0", f"revision {n}")
        print(n, flush=True)
        n += 1
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_sigkill_loses_no_saved_note(user_db_path: Path) -> None:
    """Every note reported as saved survives the process being killed mid-write."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(user_db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Only a guard against a hung child; the test itself waits for lines, not for time.
    guard = threading.Timer(120, child.kill)
    guard.start()
    try:
        assert child.stdout is not None
        printed: list[int] = []
        while len(printed) < 50:
            line = child.stdout.readline()
            assert line, f"child stopped early: {child.stderr.read() if child.stderr else ''}"
            printed.append(int(line))
        child.send_signal(signal.SIGKILL)
        # Lines printed after the 50th but before the kill were committed too.
        printed.extend(int(line) for line in child.stdout if line.strip())
        child.wait()
    finally:
        guard.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    assert printed[:3] == [0, 1, 2]

    with UserStore.open(user_db_path) as store:
        assert store.recovered_from is None
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = _texts(NoteStore(store))
    wrong = [n for n in printed[1:] if texts.get(f"topic-{n}") != f"note {n}\n" * (1 + n % 50)]
    assert wrong == []
    # The first note was changed after every line; the last reported change (or one made
    # just before the kill) is there.
    revision = int(texts["topic-0"].removeprefix("revision "))
    assert revision >= printed[-1]
