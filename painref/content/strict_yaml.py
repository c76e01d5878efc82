"""Parses YAML sources strictly and says where a problem is.

PyYAML's safe loader, made stricter: a key given twice, a value that only looks like a
number, a date or a boolean, and binary values are refused instead of silently kept or
turned into something else; so are control characters in any key or text value. Each problem
is a ContentError naming the file and the line, or the field path (location) that the
loader also uses for pydantic's validation errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from painref.content.characters import BAD_CHARACTER_RE, character_reason, shown
from painref.errors import ContentError

# libyaml's C parser when PyYAML has it (the wheels do): ten times faster on big corpora.
_YAML_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping gives the same key twice; YAML would silently keep the last one."""

    def __init__(self, key: object, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", mark)
        self.key = key
        self.lines = (first_line, mark.line + 1)


class _StrictLoader(_YAML_BASE):  # type: ignore[valid-type,misc]
    """The safe loader, refusing duplicate keys and values its constructors cannot build."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode) and not _plain_distinct_keys(node):
            first: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *defaults` merges; its keys may be overridden
                key = self.construct_object(key_node, deep=True)
                try:
                    line = first.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:
                    continue  # unhashable: the base class says so, with its line
                if line != key_node.start_mark.line + 1:
                    raise _DuplicateKey(key, line, key_node.start_mark)
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


def _plain_distinct_keys(node: yaml.MappingNode) -> bool:
    """Whether every key is a text scalar and no two are the same: the common, fast case."""
    keys = [k.value for k, _ in node.value if k.tag == _STR_TAG]
    return len(keys) == len(node.value) and len(set(keys)) == len(keys)


_STR_TAG = "tag:yaml.org,2002:str"


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, TypeError, AttributeError, OverflowError):
        # 2026-13-45 looks like a date but is none: keep the text, and let validation
        # name the field and say why (a plain str field simply keeps it as text).
        return loader.construct_scalar(node)


def _strict(tag: str) -> None:
    default = _StrictLoader.yaml_constructors[f"tag:yaml.org,2002:{tag}"]

    def construct(loader: _StrictLoader, node: yaml.Node) -> object:
        try:
            return default(loader, node)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {tag}", node.start_mark
            ) from None

    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{tag}", construct)


def _refuse_binary(loader: _StrictLoader, node: yaml.Node) -> object:
    raise yaml.constructor.ConstructorError(
        None, None, "binary (!!binary) values are not allowed", node.start_mark
    )


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:binary", _refuse_binary)
for _tag in ("int", "float", "bool"):
    _strict(_tag)


def _yaml_load(text: str) -> Any:
    return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass


def parse_yaml(path: Path, text: str, what: str, first_line: int = 1) -> Any:
    """text as YAML; first_line is the file line text starts on, for the line numbers."""
    try:
        raw = _yaml_load(text)
    except _DuplicateKey as exc:
        lines = " and ".join(str(n + first_line - 1) for n in exc.lines)
        raise ContentError(
            f"{path}: {shown(str(exc.key))}: the key is given twice (lines {lines}); "
            "YAML would silently keep only the last one"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: {what}: {_yaml_reason(exc, first_line)}") from None
    except RecursionError:
        raise ContentError(f"{path}: {what}: nested too deeply") from None
    # Escapes in double-quoted text ("\\0", "\\u202e") make characters the file does not
    # hold; without a backslash or such a character in the file, no value can hold one.
    if "\\" in text or BAD_CHARACTER_RE.search(text):
        _check_characters(path, raw)
    return raw


def _yaml_reason(exc: yaml.YAMLError, first_line: int = 1) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    problem = shown(str(problem))
    return f"{problem} (line {mark.line + first_line})" if mark is not None else problem


def _check_characters(path: Path, raw: Any) -> None:
    """Refuse control characters in every key and text value of parsed YAML."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), raw)]
    seen: set[int] = set()
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            found = BAD_CHARACTER_RE.search(value)
            if found:
                where = location(loc, raw)
                raise ContentError(f"{path}: {where}: {character_reason(found.group())}")
        elif isinstance(value, dict | list):
            if id(value) in seen:
                continue  # an alias to a structure already checked (or to itself)
            seen.add(id(value))
            pairs = list(value.items() if isinstance(value, dict) else enumerate(value))
            for key, item in reversed(pairs):  # reversed: report the first one in the file
                if isinstance(key, str) and BAD_CHARACTER_RE.search(key):
                    found = BAD_CHARACTER_RE.search(key)
                    assert found is not None
                    where = location((*loc, key), raw)
                    raise ContentError(f"{path}: {where}: {character_reason(found.group())}")
                stack.append(((*loc, key), item))


def location(loc: Iterable[Any], raw: Any) -> str:
    """A field path for messages: "entry ID: field.0.sub" in a list file, "field.0.sub" else."""
    loc = list(loc)
    where = ""
    if raw is not None and loc and isinstance(loc[0], int) and isinstance(raw, list):
        entry = raw[loc[0]] if loc[0] < len(raw) else None
        entry_id = entry.get("id") or entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(entry_id, str | int):
            entry_id = None
        where = f"entry {shown(str(entry_id or loc[0] + 1))}: "
        loc = loc[1:]
    field = shown(".".join(str(part) for part in loc))
    return where + (field or ("(entry)" if where else "front matter"))
