"""Reads data/ into a validated Corpus; every problem names its file, field and reason."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel, TypeAdapter, ValidationError

from painref.content.schema import (
    ALLOWED_URL_SCHEMES,
    AttributeDef,
    Category,
    Condition,
    Corpus,
    Reference,
    SynonymGroup,
    Topic,
    TopicMeta,
)
from painref.content.tables import CITED_LISTS, REQUIRED_ATTRIBUTES
from painref.errors import ContentError

CITATION_RE = re.compile(r"\[@([^\]\s]*)\]")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)
M = TypeVar("M", bound=BaseModel)
SPLIT_LISTS = ("references", "conditions")
SHARED_FILES = (
    "synonyms.yaml",
    "content.yaml",
    "categories.yaml",
    "attributes.yaml",
    "references.yaml",
    "conditions.yaml",
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
    corpus = Corpus(
        content_version=version_doc["content_version"],
        categories=categories,
        references=references,
        attributes=attributes,
        conditions=conditions,
        topics=topics,
        synonyms=synonyms,
        source_hash=source_hash(data_dir),
    )
    _cross_check(corpus, data_dir, condition_paths=condition_paths, reference_paths=reference_paths)
    return corpus


def source_paths(data_dir: Path) -> list[Path]:
    """Every file the database is built from, in a stable order."""
    paths = [data_dir / name for name in SHARED_FILES]
    for folder in SPLIT_LISTS:
        paths += sorted((data_dir / folder).glob("*.yaml"))
    paths += sorted((data_dir / "topics").glob("*.md"))
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
        if _BAD_CHARACTER_RE.search(path.name):
            raise ContentError(f"{_shown(str(path))}: the file name contains a control character")
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


# --- YAML --------------------------------------------------------------------------------

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


def citations_in(text: str) -> list[str]:
    """The reference ids cited with [@id] in text, in order."""
    return CITATION_RE.findall(text)


def _read_yaml(path: Path) -> Any:
    return _parse_yaml(path, _read_text(path), "invalid YAML")


def _parse_yaml(path: Path, text: str, what: str, first_line: int = 1) -> Any:
    """text as YAML; first_line is the file line text starts on, for the line numbers."""
    try:
        raw = _yaml_load(text)
    except _DuplicateKey as exc:
        lines = " and ".join(str(n + first_line - 1) for n in exc.lines)
        raise ContentError(
            f"{path}: {_shown(str(exc.key))}: the key is given twice (lines {lines}); "
            "YAML would silently keep only the last one"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: {what}: {_yaml_reason(exc, first_line)}") from None
    except RecursionError:
        raise ContentError(f"{path}: {what}: nested too deeply") from None
    # Escapes in double-quoted text ("\\0", "\\u202e") make characters the file does not
    # hold; without a backslash or such a character in the file, no value can hold one.
    if "\\" in text or _BAD_CHARACTER_RE.search(text):
        _check_characters(path, raw)
    return raw


def _yaml_reason(exc: yaml.YAMLError, first_line: int = 1) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    problem = _shown(str(problem))
    return f"{problem} (line {mark.line + first_line})" if mark is not None else problem


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


# C0 and C1 control characters but tab and newline, and the bidirectional embeddings,
# overrides and isolates that make text display in another order than it reads.
_BAD_CHARACTER_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(text: str) -> str:
    """text with control characters written as escapes, safe to print in a message."""
    return _BAD_CHARACTER_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _character_reason(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\0":
        return f"contains a NUL character ({code}); remove it"
    if "\u202a" <= character <= "\u2069":
        return (
            f"contains the invisible bidirectional control {code}, which makes text "
            "display in another order than it reads; remove it"
        )
    return f"contains the control character {code}; remove it"


def _check_characters(path: Path, raw: Any) -> None:
    """Refuse control characters in every key and text value of parsed YAML."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), raw)]
    seen: set[int] = set()
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            found = _BAD_CHARACTER_RE.search(value)
            if found:
                where = _location(loc, raw)
                raise ContentError(f"{path}: {where}: {_character_reason(found.group())}")
        elif isinstance(value, dict | list):
            if id(value) in seen:
                continue  # an alias to a structure already checked (or to itself)
            seen.add(id(value))
            pairs = list(value.items() if isinstance(value, dict) else enumerate(value))
            for key, item in reversed(pairs):  # reversed: report the first one in the file
                if isinstance(key, str) and _BAD_CHARACTER_RE.search(key):
                    found = _BAD_CHARACTER_RE.search(key)
                    assert found is not None
                    where = _location((*loc, key), raw)
                    raise ContentError(f"{path}: {where}: {_character_reason(found.group())}")
                stack.append(((*loc, key), item))


def _no_duplicate_ids(path: Path, items: Iterable[BaseModel]) -> None:
    seen: set[str] = set()
    for item in items:
        key = getattr(item, "id", None) or getattr(item, "key", None)
        if key is None:
            continue
        if key in seen:
            raise ContentError(f"{path}: id {key!r} is used twice")
        seen.add(str(key))


