"""The search service shared by the window and the command line.

A query is answered in three steps, all against the bundled database:

1. The words are folded, question and stop words set aside, and misspelled words
   corrected against the words the content uses ("steriod" -> "steroid").
2. Page names (titles, abbreviations, other names) found in the words are matched as
   whole names, so "esi", "slipped disc" or "what are the risks of an epidural steroid
   injection" put their page first.
3. FTS5 ranks pages by bm25 with column weights (a hit in a title or name outweighs one in
   the body), every word required first, any word as a fallback, each word widened by
   its synonyms and the last one matched as a prefix while it is being typed.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from painref.content.library import CONDITION_CATEGORY_TITLE, Library
from painref.content.text import may_have_word
from painref.content.text import words as text_words
from painref.errors import AmbiguousNameError, DatabaseError, PainRefError, UnknownNameError
from painref.location import Location
from painref.search.extra import (
    HIGHLIGHT_END as _EXTRA_END,
)
from painref.search.extra import (
    HIGHLIGHT_START as _EXTRA_START,
)
from painref.search.extra import (
    ExtraHit,
    LocalSearch,
    NoteSearch,
    note_hits,
)
from painref.search.hits import HIGHLIGHT_END, HIGHLIGHT_START, Hit, Outcome, hit, split_highlights
from painref.search.names import Name, NameIndex, name_boosts
from painref.search.query import STOP_WORDS, quote, tokens
from painref.search.typos import Vocabulary

if TYPE_CHECKING:
    from painref.content.local_layer import LocalLayer

# bm25 weights per FTS column: title, names, conditions, summary, facts, body, and the
# practice names (a page's drugs and named trials).
COLUMN_WEIGHTS = (10.0, 8.0, 3.0, 2.0, 1.5, 1.0, 10.0)
DETAILS_WEIGHT = 1.0
"""A page's clinical detail (technique, contraindications, complications, evidence...) is
indexed in its own table, details_fts, so its length does not drown the names and summary;
its bm25 score is added with this weight."""
SNIPPET_COLUMNS = (3, 4, 5)  # summary, facts, body: readable text, unlike the name lists
REGION_BOOST = 150.0
"""A page of the body region a query names ("knee pain", "tailbone"): above a name being
typed (120 x share) and a strong text match, so the region's pages come first, and the other
words order them among themselves; below a name the query contains (200 x share)."""
REGION_MIXED_BOOST = 40.0
"""A page of a body region the query names beside other words."""
REGION_CONDITION_BOOST = 40.0
"""A condition of the region, when the query names only a body part: a symptom ("knee pain")
lands on the conditions, which lead to the options."""
SYMPTOM_WORDS = frozenset(
    ["pain", "pains", "painful", "ache", "aches", "aching", "hurt", "hurts", "sore"]
)
"""Words that add nothing to a body part: "knee pain" names only the knee."""
ALL_WORDS_BOOST = 50.0
RESOLVE_SUGGESTIONS = 3
MAX_LIMIT = 1000  # a bigger limit would only make the FTS pool overflow SQLite's integers

NAMES_AT_ONCE = 1500
"""Names read in one slice of SearchService.prepare (a few milliseconds of work)."""


class SearchService:
    """Ranked search over the bundled database.

    Any text a person types is a valid query. The contract for callers: the constructor and
    every public method either return data or raise a PainRefError subclass;
    DatabaseError (naming the file) when the database is damaged, whether a search table
    is missing, the FTS index is broken or a value is not what the builder writes.
    """

    def __init__(
        self,
        library: Library,
        *,
        local: LocalLayer | None = None,
        notes: NoteSearch | None = None,
    ) -> None:
        """local: the department's local layer, whose pages are searched too; notes: the
        reader's notes, which lift the pages they are on when they hold the words typed."""
        self._library = library
        self._local: LocalSearch | None = None
        if local is not None:
            # A damaged local layer: search the published content (the pages say why).
            with contextlib.suppress(DatabaseError):
                self._local = LocalSearch(local, STOP_WORDS)
        self._notes = notes
        self._connection = library.connection
        self._loaded: NameIndex | None = None
        self._loading: Iterator[None] | None = None
        self._vocabulary: Vocabulary | None = None
        # A search table that is gone or unreadable fails here, as it always has; reading
        # the names (work that grows with the content) waits for the first search.
        self._load("SELECT grp, term FROM synonyms LIMIT 1")
        self._load("SELECT topic_id, norm, kind FROM names LIMIT 1")

    def prepare(self, seconds: float | None = None) -> bool:
        """Read the page names, synonyms, body regions and word list now, not at the first
        search: a window calls this when idle, after its first frame. seconds: return after
        about that long, to be called again (a slice of the work each time, so the window
        stays responsive); None reads everything. True when everything is read.

        Raises:
            DatabaseError: the database's search index is damaged.
        """
        if self._loaded is None:
            if self._loading is None:
                self._loading = self._load_names_and_synonyms()
            deadline = None if seconds is None else time.perf_counter() + seconds
            for _ in self._loading:
                if deadline is not None and time.perf_counter() >= deadline:
                    return False
            return self._loaded is not None and self._vocabulary is not None
        if self._vocabulary is None:
            self._vocab()
        return True

    @property
    def _index(self) -> NameIndex:
        if self._loaded is None:
            if self._loading is None:
                self._loading = self._load_names_and_synonyms()
            for _ in self._loading:
                if self._loaded is not None:
                    break  # the word list waits for an unknown word, or prepare
            assert self._loaded is not None
        return self._loaded

    @property
    def _synonyms(self) -> dict[str, tuple[str, ...]]:
        return self._index.synonyms

    @property
    def _name_words(self) -> set[str]:
        return self._index.name_words

    @property
    def _exact_names(self) -> dict[str, set[str]]:
        """Folded name (title, abbreviation, alias) -> the pages it names."""
        return self._index.exact_names

    @property
    def _region_words(self) -> dict[str, str]:
        """A body region's word or two-word phrase -> its region."""
        return self._index.region_words

    @property
    def _region_pages_by_id(self) -> dict[str, list[str]]:
        """A region -> its pages."""
        return self._index.region_pages

    @property
    def _condition_ids(self) -> set[str]:
        return self._index.condition_ids

    # -- public ----------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """Pages for text, best first."""
        return self.query(text, limit).hits

    def query(self, text: str, limit: int = 20, *, prefix_last: bool | None = None) -> Outcome:
        """Pages for text, best first, with the corrected query when words were misspelled.

        Args:
            text: whatever a person typed.
            limit: at most this many hits (and at most MAX_LIMIT).
            prefix_last: match the last word as a prefix (the word being typed); by default
                only when text does not end with a space or punctuation.
        """
        raw = tokens(text)
        limit = min(limit, MAX_LIMIT)
        if not raw or limit <= 0:
            return Outcome([])
        if prefix_last is None:
            prefix_last = text[-1:].isalnum()
        content = [w for w in raw if w not in STOP_WORDS] or raw
        corrected = self._correct(content, prefix_last)
        hits = self._rank(corrected, prefix_last, limit)
        if self._local is not None or self._notes is not None:
            hits = self._with_extra(hits, text, corrected, content, prefix_last, limit)
        suggestion = None
        if corrected != content:
            fixes = dict(zip(content, corrected, strict=True))
            suggestion = " ".join(fixes.get(w, w) for w in raw)
        return Outcome(hits, suggestion, tuple(corrected))

    def resolve(self, name: str) -> str:
        """The id of the page a person means by name, as typed at a command line.

        An exact id first, then an exact match, case and accents folded, on a title,
        abbreviation or other name ("ESI", "epidural steroid injection", "Slipped disc").
        Search ranks names the same way, which is how the window's search field finds them.

        Raises:
            UnknownNameError: nothing has that id or name; the best search hits (up to
                RESOLVE_SUGGESTIONS) are in its message and ``suggestions``.
            AmbiguousNameError: several pages share that name.
            DatabaseError: the database is damaged.
        """
        stripped = name.strip()
        for candidate in dict.fromkeys((stripped, stripped.lower())):
            if candidate and self._library.has(candidate):
                return candidate
        folded = " ".join(text_words(stripped))
        matches = sorted(self._exact_names.get(folded, ()))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousNameError(
                stripped, [(i, self._library.summary(i).title) for i in matches]
            )
        hits = self.search(stripped, RESOLVE_SUGGESTIONS) if folded else []
        raise UnknownNameError(stripped, [(h.id, h.title) for h in hits])

    def suggest(self, text: str) -> str | None:
        """A corrected spelling of text, or None when every word is known."""
        return self.query(text, 1, prefix_last=False).corrected

    # -- loading -----------------------------------------------------------------------------

    def _load_names_and_synonyms(self) -> Iterator[None]:
        """Reads the names a slice at a time (yielding between slices), then sets _loaded.
        A failure leaves nothing half read: the next search starts again."""
        try:
            yield from self._read_names()
        except BaseException:
            self._loading = None
            raise

    def _read_names(self) -> Iterator[None]:
        groups: dict[object, list[str]] = defaultdict(list)
        for group, term in self._load("SELECT grp, term FROM synonyms"):
            groups[group].append(str(term))
        synonyms: dict[str, tuple[str, ...]] = {}
        for members in groups.values():
            for term in members:
                synonyms[term] = tuple(members)
        index = NameIndex(synonyms=synonyms)
        names = index.names
        exact = index.exact_names
        name_words = index.name_words
        stop = STOP_WORDS
        last = -1
        while True:
            rows = self._load(
                "SELECT rowid, topic_id, norm, kind FROM names WHERE rowid > ? "
                "ORDER BY rowid LIMIT ?",
                [last, NAMES_AT_ONCE],
            )
            for _, topic_id, norm, kind in rows:
                norm, topic_id = str(norm), str(topic_id)
                exact[norm].add(topic_id)
                # Names are matched without their stop words and with synonyms folded
                # together, so "steroid shot in my back" meets the name "cortisone shot in
                # the back" (_canonical, inlined: this runs once per name).
                split = norm.split()
                name_words.update(split)
                kept = [w for w in split if w not in stop] or split
                if kept:
                    name = tuple([synonyms[w][0] if w in synonyms else w for w in kept])
                    names[name[0]].append(Name(topic_id, name, str(kind)))
            if len(rows) < NAMES_AT_ONCE:
                break
            last = rows[-1][0]
            yield
        index.first_words = sorted(names)
        yield
        index.region_words, index.region_pages = self._library.region_index()
        index.condition_ids = {c.id for c in self._library.conditions()}
        self._loaded = index
        yield
        self._vocab()  # the word list for misspellings: one slice of its own

    def _vocab(self) -> Vocabulary:
        # Loaded on the first unknown word, not at start-up.
        if self._vocabulary is None:
            terms: dict[str, int] = {}
            for term, freq in self._load("SELECT term, freq FROM terms"):
                if not isinstance(freq, int):
                    raise self._damaged(
                        f"the word list has a count that is not a number ({freq!r:.40})"
                    )
                if str(term) not in STOP_WORDS:  # "hand" must not become "and"
                    terms[str(term)] = freq
            for word in self._name_words:
                if word not in STOP_WORDS:
                    terms.setdefault(word, 1)
            for term in self._synonyms:
                terms.setdefault(term, 1)
            self._vocabulary = Vocabulary(terms)
        return self._vocabulary

    # -- steps -------------------------------------------------------------------------------

    def _correct(self, content: list[str], prefix_last: bool) -> list[str]:
        vocab = None
        out = []
        for i, word in enumerate(content):
            if word in self._name_words or word in self._synonyms or word.isdigit():
                out.append(word)
                continue
            vocab = vocab or self._vocab()
            is_last = i == len(content) - 1
            if word in vocab or (is_last and prefix_last and vocab.has_prefix(word)):
                out.append(word)
                continue
            if self._in_details(word) or self._known_elsewhere(word):
                out.append(word)
                continue
            correction = vocab.correct(word)
            if correction is None or self._finds_more(word, correction):
                out.append(word)
            else:
                out.append(correction)
        return out

    def _finds_more(self, word: str, correction: str) -> bool:
        """A page has word's stem but not correction's (FTS5 matches stems): then word is
        another form of an indexed word ("fainted" of "fainting"), which correcting would
        lose ("failed"); a misspelling of one stem ("chiropracter", "chiropractic") is
        corrected."""
        expression = f"{quote(word)} NOT {quote(correction)}"
        return bool(
            self._execute("SELECT 1 FROM topics_fts WHERE topics_fts MATCH ? LIMIT 1", [expression])
        )

    def _with_extra(
        self,
        hits: list[Hit],
        text: str,
        words: list[str],
        typed: list[str],
        prefix_last: bool,
        limit: int,
    ) -> list[Hit]:
        """The published hits with the local layer's pages and the reader's notes merged in,
        on one scale, best first. Notes are matched on the words as typed (a name in a
        note is not a misspelling of a published word)."""
        by_id = {h.id: h for h in hits}
        extra: list[ExtraHit] = []
        if self._local is not None:
            try:
                extra += self._local.hits(words, prefix_last, limit)
            except DatabaseError:
                self._local = None  # damaged since it was opened: the published hits stand
        if self._notes is not None:
            extra += note_hits(self._notes, text, typed)
        for e in extra:
            snippet, highlights = split_highlights(
                e.marked.replace(_EXTRA_START, HIGHLIGHT_START).replace(_EXTRA_END, HIGHLIGHT_END)
            )
            known = by_id.get(e.id)
            if known is not None:
                # The page is found already: the note lifts it and shows why.
                by_id[e.id] = Hit(
                    known.id,
                    known.title,
                    known.category,
                    known.kind,
                    known.score + e.score,
                    snippet if e.kind == "note" else known.snippet,
                    highlights if e.kind == "note" else known.highlights,
                )
                continue
            title, category, kind = e.title, e.category, e.kind
            if e.kind == "note":
                location = Location.parse(e.id)
                if location.page_id is not None and self._library.has(location.page_id):
                    summary = self._library.summary(location.page_id)
                    title, category, kind = summary.title, summary.category_title, summary.kind
                else:
                    category = "My notes"
            by_id[e.id] = Hit(e.id, title, category, kind, e.score, snippet, highlights)
        return sorted(by_id.values(), key=lambda h: (-h.score, h.title.casefold()))[:limit]

    def _known_elsewhere(self, word: str) -> bool:
        """A word the local layer's pages or the reader's notes use: not a misspelling."""
        if self._local is not None:
            try:
                if self._local.knows(word):
                    return True
            except DatabaseError:
                self._local = None
        if self._notes is not None:
            try:
                return bool(self._notes.search(word))
            except PainRefError:
                return False
        return False

    def _in_details(self, word: str) -> bool:
        """True when a page's clinical detail has word as written: the word list is built
        from the topics index only, and "abscess" must not become "access". FTS5 matches
        stems ("chiropracter" meets "chiropractic"), so the matching text is checked."""
        rows = self._rows(
            "SELECT d.details_text FROM details_fts JOIN details d "
            "ON d.rowid = details_fts.rowid WHERE details_fts MATCH ?",
            [quote(word)],
        )
        # Read a text at a time, and no more once one has the word (at 50,000 pages a
        # stem can match thousands of long texts).
        return any(
            may_have_word(str(text), word) and word in text_words(str(text)) for (text,) in rows
        )

    def _rank(self, words: list[str], prefix_last: bool, limit: int) -> list[Hit]:
        scores: dict[str, float] = defaultdict(float)
        for topic_id, boost in self._name_boosts(words, prefix_last).items():
            scores[topic_id] += boost
        region_pages, only_regions = self._region_pages(words)
        for topic_id in region_pages:
            # A body part alone is where it hurts; beside other words ("pump in the
            # abdomen") it may only say where a device sits, so it weighs less.
            scores[topic_id] += REGION_BOOST if only_regions else REGION_MIXED_BOOST
        if only_regions:
            # A body part alone ("knee", "leg pain") is a symptom: its conditions, which lead
            # to the options, come first.
            for topic_id in self._condition_ids.intersection(region_pages):
                scores[topic_id] += REGION_CONDITION_BOOST
        rows: dict[str, tuple[str, str, str, float, str]] = {}
        # A word that is a whole name already ("SCS") is not one being typed: as a prefix its
        # stem ("sc") would match every "scar", "scale" and "sciatica".
        last_is_name = bool(words) and words[-1] in self._exact_names
        groups = [
            self._group(w, prefix_last and i == len(words) - 1 and not last_is_name)
            for i, w in enumerate(words)
        ]
        pool = max(limit * 3, 30)
        for operator, bonus in ((" AND ", ALL_WORDS_BOOST), (" OR ", 0.0)):
            if operator == " OR " and (len(groups) == 1 or len(rows) >= limit):
                break
            expression = operator.join(groups)
            for row in self._fts(expression, pool):
                topic_id = row[0]
                if topic_id in rows:
                    continue
                rows[topic_id] = row[1:]
                scores[topic_id] += bonus + row[4]
            for topic_id, score in self._details(expression, pool):
                if topic_id not in rows:
                    scores[topic_id] += bonus
                scores[topic_id] += DETAILS_WEIGHT * score
        missing = [t for t in scores if t not in rows]
        if missing:
            rows.update(self._plain_rows(missing))
        ordered = sorted(
            (t for t in scores if t in rows), key=lambda t: (-scores[t], rows[t][0].casefold())
        )[:limit]
        # Snippets are the costly part of FTS5: make them only for the hits shown.
        snippets = self._snippets(" OR ".join(groups), ordered)
        for topic_id, snippet in snippets.items():
            title, category, kind, score, _ = rows[topic_id]
            rows[topic_id] = (title, category, kind, score, snippet)
        found = []
        for topic_id in ordered:
            title, category, kind, _, marked = rows[topic_id]
            found.append(hit(topic_id, title, category, kind, scores[topic_id], marked))
        return found

    def _region_pages(self, words: list[str]) -> tuple[list[str], bool]:
        """The pages of every body region the query names, and whether it names nothing else.

        A two-word phrase is read before its words ("back head" is the head, not the back).
        """
        regions: list[str] = []
        used: set[int] = set()
        for i, (a, b) in enumerate(itertools.pairwise(words)):
            region = self._region_words.get(f"{a} {b}")
            if region:
                regions.append(region)
                used |= {i, i + 1}
        for i, word in enumerate(words):
            region = self._region_words.get(word)
            if region and i not in used:
                regions.append(region)
                used.add(i)
        pages = [p for r in dict.fromkeys(regions) for p in self._region_pages_by_id.get(r, ())]
        rest = [w for i, w in enumerate(words) if i not in used and w not in SYMPTOM_WORDS]
        return list(dict.fromkeys(pages)), bool(regions) and not rest

    def _name_boosts(self, words: list[str], prefix_last: bool) -> dict[str, float]:
        return name_boosts(self._index, words, prefix_last)

    def _group(self, word: str, prefix: bool) -> str:
        alternatives = [quote(word) + ("*" if prefix else "")]
        alternatives += [quote(s) for s in self._synonyms.get(word, ()) if s != word]
        return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"

    # -- SQL -----------------------------------------------------------------------------------

    def _fts(self, expression: str, limit: int) -> list[tuple[str, str, str, str, float, str]]:
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        # The best `limit` matches are chosen in the index first; only they are joined to
        # their rows (a common word matches thousands of pages at scale, and reading each
        # one's row and summary cost more than ranking them).
        sql = (
            "SELECT t.id, t.title, coalesce(c.title, ?), t.kind, -m.score, t.summary_text "
            f"FROM (SELECT rowid, bm25(topics_fts, {weights}) AS score FROM topics_fts "
            "WHERE topics_fts MATCH ? ORDER BY score LIMIT ?) m "
            "JOIN topics t ON t.rowid = m.rowid LEFT JOIN categories c ON c.id = t.category_id "
            "ORDER BY m.score"
        )
        rows = self._execute(sql, [CONDITION_CATEGORY_TITLE, expression, limit])
        return [
            (str(i), str(t), str(c), str(k), float(score), str(summary))
            for i, t, c, k, score, summary in rows
        ]

    def _details(self, expression: str, limit: int) -> list[tuple[str, float]]:
        rows = self._execute(
            "SELECT d.topic_id, -m.score FROM (SELECT rowid, bm25(details_fts) AS score "
            "FROM details_fts WHERE details_fts MATCH ? ORDER BY score LIMIT ?) m "
            "JOIN details d ON d.rowid = m.rowid ORDER BY m.score",
            [expression, limit],
        )
        return [(str(i), float(score)) for i, score in rows]

    def _snippets(self, expression: str, topic_ids: list[str]) -> dict[str, str]:
        """Highlighted text around the match for each topic, from its readable columns."""
        if not topic_ids:
            return {}
        # One pass over the matches, kept only for the hits: "+rowid" filters rows instead of
        # asking FTS5 about each rowid, which would merge a prefix's doclists ("pain*") once
        # per hit (60-100 ms at 50,000 topics, against 7-10 ms for the pass). The first
        # readable column, in order, with a highlight gives the hit's snippet.
        marks = ", ".join("?" for _ in topic_ids)
        snippets = [
            f"snippet(topics_fts, {c}, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 14)"
            for c in SNIPPET_COLUMNS
        ]
        # CASE makes a later column's snippet only when the earlier ones have no highlight
        # (the body's is the dearest); the one chosen is made twice, a summary's cheaply.
        first_marked = (
            "CASE "
            + " ".join(f"WHEN instr({s}, '{HIGHLIGHT_START}') THEN {s}" for s in snippets)
            + " END"
        )
        out: dict[str, str] = {}
        for topic_id, marked in self._execute(
            f"SELECT t.id, {first_marked} FROM topics_fts JOIN topics t "
            "ON t.rowid = topics_fts.rowid WHERE topics_fts MATCH ? AND +topics_fts.rowid IN "
            f"(SELECT rowid FROM topics WHERE id IN ({marks}))",
            [expression, *topic_ids],
        ):
            if marked:
                out[str(topic_id)] = str(marked)
        rest = [t for t in topic_ids if t not in out]
        if rest:
            marks = ", ".join("?" for _ in rest)
            for topic_id, snippet in self._execute(
                f"SELECT d.topic_id, snippet(details_fts, 0, '{HIGHLIGHT_START}', "
                f"'{HIGHLIGHT_END}', '…', 14) FROM details_fts JOIN details d "
                "ON d.rowid = details_fts.rowid WHERE details_fts MATCH ? AND "
                f"+details_fts.rowid IN (SELECT rowid FROM details WHERE topic_id IN ({marks}))",
                [expression, *rest],
            ):
                if snippet and HIGHLIGHT_START in snippet:
                    out[str(topic_id)] = str(snippet)
        return out

    def _execute(self, sql: str, args: list[object]) -> list[tuple[Any, ...]]:
        try:
            return self._connection.execute(sql, args).fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            # Every word is quoted, so this is a broken index, not a bad query. The parent
            # class: damage to FTS5's shadow tables raises DatabaseError itself.
            raise self._damaged(f"search failed ({exc})") from None

    def _rows(self, sql: str, args: list[object]) -> Iterator[tuple[Any, ...]]:
        """_execute's rows one at a time, for a caller that may stop early."""
        try:
            yield from self._connection.execute(sql, args)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise self._damaged(f"search failed ({exc})") from None

    def _load(self, sql: str, args: list[object] | None = None) -> list[tuple[Any, ...]]:
        """Rows of a search table (names, synonyms, terms)."""
        try:
            return self._connection.execute(sql, args or []).fetchall()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise self._damaged(f"its search index is unusable ({exc})") from None

    def _damaged(self, what: str) -> DatabaseError:
        return DatabaseError(
            f"the PainRef database {self._library.path} is damaged: {' '.join(what.split())}; "
            "reinstall PainRef or run `painref build-db`"
        )

    def _plain_rows(self, topic_ids: list[str]) -> dict[str, tuple[str, str, str, float, str]]:
        marks = ", ".join("?" for _ in topic_ids)
        rows = self._execute(
            "SELECT t.id, t.title, coalesce(c.title, ?), t.kind, t.summary_text FROM topics t "
            f"LEFT JOIN categories c ON c.id = t.category_id WHERE t.id IN ({marks})",
            [CONDITION_CATEGORY_TITLE, *topic_ids],
        )
        return {str(r[0]): (str(r[1]), str(r[2]), str(r[3]), 0.0, str(r[4])) for r in rows}
