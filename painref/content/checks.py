"""The checks across a loaded corpus, and the rules for its Markdown.

Each source file is valid on its own once the loader has read it; these checks are about
what the files say of each other: every cited reference exists, every category, attribute,
condition and related page named exists, no id is both a topic and a condition, no source
is listed twice under two ids, no name leads to two pages. The Markdown rules (every
paragraph cites a source; no raw HTML, images, h1 headings or links but http(s)) apply to
bodies, summaries and condition presentations. The first problem is a ContentError that names
the file and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from painref.content.schema import ALLOWED_URL_SCHEMES, Corpus, Reference, citations_in
from painref.content.tables import CITED_LISTS, TOOLS_CATEGORY
from painref.content.tool_pages import ToolPage, tool_pages
from painref.content.tools_schema import Antithrombotics, PageInfo
from painref.errors import ContentError

_MD = MarkdownIt("commonmark", {"html": True})


def cross_check(
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

    tool_ids = {page.id for _, page in tool_page_infos(corpus)}
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
        for i, code in enumerate(cond.icd10):
            _check_refs(cond_path, f"entry {cond.id}: icd10.{i}.refs", code.refs, refs)

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
            if related not in topics and related not in conditions and related not in tool_ids:
                raise ContentError(f"{path}: related: unknown topic {related!r}")
        _check_body(path, topic.body, refs)

    _check_tools(corpus, data_dir, refs, topics | conditions)
    _check_diagrams(corpus, refs, topics)
    _check_regions(corpus, data_dir, topics | conditions)
    _check_unique_names(corpus, data_dir, paths)


def tool_page_infos(corpus: Corpus) -> list[tuple[str, PageInfo]]:
    """(file name, page) for every tool page: a tool file's own page and, for the
    antithrombotics, one page per drug class."""
    pages: list[tuple[str, PageInfo]] = []
    for name, model in corpus.tools.items():
        pages.append((name, model.page))
        if isinstance(model, Antithrombotics):
            pages += [
                (
                    name,
                    PageInfo(
                        id=c.id,
                        title=c.title,
                        summary=c.summary,
                        aliases=c.aliases,
                        reviewed=model.page.reviewed,
                    ),
                )
                for c in model.classes
            ]
    return pages


def _check_tools(corpus: Corpus, data_dir: Path, refs: set[str], page_ids: set[str]) -> None:
    """A tool file cites known references, links to pages that exist, and its pages' ids
    are used by no topic, condition or other tool page."""
    if corpus.tools and TOOLS_CATEGORY not in {c.id for c in corpus.categories}:
        raise ContentError(
            f"{data_dir / 'categories.yaml'}: the tool pages need a category with id "
            f"{TOOLS_CATEGORY!r}; add it"
        )
    taken = set(page_ids)
    for name, page in tool_page_infos(corpus):
        path = data_dir / "tools" / f"{name}.yaml"
        if page.id in taken:
            raise ContentError(f"{path}: page id {page.id!r} is already used by another page")
        taken.add(page.id)
    for name, model in corpus.tools.items():
        path = data_dir / "tools" / f"{name}.yaml"
        for field, ref in _cited(model.model_dump(by_alias=True)):
            if ref not in refs:
                raise ContentError(
                    f"{path}: {field}: unknown reference {ref!r} (add it to references.yaml)"
                )
        if isinstance(model, Antithrombotics):
            for i, proc in enumerate(model.procedures):
                for page_id in proc.pages:
                    if page_id not in page_ids:
                        raise ContentError(
                            f"{path}: procedures.{i}.pages: unknown topic {page_id!r}"
                        )


def _check_diagrams(corpus: Corpus, refs: set[str], topics: set[str]) -> None:
    """A diagram cites known references and is shown on pages that exist."""
    for diagram in corpus.diagrams:
        meta = diagram.meta
        path = Path(diagram.path).with_suffix(".yaml")
        for i, topic_id in enumerate(meta.topics):
            if topic_id not in topics:
                raise ContentError(f"{path}: topics.{i}: unknown topic {topic_id!r}")
        _check_cited_text(path, "caption", meta.caption, refs)
        _check_summary(path, "caption", meta.caption)
        for i, fact in enumerate(meta.facts):
            _check_refs(path, f"facts.{i}.refs", fact.refs, refs)


def _cited(value: Any, field: str = "") -> Iterable[tuple[str, str]]:
    """(field, reference id) for every refs list and ref value in a tool file's data."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{field}.{key}" if field else str(key)
            if key == "refs" and isinstance(item, list):
                yield from ((here, str(r)) for r in item)
            elif key == "ref" and isinstance(item, str):
                yield here, item
            else:
                yield from _cited(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _cited(item, f"{field}.{i}")


_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


def reference_keys(ref: Reference) -> list[str]:
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
        for key in reference_keys(ref):
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
    entries += [
        (data_dir / "tools", page.info.id, _tool_names(page))
        for page in tool_pages(corpus.tools, {})
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


def _tool_names(page: ToolPage) -> list[str]:
    """A tool page's names as search has them, each once (two regimens of a drug are one)."""
    info = page.info
    return list(dict.fromkeys([info.title, *info.aliases, *info.abbreviations, *page.names]))


def _check_regions(corpus: Corpus, data_dir: Path, page_ids: set[str]) -> None:
    """A region names pages that exist, each once, and no word belongs to two regions."""
    path = data_dir / "regions.yaml"
    owner: dict[str, str] = {}
    for region in corpus.regions:
        for page in region.pages:
            if page not in page_ids:
                raise ContentError(f"{path}: entry {region.id}: pages: unknown page {page!r}")
        if len(set(region.pages)) != len(region.pages):
            raise ContentError(f"{path}: entry {region.id}: pages: a page is listed twice")
        for word in region.words:
            other = owner.setdefault(word, region.id)
            if other != region.id:
                raise ContentError(
                    f"{path}: entry {region.id}: words: {word!r} is also a word of {other!r}"
                )