def _location(loc: Iterable[Any], raw: Any) -> str:
    """A field path for messages: "entry ID: field.0.sub" in a list file, "field.0.sub" else."""
    loc = list(loc)
    where = ""
    if raw is not None and loc and isinstance(loc[0], int) and isinstance(raw, list):
        entry = raw[loc[0]] if loc[0] < len(raw) else None
        entry_id = entry.get("id") or entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(entry_id, str | int):
            entry_id = None
        where = f"entry {_shown(str(entry_id or loc[0] + 1))}: "
        loc = loc[1:]
    field = _shown(".".join(str(part) for part in loc))
    return where + (field or ("(entry)" if where else "front matter"))


def _pydantic_reason(path: Path, exc: ValidationError, raw: Any = None) -> str:
    error = exc.errors()[0]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{path}: {_location(error['loc'], raw)}: {error['msg']}{more}"


def _load_topic(path: Path) -> Topic:
    text = _read_text(path)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise ContentError(
            f"{path}: front matter missing: the file must start with a '---' line, "
            "the YAML fields, and another '---' line"
        )
    # The front matter starts on the file's second line, after the opening '---'.
    raw = _parse_yaml(path, match.group(1), "invalid YAML in front matter", first_line=2)
    if not isinstance(raw, dict):
        raise ContentError(f"{path}: front matter must be a set of 'field: value' lines")
    found = _BAD_CHARACTER_RE.search(text, match.start(2))
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ContentError(f"{path}: body: line {line}: {_character_reason(found.group())}")
    try:
        meta = TopicMeta.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_pydantic_reason(path, exc)) from None
    if meta.id != path.stem:
        raise ContentError(f"{path}: id: {meta.id!r} does not match the file name {path.stem!r}")
    body = match.group(2).strip()
    if not body:
        raise ContentError(f"{path}: body: the Markdown body is empty")
    return Topic(meta=meta, body=body, path=str(path))


# --- cross-checks ------------------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"html": True})


def _cross_check(
    corpus: Corpus,
    data_dir: Path,
    condition_paths: dict[str, Path] | None = None,
    reference_paths: dict[str, Path] | None = None,
) -> None:
    refs = {r.id for r in corpus.references}
    categories = {c.id for c in corpus.categories}
    attributes = {a.key for a in corpus.attributes}
    conditions = {c.id for c in corpus.conditions}
    topics = {t.meta.id for t in corpus.topics}

    clash = topics & conditions
    if clash:
        raise ContentError(f"{data_dir}: ids used by both a topic and a condition: {sorted(clash)}")

    _check_reference_duplicates(corpus, data_dir, reference_paths or {})
    paths = condition_paths or {}
    for cond in corpus.conditions:
        cond_path = paths.get(cond.id, data_dir / "conditions.yaml")
        _check_refs(cond_path, f"entry {cond.id}: refs", cond.refs, refs)
        _check_cited_text(cond_path, f"entry {cond.id}: summary", cond.summary, refs)
        _check_summary(cond_path, f"entry {cond.id}: summary", cond.summary)
        if cond.presentation is not None:
            field = f"entry {cond.id}: presentation"
            _check_cited_text(cond_path, field, cond.presentation, refs)
            _check_summary(cond_path, field, cond.presentation)
        for i, claim in enumerate(cond.seed_claims):
            _check_refs(cond_path, f"entry {cond.id}: seed_claims.{i}.refs", claim.refs, refs)

    for topic in corpus.topics:
        meta, path = topic.meta, Path(topic.path)
        if meta.category not in categories:
            raise ContentError(f"{path}: category: unknown category {meta.category!r}")
        _check_cited_text(path, "summary", meta.summary, refs)
        _check_summary(path, "summary", meta.summary)
        for key in [*meta.attributes, *meta.not_applicable]:
            if key not in attributes:
                field = "attributes" if key in meta.attributes else "not_applicable"
                raise ContentError(
                    f"{path}: {field}.{key}: unknown attribute "
                    f"(attributes.yaml lists {sorted(attributes)})"
                )
        for key, values in meta.attributes.items():
            for value in values:
                _check_refs(path, f"attributes.{key}.refs", value.refs, refs)
        for i, link in enumerate(meta.conditions):
            if link.id not in conditions:
                raise ContentError(f"{path}: conditions.{i}.id: unknown condition {link.id!r}")
            _check_refs(path, f"conditions.{i}.refs", link.refs, refs)
        for cited in CITED_LISTS:
            for i, item in enumerate(cited.items(meta)):
                _check_refs(path, f"{cited.field}.{i}.refs", item.refs, refs)
        for related in meta.related:
            if related not in topics and related not in conditions:
                raise ContentError(f"{path}: related: unknown topic {related!r}")
        _check_body(path, topic.body, refs)

    _check_unique_names(corpus, data_dir, paths)


_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


