"""Ed25519 keys: making them, reading them, signing, checking a signature, and which keys
this machine trusts for each kind of pack.

The signatures are PyCA's PyNaCl (libsodium), imported inside the functions that sign or
verify, never when this module is imported: the app's start-up does not pay for it.
Key files are the PEM files OpenSSL reads and writes (`openssl genpkey -algorithm
ed25519`, `openssl pkey -pubout`): a private key is unencrypted PKCS#8, a public key is
SubjectPublicKeyInfo (RFC 8410). For Ed25519 both are a fixed DER prefix followed by the
32 key bytes, so they are read and written here with no ASN.1 or OpenSSL library; any
other key file (passphrase-protected, RSA, EC, ...) is refused in one line saying what to
do. Public keys are also given as the base64 of their raw 32 bytes (one line, easy to
paste into a policy file).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from painref import policy
from painref.packs import PackError

if TYPE_CHECKING:
    import nacl.signing

PUBLISHED_KEYS_FILE = Path(__file__).resolve().parent / "trusted_published.txt"
KEY_BYTES = 32
SIGNATURE_BYTES = 64
MAX_KEY_FILE_BYTES = 64 * 1024
BUILT_IN = "built in"
POLICY = "policy file"


def key_id(public: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of a raw public key."""
    return hashlib.sha256(public).hexdigest()[:16]


def encode(public: bytes) -> str:
    """A raw public key as one line of base64 (what a policy file and the built-in list hold)."""
    return base64.b64encode(public).decode("ascii")


def decode(text: str) -> bytes:
    """A raw public key from its base64; ValueError when it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{text.strip()[:60]!r} is not base64 text") from None
    if len(raw) != KEY_BYTES:
        raise ValueError(f"{text.strip()[:60]!r} is {len(raw)} bytes, not an Ed25519 public key")
    return raw


@dataclass(frozen=True)
class TrustedKey:
    """A public key this machine accepts for one kind of pack."""

    public: bytes
    label: str
    """Who it is: "PainRef release key 2026", or the policy file's path."""
    source: str
    """BUILT_IN or POLICY."""

    @property
    def key_id(self) -> str:
        return key_id(self.public)


@dataclass(frozen=True)
class Trust:
    """The keys trusted for published content and for local layers."""

    published: tuple[TrustedKey, ...]
    local: tuple[TrustedKey, ...]
    local_keys_from: str = ""
    """Where local keys come from, for messages: the policy file and its state."""

    @classmethod
    def current(cls) -> Trust:
        """The built-in published keys and the policy file's local keys."""
        return cls(published_keys(), local_keys(), local_keys_source())

    def for_kind(self, kind: str) -> tuple[TrustedKey, ...]:
        return self.published if kind == "published" else self.local

    def find(self, kind: str, wanted: str) -> TrustedKey | None:
        return next((k for k in self.for_kind(kind) if k.key_id == wanted), None)


def published_keys() -> tuple[TrustedKey, ...]:
    """The keys built into PainRef for published content (trusted_published.txt: one
    base64 key a line, optionally followed by "# who it is"; # lines are comments)."""
    try:
        text = PUBLISHED_KEYS_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(
            f"the built-in list of trusted keys {PUBLISHED_KEYS_FILE} cannot be read: "
            f"{exc.strerror or exc}; reinstall PainRef"
        ) from None
    return parse_key_list(text, BUILT_IN, PUBLISHED_KEYS_FILE)


def parse_key_list(text: str, source: str, where: Path) -> tuple[TrustedKey, ...]:
    keys = []
    for number, line in enumerate(text.splitlines(), start=1):
        value, _, label = line.partition("#")
        if not value.strip():
            continue
        try:
            public = decode(value)
        except ValueError as exc:
            raise PackError(f"{where}: line {number}: {exc}; reinstall PainRef") from None
        keys.append(TrustedKey(public, label.strip() or f"key {key_id(public)}", source))
    return tuple(keys)


def local_keys() -> tuple[TrustedKey, ...]:
    """The keys the machine's policy file trusts for local layers (none when it sets
    none, or when it was not applied)."""
    rules = policy.current()
    label = f"local_keys in {rules.path}"
    return tuple(TrustedKey(decode(text), label, POLICY) for text in rules.local_keys or ())


def local_keys_source() -> str:
    """Where local-layer keys come from, as a sentence part for messages."""
    rules = policy.current()
    if rules.path is None:
        return "local_keys in the policy file (there is no policy file)"
    if rules.problem is not None:
        return f"local_keys in the policy file {rules.path}, which was not applied"
    return f"local_keys in the policy file {rules.path}"


