"""References as plain text, for copying into notes, slides or a reading list."""

from __future__ import annotations

from painref.content.library import Source, TopicDetail


def citation_text(source: Source) -> str:
    """One reference: "[n] Title. Publisher. URL"."""
    parts = [f"[{source.number}] {source.title.rstrip('.')}.", f"{source.publisher.rstrip('.')}."]
    if source.url:
        parts.append(source.url)
    return " ".join(parts)


def references_text(detail: TopicDetail) -> str:
    """A page's reference list, one reference a line, under the page's title."""
    lines = [f"References for {detail.title} (PainRef, reviewed {detail.reviewed}):"]
    lines += [citation_text(source) for source in detail.references]
    return "\n".join(lines) + "\n"
