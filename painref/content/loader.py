"""Reads data/ into a validated Corpus; every problem names its file, field and reason."""

from __future__ import annotations

import hashlib
import re
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
    if not (data_dir / "categories.yaml").is_file():
        raise ContentError(f"{data_dir}: not a PainRef content folder (no categories.yaml)")
    version_doc = _read_yaml(data_dir / "content.yaml")
    if not isinstance(version_doc, dict) or not isinstance(version_doc.get("content_version"), str):
        raise ContentError(
            f"{data_dir / 'content.yaml'}: content_version: a text value is required"
        )
    categories = _validate_list(data_dir / "categories.yaml", Category)
    attributes = _validate_list(data_dir / "attributes.yaml", AttributeDef)
    references = _validate_lists(data_dir, "references", Reference)
    conditions = _validate_lists(data_dir, "conditions", Condition)
    synonyms = [group.root for group in _validate_list(data_dir / "synonyms.yaml", SynonymGroup)]
    topic_paths = sorted((data_dir / "topics").glob("*.md"))
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
    _cross_check(corpus, data_dir)
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
        # Normalise line endings so a Windows checkout hashes the same.
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return digest.hexdigest()


# libyaml's C parser when PyYAML has it (the wheels do): ten times faster on big corpora.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_load(text: str) -> Any:
    return yaml.load(text, Loader=_YAML_LOADER)


def citations_in(text: str) -> list[str]:
    """The reference ids cited with [@id] in text, in order."""
    return CITATION_RE.findall(text)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: file is missing") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason})") from None
    try:
        return _yaml_load(text)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: invalid YAML: {_yaml_reason(exc)}") from None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1})" if mark is not None else str(problem)


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


def _validate_lists(data_dir: Path, name: str, model: type[M]) -> list[M]:
    """name.yaml plus any name/*.yaml, so several people can add entries without clashing."""
    items = _validate_list(data_dir / f"{name}.yaml", model)
    seen = {getattr(item, "id", None): data_dir / f"{name}.yaml" for item in items}
    for path in sorted((data_dir / name).glob("*.yaml")):
        for item in _validate_list(path, model):
            item_id = getattr(item, "id", None)
            if item_id in seen:
                raise ContentError(f"{path}: id {item_id!r} is already used in {seen[item_id]}")
            seen[item_id] = path
            items.append(item)
    return items


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
    loc = list(error["loc"])
    where = ""
    if raw is not None and loc and isinstance(loc[0], int) and isinstance(raw, list):
        entry = raw[loc[0]]
        entry_id = entry.get("id") or entry.get("key") if isinstance(entry, dict) else None
        where = f"entry {entry_id or loc[0] + 1}: "
        loc = loc[1:]
    field = ".".join(str(part) for part in loc) or "(entry)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{path}: {where}{field}: {error['msg']}{more}"


def _load_topic(path: Path) -> Topic:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason})") from None
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise ContentError(
            f"{path}: front matter missing: the file must start with a '---' line, "
            "the YAML fields, and another '---' line"
        )
    try:
        raw = _yaml_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: invalid YAML in front matter: {_yaml_reason(exc)}") from None
    if not isinstance(raw, dict):
        raise ContentError(f"{path}: front matter must be a set of 'field: value' lines")
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


def _cross_check(corpus: Corpus, data_dir: Path, planned: Iterable[str] = ()) -> None:
    refs = {r.id for r in corpus.references}
    categories = {c.id for c in corpus.categories}
    attributes = {a.key for a in corpus.attributes}
    conditions = {c.id for c in corpus.conditions}
    topics = {t.meta.id for t in corpus.topics} | set(planned)

    clash = topics & conditions
    if clash:
        raise ContentError(f"{data_dir}: ids used by both a topic and a condition: {sorted(clash)}")

    cond_path = data_dir / "conditions.yaml"
    for cond in corpus.conditions:
        _check_refs(cond_path, f"entry {cond.id}: refs", cond.refs, refs)
        _check_cited_text(cond_path, f"entry {cond.id}: summary", cond.summary, refs)

    for topic in corpus.topics:
        meta, path = topic.meta, Path(topic.path)
        if meta.category not in categories:
            raise ContentError(f"{path}: category: unknown category {meta.category!r}")
        _check_cited_text(path, "summary", meta.summary, refs)
        for key, values in meta.attributes.items():
            if key not in attributes:
                raise ContentError(
                    f"{path}: attributes.{key}: unknown attribute "
                    f"(attributes.yaml lists {sorted(attributes)})"
                )
            for value in values:
                _check_refs(path, f"attributes.{key}.refs", value.refs, refs)
        for i, link in enumerate(meta.conditions):
            if link.id not in conditions:
                raise ContentError(f"{path}: conditions.{i}.id: unknown condition {link.id!r}")
            _check_refs(path, f"conditions.{i}.refs", link.refs, refs)
        for name, items in (("benefits", meta.benefits), ("source_notes", meta.source_notes)):
            for i, cited in enumerate(items):
                _check_refs(path, f"{name}.{i}.refs", cited.refs, refs)
        for i, risk in enumerate(meta.risks):
            _check_refs(path, f"risks.{i}.refs", risk.refs, refs)
        for related in meta.related:
            if related not in topics and related not in conditions:
                raise ContentError(f"{path}: related: unknown topic {related!r}")
        _check_body(path, topic.body, refs)

    _check_unique_names(corpus)


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


def _check_body(path: Path, body: str, known: set[str]) -> None:
    # markdown-it silently drops links it deems unsafe, leaving their text; refuse them
    # here so a source never carries a javascript:, file: or unknown-scheme link at all.
    for match in _LINK_TARGET_RE.finditer(body):
        href = match.group(1) or match.group(2) or ""
        if href and not href.startswith(("#", *ALLOWED_URL_SCHEMES)):
            raise ContentError(
                f"{path}: body: link {href[:60]!r} is not allowed; only https:// and http:// links"
            )
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
                if child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    if not href.startswith(ALLOWED_URL_SCHEMES):
                        raise ContentError(
                            f"{path}: body: link {href[:60]!r} is not allowed; "
                            "only https:// and http:// links"
                        )
                if child.type == "image":
                    raise ContentError(f"{path}: body: images are not supported")
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


def _check_unique_names(corpus: Corpus) -> None:
    owner: dict[str, str] = {}
    entries = [
        (t.meta.id, [t.meta.title, *t.meta.abbreviations, *t.meta.aliases]) for t in corpus.topics
    ]
    entries += [(c.id, [c.title, *c.aliases]) for c in corpus.conditions]
    for entry_id, names in entries:
        for name in names:
            key = " ".join(name.casefold().split())
            other = owner.get(key)
            if other is not None and other != entry_id:
                raise ContentError(
                    f"name {name!r} is used by both {other!r} and {entry_id!r}; "
                    "a name must lead to one page"
                )
            owner[key] = entry_id
