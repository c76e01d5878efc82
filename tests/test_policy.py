"""The machine's policy file: where it is found, what it sets, and a bad one applied not at all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from painref import paths, policy
from painref.content.library import Library
from painref.policy import Policy
from painref.render.contexts import Theme

GOOD = """\
# Royal Example Hospital: PainRef for the pain service
[policy]
theme = dark
text_size = 14
allow_portable = no
user_data_dir = {data}
site_name = Royal Example Hospital — Pain service
packs_dir = {data}/packs
pack_folder = {data}/share
local_keys = {key}
"""
KEY = "9UU3X1AkE2IJolpk1irmhbtypWcA1GKzwDEKsjqNZ3I="
"""A made-up Ed25519 public key (base64 of 32 bytes)."""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    """No PAINREF_POLICY: the search runs over a fake install folder and /etc."""
    monkeypatch.delenv(policy.POLICY_ENV)
    install = tmp_path / "install"
    install.mkdir()
    monkeypatch.setattr(sys, "executable", str(install / "painref"))
    monkeypatch.setattr(sys, "platform", "linux")
    etc = tmp_path / "etc"
    monkeypatch.setattr(policy, "system_candidates", lambda: (etc / "painref" / "policy.ini",))
    return {"install": install / "policy.ini", "system": etc / "painref" / "policy.ini"}


# -- what a good file sets ---------------------------------------------------------------------


def test_a_good_file_sets_every_key(policy_file: Path, tmp_path: Path) -> None:
    write(policy_file, GOOD.format(data=tmp_path / "data", key=KEY))
    rules = policy.current()
    assert rules.in_force
    assert rules.problem is None
    assert rules.path == policy_file
    assert rules.settings() == {
        "theme": "dark",
        "text_size": 14.0,
        "allow_portable": False,
        "user_data_dir": str(tmp_path / "data"),
        "site_name": "Royal Example Hospital — Pain service",
        "packs_dir": str(tmp_path / "data" / "packs"),
        "pack_folder": str(tmp_path / "data" / "share"),
        "local_keys": [KEY],
    }
    assert all(rules.locks(key) for key in policy.KEYS)
    assert rules.describe() == (
        f"{policy_file} (sets theme = dark, text_size = 14, allow_portable = no, "
        f"user_data_dir = {tmp_path / 'data'}, site_name = Royal Example Hospital — Pain service, "
        f"packs_dir = {tmp_path / 'data' / 'packs'}, pack_folder = {tmp_path / 'data' / 'share'}, "
        f"local_keys = {KEY})"
    )
    assert rules.lock_note() == f"Set by your organization (policy file {policy_file})"


def test_no_file_is_no_policy(policy_file: Path) -> None:
    rules = policy.current()
    assert rules == Policy(searched=rules.searched)  # nothing but where it looked
    assert not rules.in_force
    assert rules.settings() == {}
    assert rules.searched == (policy_file,)
    assert rules.describe() == "none"


def test_an_empty_file_is_a_policy_that_sets_nothing(policy_file: Path) -> None:
    write(policy_file, "# nothing enforced yet\n")
    rules = policy.current()
    assert rules.in_force
    assert rules.settings() == {}
    assert not rules.locks("theme")


def test_a_few_keys_lock_only_those(policy_file: Path) -> None:
    write(policy_file, "[Policy]\nTEXT_SIZE = 12.5\n")
    rules = policy.current()
    assert rules.settings() == {"text_size": 12.5}
    assert rules.locks("text_size")
    assert not rules.locks("theme")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_notepad_and_powershell_encodings_are_read(policy_file: Path, encoding: str) -> None:
    write(policy_file, "[policy]\nsite_name = Hôpital Exemple — Douleur\n", encoding)
    assert policy.current().site_name == "Hôpital Exemple — Douleur"


def test_variables_in_the_user_data_folder_are_expanded(
    policy_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SHARE", str(tmp_path / "share"))
    monkeypatch.setenv("USERNAME", "jsmith")
    write(policy_file, "[policy]\nuser_data_dir = %SHARE%/${USERNAME}/PainRef\n")
    assert policy.current().user_data_dir == tmp_path / "share" / "jsmith" / "PainRef"


# -- a bad file: one message, and nothing applied ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[policy]\ntheme = purple\n", "line 2: key 'theme': 'purple' is not one of system"),
        ("[policy]\ntext_size = 25\n", "key 'text_size': '25' is not a number of points from 9"),
        ("[policy]\ntext_size = big\n", "key 'text_size': 'big' is not a number"),
        ("[policy]\ntext_size = nan\n", "key 'text_size': 'nan' is not a number"),
        ("[policy]\nallow_portable = maybe\n", "key 'allow_portable': 'maybe' is not yes or no"),
        ("[policy]\nuser_data_dir = data\n", "key 'user_data_dir': 'data' is not an absolute"),
        (
            "[policy]\nuser_data_dir = %NO_SUCH_VARIABLE%/x\n",
            "the environment variable NO_SUCH_VARIABLE in '%NO_SUCH_VARIABLE%/x' is not set",
        ),
        ("[policy]\nsite_name =\n", "key 'site_name': no name is given"),
        ("[policy]\nsite_name = " + "x" * 121 + "\n", "121 characters long; at most 120"),
        ("[policy]\nsite_name = a\n  second line\n", "holds a control character"),
        ("[policy]\nthem = dark\n", "line 2: key 'them' is unknown (the keys are theme,"),
        ("[polcy]\ntheme = dark\n", "line 1: section [polcy] is unknown"),
        ("[DEFAULT]\ntheme = dark\n", "section [DEFAULT] is unknown"),
        ("theme = dark\n", "line 1: the settings must follow a [policy] line"),
        ("[policy]\ntheme = dark\ntheme = light\n", "line 3: key 'theme' is given twice"),
        ("[policy]\ntheme = dark\n[policy]\n", "line 3: section [policy] is given twice"),
        ("[policy]\ntheme dark\n", "line 2: 'theme dark' is not a 'key = value' line"),
    ],
)
def test_a_bad_file_is_one_message_and_the_defaults(
    policy_file: Path, text: str, expected: str
) -> None:
    write(policy_file, text)
    rules = policy.current()
    assert rules.path == policy_file
    assert not rules.in_force
    assert rules.settings() == {}  # nothing applied, not even the good keys
    problem = rules.problem or ""
    assert problem.startswith(
        f"the policy file {policy_file} was not applied, so PainRef uses its defaults: "
    )
    assert expected in problem
    assert "\n" not in problem


def test_every_problem_is_in_the_one_message_and_no_key_applies(policy_file: Path) -> None:
    write(
        policy_file,
        "[policy]\nsite_name = Royal Example\ntheme = purple\ntext_size = 30\n",
    )
    rules = policy.current()
    assert rules.site_name is None  # the good key is not applied either
    problem = rules.problem or ""
    assert "line 3: key 'theme'" in problem
    assert "line 4: key 'text_size'" in problem
    assert problem.count(str(policy_file)) == 1


def test_a_file_in_another_code_page_says_to_save_it_as_utf8(policy_file: Path) -> None:
    policy_file.write_bytes("[policy]\nsite_name = Royal — Pain\n".encode("cp1252"))
    problem = policy.current().problem or ""
    assert "is not UTF-8 text (byte 0x97 at offset 27); save it as UTF-8" in problem


def test_a_huge_file_is_refused(policy_file: Path) -> None:
    policy_file.write_text("# x\n" * 20_000)
    assert "larger than 64 KiB" in (policy.current().problem or "")


def test_an_unreadable_file_is_a_problem_not_a_crash(policy_file: Path) -> None:
    policy_file.mkdir()  # a folder where the file should be: open() fails
    rules = policy.current()
    assert rules.path == policy_file
    assert "cannot be read" in (rules.problem or "")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads all")
def test_a_file_without_read_permission_is_a_problem(policy_file: Path) -> None:
    write(policy_file, "[policy]\ntheme = dark\n").chmod(0)
    assert "cannot be read: Permission denied" in (policy.current().problem or "")


# -- where it is found --------------------------------------------------------------------------


def test_next_to_the_executable_wins_over_the_system_folder(machine: dict[str, Path]) -> None:
    write(machine["system"], "[policy]\ntheme = light\n")
    assert policy.load().theme == "light"
    assert policy.load().path == machine["system"]
    write(machine["install"], "[policy]\ntheme = dark\n")
    rules = policy.load()
    assert (rules.path, rules.theme) == (machine["install"], "dark")
    assert rules.searched == (machine["install"], machine["system"])


def test_the_environment_variable_wins_over_both(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(machine["system"], "[policy]\ntheme = light\n")
    write(machine["install"], "[policy]\ntheme = dark\n")
    chosen = write(tmp_path / "test.ini", "[policy]\ntheme = high-contrast\n")
    monkeypatch.setenv(policy.POLICY_ENV, str(chosen))
    rules = policy.load()
    assert (rules.path, rules.theme, rules.searched) == (chosen, "high-contrast", (chosen,))
    # Naming a file that does not exist skips the search all the same: no policy.
    monkeypatch.setenv(policy.POLICY_ENV, str(tmp_path / "missing.ini"))
    rules = policy.load()
    assert rules == Policy(searched=rules.searched)


def test_a_bad_first_file_is_not_replaced_by_a_later_good_one(machine: dict[str, Path]) -> None:
    write(machine["system"], "[policy]\ntheme = light\n")
    write(machine["install"], "[policy]\ntheme = purple\n")
    rules = policy.load()
    assert rules.path == machine["install"]
    assert rules.theme is None
    assert rules.problem


def test_no_policy_anywhere_leaves_everything_as_it_was(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(paths.USER_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    rules = policy.current()
    assert rules == Policy(searched=rules.searched)
    assert paths.user_data_location() == (tmp_path / "xdg-data" / "painref", "default")
    assert paths.settings_file() == tmp_path / "xdg-config" / "painref" / "settings.ini"
    (machine["install"].parent / paths.PORTABLE_MARKER).write_text("")
    assert paths.user_data_location() == (
        machine["install"].parent / paths.PORTABLE_FOLDER,
        "portable",
    )


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("win32", {"PROGRAMDATA": r"D:\PD"}, [r"D:\PD/PainRef/policy.ini"]),
        ("darwin", {}, ["/Library/Application Support/PainRef/policy.ini"]),
        (
            "linux",
            {"XDG_CONFIG_DIRS": "/opt/xdg:relative:/etc/xdg"},
            [
                "/etc/painref/policy.ini",
                "/opt/xdg/painref/policy.ini",
                "/etc/xdg/painref/policy.ini",
            ],
        ),
        ("linux", {}, ["/etc/painref/policy.ini", "/etc/xdg/painref/policy.ini"]),
    ],
)
def test_the_system_folder_of_each_platform(
    monkeypatch: pytest.MonkeyPatch, platform: str, environ: dict[str, str], expected: list[str]
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("PROGRAMDATA", "ALLUSERSPROFILE", "XDG_CONFIG_DIRS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert [p.as_posix() for p in policy.system_candidates()] == [
        Path(e).as_posix() for e in expected
    ]


# -- what it does to where user data goes -------------------------------------------------------


def test_the_policy_folder_wins_over_the_environment_and_portable_mode(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (machine["install"].parent / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv(paths.USER_DIR_ENV, str(tmp_path / "mine"))
    write(machine["install"], f"[policy]\nuser_data_dir = {tmp_path / 'enforced'}\n")
    assert paths.user_data_location() == (tmp_path / "enforced", "policy")
    assert paths.settings_file() == tmp_path / "enforced" / "settings.ini"


def test_the_policy_can_forbid_portable_mode(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(paths.USER_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    (machine["install"].parent / paths.PORTABLE_MARKER).write_text("")
    assert paths.user_data_location()[1] == "portable"
    write(machine["install"], "[policy]\nallow_portable = no\n")
    policy.reset()
    assert paths.portable_dir() is None
    assert paths.user_data_location() == (tmp_path / "xdg-data" / "painref", "default")


def test_a_bad_policy_moves_nothing(
    policy_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(
        policy_file,
        f"[policy]\nuser_data_dir = {tmp_path / 'enforced'}\ntext_size = 99\n",
    )
    assert paths.user_data_location() == (
        Path(os.environ[paths.USER_DIR_ENV]),
        "environment",
    )


def test_the_policy_is_read_once(policy_file: Path) -> None:
    rules = policy.current()
    assert rules == Policy(searched=rules.searched)
    write(policy_file, "[policy]\ntheme = dark\n")
    assert policy.current().theme is None  # read at start-up, kept for the run
    policy.reset()
    assert policy.current().theme == "dark"


def test_the_policy_module_matches_the_settings_it_locks() -> None:
    pytest.importorskip("PySide6")
    from painref.ui import appearance

    assert policy.THEMES == appearance.THEMES
    assert (policy.MIN_TEXT_PT, policy.MAX_TEXT_PT) == (
        appearance.MIN_FONT_PT,
        appearance.MAX_FONT_PT,
    )


def test_the_example_file_is_a_valid_policy(
    policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/policy.example.ini, as IT would copy it onto a Windows machine, applies every
    key it shows."""
    from .conftest import ROOT

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", r"C:\Users\jsmith\AppData\Roaming")
    monkeypatch.setenv("ProgramData", r"C:\ProgramData")
    monkeypatch.setenv(policy.POLICY_ENV, str(ROOT / "docs" / "policy.example.ini"))
    rules = policy.load()
    assert rules.problem is None
    assert set(rules.settings()) == set(policy.KEYS)
    assert rules.site_name == "Royal Example Hospital — Pain service"
    assert str(rules.pack_folder) == r"\\fileserver\painref$\packs"
    assert str(rules.packs_dir) == r"C:\ProgramData\PainRef\packs"
    assert rules.local_keys is not None and len(rules.local_keys) == 2


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("not-base64!", "key 'local_keys': key 1 ('not-base64!') is not base64 text"),
        ("AAAA", "key 'local_keys': key 1 ('AAAA') is 3 bytes, not the 32 of an Ed25519"),
        (f"{KEY}, {KEY}", "key 'local_keys': a key is given twice"),
        ("", "key 'local_keys': no key is given"),
    ],
)
def test_a_malformed_local_key_applies_none_of_the_file(
    policy_file: Path, value: str, problem: str
) -> None:
    write(policy_file, f"[policy]\ntheme = dark\nlocal_keys = {value}\n")
    rules = policy.current()
    assert rules.problem is not None
    assert f"line 3: {problem}" in rules.problem
    assert rules.settings() == {}
    assert rules.local_keys is None and rules.theme is None


