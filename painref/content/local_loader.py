"""Reads a department's local layer folder and checks it against the published content.

The folder (docs/local-layers.md): layer.yaml, pages/*.md (the department's own pages) and
notes/*.md (notes shown beside a published page, field or drug). Each file is read and
validated like data/ (content/loader.py's file reading, content/strict_yaml.py's strict YAML,
content/local_schema.py's models, content/checks.py's Markdown and link rules); then each
page id, related page, attached page, field and drug is checked against the published
Library. Every problem is reported, all at once, each as "file: field: reason".
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel, ValidationError

from painref.content.annotations import SECTIONS, Target
from painref.content.characters import BAD_CHARACTER_RE, shown
from painref.content.checks import _check_inline, _check_link_targets, _check_summary
from painref.content.fingerprint import ANTITHROMBOTICS
from painref.content.library import Library
from painref.content.loader import _read_text, front_matter
from painref.content.local_schema import (
    LAYER_FILE,
    NOTE_MAX_CHARACTERS,
    NOTES_FOLDER,
    PAGES_FOLDER,
    SLUG_RE,
    Attach,
    LayerInfo,
    LocalNoteMeta,
    LocalPageMeta,
)
from painref.content.schema import citations_in
from painref.content.strict_yaml import location, parse_yaml
from painref.errors import ContentError, UnknownTopicError

_MD = MarkdownIt("commonmark", {"html": True})
NO_FIELDS_KINDS = ("condition", "tool")
"""Page kinds that show no at-a-glance fields or clinical sections."""


class LocalSourceError(ContentError):
    """A local layer's sources have problems; the message lists every one, a line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class SourcePage:
    """A validated local page: its front matter and Markdown body."""

    meta: LocalPageMeta
    body: str
    path: Path


@dataclass(frozen=True)
class SourceNote:
    """A validated local note: its id (the file name unless given), front matter and body."""

    id: str
    meta: LocalNoteMeta
    body: str
    path: Path

    @property
    def target(self) -> Target:
        attach = self.meta.attach
        return Target(page=attach.page, field=attach.field, drug=attach.drug)


@dataclass(frozen=True)
class LocalSource:
    """A local layer folder, validated and checked against one published Library."""

    folder: Path
    layer: LayerInfo
    pages: tuple[SourcePage, ...]
    """In file-name order."""
    notes: tuple[SourceNote, ...]
    """In file-name order."""
    source_hash: str
    content_version: str
    """The published content version the layer was checked against."""


def load_local_source(folder: Path, library: Library) -> LocalSource:
    """Read, validate and cross-check the local layer in folder.

    Raises:
        ContentError: (a LocalSourceError) listing every problem found, one a line, each
            "file: field: reason".
        DatabaseError: the library is damaged.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "does not exist" if not os.path.lexists(folder) else "is not a folder"
        raise ContentError(f"{folder}: {what}; give the local layer's folder")
    problems = _Problems()
    layer = _load_layer(folder / LAYER_FILE, problems)
    load_page, load_note = problems.collect(_load_page), problems.collect(_load_note)
    pages = [load_page(path) for path in _sources(folder, PAGES_FOLDER, problems)]
    notes = [load_note(path) for path in _sources(folder, NOTES_FOLDER, problems)]
    kept_pages = [p for p in pages if p is not None]
    kept_notes = [n for n in notes if n is not None]
    if not pages and not notes and os.path.lexists(folder / LAYER_FILE):
        problems.add(
            f"{folder}: the layer has no pages ({PAGES_FOLDER}/*.md) and no notes "
            f"({NOTES_FOLDER}/*.md)"
        )
    _Checker(library, problems).check(kept_pages, kept_notes)
    if problems.found or layer is None:
        raise LocalSourceError(problems.found or [f"{folder}: no layer.yaml"])
    return LocalSource(
        folder=folder,
        layer=layer,
        pages=tuple(kept_pages),
        notes=tuple(kept_notes),
        source_hash=local_source_hash(folder),
        content_version=library.meta.content_version,
    )


def local_source_paths(folder: Path) -> list[Path]:
    """Every file a layer is built from, in a stable order."""
    paths = [folder / LAYER_FILE]
    for name in (PAGES_FOLDER, NOTES_FOLDER):
        paths += sorted(p for p in (folder / name).glob("*.md") if not p.name.startswith("."))
    return [p for p in paths if p.is_file()]


def local_source_hash(folder: Path) -> str:
    """A SHA-256 over the names and bytes of every source file (line endings normalised)."""
    digest = hashlib.sha256()
    for path in local_source_paths(folder):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        try:
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        except OSError as exc:
            raise ContentError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        digest.update(b"\0")
    return digest.hexdigest()


# --- collecting problems -----------------------------------------------------------------


class _Problems:
    """Every problem found, in the order found."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, message: str) -> None:
        self.found.append(message)

    def collect(self, load: Any) -> Any:
        """load, with a ContentError it raises recorded (and None returned) instead."""

        def run(path: Path) -> Any:
            try:
                return load(path, self)
            except ContentError as exc:
                self.add(str(exc))
                return None

        return run


