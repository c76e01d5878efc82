"""Counting, slicing and finding pages by SQL gives what listing them gives."""

from __future__ import annotations

from painref.content.library import Library


def test_counts_are_the_lengths_of_the_lists(real_library: Library) -> None:
    assert real_library.count_topics() == len(real_library.topics())
    assert real_library.count_topics(include_tools=False) == len(
        real_library.topics(include_tools=False)
    )
    assert real_library.count_conditions() == len(real_library.conditions()) > 0
    for category in real_library.categories():
        listed = real_library.topics(category.id)
        assert real_library.count_topics(category.id) == len(listed) == category.topic_count


def test_the_overview_is_the_first_overview_page(real_library: Library) -> None:
    listed = next(t for t in real_library.topics() if t.kind == "overview")
    assert real_library.first_topic("overview") == listed
    assert real_library.first_topic("condition") is None  # conditions are not topics
    assert real_library.first_topic("no-such-kind") is None


def test_slices_are_slices_of_the_lists(real_library: Library) -> None:
    conditions = real_library.conditions()
    assert real_library.conditions(offset=3, limit=5) == conditions[3:8]
    assert real_library.conditions(offset=len(conditions) - 2, limit=10) == conditions[-2:]
    for category in real_library.categories():
        listed = real_library.topics(category.id)
        assert real_library.topics(category.id, offset=1, limit=2) == listed[1:3]
        assert real_library.topics(category.id, offset=2) == listed[2:]
    regions = real_library.regions()
    heads = real_library.region_heads()
    assert [(r.id, len(r.pages)) for r in regions] == [(h.id, n) for h, n in heads]
    for region in regions:
        assert tuple(real_library.region_pages(region.id)) == region.pages
        assert tuple(real_library.region_pages(region.id, offset=1, limit=3)) == region.pages[1:4]
        assert real_library.region_page_ids(region.id) == [p.id for p in region.pages]


def test_a_page_is_found_where_the_list_has_it(real_library: Library) -> None:
    for position, condition in enumerate(real_library.conditions()):
        assert real_library.topic_index(condition.id) == position
        assert real_library.topic_index(condition.id, "injections") is None
    for category in real_library.categories():
        for position, topic in enumerate(real_library.topics(category.id)):
            assert real_library.topic_index(topic.id, category.id) == position
            assert real_library.topic_index(topic.id) is None  # not a condition
    assert real_library.topic_index("no-such-page") is None
