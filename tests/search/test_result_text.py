"""What a result says about itself: an abbreviation matches only itself, and a snippet has no
citation numbers (the result list shows no reference list)."""

from __future__ import annotations

import re

from painref.content.library import Library
from painref.search.service import SearchService


def test_an_abbreviation_is_not_matched_as_the_start_of_other_words(
    real_library: Library,
) -> None:
    hits = SearchService(real_library).search("SCS")
    assert hits[0].id == "spinal-cord-stimulation"
    for hit in hits:
        for start, end in hit.highlights:
            # Never "screening", "scale", "scar" or "sciatica" for SCS.
            assert hit.snippet[start:end].lower() == "scs", (hit.id, hit.snippet)


def test_a_word_being_typed_is_still_matched_as_a_prefix(real_library: Library) -> None:
    hits = SearchService(real_library).search("transforam")
    assert hits[0].id == "transforaminal-epidural-steroid-injection"


def test_snippets_carry_no_citation_numbers(real_library: Library) -> None:
    service = SearchService(real_library)
    for query in ("sciatica", "relieve", "radicular pain", "steroid", "knee"):
        for hit in service.search(query):
            assert not re.search(r"\[\d+\]", hit.snippet), (query, hit.id, hit.snippet)
