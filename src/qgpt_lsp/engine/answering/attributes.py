"""Where an attribute the quoted lines read gets its value: ``self.max_redirects``.

A question about a limit or a default is often answered by a line that reads an
attribute (``if len(history) > self.max_redirects``); the value is set elsewhere in
the class, usually ``self.max_redirects = max_redirects`` in ``__init__``, whose
parameter default (``max_redirects: int = DEFAULT_MAX_REDIRECTS``) is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .control_flow import defaults
from .quoting import Citing

__all__ = ["AttributeOrigin", "attribute_origins"]

_READ = re.compile(r"\bself\.([A-Za-z_]\w*)\b(?!\s*\()")
_MOST = 2


@dataclass(frozen=True)
class AttributeOrigin:
    """Where ``self.<name>`` is set: the line, its text, the parameter default it takes."""

    name: str
    line: int
    text: str
    default: str  # "" when it is not set from a parameter with a default

    def markdown(self, citing: Citing) -> str:
        said = f"`self.{self.name}` is set at `{citing.cite(self.line)}`: `{self.text}`"
        return f"{said}, default `{self.default}`" if self.default else said


def attribute_origins(lines: Iterable[str], citing: Citing) -> list[AttributeOrigin]:
    """For each ``self.<name>`` read by ``lines`` (at most two), the first line of the
    candidate's file that sets it, and its parameter's default when it is set from one."""
    file = citing.candidate.file
    names = dict.fromkeys(name for line in lines for name in _READ.findall(line))
    found = []
    for name in list(names)[:_MOST]:
        setting = re.compile(rf"^\s*self\.{re.escape(name)}\s*(?::[^=]+)?=\s*([^=].*?)\s*$")
        for offset, text in enumerate(file.lines):
            match = setting.match(text)
            if match is None:
                continue
            number = file.first_line + offset
            default = _default_of(match.group(1), number, citing)
            found.append(AttributeOrigin(name, number, text.strip()[:100], default))
            break
    return found


def _default_of(value: str, line: int, citing: Citing) -> str:
    """The default of the parameter ``value`` names, in the function around ``line``."""
    file = citing.candidate.file
    span = file.innermost(line)
    node = file.node(span) if span is not None else None
    if node is None or not re.fullmatch(r"[A-Za-z_]\w*", value):
        return ""
    return next((default for _, name, default in defaults(file, node) if name == value), "")
