"""The loader accepts the test corpus and names file, field and reason for every bad source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from painref.content.loader import load_corpus, source_hash
from painref.errors import ContentError

from ..conftest import REAL_DATA, TEST_DATA


def test_loads_the_test_corpus() -> None:
    corpus = load_corpus(TEST_DATA)
    assert [t.meta.id for t in corpus.topics] == [
        "alpha-injection",
        "beta-therapy",
        "gamma-stimulator",
    ]
    assert {c.id for c in corpus.conditions} == {"back-pain", "lonely-condition"}
    gamma = next(t for t in corpus.topics if t.meta.id == "gamma-stimulator")
    assert [v.value for v in gamma.meta.attributes["invasiveness"]] == ["Moderate", "Non-invasive"]
    alpha = next(t for t in corpus.topics if t.meta.id == "alpha-injection")
    # A YAML number becomes text, and a single mapping a one-item list.
    assert alpha.meta.attributes["time"][0].value == "5"


def test_loads_the_real_corpus() -> None:
    corpus = load_corpus(REAL_DATA)
    assert len(corpus.topics) >= 19


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(data: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_corpus(data)
    return str(info.value)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "topics/alpha-injection.md",
            "kind: procedure\n",
            "",
            r"alpha-injection\.md: kind: Field required",
        ),
        (
            "topics/alpha-injection.md",
            "title: Alpha injection",
            "title: [unclosed",
            r"alpha-injection\.md: invalid YAML in front matter: .*line",
        ),
        (
            "topics/alpha-injection.md",
            "category: injections",
            "category: nowhere",
            r"alpha-injection\.md: category: unknown category 'nowhere'",
        ),
        (
            "topics/alpha-injection.md",
            "{id: back-pain,",
            "{id: no-such-condition,",
            r"alpha-injection\.md: conditions\.0\.id: unknown condition 'no-such-condition'",
        ),
        (
            "topics/alpha-injection.md",
            "related: [gamma-stimulator]",
            "related: [no-such-topic]",
            r"alpha-injection\.md: related: unknown topic 'no-such-topic'",
        ),
        (
            "topics/alpha-injection.md",
            "complications:\n  - {name: Infection, description: Infection where "
            "the needle went in.,",
            "complications:\n  - {name: Infection, description: x, refs: [src-zzz]}\n  - {name: x, description: x,",
            r"alpha-injection\.md: complications\.0\.refs: unknown reference 'src-zzz'",
        ),
        (
            "topics/alpha-injection.md",
            "id: alpha-injection",
            "id: other-name",
            r"alpha-injection\.md: id: 'other-name' does not match the file name",
        ),
        (
            "topics/alpha-injection.md",
            "reviewed: 2026-01-02",
            "reviewed: last tuesday",
            r"alpha-injection\.md: reviewed: ",
        ),
        (
            "topics/alpha-injection.md",
            "summary: An injection of medicine near the spine [@src-a].",
            "summary: An injection with no citation.",
            r"alpha-injection\.md: summary: cite a source",
        ),
        (
            "topics/alpha-injection.md",
            "close to the inflamed nerve [@src-a].",
            "close to the inflamed nerve.",
            r"alpha-injection\.md: body: paragraph at body line \d+ cites no source",
        ),
        (
            "topics/alpha-injection.md",
            "## How it works",
            "## How it works\n\n<script>alert(1)</script>",
            r"alpha-injection\.md: body: raw HTML is not allowed",
        ),
        (
            "topics/alpha-injection.md",
            "close to the inflamed nerve [@src-a]",
            "close to the [inflamed nerve](javascript:alert(1)) [@src-a]",
            r"alpha-injection\.md: body: link 'javascript:alert.* is not allowed",
        ),
        (
            "topics/alpha-injection.md",
            "close to the inflamed nerve [@src-a]",
            "close to the [inflamed nerve](file:///etc/passwd) [@src-a]",
            r"alpha-injection\.md: body: link 'file:///etc/passwd' is not allowed",
        ),
        (
            "topics/alpha-injection.md",
            "aliases: [alpha shot]",
            "aliases: [lumbago]",
            r"name 'lumbago' is used by both",
        ),
        (
            "topics/alpha-injection.md",
            "attributes:\n",
            "attributes:\n  colour: {value: red, refs: [src-a]}\n",
            r"alpha-injection\.md: attributes\.colour: unknown attribute",
        ),
        (
            "topics/alpha-injection.md",
            "abbreviations: [AI]",
            "abbreviations: [AI]\nabbreviation: [X]",
            r"alpha-injection\.md: abbreviation: Extra inputs are not permitted",
        ),
        (
            "references.yaml",
            "url: https://example.org/a",
            "url: javascript:alert(1)",
            r"references\.yaml: entry src-a: url: Value error, a reference URL must start with https",
        ),
        (
            "conditions.yaml",
            "summary: Pain in the back, treated by several options [@src-a].",
            "summary: No citation here.",
            r"conditions\.yaml: entry back-pain: summary: cite a source",
        ),
        (
            "references.yaml",
            "url: https://example.org/b",
            "url: https://www.example.org/a/",
            r"references\.yaml: reference 'src-b' is the same source as 'src-a' in "
            r".*references\.yaml \(url example\.org/a\); keep one id",
        ),
        (
            "references.yaml",
            "url: https://example.org/b",
            "url: https://example.org/b\n  doi: 10.1000/XYZ\n- id: src-d\n  title: D\n"
            "  publisher: P\n  url: https://doi.org/10.1000/xyz",
            r"reference 'src-d' is the same source as 'src-b' .*\(doi 10\.1000/xyz\)",
        ),
        (
            "topics/alpha-injection.md",
            "incidence: 1 in 10000, population: test patients,",
            "incidence: 1 in 10000,",
            r"alpha-injection\.md: complications\.0: Value error, an incidence needs its population",
        ),
        (
            "topics/alpha-injection.md",
            "not_applicable: [diagnostic-criterion]",
            "not_applicable: [diagnostic-criterium]",
            r"alpha-injection\.md: not_applicable\.diagnostic-criterium: unknown attribute",
        ),
        (
            "topics/alpha-injection.md",
            "not_applicable: [diagnostic-criterion]",
            "not_applicable: [time]",
            r"alpha-injection\.md: front matter: Value error, not_applicable: \['time'\] also have values",
        ),
        (
            "topics/alpha-injection.md",
            "related: [gamma-stimulator]",
            "related: [gamma-stimulator]\nsafety_notices:\n  - {text: Warning., refs: [src-q]}",
            r"alpha-injection\.md: safety_notices\.0\.refs: unknown reference 'src-q'",
        ),
        (
            "topics/alpha-injection.md",
            "kind: guideline, year: 2016",
            "kind: opinion, year: 2016",
            r"alpha-injection\.md: evidence\.0\.kind: Input should be 'guideline', 'review', "
            r"'society' or 'trial'",
        ),
        (
            "topics/alpha-injection.md",
            "verdict: wrong",
            "verdict: dubious",
            r"alpha-injection\.md: seed_claims\.0\.verdict: Input should be 'wrong'",
        ),
        (
            "topics/alpha-injection.md",
            "particulate: false, use: lumbar, refs: [src-a]",
            "particulate: false, use: lumbar, refs: [src-zz]",
            r"alpha-injection\.md: medications\.0\.refs: unknown reference 'src-zz'",
        ),
        (
            "topics/alpha-injection.md",
            "  absolute:\n    - {text: Infection at the injection site, refs: [src-a]}",
            "  absolute:\n    - {text: Infection at the injection site, refs: [src-zz]}",
            r"alpha-injection\.md: contraindications\.absolute\.0\.refs: unknown reference",
        ),
        (
            "conditions.yaml",
            "  refs: [src-a]\n  reviewed: 2026-01-02\n- id: lonely",
            "  presentation: Stiffness in the morning.\n  refs: [src-a]\n"
            "  reviewed: 2026-01-02\n- id: lonely",
            r"conditions\.yaml: entry back-pain: presentation: cite a source",
        ),
        (
            "categories.yaml",
            "- id: overview\n",
            "- id: Not A Slug\n",
            r"categories\.yaml: entry Not A Slug: id: String should match pattern",
        ),
    ],
)
def test_bad_source_names_file_field_and_reason(
    test_data_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    _edit(test_data_copy / file, old, new)
    assert re.search(expected, _error(test_data_copy)), _error(test_data_copy)


@pytest.mark.parametrize(
    "link",
    [
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](ftp://example.org/a)",
        "[x](painref-evil:run)",
        "<javascript:alert(1)>",
        "[x](FILE:///etc/passwd)",
    ],
)
def test_odd_links_are_refused_at_build_time(test_data_copy: Path, link: str) -> None:
    _edit(
        test_data_copy / "topics" / "alpha-injection.md",
        "close to the inflamed nerve [@src-a]",
        f"close to the inflamed nerve {link} [@src-a]",
    )
    assert "is not allowed" in _error(test_data_copy)


def test_front_matter_missing(test_data_copy: Path) -> None:
    (test_data_copy / "topics" / "alpha-injection.md").write_text("# Just markdown\n")
    assert "alpha-injection.md: front matter missing" in _error(test_data_copy)


def test_not_utf8(test_data_copy: Path) -> None:
    (test_data_copy / "topics" / "alpha-injection.md").write_bytes(b"---\nid: \xff\xfe\n---\n")
    assert "alpha-injection.md: not UTF-8 text" in _error(test_data_copy)


def test_missing_shared_list(test_data_copy: Path) -> None:
    (test_data_copy / "references.yaml").unlink()
    assert "references.yaml: file is missing" in _error(test_data_copy)


def test_not_a_content_folder(tmp_path: Path) -> None:
    assert "not a PainRef content folder" in _error(tmp_path)


def test_conflicts_need_two_values(test_data_copy: Path) -> None:
    _edit(
        test_data_copy / "topics" / "alpha-injection.md",
        "related: [gamma-stimulator]",
        "related: [gamma-stimulator]\nconflicts: [invasiveness]",
    )
    assert "conflicts: 'invasiveness' needs two or more values" in _error(test_data_copy)


def test_source_hash_follows_content_not_line_endings(test_data_copy: Path) -> None:
    before = source_hash(test_data_copy)
    topic = test_data_copy / "topics" / "beta-therapy.md"
    topic.write_bytes(topic.read_bytes().replace(b"\n", b"\r\n"))
    assert source_hash(test_data_copy) == before
    _edit(topic, "Beta therapy", "Beta therapies")
    assert source_hash(test_data_copy) != before


def test_a_key_given_twice_is_refused_with_both_lines(test_data_copy: Path) -> None:
    _edit(
        test_data_copy / "topics" / "alpha-injection.md",
        "kind: procedure\n",
        "kind: procedure\ntitle: SHADOW TITLE\n",
    )
    assert re.search(
        r"alpha-injection\.md: title: the key is given twice \(lines \d+ and \d+\)",
        _error(test_data_copy),
    )


def test_a_shared_list_with_a_key_twice_is_refused(test_data_copy: Path) -> None:
    path = test_data_copy / "content.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'content_version: "9999.shadow"\n')
    assert "content.yaml: content_version: the key is given twice" in _error(test_data_copy)


@pytest.mark.parametrize(
    ("markdown", "reason"),
    [
        ("[x](painref://compare/a/b)", "link 'painref://compare/a/b' is not allowed"),
        ("[x](ftp://example.org/a)", "link 'ftp://example.org/a' is not allowed"),
        ("<ftp://example.org/a>", "link 'ftp://example.org/a' is not allowed"),
        ("![t](https://evil.example/t.png)", "images are not supported"),
    ],
)
def test_summaries_follow_the_body_link_rules(
    test_data_copy: Path, markdown: str, reason: str
) -> None:
    _edit(
        test_data_copy / "topics" / "alpha-injection.md",
        "summary: An injection of medicine",
        f"summary: An {markdown} injection of medicine",
    )
    assert f"alpha-injection.md: summary: {reason}" in _error(test_data_copy)


def test_condition_summaries_follow_the_body_link_rules(test_data_copy: Path) -> None:
    _edit(
        test_data_copy / "conditions.yaml",
        "summary: Pain in the back,",
        "summary: Pain [x](painref://show/y) in the back,",
    )
    assert "conditions.yaml: entry back-pain: summary: link 'painref://show/y'" in _error(
        test_data_copy
    )


def test_an_https_link_in_a_summary_is_fine(test_data_copy: Path) -> None:
    _edit(
        test_data_copy / "topics" / "alpha-injection.md",
        "summary: An injection of medicine",
        "summary: An [injection](https://example.org/a) of medicine",
    )
    load_corpus(test_data_copy)


def test_a_byte_order_mark_is_accepted(test_data_copy: Path) -> None:
    topic = test_data_copy / "topics" / "alpha-injection.md"
    topic.write_bytes(b"\xef\xbb\xbf" + topic.read_bytes())
    corpus = load_corpus(test_data_copy)
    assert corpus.topics[0].meta.title == "Alpha injection"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: Alpha injection",
            "title: Alpha \u202einjection",
            r"title: contains the invisible bidirectional control U\+202E",
        ),
        (
            "aliases: [alpha shot]",
            'aliases: ["alpha \\u2067shot"]',
            r"aliases\.0: contains the invisible bidirectional control U\+2067",
        ),
        (
            "abbreviations: [AI]",
            'abbreviations: ["A\\0I"]',
            r"abbreviations\.0: contains a NUL character \(U\+0000\)",
        ),
        (
            "close to the inflamed nerve [@src-a].",
            "close to the inflamed \0nerve [@src-a].",
            r"body: line \d+: contains a NUL character",
        ),
    ],
)
def test_control_characters_are_refused(
    test_data_copy: Path, old: str, new: str, expected: str
) -> None:
    _edit(test_data_copy / "topics" / "alpha-injection.md", old, new)
    message = _error(test_data_copy)
    assert re.search(r"alpha-injection\.md: " + expected, message), message
    assert "\0" not in message
    assert "\u202e" not in message


def test_an_impossible_date_names_the_field(test_data_copy: Path) -> None:
    _edit(
        test_data_copy / "topics" / "alpha-injection.md",
        "reviewed: 2026-01-02",
        "reviewed: 2026-02-30",
    )
    assert "alpha-injection.md: reviewed: " in _error(test_data_copy)


def test_a_required_attribute_cannot_be_removed(test_data_copy: Path) -> None:
    path = test_data_copy / "attributes.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- key: relief-duration\n")
    end = text.index("\n- key:", start)
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    assert "attributes.yaml: relief-duration: this attribute is required" in _error(test_data_copy)


def test_errors_in_a_split_list_name_that_file(test_data_copy: Path) -> None:
    split = test_data_copy / "conditions"
    split.mkdir()
    (split / "more.yaml").write_text(
        "- id: extra-condition\n  title: Extra condition\n"
        "  summary: Cited [@src-zzz].\n  refs: [src-a]\n  reviewed: 2026-01-02\n"
    )
    assert re.search(
        r"conditions/more\.yaml: entry extra-condition: summary: unknown reference 'src-zzz'",
        _error(test_data_copy),
    )


def test_a_folder_named_like_a_topic_is_named(test_data_copy: Path) -> None:
    (test_data_copy / "topics" / "zz.md").mkdir()
    assert "topics/zz.md: is a folder, not a file" in _error(test_data_copy)