def _pydantic_problems(
    path: Path, exc: ValidationError, raw: Any, model: type[BaseModel]
) -> list[str]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "this field is required"
        elif error["type"] == "string_pattern_mismatch":
            message = (
                f"{str(error.get('input'))[:40]!r} is not an id: lower-case letters and digits "
                "in words joined by hyphens (epidural-steroid-injection)"
            )
        elif error["type"] == "extra_forbidden":
            fields = Attach.model_fields if loc[:1] == ("attach",) else model.model_fields
            message = f"unknown field (a typo?); the fields here are: {', '.join(fields)}"
        problems.append(f"{path}: {location(loc, raw)}: {message}")
    return problems


# --- reading files -----------------------------------------------------------------------


def _sources(folder: Path, name: str, problems: _Problems) -> list[Path]:
    """The *.md files of folder/name (none when it does not exist); anything else in it is
    a problem, so a file an author meant to include is never silently left out."""
    where = folder / name
    if not os.path.lexists(where):
        return []
    if not where.is_dir():
        problems.add(f"{where}: is a file; {name} must be a folder of .md files")
        return []
    try:
        entries = sorted(os.listdir(where))
    except OSError as exc:
        problems.add(f"{where}: cannot be read: {exc.strerror or exc}")
        return []
    paths = []
    for entry in entries:
        path = where / entry
        if BAD_CHARACTER_RE.search(entry):
            problems.add(f"{shown(str(path))}: the file name contains a control character")
        elif entry.startswith("."):
            continue  # an editor's or the system's hidden file
        elif not entry.endswith(".md") or path.is_dir():
            problems.add(
                f"{path}: not a Markdown file; only {name}/*.md files are read "
                "(rename it to .md, or move it out of the folder)"
            )
        else:
            paths.append(path)
    return paths


def _load_layer(path: Path, problems: _Problems) -> LayerInfo | None:
    if not os.path.lexists(path):
        problems.add(
            f"{path.parent}: not a local layer folder (no {LAYER_FILE}; it names the layer: "
            "id, name, version)"
        )
        return None
    try:
        raw = parse_yaml(path, _read_text(path), "invalid YAML")
    except ContentError as exc:
        problems.add(str(exc))
        return None
    if not isinstance(raw, dict):
        problems.add(f"{path}: expected 'field: value' lines (id, name, version, contact)")
        return None
    try:
        return LayerInfo.model_validate(raw)
    except ValidationError as exc:
        problems.found += _pydantic_problems(path, exc, raw, LayerInfo)
        return None


