"""Ed25519 keys: making them, reading them, signing, checking a signature, and which keys
this machine trusts for each kind of pack.

The cryptography (PyCA `cryptography`) is imported inside the functions that sign or
verify, never when this module is imported: the app's start-up does not pay for it.
Private keys are PKCS#8 PEM files, the format `openssl genpkey -algorithm ed25519` writes;
a key encrypted with a passphrase is read with $PAINREF_KEY_PASSPHRASE. Public keys are
given as the base64 of their raw 32 bytes (one line, easy to paste into a policy file).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from painref import policy
from painref.packs import PackError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PUBLISHED_KEYS_FILE = Path(__file__).resolve().parent / "trusted_published.txt"
PASSPHRASE_ENV = "PAINREF_KEY_PASSPHRASE"
KEY_BYTES = 32
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


# -- the cryptography ------------------------------------------------------------------------


def _crypto() -> None:
    """Raises PackError in one line when the cryptography package is missing."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        raise PackError(
            "the cryptography package is not installed, so packs cannot be signed or "
            "verified: pip install cryptography"
        ) from None


@dataclass(frozen=True)
class SigningKey:
    """A private key read from a PEM file."""

    private: Ed25519PrivateKey
    public: bytes
    path: Path

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def generate() -> tuple[bytes, bytes]:
    """A new key: (its PKCS#8 PEM, unencrypted, as openssl writes it; its raw public key)."""
    _crypto()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, _raw_public(private)


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
    data = _read_key_file(path)
    _crypto()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if b"PRIVATE KEY-----" not in data:
        raise PackError(
            f"{path} is not a private key (a PEM file starting -----BEGIN PRIVATE KEY-----)"
        )
    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        private = serialization.load_pem_private_key(
            data, password=passphrase.encode("utf-8") if passphrase else None
        )
    except TypeError:
        if passphrase:
            raise PackError(f"{path} is not encrypted; unset {PASSPHRASE_ENV}") from None
        raise PackError(f"{path} is encrypted; set {PASSPHRASE_ENV} to its passphrase") from None
    except ValueError as exc:
        detail = " ".join(str(exc).split())[:120]
        raise PackError(f"{path} cannot be read as a private key ({detail})") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise PackError(
            f"{path} is not an Ed25519 key; make one with `painref pack keygen` or "
            "`openssl genpkey -algorithm ed25519`"
        )
    return SigningKey(private, _raw_public(private), path)


def public_key_from_file(path: Path) -> bytes:
    """The raw public key of a private or public key PEM file, or of a file holding the
    base64 of a raw key."""
    data = _read_key_file(path)
    if b"PRIVATE KEY-----" in data:
        return load_signing_key(path).public
    if b"-----BEGIN PUBLIC KEY-----" in data:
        _crypto()
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            public = serialization.load_pem_public_key(data)
        except ValueError as exc:
            detail = " ".join(str(exc).split())[:120]
            raise PackError(f"{path} cannot be read as a public key ({detail})") from None
        if not isinstance(public, Ed25519PublicKey):
            raise PackError(f"{path} is not an Ed25519 public key")
        return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    try:
        return decode(data.decode("ascii", "replace"))
    except ValueError as exc:
        raise PackError(f"{path}: not a key: {exc}") from None


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether signature is public's Ed25519 signature of data."""
    _crypto()
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _read_key_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise PackError(f"cannot read the key {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise PackError(f"{path} is too large to be a key file")
    return data
