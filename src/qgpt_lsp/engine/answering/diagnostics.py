"""An editor diagnostic in the code's own terms: the names its message quotes, where
they are used, and the nearest names the code does define (a misspelt name's fix).
"""

from __future__ import annotations

import difflib
import keyword
import re
from dataclasses import dataclass

from .syntax import SourceFile

__all__ = ["NameInError", "names_a_name", "names_in_error"]

_QUOTED = re.compile(r"[`'\"\u2018\u201c]([A-Za-z_][\w.]*)[`'\"\u2019\u201d]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A line that binds the name ``{0}``: a keyword before it, an assignment, a parameter.
_BINDING = "|".join(
    [
        r"\b(?:def|class|import|as|for|global|nonlocal|let|const|var)\s+{0}\b",
        r"\b{0}\s*(?::[^=\n]+)?=[^=]",
        r"[(,]\s*\*{{0,2}}{0}\b\s*[:=,)]",
    ]
)
_SIMILAR = 0.6
#: A diagnostic about a name (the only kind whose words are read as names).
_ABOUT_A_NAME = re.compile(
    r"\bundefined (name|variable|reference|symbol)\b|\bis not defined\b|\bhas no attribute\b"
    r"|\bcannot find name\b|\bunresolved (reference|import|attribute)\b|\bNameError\b"
    r"|\bAttributeError\b|\bpossibly unbound\b|\bunknown (name|identifier|variable)\b"
    r"|\bcannot import name\b|\bnot (a )?known (attribute|member)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameInError:
    """A name a diagnostic quotes, where it is used, and the closest names defined."""

    name: str
    used_at: list[int]  # lines in the asked range that use it
    defined_at: int | None  # where the code binds it, if anywhere
    nearest: list[tuple[str, int]]  # (name, the line that binds it or first uses it)


def names_a_name(message: str) -> bool:
    """True for "undefined name 'valeu'", "has no attribute", "is not defined" and the like."""
    return _ABOUT_A_NAME.search(message) is not None


def names_in_error(message: str, file: SourceFile, start: int, end: int) -> list[NameInError]:
    """The names ``message`` is about, read against lines ``start..end`` of ``file``."""
    quoted = [name.split(".")[-1] for name in _QUOTED.findall(message)]
    words = set(_IDENTIFIER.findall(file.text))
    if not quoted and names_a_name(message):  # "valeu is not defined": words the code has
        quoted = [w for w in _IDENTIFIER.findall(message) if w in words and len(w) > 2]
    found = []
    for name in dict.fromkeys(quoted):
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        used = [n for n in range(start, end + 1) if pattern.search(_code(file.line(n)))]
        others = sorted(w for w in words if w != name and not keyword.iskeyword(w))
        close = difflib.get_close_matches(name, others, n=3, cutoff=_SIMILAR)
        nearest = [(other, _binding(file, other) or _first_use(file, other)) for other in close]
        found.append(NameInError(name, used, _binding(file, name), nearest))
    return found


def _binding(file: SourceFile, name: str) -> int | None:
    """The first line that binds ``name``: def, class, import, assignment, parameter."""
    pattern = re.compile(_BINDING.format(re.escape(name)))
    for offset, line in enumerate(file.lines):
        if pattern.search(_code(line)):
            return file.first_line + offset
    return None


def _first_use(file: SourceFile, name: str) -> int:
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for offset, line in enumerate(file.lines):
        if pattern.search(line):
            return file.first_line + offset
    return file.first_line


def _code(line: str) -> str:
    """The line without a trailing ``#`` comment (a name in a comment is no use)."""
    return line.split("#", 1)[0] if "#" in line else line
