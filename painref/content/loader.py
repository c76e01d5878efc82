"""Reads data/ into a validated Corpus; every problem names its file, field and reason.

Here: finding and reading the source files (a missing, unreadable, special or non-UTF-8 file
is named as such), validating each against the pydantic models of content/schema.py, and
the hash of the sources the database records. Parsing YAML strictly is content/strict_yaml.py's;
the checks across files (references, names, Markdown rules) are content/checks.py's.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from painref.content.characters import BAD_CHARACTER_RE, character_reason, shown
from painref.content.checks import cross_check
from painref.content.diagrams import check_svg
from painref.content.schema import (
    AttributeDef,
    Category,
    Condition,
    Corpus,
    Diagram,
    DiagramMeta,
    Reference,
    Region,
    SynonymGroup,
    Topic,
    TopicMeta,
)
from painref.content.strict_yaml import location, parse_yaml
from painref.content.tables import REQUIRED_ATTRIBUTES
from painref.content.tools_schema import TOOL_FILES
from painref.errors import ContentError

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)
M = TypeVar("M", bound=BaseModel)
SPLIT_LISTS = ("references", "conditions")
TOOLS_FOLDER = "tools"
DIAGRAMS_FOLDER = "diagrams"
REGIONS_FILE = "regions.yaml"
SHARED_FILES = (
    "synonyms.yaml",
    "content.yaml",
    "categories.yaml",
    "attributes.yaml",
    "references.yaml",
    "conditions.yaml",
    REGIONS_FILE,
)


def load_corpus(data_dir: Path) -> Corpus:
    """Load and validate every source in data_dir.

    Raises:
        ContentError: the first problem found, as "file: field: reason".
    """
    data_dir = Path(data_dir)
    # lexists: a categories.yaml that is there but broken gets its own precise reason below.
    if not os.path.lexists(data_dir / "categories.yaml"):
        raise ContentError(f"{data_dir}: not a PainRef content folder (no categories.yaml)")
    version_path = data_dir / "content.yaml"
    version_doc = _read_yaml(version_path)
    if not isinstance(version_doc, dict) or not isinstance(version_doc.get("content_version"), str):
        raise ContentError(f"{version_path}: content_version: a text value is required")
    categories = _validate_list(data_dir / "categories.yaml", Category)
    attributes = _validate_list(data_dir / "attributes.yaml", AttributeDef)
    _check_required_attributes(data_dir / "attributes.yaml", attributes)
    references, reference_paths = _validate_lists(data_dir, "references", Reference)
    conditions, condition_paths = _validate_lists(data_dir, "conditions", Condition)
    synonyms = [group.root for group in _validate_list(data_dir / "synonyms.yaml", SynonymGroup)]
    topic_paths = _list_sources(data_dir / "topics", "*.md")
    if not topic_paths:
        raise ContentError(f"{data_dir / 'topics'}: no topic files (*.md) found")
    topics = [_load_topic(path) for path in topic_paths]
    tools = _load_tools(data_dir / TOOLS_FOLDER)
    regions_path = data_dir / REGIONS_FILE
    regions = _validate_list(regions_path, Region) if os.path.lexists(regions_path) else []
    corpus = Corpus(
        content_version=version_doc["content_version"],
        categories=categories,
        references=references,
        attributes=attributes,
        conditions=conditions,
        topics=topics,
        synonyms=synonyms,
        source_hash=source_hash(data_dir),
        regions=regions,
        tools=tools,
        diagrams=_load_diagrams(data_dir / DIAGRAMS_FOLDER),
    )
    cross_check(corpus, data_dir, condition_paths=condition_paths, reference_paths=reference_paths)
    return corpus


def source_paths(data_dir: Path) -> list[Path]:
    """Every file the database is built from, in a stable order."""
    paths = [data_dir / name for name in SHARED_FILES]
    for folder in SPLIT_LISTS:
        paths += sorted((data_dir / folder).glob("*.yaml"))
    paths += sorted((data_dir / "topics").glob("*.md"))
    paths += sorted((data_dir / TOOLS_FOLDER).glob("*.yaml"))
    paths += sorted((data_dir / DIAGRAMS_FOLDER).glob("*.yaml"))
    paths += sorted((data_dir / DIAGRAMS_FOLDER).glob("*.svg"))
    return [p for p in paths if p.is_file()]


def source_hash(data_dir: Path) -> str:
    """A SHA-256 over the names and bytes of every source file."""
    digest = hashlib.sha256()
    for path in source_paths(data_dir):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(b"\0")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ContentError(f"{path}: {_os_reason(path, exc)}") from None
        # Normalise line endings so a Windows checkout hashes the same.
        digest.update(data.replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return digest.hexdigest()


# --- reading files -----------------------------------------------------------------------


def _list_sources(folder: Path, pattern: str) -> list[Path]:
    """The files in folder matching pattern, sorted; none when the folder does not exist."""
    try:
        os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise ContentError(f"{folder}: {_os_reason(folder, exc)}") from None
    paths = sorted(folder.glob(pattern))
    for path in paths:
        # A name with control characters could rewrite the terminal showing an error about it.
        if BAD_CHARACTER_RE.search(path.name):
            raise ContentError(f"{shown(str(path))}: the file name contains a control character")
    return paths


def _read_text(path: Path) -> str:
    """The text of one source file; a leading UTF-8 byte order mark is dropped.

    Raises:
        ContentError: the path is missing, not a regular file, unreadable or not UTF-8.
    """
    try:
        # stat follows symbolic links: a link to a file is fine, to anything else is not.
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise ContentError(f"{path}: {_file_kind(mode)}, not a file; remove or rename it")
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ContentError(f"{path}: {_os_reason(path, exc)}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is a special file"


def _os_reason(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        if path.is_symlink():
            return f"broken symbolic link: its target {os.readlink(path)!r} does not exist"
        return "file is missing"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {exc.strerror or exc}"


def _read_yaml(path: Path) -> Any:
    return parse_yaml(path, _read_text(path), "invalid YAML")


def _validate_list(path: Path, model: type[M]) -> list[M]:
    raw = _read_yaml(path)
    if not isinstance(raw, list):
        raise ContentError(f"{path}: expected a list of entries")
    try:
        items = TypeAdapter(list[model]).validate_python(raw)  # type: ignore[valid-type]
    except ValidationError as exc:
        raise ContentError(_pydantic_reason(path, exc, raw)) from None
    _no_duplicate_ids(path, items)
    return items


def _validate_lists(data_dir: Path, name: str, model: type[M]) -> tuple[list[M], dict[str, Path]]:
    """name.yaml plus any name/*.yaml, so several people can add entries without clashing.

    Returns the entries and, by id, the file each one is in.
    """
    items = _validate_list(data_dir / f"{name}.yaml", model)
    seen = {getattr(item, "id", None): data_dir / f"{name}.yaml" for item in items}
    for path in _list_sources(data_dir / name, "*.yaml"):
        for item in _validate_list(path, model):
            item_id = getattr(item, "id", None)
            if item_id in seen:
                raise ContentError(f"{path}: id {item_id!r} is already used in {seen[item_id]}")
            seen[item_id] = path
            items.append(item)
    return items, {str(key): path for key, path in seen.items()}


def _check_required_attributes(path: Path, attributes: list[AttributeDef]) -> None:
    keys = {a.key for a in attributes}
    for key in REQUIRED_ATTRIBUTES:
        if key not in keys:
            raise ContentError(
                f"{path}: {key}: this attribute is required (condition pages and the "
                "comparison chart show it); add its entry back"
            )


def _no_duplicate_ids(path: Path, items: Iterable[BaseModel]) -> None:
    seen: set[str] = set()
    for item in items:
        key = getattr(item, "id", None) or getattr(item, "key", None)
        if key is None:
            continue
        if key in seen:
            raise ContentError(f"{path}: id {key!r} is used twice")
        seen.add(str(key))


def _pydantic_reason(path: Path, exc: ValidationError, raw: Any = None) -> str:
    error = exc.errors()[0]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{path}: {location(error['loc'], raw)}: {error['msg']}{more}"


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """(the parsed front matter, the stripped Markdown body) of a source file: topics here,
    a local layer's pages and notes in content/local_loader.py.

    Raises:
        ContentError: no front matter, YAML that is not a set of fields, or a character the
            body may not hold (named with its line).
    """
    text = _read_text(path)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise ContentError(
            f"{path}: front matter missing: the file must start with a '---' line, "
            "the YAML fields, and another '---' line"
        )
    # The front matter starts on the file's second line, after the opening '---'.
    raw = parse_yaml(path, match.group(1), "invalid YAML in front matter", first_line=2)
    if not isinstance(raw, dict):
        raise ContentError(f"{path}: front matter must be a set of 'field: value' lines")
    found = BAD_CHARACTER_RE.search(text, match.start(2))
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ContentError(f"{path}: body: line {line}: {character_reason(found.group())}")
    return raw, match.group(2).strip()


def _load_topic(path: Path) -> Topic:
    raw, body = front_matter(path)
    try:
        meta = TopicMeta.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_pydantic_reason(path, exc)) from None
    if meta.id != path.stem:
        raise ContentError(f"{path}: id: {meta.id!r} does not match the file name {path.stem!r}")
    if not body:
        raise ContentError(f"{path}: body: the Markdown body is empty")
    return Topic(meta=meta, body=body, path=str(path))


def _load_tools(folder: Path) -> dict[str, Any]:
    """data/tools/NAME.yaml for each known NAME, validated; the folder is optional."""
    tools: dict[str, Any] = {}
    for path in _list_sources(folder, "*"):
        model = TOOL_FILES.get(path.stem) if path.suffix == ".yaml" else None
        if model is None:
            known = ", ".join(f"{name}.yaml" for name in TOOL_FILES)
            raise ContentError(f"{path}: not a tool file PainRef knows (expected one of {known})")
        raw = _read_yaml(path)
        if not isinstance(raw, dict):
            raise ContentError(f"{path}: expected a set of 'field: value' lines")
        try:
            tools[path.stem] = model.model_validate(raw)
        except ValidationError as exc:
            # A check across the whole file has no field: say so, not "front matter".
            reason = _pydantic_reason(path, exc, raw).replace(": front matter: ", ": ", 1)
            raise ContentError(reason) from None
    return tools


def _load_diagrams(folder: Path) -> list[Diagram]:
    """data/diagrams/ID.svg with its ID.yaml, validated; the folder is optional."""
    files = _list_sources(folder, "*")
    diagrams: list[Diagram] = []
    by_name = {path.name for path in files}
    for path in files:
        if path.suffix not in (".svg", ".yaml"):
            raise ContentError(f"{path}: not a diagram file (expected ID.svg with ID.yaml)")
        partner = path.with_suffix(".yaml" if path.suffix == ".svg" else ".svg")
        if partner.name not in by_name:
            raise ContentError(f"{path}: {partner.name} is missing (a diagram is two files)")
        if path.suffix != ".yaml":
            continue
        raw = _read_yaml(path)
        if not isinstance(raw, dict):
            raise ContentError(f"{path}: expected a set of 'field: value' lines")
        try:
            meta = DiagramMeta.model_validate(raw)
        except ValidationError as exc:
            reason = _pydantic_reason(path, exc, raw).replace(": front matter: ", ": ", 1)
            raise ContentError(reason) from None
        if meta.id != path.stem:
            raise ContentError(f"{path}: id: {meta.id!r} does not match the file name")
        svg = _read_text(partner)
        width, height, title = check_svg(partner, svg)
        if title != meta.title:
            raise ContentError(f"{partner}: <title> {title!r} differs from {path.name}'s title")
        diagrams.append(Diagram(meta=meta, svg=svg, width=width, height=height, path=str(partner)))
    return diagrams
