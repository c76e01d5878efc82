"""Content packs: published content and a department's local layer, each shipped as one
signed, versioned file that PainRef verifies before it installs it.

The format (docs/packs.md says the same for IT, with the commands):

A pack is a ZIP file, ``ID-VERSION.painrefpack``, holding exactly three members, each a
plain file at the top level (no folders, no absolute paths, no ``..``, stored or deflated,
not encrypted):

- ``manifest.json``: a JSON object, UTF-8, at most 64 KiB::

      {"format": "painref-pack", "format_version": 1,
       "kind": "published" | "local",
       "id": "painref" | the layer's kebab-case id,
       "name": "PainRef content" | the department's name,
       "version": "2026.11.5",                (dotted numbers)
       "created": "2026-11-30T12:00:00+00:00",
       "schema_version": 4,                   (the content schema for published, the
                                               local layer schema for local)
       "content_version": "2026.11.5",        (published: its own version; local: the
                                               published content it was built against)
       "files": [{"path": "painref.db", "size": 4145152, "sha256": "..."}],
       "key_id": "0123456789abcdef"}

  Every field is required and no other is allowed in format_version 1; a newer
  format_version is refused with "made by a newer PainRef; update PainRef".
- ``manifest.sig``: the 64-byte Ed25519 signature of the exact bytes of manifest.json
  (``openssl pkeyutl -verify -rawin`` checks it too).
- the payload, the one file ``files`` lists: ``painref.db`` for published content (the
  database `painref build-db` writes), ``local.db`` for a local layer (written by
  painref.content.local_builder).

The key id is the first 16 hex digits of the SHA-256 of the raw 32-byte public key. Keys
trusted for published content are built in (trusted_published.txt); keys trusted for
local layers come from the machine's policy file (``local_keys``). A published pack is
never accepted with a local key, nor a local one with a published key.

Modules: manifest.py (the manifest and its checks), keys.py (Ed25519 through PyCA's
PyNaCl, imported only when a key is used: never at start-up; the PEM key files OpenSSL
writes, read and written there), reader.py (verify a
pack: nothing is written before every check passes), payload.py (the payload database
opens and matches its manifest), builder.py (build and sign), store.py (install, roll back,
state and audit log), sync.py (install the newest packs from a folder). Installed packs
are found at start-up by painref.paths (bundled_db, local_layer_db), which reads the
store's state file and nothing else.
"""

from __future__ import annotations

from painref.errors import PainRefError

__all__ = ["PackError", "PackRefused"]


class PackError(PainRefError):
    """A pack cannot be built, read or installed, or a store operation cannot be done."""


class PackRefused(PackError):
    """A pack failed verification: it is not installed and nothing was changed.

    The message is one line naming the file and the reason.
    """

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"refused {file}: {reason}")
        self.file = file
        self.reason = reason
