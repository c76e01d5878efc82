"""One window per user: a second start hands its request to the open window."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from painref.ui.instance import REQUESTS, Instance, Request
from painref.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]

HAND_OFF = """
import sys
from pathlib import Path
from painref.ui.instance import Instance, Request
instance = Instance(Path(sys.argv[1]))
if instance.acquire():
    print("acquired")
else:
    print("taken" if instance.hand_off(Request(sys.argv[2], sys.argv[3]), wait_s=20) else "refused")
"""


def start(folder: Path, kind: str, value: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HAND_OFF, str(folder), kind, value],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_second_start_hands_its_request_to_the_window_and_ends(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = Instance(tmp_path)
    assert window.acquire()
    received: list[Request] = []
    window.listen(received.append)
    second = start(tmp_path, "open", "epidural-steroid-injection")
    qtbot.waitUntil(lambda: bool(received), timeout=20_000)
    out, _ = second.communicate(timeout=30)
    assert out.strip() == "taken"
    assert received == [Request("open", "epidural-steroid-injection")]
    assert not list((tmp_path / REQUESTS).iterdir())
    window.release()


def test_requests_waiting_before_the_window_listens_are_taken_in_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = Instance(tmp_path)
    assert window.acquire()
    query = start(tmp_path, "query", "ESI")
    qtbot.waitUntil(lambda: any((tmp_path / REQUESTS).glob("*.json")), timeout=20_000)
    received: list[Request] = []
    window.listen(received.append)
    out, _ = query.communicate(timeout=30)
    assert out.strip() == "taken"
    assert received == [Request("query", "ESI")]
    window.release()


def test_when_the_window_has_closed_the_next_start_takes_the_lock(tmp_path: Path) -> None:
    first = Instance(tmp_path)
    assert first.acquire()
    first.release()
    second = start(tmp_path, "show", "")
    out, _ = second.communicate(timeout=30)
    assert out.strip() == "acquired"


def test_a_lock_left_by_a_process_that_died_is_taken_over(tmp_path: Path) -> None:
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; from pathlib import Path; from painref.ui.instance import Instance;"
            "Instance(Path(sys.argv[1])).acquire(); os._exit(0)",
            str(tmp_path),
        ],
        check=True,
    )
    assert crashed.returncode == 0
    assert Instance(tmp_path).acquire()


def test_a_request_nobody_takes_is_withdrawn(tmp_path: Path) -> None:
    holder = Instance(tmp_path)
    assert holder.acquire()  # held, but nothing listens (a hung window)
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            HAND_OFF.replace("wait_s=20", "wait_s=0.2"),
            str(tmp_path),
            "open",
            "x",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert other.stdout.strip() == "refused"
    assert not list((tmp_path / REQUESTS).glob("*.json"))  # not acted on later
    holder.release()


def test_a_damaged_request_is_dropped_and_never_acted_on(qtbot: QtBot, tmp_path: Path) -> None:
    box = tmp_path / REQUESTS
    box.mkdir()
    (box / "1-1.json").write_text("{not json")
    (box / "1-2.json").write_text('{"kind": "format-disk", "value": "/"}')
    (box / "1-3.json").write_text('{"kind": "open", "value": "home"}')
    window = Instance(tmp_path)
    assert window.acquire()
    received: list[Request] = []
    window.listen(received.append)
    assert received == [Request("open", "home")]
    assert not list(box.iterdir())
    window.release()


def test_an_unwritable_folder_opens_the_window_without_a_hand_off(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    assert Instance(blocker).acquire()


def test_an_unknown_request_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown request"):
        Request("delete", "x")


def test_painref_open_and_words_go_to_the_open_window(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    import os

    window = make_window()
    window.show_home()
    target = window._library.topics(include_tools=False)[0]
    instance = Instance(tmp_path / "cache")
    assert instance.acquire()
    instance.listen(window.take_request)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", PAINREF_USER_DIR=str(tmp_path))
    second = subprocess.Popen(
        [sys.executable, "-m", "painref", "--open", target.id],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: window.current_location == target.id, timeout=60_000)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    words = subprocess.Popen(
        [sys.executable, "-m", "painref", *target.title.split()],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    window.show_home()
    qtbot.waitUntil(lambda: window.current_location == target.id, timeout=60_000)
    _, err = words.communicate(timeout=60)
    assert words.returncode == 0, err
    assert window.left.currentWidget() is window.results  # the results are listed
    instance.release()