# -- key files: PEM (RFC 7468) holding Ed25519 keys in their fixed DER forms (RFC 8410) -----

PRIVATE_LABEL = "PRIVATE KEY"
PUBLIC_LABEL = "PUBLIC KEY"
PRIVATE_DER_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
"""PKCS#8 version 1: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 (Ed25519) },
OCTET STRING { OCTET STRING (32 bytes: the seed) } }; what openssl writes."""
PRIVATE_V2_DER_PREFIX = bytes.fromhex("3051020101300506032b657004220420")
"""PKCS#8 version 2 (RFC 5958): the seed, then the public key as [1] BIT STRING. OpenSSL
3.0 neither writes nor reads it; other tools write it, and the check that its public key
is the seed's own makes it as safe to read as version 1."""
PRIVATE_V2_PUBLIC_TAG = bytes.fromhex("812100")
PUBLIC_DER_PREFIX = bytes.fromhex("302a300506032b6570032100")
"""SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID Ed25519 }, BIT STRING (32 bytes) }."""
ED25519_OID = bytes.fromhex("06032b6570")
# The algorithm OIDs (tag, length and value) of keys PainRef refuses, to name them.
OTHER_ALGORITHMS = {
    bytes.fromhex("06092a864886f70d010101"): "an RSA key",
    bytes.fromhex("06092a864886f70d01010a"): "an RSA-PSS key",
    bytes.fromhex("06072a8648ce3d0201"): "an EC key",
    bytes.fromhex("06072a8648ce380401"): "a DSA key",
    bytes.fromhex("06032b6571"): "an Ed448 key",
    bytes.fromhex("06032b656e"): "an X25519 key",
    bytes.fromhex("06032b656f"): "an X448 key",
}
PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
MAKE_ONE = "make one with `painref pack keygen` or `openssl genpkey -algorithm ed25519`"


def private_pem(seed: bytes) -> bytes:
    """The unencrypted PKCS#8 PEM of an Ed25519 private key, byte for byte as openssl
    writes it."""
    return _pem(PRIVATE_LABEL, PRIVATE_DER_PREFIX + seed)


def public_pem(public: bytes) -> bytes:
    """The SubjectPublicKeyInfo PEM of a raw public key, as `openssl pkey -pubout` writes it."""
    return _pem(PUBLIC_LABEL, PUBLIC_DER_PREFIX + public)


