"""Expected failures, each with a message a person can act on."""

from __future__ import annotations

from collections.abc import Sequence


class PainRefError(Exception):
    """An expected failure; its message is shown as is, without a traceback."""


class ContentError(PainRefError):
    """A content source in data/ is malformed or refers to something unknown."""


class DatabaseError(PainRefError):
    """The bundled database is missing, unreadable, corrupt or of another version."""


class UnknownTopicError(PainRefError):
    """No topic or condition has the id asked for."""

    def __init__(self, topic_id: str) -> None:
        shown = _shown(topic_id)
        super().__init__(f"no topic with id {shown!r}; `painref list` shows every id")
        self.topic_id = topic_id


class UnknownNameError(UnknownTopicError):
    """No page has this id or name; the closest pages by search, if any, are suggested."""

    def __init__(self, name: str, suggestions: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(name)
        shown = _shown(name)
        if suggestions:
            listed = ", ".join(f"{i} ({title})" for i, title in suggestions)
            message = f"no topic or condition called {shown!r}; did you mean: {listed}?"
        else:
            message = f"no topic or condition called {shown!r}; `painref list` shows every id"
        self.args = (message,)
        self.suggestions = tuple(suggestions)


class AmbiguousNameError(PainRefError):
    """A name that several pages share; the person has to give an id."""

    def __init__(self, name: str, matches: Sequence[tuple[str, str]]) -> None:
        listed = ", ".join(f"{i} ({title})" for i, title in matches)
        super().__init__(f"{_shown(name)!r} names more than one page: {listed}; give its id")
        self.matches = tuple(matches)


def _shown(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
