"""The machine-wide policy file: settings an IT department sets, and locks, for every user.

One small INI file, read once at start-up (no Qt, so the window and the command line share
it). Where it is looked for, first found wins and the files are never merged:

1. ``$PAINREF_POLICY``, when set: that file only (the search below is skipped);
2. ``policy.ini`` next to the executable (a packaged app's folder);
3. the system's configuration folder: ``%ProgramData%\\PainRef\\policy.ini`` on Windows,
   ``/Library/Application Support/PainRef/policy.ini`` on macOS, and on Linux
   ``/etc/painref/policy.ini`` then ``painref/policy.ini`` in each ``$XDG_CONFIG_DIRS``
   folder (``/etc/xdg`` when unset).

A file that does not exist is no policy. A file that exists but cannot be used (unreadable,
bad syntax, an unknown section or key, a value of the wrong type or out of range) is
applied not at all: every problem goes into one message, and PainRef runs on its defaults.
Half a policy would be a surprise for the person who wrote it (a site name shown, the
user-data folder silently not moved), and "the defaults" is what a person can predict.

Every key the file sets overrides the user's own setting and locks it: the window shows
that control disabled. ``docs/policy.example.ini`` documents the keys.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from painref import paths

if TYPE_CHECKING:
    import configparser

POLICY_ENV = "PAINREF_POLICY"
POLICY_NAME = "policy.ini"
SECTION = "policy"
MAX_BYTES = 64 * 1024
"""A policy file holds a few lines; anything larger is not one."""

THEMES = ("system", "light", "dark", "high-contrast")
"""The colour themes (ui/appearance.py's THEMES; a test keeps the two equal)."""
MIN_TEXT_PT = 9.0
MAX_TEXT_PT = 20.0
MAX_SITE_NAME = 120
MAX_LOCAL_KEYS = 20
ED25519_KEY_BYTES = 32

KEYS: Mapping[str, str] = {
    "theme": "the colour theme: " + ", ".join(THEMES),
    "text_size": f"the base text size in points, {MIN_TEXT_PT:g} to {MAX_TEXT_PT:g}",
    "allow_portable": "no: ignore painref-portable.txt next to the executable",
    "user_data_dir": "the folder for each user's settings, bookmarks and history",
    "site_name": "a name shown on the home page and on handout covers",
    "packs_dir": "the folder installed content packs are kept in (default: in the user data)",
    "pack_folder": "a folder (often a read-only share) PainRef installs new content packs from",
    "local_keys": "the public keys (base64, comma-separated) trusted to sign local layers",
}
"""Every key a policy file may set, with what it means (for messages and `painref status`)."""

LOCK_NOTE = "Set by your organization (policy file {path})"
"""The tooltip of a control a policy sets."""

_BOOLEANS = {"yes": True, "true": True, "on": True, "1": True}
_BOOLEANS.update({"no": False, "false": False, "off": False, "0": False})
_VARIABLE = re.compile(
    r"%([A-Za-z_][A-Za-z0-9_()]*)%|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_]\w*)"
)
"""%NAME% (Windows), ${NAME} and $NAME in user_data_dir."""


class Policy(NamedTuple):
    """What the machine's policy file sets; every field None when it sets nothing.

    A file with a problem sets nothing: path names it, problem says what is wrong. (A
    NamedTuple, not a dataclass: the first frame reads it, and a dataclass costs a few
    milliseconds to create.)
    """

    path: Path | None = None
    """The policy file found (None: there is none), also when it has a problem."""
    theme: str | None = None
    text_size: float | None = None
    allow_portable: bool | None = None
    user_data_dir: Path | None = None
    site_name: str | None = None
    packs_dir: Path | None = None
    pack_folder: Path | None = None
    local_keys: tuple[str, ...] | None = None
    """Base64 raw Ed25519 public keys trusted to sign local layers (packs/keys.py)."""
    problem: str | None = None
    """Why the file at path was not applied (one message naming the file, keys and reasons)."""
    searched: tuple[Path, ...] = ()
    """Where the file was looked for, in order."""

    @property
    def in_force(self) -> bool:
        """A policy file was found and applied."""
        return self.path is not None and self.problem is None

    def settings(self) -> dict[str, object]:
        """The keys this policy sets, with their values (empty when none or not applied)."""
        values: dict[str, object] = {
            "theme": self.theme,
            "text_size": self.text_size,
            "allow_portable": self.allow_portable,
            "user_data_dir": str(self.user_data_dir) if self.user_data_dir else None,
            "site_name": self.site_name,
            "packs_dir": str(self.packs_dir) if self.packs_dir else None,
            "pack_folder": str(self.pack_folder) if self.pack_folder else None,
            "local_keys": list(self.local_keys) if self.local_keys is not None else None,
        }
        return {key: value for key, value in values.items() if value is not None}

    def locks(self, key: str) -> bool:
        """Whether the policy sets key (one of KEYS), so the user cannot change it."""
        return key in self.settings()

    def lock_note(self) -> str:
        """The tooltip of a locked control: "Set by your organization (policy file PATH)"."""
        return LOCK_NOTE.format(path=self.path)

    def describe(self) -> str:
        """One line: the file in force and what it sets, or none, or why it was not applied."""
        if self.path is None:
            return "none"
        if self.problem is not None:
            return self.problem
        return f"{self.path} (sets {describe_settings(self.settings())})"


def describe_settings(settings: Mapping[str, object]) -> str:
    """ "theme = dark, text_size = 14, allow_portable = no", as the file would say it."""

    def value(v: object) -> str:
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list | tuple):
            return ", ".join(str(item) for item in v)
        return f"{v:g}" if isinstance(v, float) else str(v)

    return ", ".join(f"{k} = {value(v)}" for k, v in settings.items()) or "nothing"