def _load_page(path: Path, problems: _Problems) -> SourcePage | None:
    raw, body = front_matter(path)
    found = len(problems.found)
    meta: LocalPageMeta | None = None
    try:
        meta = LocalPageMeta.model_validate(raw)
    except ValidationError as exc:
        problems.found += _pydantic_problems(path, exc, raw, LocalPageMeta)
    if meta is not None and meta.id != path.stem:
        problems.add(f"{path}: id: {meta.id!r} does not match the file name {path.stem!r}")
    if meta is not None:
        _check_local_text(path, "summary", meta.summary, problems, inline=True)
    if not body:
        problems.add(
            f"{path}: body: the Markdown body is empty; write the page below the front matter"
        )
    else:
        _check_markdown(path, body, problems, headings=True)
    if meta is None or len(problems.found) > found:
        return None
    return SourcePage(meta=meta, body=body, path=path)


def _load_note(path: Path, problems: _Problems) -> SourceNote | None:
    raw, body = front_matter(path)
    found = len(problems.found)
    meta: LocalNoteMeta | None = None
    try:
        meta = LocalNoteMeta.model_validate(raw)
    except ValidationError as exc:
        problems.found += _pydantic_problems(path, exc, raw, LocalNoteMeta)
    note_id = meta.id if meta is not None and meta.id else path.stem
    if meta is not None and not meta.id and not SLUG_RE.match(path.stem):
        problems.add(
            f"{path}: id: the file name {path.stem!r} is not an id (lower-case words joined by "
            "hyphens); rename the file or give an id"
        )
    if not body:
        problems.add(f"{path}: body: the note is empty; write it below the front matter")
    elif len(body) > NOTE_MAX_CHARACTERS:
        problems.add(
            f"{path}: body: {len(body)} characters; a note is shown beside the published "
            f"value, so keep it under {NOTE_MAX_CHARACTERS} (write a local page for more)"
        )
    else:
        _check_markdown(path, body, problems, headings=False)
    if meta is None or len(problems.found) > found:
        return None
    return SourceNote(id=note_id, meta=meta, body=body, path=path)


# --- Markdown ----------------------------------------------------------------------------


def _check_local_text(
    path: Path, field: str, text: str, problems: _Problems, *, inline: bool = False
) -> None:
    """No [@id] citations: a local text cannot cite the published reference list, whose
    numbers are the page's own."""
    if citations_in(text):
        problems.add(
            f"{path}: {field}: [@{citations_in(text)[0]}] cites PainRef's reference list, "
            "which a local text cannot use; name the source in words or link to it"
        )
    if inline:
        try:
            _check_summary(path, field, text)
        except ContentError as exc:
            problems.add(str(exc))


def _check_markdown(path: Path, body: str, problems: _Problems, *, headings: bool) -> None:
    """The Markdown rules of data/'s bodies (no raw HTML, images or h1; links only
    https:// and http://), less the citation rule, with every problem reported."""
    _check_local_text(path, "body", body, problems)
    try:
        _check_link_targets(path, "body", body)
    except ContentError as exc:
        problems.add(str(exc))
    for token in _MD.parse(body):
        line = f"body line {token.map[0] + 1}" if token.map else "body"
        if token.type == "html_block":
            problems.add(
                f"{path}: {line}: raw HTML is not allowed ({token.content.strip()[:40]!r})"
            )
        elif token.type == "heading_open" and not headings:
            problems.add(
                f"{path}: {line}: a note has no headings (it is shown beside a value); "
                "write a local page for longer text"
            )
        elif token.type == "heading_open" and token.tag == "h1":
            problems.add(f"{path}: {line}: use '##' headings; the title is the page's only h1")
        elif token.type == "inline":
            raw = [c for c in token.children or [] if c.type == "html_inline"]
            if raw:  # once a paragraph: <b>, then </b>, is one problem
                problems.add(
                    f"{path}: {line}: raw HTML is not allowed ({raw[0].content.strip()[:40]!r})"
                )
            try:
                _check_inline(path, line, token.children or [])
            except ContentError as exc:
                problems.add(str(exc))


# --- checks against the published content ------------------------------------------------


