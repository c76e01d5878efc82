"""`painref pack ...` and the packs in `painref status --json`: each command as IT runs
it, with one-line errors and exit status 1."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from painref import paths
from painref.cli import main
from painref.packs import keys
from painref.packs.keys import SigningKey
from tests.local_fixtures import write_local_source

from .conftest import LOCAL_ID, SHIPPED_VERSION, write_policy

Maker = Callable[..., Path]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def test_keygen_writes_a_private_key_for_its_owner_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    key = tmp_path / "department.pem"
    code, out, err = run(capsys, "pack", "keygen", "--output", str(key))
    assert (code, err) == (0, "")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    public = keys.load_signing_key(key).public
    assert f"public key: {keys.encode(public)}\n" in out
    assert f"key id:     {keys.key_id(public)}\n" in out
    assert f"local_keys = {keys.encode(public)}" in out
    code, out, err = run(capsys, "pack", "key", str(key))
    assert out == f"public key: {keys.encode(public)}\nkey id:     {keys.key_id(public)}\n"

    before = key.read_bytes()
    code, _, err = run(capsys, "pack", "keygen", "--output", str(key))
    assert code == 1
    assert err == f"painref: {key} exists; a key file is never replaced, give a new name\n"
    assert key.read_bytes() == before


def test_the_key_id_is_the_start_of_the_public_keys_sha256() -> None:
    public = bytes(range(32))
    assert keys.key_id(public) == "630dcd2966c43366"  # sha256(bytes 0..31)[:16]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_a_key_made_by_openssl_signs_packs(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    published_db: Callable[[str], Path],
) -> None:
    key = tmp_path / "it.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True)
    public_pem = tmp_path / "it.pub.pem"
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(public_pem)], check=True
    )
    pack = tmp_path / "painref-2026.12.1.painrefpack"
    code, out, err = run(
        capsys, "pack", "build", "published", "--key", str(key), "--db",
        str(published_db("2026.12.1")), "--output", str(pack),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "this machine would refuse the pack" in out  # not a built-in key
    code, out, err = run(capsys, "pack", "verify", str(pack), "--key", str(public_pem))
    assert (code, err) == (0, ""), err
    assert "signature valid" in out
    # openssl checks the signature by itself, from the pack's two members.
    import zipfile

    with zipfile.ZipFile(pack) as archive:
        (tmp_path / "m.json").write_bytes(archive.read("manifest.json"))
        (tmp_path / "m.sig").write_bytes(archive.read("manifest.sig"))
    checked = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(public_pem), "-rawin",
         "-in", str(tmp_path / "m.json"), "-sigfile", str(tmp_path / "m.sig")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    code, out, _ = run(capsys, "pack", "key", str(key))
    assert code == 0 and out == run(capsys, "pack", "key", str(public_pem))[1]
    # A passphrase-protected key is refused, in one line saying how to unlock it.
    locked = tmp_path / "locked.pem"
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-aes256", "-passout", "pass:s3cret", "-out",
         str(locked)], check=True,
    )  # fmt: skip
    code, _, err = run(
        capsys, "pack", "build", "published", "--key", str(locked), "--db",
        str(published_db("2026.12.2")), "--output", str(tmp_path),
    )  # fmt: skip
    assert code == 1
    assert err.startswith(f"painref: {locked} is a passphrase-protected key; ")
    assert err.count("\n") == 1
    assert not (tmp_path / "painref-2026.12.2.painrefpack").exists()


def test_a_key_that_is_not_ed25519_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text_file = tmp_path / "not-a-key.pem"
    text_file.write_text("hello\n")
    code, _, err = run(capsys, "pack", "key", str(text_file))
    assert code == 1 and err.startswith(f"painref: {text_file}: not a key:")
    fake = tmp_path / "fake.pem"
    fake.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    code, _, err = run(
        capsys, "pack", "build", "published", "--key", str(fake), "--output", str(tmp_path)
    )
    assert code == 1 and err.startswith(f"painref: {fake} cannot be read as a private key")


def test_build_verify_install_rollback_list_and_log(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    published_db: Callable[[str], Path],
    key_dir: Path,
    release_key: SigningKey,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    key = str(key_dir / "release.pem")
    for version in ("2026.12.1", "2026.12.2"):
        code, out, err = run(
            capsys, "pack", "build", "published", "--key", key,
            "--db", str(published_db(version)), "--output", str(out_dir),
        )  # fmt: skip
        assert (code, err) == (0, "")
        assert out.startswith(f"wrote {out_dir / f'painref-{version}.painrefpack'}: ")
        assert "would refuse" not in out  # the (test) release key is built in
    pack = out_dir / "painref-2026.12.1.painrefpack"

    code, out, err = run(capsys, "pack", "verify", str(pack))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{pack}: published content 2026.12.1, pack format 1"
    assert f"signed by: key {release_key.key_id} (test release key; built in)" in out
    assert out.endswith("verified: this PainRef accepts it\n")
    verified = run_json(capsys, "pack", "verify", str(pack))
    assert verified["verified"] is True
    assert verified["version"] == "2026.12.1"
    assert verified["key"]["id"] == release_key.key_id

    code, out, err = run(capsys, "pack", "install", str(pack))
    assert (code, out, err) == (0, "installed published content 2026.12.1\n", "")
    code, out, err = run(capsys, "pack", "install", str(out_dir))  # the folder: the newest
    assert (code, err) == (0, "")
    assert "painref-2026.12.2.painrefpack: installed: installed published content 2026.12.2" in out
    assert "painref-2026.12.1.painrefpack: not newer: a newer one was installed" in out

    listed = run_json(capsys, "pack", "list")
    assert listed["published"]["in_force"] == "pack"
    assert listed["published"]["version"] == "2026.12.2"
    assert listed["published"]["previous"]["version"] == "2026.12.1"
    code, out, _ = run(capsys, "pack", "list")
    assert out.startswith("Published:  content 2026.12.2 from pack ")
    assert "  previous:  content 2026.12.1 (installed " in out

    code, out, err = run(capsys, "pack", "rollback", "published")
    assert (code, err) == (0, "")
    assert out == "rolled back from published content 2026.12.2 to published content 2026.12.1\n"

    log = run_json(capsys, "pack", "log")
    assert [e["action"] for e in log] == ["install", "install", "rollback"]
    code, out, _ = run(capsys, "pack", "log", "--limit", "1")
    assert len(out.splitlines()) == 1 and "rollback" in out


def test_a_refused_pack_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    published_pack: Maker,
    stranger_key: SigningKey,
) -> None:
    pack = published_pack("2026.12.1", key=stranger_key)
    for action in ("verify", "install"):
        code, out, err = run(capsys, "pack", action, str(pack))
        assert code == 1
        assert out == ""
        assert err.startswith("painref: refused ")
        assert f"signed by key {stranger_key.key_id}, which is not a PainRef release key" in err
        assert err.count("\n") == 1
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(pack, folder)
    code, out, err = run(capsys, "pack", "install", str(folder))
    assert code == 1
    assert f"{pack.name}: refused: refused {pack.name}: it is signed by key" in out
    assert (
        err
        == f"painref: 1 problem with the packs in {folder}; `painref pack log` has the details\n"
    )


def test_build_a_local_layer_pack_from_its_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key_dir: Path, local_key: SigningKey
) -> None:
    source = write_local_source(
        tmp_path / "layer",
        pages={"day-case-escort": {"body": "Go home with an adult (fictional)."}},
        layer={"id": LOCAL_ID, "version": "2026.12.5"},
    )
    code, out, err = run(
        capsys, "pack", "build", "local", str(source), "--key", str(key_dir / "department.pem"),
        "--output", str(tmp_path),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    pack = tmp_path / f"{LOCAL_ID}-2026.12.5.painrefpack"
    assert out.startswith(f"wrote {pack}: local layer {LOCAL_ID} 2026.12.5 ")
    code, out, err = run(capsys, "pack", "install", str(pack))
    assert (code, err) == (0, "")
    assert (
        paths.local_layer_db() == paths.packs_dir() / "local" / LOCAL_ID / "2026.12.5" / "local.db"
    )
    verified = run_json(capsys, "pack", "verify", str(pack))
    assert verified["content_version"] == SHIPPED_VERSION  # built against the content in force
    assert verified["key"]["trusted_as"] == keys.POLICY


def test_status_reports_the_packs_in_force(
    capsys: pytest.CaptureFixture[str],
    published_pack: Maker,
    local_pack: Maker,
    policy_file: Path,
    local_key: SigningKey,
    release_key: SigningKey,
    tmp_path: Path,
) -> None:
    status = run_json(capsys, "status")
    packs = status["packs"]
    assert set(packs) == {
        "store", "store_chosen_by", "pack_folder", "published", "local",
        "trusted_published_keys", "trusted_local_keys", "error",
    }  # fmt: skip
    assert packs["store"] == str(paths.user_data_dir() / "packs")
    assert packs["store_chosen_by"] == "user data"
    assert packs["published"]["in_force"] == "bundled"
    assert packs["published"]["version"] == SHIPPED_VERSION
    assert packs["local"]["in_force"] == "none"
    assert packs["trusted_published_keys"] == [release_key.key_id]
    assert packs["trusted_local_keys"] == [local_key.key_id]

    main(["pack", "install", str(published_pack("2026.12.1"))])
    main(["pack", "install", str(local_pack("2026.12.1"))])
    write_policy(
        policy_file,
        f"pack_folder = {tmp_path / 'share'}\nlocal_keys = {keys.encode(local_key.public)}\n",
    )
    capsys.readouterr()
    status = run_json(capsys, "status")
    published = status["packs"]["published"]
    assert published["in_force"] == "pack"
    assert published["version"] == "2026.12.1"
    assert published["key_id"] == release_key.key_id
    assert len(published["pack_sha256"]) == 64
    assert published["installed_at"]
    assert published["previous"] is None
    assert published["database"] == status["database"]["path"] == str(paths.bundled_db())
    assert status["content_version"] == "2026.12.1"
    local = status["packs"]["local"]
    assert (local["in_force"], local["id"], local["version"]) == ("pack", LOCAL_ID, "2026.12.1")
    assert status["packs"]["pack_folder"] == str(tmp_path / "share")
    _, out, _ = run(capsys, "status")
    assert "Published:  content 2026.12.1 from pack " in out
    assert f"Local:      {LOCAL_ID} 2026.12.1 from pack " in out
    assert out.splitlines()[-1].startswith("Platform:   ")
