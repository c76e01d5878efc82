"""Search: user text to safe FTS5 queries, synonyms and ranking."""
