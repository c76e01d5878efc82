"""Ed25519 key files and signatures (painref/packs/keys.py): the PEM forms OpenSSL writes,
read and written without an ASN.1 library and checked both ways against the real
`openssl`; published test vectors; every other key file refused in one line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from painref.packs import PackError, keys

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl here")

# RFC 8410 section 10: an Ed25519 private key, its public key, and the same private key
# as PKCS#8 version 2 with an attribute and the public key attached.
RFC8410_PRIVATE = (
    b"-----BEGIN PRIVATE KEY-----\n"
    b"MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    b"-----END PRIVATE KEY-----\n"
)
RFC8410_PUBLIC = (
    b"-----BEGIN PUBLIC KEY-----\n"
    b"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    b"-----END PUBLIC KEY-----\n"
)
RFC8410_V2_WITH_ATTRIBUTES = (
    b"-----BEGIN PRIVATE KEY-----\n"
    b"MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    b"oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB\n"
    b"Z9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    b"-----END PRIVATE KEY-----\n"
)
RFC8410_SEED = bytes.fromhex("d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842")
RFC8410_RAW_PUBLIC = bytes.fromhex(
    "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"
)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def openssl(*args: str | Path) -> str:
    result = subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def refusal(path: Path) -> str:
    with pytest.raises(PackError) as caught:
        keys.public_key_from_file(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_rfc8032_test_vector_1(tmp_path: Path) -> None:
    """RFC 8032 section 7.1, TEST 1 (the empty message): the key, signature and checks."""
    seed = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    public = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    signature = bytes.fromhex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
        "701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )
    key = keys.load_signing_key(write(tmp_path, "vector.pem", keys.private_pem(seed)))
    assert key.public == public
    assert key.sign(b"") == signature
    assert keys.verify(public, signature, b"")
    assert not keys.verify(public, signature, b"x")
    assert not keys.verify(public, bytes([signature[0] ^ 1]) + signature[1:], b"")
    assert not keys.verify(public, signature[:63], b"")  # not 64 bytes: no signature
    assert not keys.verify(public[:31], signature, b"")


def test_the_rfc8410_examples_are_read_and_written_byte_for_byte(tmp_path: Path) -> None:
    private = write(tmp_path, "private.pem", RFC8410_PRIVATE)
    public = write(tmp_path, "public.pem", RFC8410_PUBLIC)
    key = keys.load_signing_key(private)
    assert key.public == RFC8410_RAW_PUBLIC == keys.public_key_from_file(public)
    assert keys.public_key_from_file(private) == RFC8410_RAW_PUBLIC
    assert keys.private_pem(RFC8410_SEED) == RFC8410_PRIVATE
    assert keys.public_pem(RFC8410_RAW_PUBLIC) == RFC8410_PUBLIC
    # Line breaks as Windows writes them, and base64 wrapped at other widths, read the same.
    crlf = RFC8410_PRIVATE.replace(b"\n", b"\r\n").replace(b"BCIE", b"\r\nBCIE")
    assert keys.load_signing_key(write(tmp_path, "crlf.pem", crlf)).public == key.public


def test_pkcs8_version_2_is_read_when_its_public_key_is_the_seeds_own(tmp_path: Path) -> None:
    def v2(public: bytes) -> bytes:
        der = keys.PRIVATE_V2_DER_PREFIX + RFC8410_SEED + keys.PRIVATE_V2_PUBLIC_TAG + public
        return keys._pem(keys.PRIVATE_LABEL, der)

    good = write(tmp_path, "v2.pem", v2(RFC8410_RAW_PUBLIC))
    assert keys.load_signing_key(good).public == RFC8410_RAW_PUBLIC
    wrong = write(tmp_path, "v2-wrong.pem", v2(bytes(32)))
    assert refusal(wrong) == f"{wrong}: the public key it holds is not its private key's"
    with_attributes = write(tmp_path, "v2-attributes.pem", RFC8410_V2_WITH_ATTRIBUTES)
    assert refusal(with_attributes).startswith(
        f"{with_attributes} is an Ed25519 key in a PKCS#8 form PainRef does not read"
    )


@needs_openssl
def test_a_key_openssl_made_is_read_and_written_back_identically(tmp_path: Path) -> None:
    private = tmp_path / "openssl.pem"
    openssl("genpkey", "-algorithm", "ed25519", "-out", private)
    public = tmp_path / "openssl.pub.pem"
    openssl("pkey", "-in", private, "-pubout", "-out", public)
    key = keys.load_signing_key(private)
    assert keys.public_key_from_file(public) == key.public
    assert keys.private_pem(bytes(key.private)) == private.read_bytes()
    assert keys.public_pem(key.public) == public.read_bytes()
    # openssl checks PainRef's signature, and PainRef checks openssl's: the same bytes,
    # since Ed25519 signatures are deterministic.
    message = write(tmp_path, "manifest.json", b'{"format": "painref-pack"}\n')
    ours = write(tmp_path, "ours.sig", key.sign(message.read_bytes()))
    assert "Signature Verified Successfully" in openssl(
        "pkeyutl", "-verify", "-pubin", "-inkey", public, "-rawin", "-in", message,
        "-sigfile", ours,
    )  # fmt: skip
    theirs = tmp_path / "theirs.sig"
    openssl("pkeyutl", "-sign", "-inkey", private, "-rawin", "-in", message, "-out", theirs)
    assert keys.verify(key.public, theirs.read_bytes(), message.read_bytes())
    assert theirs.read_bytes() == ours.read_bytes()


@needs_openssl
def test_openssl_reads_the_keys_painref_writes(tmp_path: Path) -> None:
    private = tmp_path / "painref.pem"
    raw = keys.write_new_key(private)
    text = openssl("pkey", "-in", private, "-text", "-noout")
    assert text.startswith("ED25519 Private-Key:")
    public = tmp_path / "painref.pub.pem"
    openssl("pkey", "-in", private, "-pubout", "-out", public)
    assert public.read_bytes() == keys.public_pem(raw)
    openssl("pkey", "-pubin", "-in", write(tmp_path, "ours.pub.pem", keys.public_pem(raw)))
    assert keys.public_key_from_file(public) == raw


@needs_openssl
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            ["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024"],
            "{path} is an RSA key, not an Ed25519 key; make one with `painref pack keygen` "
            "or `openssl genpkey -algorithm ed25519`",
        ),
        (
            ["genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
            "{path} is an EC key, not an Ed25519 key; make one with",
        ),
        (["genpkey", "-algorithm", "ed448"], "{path} is an Ed448 key, not an Ed25519 key;"),
        (["genpkey", "-algorithm", "x25519"], "{path} is an X25519 key, not an Ed25519 key;"),
    ],
)  # fmt: skip
def test_other_kinds_of_key_are_refused(tmp_path: Path, make: list[str], expected: str) -> None:
    path = tmp_path / "other.pem"
    openssl(*make, "-out", path)
    assert refusal(path).startswith(expected.format(path=path))
    public = tmp_path / "other.pub.pem"
    openssl("pkey", "-in", path, "-pubout", "-out", public)
    assert refusal(public).startswith(f"{public} is an ")
    assert refusal(public).endswith(", not an Ed25519 public key")


@needs_openssl
def test_a_passphrase_protected_or_traditional_key_is_refused_saying_what_to_do(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain.pem"
    openssl("genpkey", "-algorithm", "ed25519", "-out", plain)
    locked = tmp_path / "locked.pem"
    openssl("pkey", "-in", plain, "-aes256", "-passout", "pass:s3cret", "-out", locked)
    assert refusal(locked) == (
        f"{locked} is a passphrase-protected key; PainRef reads unencrypted Ed25519 keys: "
        f"`openssl pkey -in {locked} -out plain.pem` writes one (keep it where only you can "
        "read it)"
    )
    ec = tmp_path / "ec.pem"
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ec)
    assert refusal(ec).startswith(
        f"{ec} is not an Ed25519 PKCS#8 key (it holds -----BEGIN EC PRIVATE KEY-----); make one"
    )


def test_damaged_and_foreign_files_are_refused(tmp_path: Path) -> None:
    damaged = write(tmp_path, "damaged.pem", RFC8410_PRIVATE.replace(b"MC4CAQAw", b"MC4CAQA!"))
    assert refusal(damaged) == f"{damaged} cannot be read as a private key (its base64 is damaged)"
    truncated = write(tmp_path, "short.pem", keys._pem(keys.PRIVATE_LABEL, bytes(47)))
    assert refusal(truncated) == (
        f"{truncated} cannot be read as a private key (not Ed25519 PKCS#8 DER)"
    )
    public = write(tmp_path, "short.pub.pem", RFC8410_PUBLIC.replace(b"rXAxZuE=", b"rXAx"))
    assert refusal(public) == (
        f"{public} cannot be read as a public key (not Ed25519 SubjectPublicKeyInfo)"
    )
    certificate = write(tmp_path, "cert.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n")
    assert refusal(certificate).startswith(f"{certificate}: not a key:")
    with pytest.raises(PackError, match="is not a private key"):
        keys.load_signing_key(write(tmp_path, "public-only.pem", RFC8410_PUBLIC))


def test_a_raw_base64_public_key_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "key.txt", (keys.encode(RFC8410_RAW_PUBLIC) + "\n").encode())
    assert keys.public_key_from_file(path) == RFC8410_RAW_PUBLIC


def test_without_pynacl_signing_and_verifying_fail_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "nacl.signing", None)  # as if it could not be loaded
    expected = r"^PyNaCl cannot be loaded \(.+\), so packs cannot be signed or verified; pip install pynacl$"
    with pytest.raises(PackError, match=expected):
        keys.verify(RFC8410_RAW_PUBLIC, bytes(64), b"")
    with pytest.raises(PackError, match=expected):
        keys.load_signing_key(write(tmp_path, "private.pem", RFC8410_PRIVATE))
    # Key files are still read: the public key of a public key file needs no PyNaCl.
    assert keys.public_key_from_file(write(tmp_path, "public.pem", RFC8410_PUBLIC)) == (
        RFC8410_RAW_PUBLIC
    )