class _Checker:
    """The checks of a layer's pages and notes against the published Library."""

    def __init__(self, library: Library, problems: _Problems) -> None:
        self.library = library
        self.problems = problems
        self.page_ids = [s.id for s in library.all_pages()]
        self._kinds = {s.id: s.kind for s in library.all_pages()}
        self._fields: dict[str, list[str]] = {}

    def check(self, pages: list[SourcePage], notes: list[SourceNote]) -> None:
        owner: dict[str, Path] = {}
        for page in pages:
            self._one_id(page.path, page.meta.id, owner)
            if self.library.has(page.meta.id):
                self.problems.add(
                    f"{page.path}: id: {page.meta.id!r} is a published page; a local page "
                    "cannot replace a published page; attach a note instead "
                    f"(notes/NAME.md with attach: {{page: {page.meta.id}}})"
                )
            for i, related in enumerate(page.meta.related):
                if related == page.meta.id:
                    self.problems.add(
                        f"{page.path}: related.{i}: a page cannot be related to itself"
                    )
                elif not self.library.has(related):
                    self.problems.add(
                        f"{page.path}: related.{i}: unknown published page {related!r}"
                        f"{_nearest(related, self.page_ids)}"
                    )
        for note in notes:
            self._one_id(note.path, note.id, owner)
            attach = note.meta.attach
            if attach.drug is not None:
                self._check_drug(note.path, attach.drug)
            elif attach.page is not None:
                self._check_page(note.path, attach.page, attach.field)

    def _one_id(self, path: Path, item_id: str, owner: dict[str, Path]) -> None:
        first = owner.setdefault(item_id, path)
        if first != path:
            self.problems.add(
                f"{path}: id: {item_id!r} is already used by {first}; "
                "every page and note of a layer needs its own id"
            )

    def _check_page(self, path: Path, page: str, field: str | None) -> None:
        if not self.library.has(page):
            hint = _nearest(page, self.page_ids)
            self.problems.add(f"{path}: attach.page: unknown published page {page!r}{hint}")
            return
        if field is None:
            return
        kind = self._kinds.get(page, "")
        if kind in NO_FIELDS_KINDS:
            self.problems.add(
                f"{path}: attach.field: {page!r} is a {kind} page, which has no at-a-glance "
                "fields or sections; leave field out to attach the note to the page"
            )
            return
        keys = self._attribute_keys(page)
        if field not in keys and field not in SECTIONS:
            hint = _nearest(field, [*keys, *SECTIONS])
            fields = f"an at-a-glance key ({', '.join(keys)}) or a section ({', '.join(SECTIONS)})"
            self.problems.add(
                f"{path}: attach.field: unknown field {field!r}"
                + (f"{hint} A field is {fields}" if hint else f"; a field is {fields}")
            )

    def _attribute_keys(self, page: str) -> list[str]:
        if page not in self._fields:
            try:
                self._fields[page] = [a.key for a in self.library.topic(page).attributes]
            except UnknownTopicError:
                self._fields[page] = []
        return self._fields[page]

    def _check_drug(self, path: Path, drug: str) -> None:
        data = self.library.tool_data(ANTITHROMBOTICS)
        drugs = [d for d in (data or {}).get("drugs", []) if isinstance(d, dict)]
        if not drugs:
            self.problems.add(
                f"{path}: attach.drug: this published content has no blood-thinner table "
                "to attach a drug note to"
            )
            return
        ids = [str(d.get("id")) for d in drugs]
        if drug in ids:
            return
        named = [
            str(d.get("id"))
            for d in drugs
            if drug.replace("-", " ").casefold()
            in {str(n).casefold() for n in [d.get("name"), *(d.get("brands") or [])]}
        ]
        hint = f"; did you mean {named[0]!r}?" if named else _nearest(drug, ids)
        self.problems.add(
            f"{path}: attach.drug: unknown drug {drug!r}{hint} "
            "(the drug ids are listed by `painref anticoag --list`)"
        )


def _nearest(word: str, candidates: list[str]) -> str:
    """ "; did you mean 'x'?" for the closest candidate, or nothing."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