def _pem(label: str, der: bytes) -> bytes:
    text = base64.b64encode(der).decode("ascii")
    lines = [text[start : start + 64] for start in range(0, len(text), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode()


def _pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    """Each PEM block in a file: (its label, its body between the lines)."""
    return [(m.group(1).decode("ascii"), m.group(2)) for m in PEM_BLOCK.finditer(data)]


def _der(body: bytes, path: Path, what: str) -> bytes:
    try:
        return base64.b64decode(b"".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        raise PackError(f"{path} cannot be read as a {what} (its base64 is damaged)") from None


def _algorithm(der: bytes) -> str | None:
    """Which other kind of key a DER key names in its first bytes, if one PainRef knows."""
    return next((name for oid, name in OTHER_ALGORITHMS.items() if oid in der[:32]), None)


def _seed(path: Path, data: bytes) -> bytes:
    """The 32-byte seed of the Ed25519 private key in a PEM file; PackError in one line
    for anything else."""
    blocks = _pem_blocks(data)
    labels = [label for label, _ in blocks]
    if "ENCRYPTED PRIVATE KEY" in labels:
        raise PackError(
            f"{path} is a passphrase-protected key; PainRef reads unencrypted Ed25519 keys: "
            f"`openssl pkey -in {path} -out plain.pem` writes one (keep it where only you "
            "can read it)"
        )
    body = next((body for label, body in blocks if label == PRIVATE_LABEL), None)
    if body is None:
        other = next((label for label in labels if label.endswith(PRIVATE_LABEL)), None)
        if other is not None:  # RSA PRIVATE KEY, EC PRIVATE KEY, OPENSSH PRIVATE KEY, ...
            raise PackError(
                f"{path} is not an Ed25519 PKCS#8 key (it holds -----BEGIN {other}-----); "
                + MAKE_ONE
            )
        raise PackError(
            f"{path} is not a private key (a PEM file starting -----BEGIN PRIVATE KEY-----)"
        )
    der = _der(body, path, "private key")
    size = len(PRIVATE_DER_PREFIX) + KEY_BYTES
    if len(der) == size and der.startswith(PRIVATE_DER_PREFIX):
        return der[len(PRIVATE_DER_PREFIX) :]
    v2_size = len(PRIVATE_V2_DER_PREFIX) + KEY_BYTES + len(PRIVATE_V2_PUBLIC_TAG) + KEY_BYTES
    if (
        len(der) == v2_size
        and der.startswith(PRIVATE_V2_DER_PREFIX)
        and der[size : size + len(PRIVATE_V2_PUBLIC_TAG)] == PRIVATE_V2_PUBLIC_TAG
    ):
        seed, public = der[len(PRIVATE_V2_DER_PREFIX) : size], der[-KEY_BYTES:]
        if _public_of(seed) != public:
            raise PackError(f"{path}: the public key it holds is not its private key's")
        return seed
    other_algorithm = _algorithm(der)
    if other_algorithm is not None:
        raise PackError(f"{path} is {other_algorithm}, not an Ed25519 key; {MAKE_ONE}")
    if ED25519_OID in der[:32]:
        raise PackError(
            f"{path} is an Ed25519 key in a PKCS#8 form PainRef does not read (with "
            "attributes or other extras); PainRef reads the plain form `painref pack keygen` "
            "and `openssl genpkey -algorithm ed25519` write"
        )
    raise PackError(f"{path} cannot be read as a private key (not Ed25519 PKCS#8 DER)")


def _public_from_pem(path: Path, body: bytes) -> bytes:
    der = _der(body, path, "public key")
    if len(der) == len(PUBLIC_DER_PREFIX) + KEY_BYTES and der.startswith(PUBLIC_DER_PREFIX):
        return der[len(PUBLIC_DER_PREFIX) :]
    other_algorithm = _algorithm(der)
    if other_algorithm is not None:
        raise PackError(f"{path} is {other_algorithm}, not an Ed25519 public key")
    raise PackError(f"{path} cannot be read as a public key (not Ed25519 SubjectPublicKeyInfo)")


# -- the signatures (PyNaCl) ------------------------------------------------------------------


def _nacl() -> None:
    """Raises PackError in one line when PyNaCl is missing or cannot be loaded."""
    try:
        import nacl.signing  # noqa: F401
    except ImportError as exc:
        raise PackError(
            f"PyNaCl cannot be loaded ({exc}), so packs cannot be signed or verified; "
            "pip install pynacl"
        ) from None


def _public_of(seed: bytes) -> bytes:
    _nacl()
    import nacl.signing

    return bytes(nacl.signing.SigningKey(seed).verify_key)


@dataclass(frozen=True)
class SigningKey:
    """A private key read from a PEM file."""

    private: nacl.signing.SigningKey
    public: bytes
    path: Path

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of data (no message attached)."""
        return self.private.sign(data).signature


def generate() -> tuple[bytes, bytes]:
    """A new key: (its PKCS#8 PEM, unencrypted, as openssl writes it; its raw public key)."""
    _nacl()
    import nacl.signing

    private = nacl.signing.SigningKey.generate()
    return private_pem(bytes(private)), bytes(private.verify_key)


def write_new_key(output: Path) -> bytes:
    """Write a new private key to output (readable by its owner only; an existing file is
    never replaced). Returns its raw public key."""
    pem, public = generate()
    try:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PackError(f"{output} exists; a key file is never replaced, give a new name") from None
    except OSError as exc:
        raise PackError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    except OSError as exc:
        output.unlink(missing_ok=True)
        raise PackError(f"cannot write {output}: {exc.strerror or exc}") from None
    return public


def load_signing_key(path: Path) -> SigningKey:
    """The Ed25519 private key in a PEM file; PackError in one line for anything else."""
    seed = _seed(path, _read_key_file(path))
    _nacl()
    import nacl.signing

    private = nacl.signing.SigningKey(seed)
    return SigningKey(private, bytes(private.verify_key), path)


def public_key_from_file(path: Path) -> bytes:
    """The raw public key of a private or public key PEM file, or of a file holding the
    base64 of a raw key."""
    data = _read_key_file(path)
    blocks = _pem_blocks(data)
    if any(label.endswith(PRIVATE_LABEL) for label, _ in blocks):
        return load_signing_key(path).public
    body = next((body for label, body in blocks if label == PUBLIC_LABEL), None)
    if body is not None:
        return _public_from_pem(path, body)
    try:
        return decode(data.decode("ascii", "replace"))
    except ValueError as exc:
        raise PackError(f"{path}: not a key: {exc}") from None


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether signature is public's Ed25519 signature of data."""
    if len(public) != KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    _nacl()
    import nacl.exceptions
    import nacl.signing

    try:
        nacl.signing.VerifyKey(public).verify(data, signature)
    except nacl.exceptions.BadSignatureError:
        return False
    return True


def _read_key_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise PackError(f"cannot read the key {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise PackError(f"{path} is too large to be a key file")
    return data
