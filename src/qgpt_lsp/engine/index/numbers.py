"""Numbers in a question, read as the names the code gives them.

"What happens to a POST on a 303 redirect?": the code says ``SEE_OTHER``, not 303.
A number of three digits or more in a question is looked up where the code
assigns it to a name (``SEE_OTHER = 303, "See Other"``, ``DEFAULT_PORT = 8080``),
and those names are searched for with the question's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MOST_NAMES", "names_assigned", "numbers_in"]

#: Names a question's numbers add, at most.
MOST_NAMES = 6
_NUMBER = re.compile(r"(?<![\w.])(\d{3,})(?![\w.])")


def numbers_in(question: str) -> list[str]:
    """The numbers of three digits or more ``question`` mentions, in order."""
    return list(dict.fromkeys(_NUMBER.findall(question)))


def names_assigned(numbers: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The names ``texts`` assign one of ``numbers`` to (``NAME = 303``, ``NAME = 303, "x"``,
    ``NAME: int = 303``), in order of first appearance."""
    wanted = "|".join(re.escape(number) for number in numbers)
    if not wanted:
        return []
    pattern = re.compile(
        rf"^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*\(?[ \t]*(?:{wanted})\b(?![.\w])",
        re.MULTILINE,
    )
    found: dict[str, None] = {}
    for text in texts:
        found.update(dict.fromkeys(pattern.findall(text)))
        if len(found) >= MOST_NAMES:
            break
    return list(found)[:MOST_NAMES]
