"""What is in force, for `painref status` and `painref pack list`: per kind, the bundled
copy, an installed pack or an override, with the previous version; the store, the pack
folder and the trusted keys. Reads the state file only: nothing is hashed or verified."""

from __future__ import annotations

import os
from typing import Any

from painref import paths, policy
from painref.packs import PackError, keys
from painref.packs.manifest import LOCAL, PUBLISHED
from painref.packs.store import Installed, PackStore, Slot, State

BUNDLED = "bundled"
PACK = "pack"
ENVIRONMENT = "environment"
NONE = "none"


def collect() -> dict[str, Any]:
    """The packs in force as JSON-ready data (the keys docs/packs.md documents)."""
    folder, chosen_by = paths.packs_location()
    store = PackStore(folder)
    errors: list[str] = []
    try:
        state = store.state()
    except PackError as exc:
        state = State()
        errors.append(str(exc))
    try:
        published_keys = [k.key_id for k in keys.published_keys()]
    except PackError as exc:
        published_keys = []
        errors.append(str(exc))
    rules = policy.current()
    local_keys = [keys.key_id(keys.decode(text)) for text in rules.local_keys or ()]
    return {
        "store": str(folder),
        "store_chosen_by": chosen_by,
        "pack_folder": str(rules.pack_folder) if rules.pack_folder else None,
        "published": _published(state.slot(PUBLISHED)),
        "local": _local(state.slot(LOCAL), store),
        "trusted_published_keys": published_keys,
        "trusted_local_keys": local_keys,
        "error": "; ".join(errors) or None,
    }


def _published(slot: Slot) -> dict[str, Any]:
    db, why_not = paths.installed_published_db()
    if os.environ.get(paths.DB_ENV):
        in_force = ENVIRONMENT
    elif db is not None:
        in_force = PACK
    else:
        in_force = BUNDLED
    data = _entry(slot.current if in_force == PACK else None)
    if in_force == BUNDLED:
        data["version"] = paths.shipped_content_version()
    data.update(in_force=in_force, database=str(paths.bundled_db()), not_used=why_not)
    return data | _rest(slot)


def _local(slot: Slot, store: PackStore) -> dict[str, Any]:
    db = paths.local_layer_db()
    if os.environ.get(paths.LOCAL_DB_ENV):
        in_force = ENVIRONMENT
    elif db is not None:
        in_force = PACK
    else:
        in_force = NONE
    data = _entry(slot.current if in_force == PACK else None)
    why_not = None
    if slot.current is not None and in_force == NONE:
        why_not = f"the installed {slot.current.describe()} is missing its database"
    data.update(in_force=in_force, database=str(db) if db else None, not_used=why_not)
    return data | _rest(slot)


def _entry(entry: Installed | None) -> dict[str, Any]:
    fields = ("id", "name", "version", "pack_sha256", "key_id", "installed_at", "installed_by")
    data: dict[str, Any] = {name: None for name in fields}
    data["file"] = None
    if entry is not None:
        data.update({name: getattr(entry, name) for name in fields}, file=entry.file)
    return data


def _rest(slot: Slot) -> dict[str, Any]:
    previous = slot.previous
    return {
        "previous": (
            {
                "id": previous.id,
                "version": previous.version,
                "pack_sha256": previous.pack_sha256,
                "key_id": previous.key_id,
                "installed_at": previous.installed_at,
            }
            if previous
            else None
        ),
        "held_back": slot.held.version if slot.held else None,
    }


def text(data: dict[str, Any]) -> list[str]:
    """The packs for a person to read (lines for `painref status` and `pack list`)."""
    lines = []
    for kind, label in ((PUBLISHED, "Published:"), (LOCAL, "Local:")):
        item = data[kind]
        lines.append(f"{label:<12}{_in_force(kind, item)}")
        if item["not_used"]:
            lines.append(f"  not used:  {item['not_used']}")
        previous = item["previous"]
        if previous:
            lines.append(
                f"  previous:  {_name(kind, previous)} (installed {previous['installed_at']}; "
                f"`painref pack rollback {kind}` puts it back)"
            )
        elif item["in_force"] == PACK:
            back = "the content PainRef ships" if kind == PUBLISHED else "no local layer"
            lines.append(f"  previous:  none (`painref pack rollback {kind}` goes back to {back})")
        if item["held_back"]:
            lines.append(f"  held back: {item['held_back']} (rolled back; folder sync skips it)")
    lines.append(f"Pack store: {data['store']} ({_chosen(data['store_chosen_by'])})")
    lines.append(f"Pack folder: {data['pack_folder'] or 'none (pack_folder in the policy file)'}")
    lines.append(
        "Keys:       published "
        + (", ".join(data["trusted_published_keys"]) or "none")
        + "; local "
        + (", ".join(data["trusted_local_keys"]) or "none (local_keys in the policy file)")
    )
    if data["error"]:
        lines.append(f"Problem:    {data['error']}")
    return lines


def _in_force(kind: str, item: dict[str, Any]) -> str:
    if item["in_force"] == ENVIRONMENT:
        variable = paths.DB_ENV if kind == PUBLISHED else paths.LOCAL_DB_ENV
        return f"{item['database']} (set by {variable})"
    if item["in_force"] == BUNDLED:
        return f"content {item['version'] or 'unknown'} as shipped with PainRef"
    if item["in_force"] == NONE:
        return "none"
    return (
        f"{_name(kind, item)} from pack {item['file']} (SHA-256 {item['pack_sha256'][:16]}..., "
        f"key {item['key_id']}), installed {item['installed_at']} by {item['installed_by']}"
    )


def _name(kind: str, item: dict[str, Any]) -> str:
    if kind == PUBLISHED:
        return f"content {item['version']}"
    return f"{item['id']} {item['version']}"


def _chosen(chosen_by: str) -> str:
    return "set by the policy file" if chosen_by == "policy" else "in the user data folder"
