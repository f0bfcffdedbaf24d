"""Where the local names a condition tests get their values.

"When `has_space_divider and num_spaces != 1`, parse_iso raises ParserError" answers
the question only with ``has_space_divider = " " in datetime_string`` beside it: a
quote of a condition shows the assignments of the local names it tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .quoting import Citing

__all__ = ["tested_assignments"]

_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*")
#: ``name = ...`` or ``name: T = ...`` (not ``==``).
_ASSIGNED = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")
#: Most assignment lines shown for one quote.
MOST_ASSIGNMENTS = 4


def tested_assignments(citing: Citing, conditions: Iterable[str], before: int) -> list[int]:
    """The last line before ``before`` in ``citing``'s definition assigning each local
    name the ``conditions`` test, in order (at most :data:`MOST_ASSIGNMENTS`)."""
    names = {name for text in conditions for name in _NAME.findall(text)}
    if not names:
        return []
    candidate = citing.candidate
    found: dict[str, int] = {}
    for offset, text in enumerate(candidate.file.span_lines(candidate.start, before - 1)):
        assigned = _ASSIGNED.match(text)
        if assigned and assigned.group(1) in names:
            found[assigned.group(1)] = candidate.start + offset
    return sorted(found.values())[-MOST_ASSIGNMENTS:]