def test_local_keys_may_span_lines(policy_file: Path) -> None:
    other = "24NNL6Bz7bg+PhntiEKsTXOCyMbn2ctkwE14kvMcOKI="
    write(policy_file, f"[policy]\nlocal_keys = {KEY},\n    {other}\n")
    assert policy.current().local_keys == (KEY, other)


def test_the_pack_folders_must_be_absolute(policy_file: Path) -> None:
    write(policy_file, "[policy]\npack_folder = packs\n")
    assert "key 'pack_folder': 'packs' is not an absolute path" in (policy.current().problem or "")


def test_a_share_is_an_absolute_path_on_windows(
    policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    write(policy_file, "[policy]\npack_folder = \\\\server\\share\\packs\n")
    assert policy.current().problem is None
    policy.reset()
    monkeypatch.setattr(sys, "platform", "linux")
    assert "is not an absolute path" in (policy.current().problem or "")


def test_the_site_name_is_text_on_the_home_page_and_the_handout_cover(
    small_library: Library,
) -> None:
    from painref.pages import PageService
    from painref.render.handout import build_handout

    site = 'Ward <b>3</b> & "Pain"'
    home = PageService(small_library, site_name=site).render("home").html
    assert "Ward &lt;b&gt;3&lt;/b&gt; &amp; &#34;Pain&#34;" in home
    assert "<b>3</b>" not in home
    cover = build_handout(
        small_library, ["alpha-injection"], title="T", date="2026-01-01", site_name=site
    ).html
    assert "Ward &lt;b&gt;3&lt;/b&gt;" in cover
    plain = build_handout(small_library, ["alpha-injection"], title="T", date="2026-01-01")
    assert "Ward" not in plain.html
    assert PageService(small_library).home_page(theme=Theme()).site_name == ""