def _reference_keys(ref: Reference) -> list[str]:
    """What identifies a source: its URL without scheme, www. or trailing slash, and its DOI."""
    keys = []
    if ref.url:
        url = re.sub(r"^https?://(www\.)?", "", ref.url.strip()).rstrip("/").casefold()
        keys.append(f"url {url}")
    dois = {m.group(1).rstrip(".").casefold() for m in _DOI_RE.finditer(ref.url or "")}
    if ref.doi:
        dois.add(ref.doi.strip().removeprefix("https://doi.org/").rstrip(".").casefold())
    keys += [f"doi {d}" for d in sorted(dois)]
    return keys


def _check_reference_duplicates(corpus: Corpus, data_dir: Path, paths: dict[str, Path]) -> None:
    """One id per source: two references with the same URL or DOI are one source twice."""
    seen: dict[str, str] = {}
    for ref in corpus.references:
        for key in _reference_keys(ref):
            first = seen.setdefault(key, ref.id)
            if first != ref.id:
                here = paths.get(ref.id, data_dir / "references.yaml")
                there = paths.get(first, data_dir / "references.yaml")
                raise ContentError(
                    f"{here}: reference {ref.id!r} is the same source as {first!r} in {there} "
                    f"({key}); keep one id and cite it everywhere"
                )


def _check_refs(path: Path, field: str, cited: Iterable[str], known: set[str]) -> None:
    for ref in cited:
        if ref not in known:
            raise ContentError(
                f"{path}: {field}: unknown reference {ref!r} (add it to references.yaml)"
            )


def _check_cited_text(path: Path, field: str, text: str, known: set[str]) -> None:
    cited = citations_in(text)
    if not cited:
        raise ContentError(f"{path}: {field}: cite a source with [@reference-id]")
    _check_refs(path, field, cited, known)


_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


def _check_link_targets(path: Path, field: str, markdown: str) -> None:
    # markdown-it silently drops links it deems unsafe, leaving their text; refuse them
    # here so a source never carries a javascript:, file: or unknown-scheme link at all.
    for match in _LINK_TARGET_RE.finditer(markdown):
        href = match.group(1) or match.group(2) or ""
        if href and not href.startswith(("#", *ALLOWED_URL_SCHEMES)):
            raise ContentError(
                f"{path}: {field}: link {href[:60]!r} is not allowed; "
                "only https:// and http:// links"
            )


def _check_inline(path: Path, field: str, children: Iterable[Any]) -> None:
    """Links and images among the inline tokens of a paragraph, a list item or a summary."""
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if not href.startswith(ALLOWED_URL_SCHEMES):
                raise ContentError(
                    f"{path}: {field}: link {href[:60]!r} is not allowed; "
                    "only https:// and http:// links"
                )
        if child.type == "image":
            raise ContentError(f"{path}: {field}: images are not supported")


def _check_summary(path: Path, field: str, summary: str) -> None:
    """The body's link and image rules for a summary (rendered inline, its HTML escaped)."""
    _check_link_targets(path, field, summary)
    for token in _MD.parseInline(summary):
        _check_inline(path, field, token.children or [])


def _check_body(path: Path, body: str, known: set[str]) -> None:
    _check_link_targets(path, "body", body)
    tokens = _MD.parse(body)
    for i, token in enumerate(tokens):
        if token.type in ("html_block", "html_inline"):
            raise ContentError(
                f"{path}: body: raw HTML is not allowed ({token.content.strip()[:40]!r})"
            )
        if token.type == "heading_open" and token.tag == "h1":
            raise ContentError(f"{path}: body: use '##' headings; the title is the page's only h1")
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "html_inline":
                    raise ContentError(
                        f"{path}: body: raw HTML is not allowed ({child.content.strip()[:40]!r})"
                    )
            _check_inline(path, "body", token.children or [])
            # Every paragraph and list item states facts, so each cites a source.
            if i > 0 and tokens[i - 1].type == "paragraph_open":
                cited = citations_in(token.content)
                if not cited:
                    line = (token.map[0] + 1) if token.map else "?"
                    raise ContentError(
                        f"{path}: body: paragraph at body line {line} cites no "
                        "source; add [@reference-id]"
                    )
                _check_refs(path, "body", cited, known)


def _check_unique_names(corpus: Corpus, data_dir: Path, condition_paths: dict[str, Path]) -> None:
    owner: dict[str, str] = {}
    entries = [
        (Path(t.path), t.meta.id, [t.meta.title, *t.meta.abbreviations, *t.meta.aliases])
        for t in corpus.topics
    ]
    entries += [
        (condition_paths.get(c.id, data_dir / "conditions.yaml"), c.id, [c.title, *c.aliases])
        for c in corpus.conditions
    ]
    for path, entry_id, names in entries:
        for name in names:
            key = " ".join(name.casefold().split())
            other = owner.get(key)
            if other is not None and other != entry_id:
                raise ContentError(
                    f"{path}: name {name!r} is used by both {other!r} and {entry_id!r}; "
                    "a name must lead to one page"
                )
            owner[key] = entry_id