def candidates() -> tuple[Path, ...]:
    """Where a policy file is looked for, first found wins (see the module's docstring)."""
    override = os.environ.get(POLICY_ENV)
    if override:
        return (Path(override),)
    return (paths.executable_dir() / POLICY_NAME, *system_candidates())


def system_candidates() -> tuple[Path, ...]:
    """The system configuration folder's policy file(s) on this platform."""
    if sys.platform == "win32":
        program_data = os.environ.get("PROGRAMDATA") or os.environ.get("ALLUSERSPROFILE")
        return (Path(program_data or r"C:\ProgramData") / "PainRef" / POLICY_NAME,)
    if sys.platform == "darwin":
        return (Path("/Library/Application Support/PainRef") / POLICY_NAME,)
    found = [Path("/etc/painref") / POLICY_NAME]
    for folder in (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(os.pathsep):
        # The XDG spec ignores relative entries; so does PainRef.
        if folder and Path(folder).is_absolute():
            candidate = Path(folder) / "painref" / POLICY_NAME
            if candidate not in found:
                found.append(candidate)
    return tuple(found)


def load(search: tuple[Path, ...] | None = None) -> Policy:
    """The policy of the first file in search (candidates() when None) that exists.

    Never raises for a bad file: a problem comes back as Policy.problem, with no setting.
    """
    search = candidates() if search is None else search
    for path in search:
        try:
            exists = path.exists()
        except OSError as exc:  # a folder on the way that cannot be searched
            return _refused(path, search, f"cannot be read: {exc.strerror or exc}")
        if exists:
            return _read(path, search)
    return Policy(searched=search)


_current: Policy | None = None


def current() -> Policy:
    """This process's policy, read the first time it is asked for and kept from then on."""
    global _current
    if _current is None:
        _current = load()
    return _current


def reset() -> None:
    """Forget the policy read, so that current() reads it again (for tests)."""
    global _current
    _current = None


# -- reading -----------------------------------------------------------------------------------


def _refused(path: Path, search: tuple[Path, ...], *problems: str) -> Policy:
    message = f"the policy file {path} was not applied, so PainRef uses its defaults: " + "; ".join(
        problems
    )
    return Policy(path=path, problem=message, searched=search)


def _read(path: Path, search: tuple[Path, ...]) -> Policy:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        return _refused(path, search, f"cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        return _refused(path, search, f"it is larger than {MAX_BYTES // 1024} KiB")
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        return _refused(
            path,
            search,
            f"it is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start}); "
            "save it as UTF-8",
        )
    import configparser  # here: start-up reads no policy file on most machines

    parser = configparser.ConfigParser(
        interpolation=None, strict=True, empty_lines_in_values=False, default_section="\0"
    )
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        return _refused(path, search, _syntax_problem(exc))
    values, problems = _values(parser, text)
    if problems:
        return _refused(path, search, *problems)
    return Policy(path=path, searched=search, **values)


def _decode(data: bytes) -> str:
    """UTF-8 (a byte-order mark allowed, as Notepad writes it), or UTF-16 with its mark (as
    Windows PowerShell 5's Out-File writes it)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _syntax_problem(exc: configparser.Error) -> str:
    import configparser

    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: the settings must follow a [{SECTION}] line"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: key {exc.option!r} is given twice"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: section [{exc.section}] is given twice"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(
            f"line {lineno}: {_unrepr(line).strip()!r} is not a 'key = value' line"
            for lineno, line in exc.errors
        )
        return lines or "it is not an INI file"
    return " ".join(str(exc).split())


def _unrepr(line: str) -> str:
    """configparser keeps a bad line as its repr()."""
    import ast

    try:
        value = ast.literal_eval(line)
    except (ValueError, SyntaxError):
        return line
    return value if isinstance(value, str) else line


def _values(parser: configparser.ConfigParser, text: str) -> tuple[dict[str, Any], list[str]]:
    """The policy's settings, and every problem with them."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    ours = [s for s in parser.sections() if s.casefold() == SECTION]  # [Policy] will do
    for section in parser.sections():
        if section not in ours:
            problems.append(
                f"{_where(text, section=section)}section [{section}] is unknown "
                f"(the keys go under [{SECTION}])"
            )
    if len(ours) > 1:
        problems.append(f"section [{SECTION}] is given twice")
    if len(ours) != 1:
        return values, problems
    for key, raw in parser.items(ours[0]):
        where = _where(text, key=key)
        if key not in KEYS:
            problems.append(f"{where}key {key!r} is unknown (the keys are {', '.join(KEYS)})")
            continue
        value = raw.strip()
        try:
            values[key] = _PARSE[key](value)
        except ValueError as exc:
            problems.append(f"{where}key {key!r}: {exc}")
    return values, problems


def _where(text: str, *, key: str | None = None, section: str | None = None) -> str:
    """ "line N: " where key or [section] is written, or "" when it cannot be found."""
    pattern = (
        rf"\s*\[\s*{re.escape(section)}\s*\]"
        if section is not None
        else rf"\s*{re.escape(key or '')}\s*[=:]"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(pattern, line, re.IGNORECASE):
            return f"line {number}: "
    return ""


def _theme(value: str) -> str:
    theme = value.casefold()
    if theme not in THEMES:
        raise ValueError(f"{value!r} is not one of {', '.join(THEMES)}")
    return theme


def _text_size(value: str) -> float:
    try:
        size = float(value)
    except ValueError:
        size = math.nan
    if not (math.isfinite(size) and MIN_TEXT_PT <= size <= MAX_TEXT_PT):
        raise ValueError(
            f"{value!r} is not a number of points from {MIN_TEXT_PT:g} to {MAX_TEXT_PT:g}"
        )
    return round(size, 1)


def _boolean(value: str) -> bool:
    try:
        return _BOOLEANS[value.casefold()]
    except KeyError:
        raise ValueError(f"{value!r} is not yes or no") from None


def _folder(value: str) -> Path:
    if not value:
        raise ValueError("no folder is given")

    def variable(match: re.Match[str]) -> str:
        name = next(group for group in match.groups() if group)
        found = os.environ.get(name)
        if not found:
            raise ValueError(f"the environment variable {name} in {value!r} is not set")
        return found

    folder = Path(os.path.expanduser(_VARIABLE.sub(variable, value)))
    if not _is_absolute(str(folder)):
        raise ValueError(
            f"{value!r} is not an absolute path (one that does not depend on the folder "
            "PainRef is started in)"
        )
    return folder


def _is_absolute(text: str) -> bool:
    """An absolute path on the platform PainRef runs on (a drive or a share on Windows)."""
    from pathlib import PurePosixPath, PureWindowsPath

    flavour = PureWindowsPath if sys.platform == "win32" else PurePosixPath
    return flavour(text).is_absolute()


def _local_keys(value: str) -> tuple[str, ...]:
    """Base64 raw Ed25519 public keys, separated by commas or spaces (what `painref pack
    keygen` prints). The key ids are derived from them; no cryptography is loaded here."""
    import base64
    import binascii

    keys = [key for key in re.split(r"[\s,]+", value) if key]
    if not keys:
        raise ValueError("no key is given")
    if len(keys) > MAX_LOCAL_KEYS:
        raise ValueError(f"{len(keys)} keys are given; at most {MAX_LOCAL_KEYS} are allowed")
    for number, key in enumerate(keys, start=1):
        shown = key if len(key) <= 60 else key[:57] + "..."
        try:
            raw = base64.b64decode(key, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(
                f"key {number} ({shown!r}) is not base64 text; give the public key "
                "`painref pack keygen` or `painref pack key` prints"
            ) from None
        if len(raw) != ED25519_KEY_BYTES:
            raise ValueError(
                f"key {number} ({shown!r}) is {len(raw)} bytes, not the {ED25519_KEY_BYTES} "
                "of an Ed25519 public key; give the public key `painref pack key` prints"
            )
    if len(set(keys)) != len(keys):
        raise ValueError("a key is given twice")
    return tuple(keys)


def _site_name(value: str) -> str:
    if not value:
        raise ValueError("no name is given")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise ValueError("it holds a control character; give one line of text")
    if len(value) > MAX_SITE_NAME:
        raise ValueError(f"it is {len(value)} characters long; at most {MAX_SITE_NAME} fit")
    return value


_PARSE = {
    "theme": _theme,
    "text_size": _text_size,
    "allow_portable": _boolean,
    "user_data_dir": _folder,
    "site_name": _site_name,
    "packs_dir": _folder,
    "pack_folder": _folder,
    "local_keys": _local_keys,
}
