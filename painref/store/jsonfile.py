"""PainRef's own JSON files (bookmark, note and lecture-set exports): writing one whole, and reading
one back with its format and version checked, never more than a size limit, never blocking.

The stores build and check the entries; this module knows only the envelope
({"format": "painref-...", "version": N, ...}) and how to name a bad entry.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from painref.fsutil import replacing
from painref.paths import replace_problem
from painref.store.db import ImportFileError, StoreError

MAX_IMPORT_BYTES = 5_000_000
"""No PainRef export comes near this; a larger file is not one."""


def write_json(path: Path, data: Any) -> None:
    """Write data as UTF-8 JSON, replacing path only once the whole file is written.

    Raises:
        StoreError: the file cannot be written, or path is something a new file must not
            replace (a symbolic link, a folder, a device; see paths.replace_problem).
    """
    path = Path(path)
    problem = replace_problem(path)
    if problem:
        raise StoreError(f"cannot write {path}: {problem}")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        with replacing(path) as temp:
            temp.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def read_json_file(path: Path, expected_format: str, supported_version: int) -> dict[str, Any]:
    """Read a versioned PainRef JSON file and check its format and version.

    Returns:
        The top-level object; its other fields are for the caller to check.

    Raises:
        ImportFileError: unreadable, not JSON, another kind of file, or a newer version.
    """
    path = Path(path)
    raw = _read_limited(path, expected_format)
    try:
        # utf-8-sig: Windows Notepad starts UTF-8 files with a byte order mark.
        data = json.loads(raw.decode("utf-8-sig"))
        # JSON can spell lone surrogates ("\ud800"), which no UTF-8 text (and no SQLite
        # text) can hold: refuse them here, before anything is written.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFileError(
            f"{path} holds text that is not valid Unicode (a lone surrogate such as "
            "\\ud800); nothing was imported"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ImportFileError(
            f"{path} is not a valid JSON file ({' '.join(str(exc).split())})"
        ) from None
    if not isinstance(data, dict):
        raise ImportFileError(f"{path} is not a {_describe(expected_format)}")
    found = data.get("format")
    if found != expected_format:
        if isinstance(found, str) and found.startswith("painref-"):
            raise ImportFileError(
                f"{path} is a {_describe(found)}, not a {_describe(expected_format)}"
            )
        raise ImportFileError(
            f"{path} is not a {_describe(expected_format)} (its format field should be "
            f"{expected_format!r})"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError(f"{path} has no valid version number")
    if version > supported_version:
        raise ImportFileError(
            f"{path} was made by a newer version of PainRef (file version {version}); "
            "update PainRef to import it"
        )
    return data


def _read_limited(path: Path, expected_format: str) -> bytes:
    """At most MAX_IMPORT_BYTES of a regular file; never blocks on a pipe or a device.

    The size is counted while reading, not taken from stat: a device or /proc file says
    0 bytes and never ends.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Non-blocking: opening a FIFO with no writer would wait for ever.
        fd = os.open(path, flags)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a pipe)"
            raise ImportFileError(
                f"{path} is {what}; choose a {_describe(expected_format)} to import"
            )
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"{path} is too large to be a {_describe(expected_format)}")
    return raw


def _describe(file_format: str) -> str:
    words = file_format.removeprefix("painref-").replace("-", " ")
    return f"PainRef {words} file"


def item_error(path: Path, where: str, problem: str) -> ImportFileError:
    """An ImportFileError naming the entry that is wrong, e.g. "items[3]: no location"."""
    return ImportFileError(f"{path} is malformed at {where}: {problem}; nothing was imported")


def location_and_title(path: Path, where: str, entry: object) -> tuple[str, str]:
    """The location and title of an imported entry, or the ImportFileError that names it."""
    if not isinstance(entry, dict):
        raise item_error(path, where, "expected an object with location and title")
    location, title = entry.get("location"), entry.get("title")
    if not isinstance(location, str) or not location.strip():
        raise item_error(path, where, "no location")
    if not isinstance(title, str):
        raise item_error(path, where, "no title")
    return location, title


def utc_stamp(path: Path, where: str, name: str, value: object) -> str | None:
    """An entry's date and time field as ISO 8601 in UTC to the second (what the tables
    store, so that sorting the text sorts by time); None when the field is absent.

    A time without a zone is taken as UTC.

    Raises:
        ImportFileError: the value is not a date and time, or is out of range in UTC.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise item_error(path, where, f"{name} is not a date and time")
    shown = value if len(value) <= 40 else value[:37] + "..."
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise item_error(path, where, f"{name} is not a date and time: {shown!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is before the year 1 in UTC
        raise item_error(path, where, f"{name} is out of range: {shown!r}") from None
