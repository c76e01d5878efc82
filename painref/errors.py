"""Expected failures, each with a message a person can act on."""

from __future__ import annotations


class PainRefError(Exception):
    """An expected failure; its message is shown as is, without a traceback."""


class ContentError(PainRefError):
    """A content source in data/ is malformed or refers to something unknown."""


class DatabaseError(PainRefError):
    """The bundled database is missing, unreadable, corrupt or of another version."""


class UnknownTopicError(PainRefError):
    """No topic or condition has the id asked for."""

    def __init__(self, topic_id: str) -> None:
        shown = topic_id if len(topic_id) <= 80 else topic_id[:77] + "..."
        super().__init__(f"no topic with id {shown!r}; `painref list` shows every id")
        self.topic_id = topic_id
