"""The characters no source may hold, and how a message shows them safely.

Control characters (but tab and newline) and the bidirectional embeddings, overrides and
isolates can rewrite the terminal that prints a message or make text display in another
order than it reads. The loader refuses them in file names, YAML values and Markdown bodies;
every message that quotes a source's text escapes them first.
"""

from __future__ import annotations

import re

# C0 and C1 control characters but tab and newline, and the bidirectional embeddings,
# overrides and isolates that make text display in another order than it reads.
BAD_CHARACTER_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """text with control characters written as escapes, safe to print in a message."""
    return BAD_CHARACTER_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def character_reason(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\0":
        return f"contains a NUL character ({code}); remove it"
    if "\u202a" <= character <= "\u2069":
        return (
            f"contains the invisible bidirectional control {code}, which makes text "
            "display in another order than it reads; remove it"
        )
    return f"contains the control character {code}; remove it"
