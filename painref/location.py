"""Where the reader is: home, a topic or condition page, or a comparison; no Qt.

A location is what history, bookmarks and lecture sets store, what the window shows and
what the page service renders. Its text form is parsed and written here only:

- ``home``: the start page;
- ``ID`` or ``topic:ID``: a topic page (or a condition page: ids are unique across both,
  and the library knows which);
- ``condition:ID``: a condition page;
- ``compare:ID,ID[,ID,ID]``: a comparison, columns in that order;
- ``local:ID``: a page of the department's local layer (its ids live apart from the
  published ones, so a local page can never stand in for a published one).

A page is written as its bare id and a comparison as ``compare:a,b``, which is what the
user database has always stored, so old bookmarks, history and lecture sets read the same.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

HOME_TEXT = "home"
TOPIC_PREFIX = "topic:"
CONDITION_PREFIX = "condition:"
COMPARE_PREFIX = "compare:"
LOCAL_PREFIX = "local:"


class Kind(Enum):
    """What a location shows."""

    HOME = "home"
    TOPIC = "topic"
    CONDITION = "condition"
    COMPARE = "compare"
    LOCAL = "local"


class Location(NamedTuple):
    """A place in PainRef: a kind and the page ids it names (none for home)."""

    kind: Kind
    ids: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Location:
        """The location a stored or typed string names; never raises.

        Whitespace around the text and around comparison ids is ignored, and empty ids in
        a comparison are dropped. Any other text is a page id; whether such a page exists
        is for the library to say.
        """
        text = text.strip()
        if text == HOME_TEXT:
            return HOME
        if text.startswith(COMPARE_PREFIX):
            ids = (i.strip() for i in text.removeprefix(COMPARE_PREFIX).split(","))
            return cls(Kind.COMPARE, tuple(i for i in ids if i))
        if text.startswith(LOCAL_PREFIX):
            return cls(Kind.LOCAL, (text.removeprefix(LOCAL_PREFIX).strip(),))
        if text.startswith(CONDITION_PREFIX):
            return cls(Kind.CONDITION, (text.removeprefix(CONDITION_PREFIX).strip(),))
        return cls(Kind.TOPIC, (text.removeprefix(TOPIC_PREFIX).strip(),))

    @classmethod
    def page(cls, page_id: str) -> Location:
        """A topic or condition page by its id."""
        return cls(Kind.TOPIC, (page_id,))

    @classmethod
    def comparison(cls, ids: tuple[str, ...] | list[str]) -> Location:
        """A comparison of ids, in column order."""
        return cls(Kind.COMPARE, tuple(ids))

    @property
    def is_home(self) -> bool:
        return self.kind is Kind.HOME

    @property
    def is_comparison(self) -> bool:
        return self.kind is Kind.COMPARE

    @classmethod
    def local(cls, page_id: str) -> Location:
        """A page of the local layer by its id."""
        return cls(Kind.LOCAL, (page_id,))

    @property
    def is_local(self) -> bool:
        return self.kind is Kind.LOCAL

    @property
    def page_id(self) -> str | None:
        """The id of a topic or condition page; None for home and comparisons."""
        if self.kind in (Kind.TOPIC, Kind.CONDITION):
            return self.ids[0]
        return None

    def __str__(self) -> str:
        """The stored form: "home", a bare page id, or "compare:a,b"."""
        if self.kind is Kind.HOME:
            return HOME_TEXT
        if self.kind is Kind.COMPARE:
            return COMPARE_PREFIX + ",".join(self.ids)
        if self.kind is Kind.LOCAL:
            return LOCAL_PREFIX + self.ids[0]
        return self.ids[0]


HOME = Location(Kind.HOME)


def compare_location(ids: tuple[str, ...] | list[str]) -> str:
    """The stored form of a comparison of ids."""
    return str(Location.comparison(ids))


def compare_ids(text: str) -> list[str] | None:
    """The ids of a stored comparison, or None for any other location."""
    location = Location.parse(text)
    return list(location.ids) if location.is_comparison else None
