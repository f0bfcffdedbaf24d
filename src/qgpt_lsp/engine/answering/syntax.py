"""A file as an answer reads it: its lines, its definitions, and their syntax trees.

The definitions are the index's own (:func:`~..index.definitions.find_definitions`,
tree-sitter, the same grammars); a file in a language without a grammar has none,
and answers fall back to matching its lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import tree_sitter

from ..index.definitions import find_definitions
from ..index.languages import LanguageSpec, parser_for, spec_for_suffix

__all__ = ["SourceFile", "Span", "node_text"]


@dataclass(frozen=True)
class Span:
    """A definition's place (1-based, inclusive lines) and names."""

    name: str
    kind: str  # "function", "method", "class", ...
    parent: str | None
    start: int  # its first line, decorators and doc comments included
    end: int
    signature: str
    head_end: int = 0  # a class's last line before its first member (its end otherwise)

    @property
    def qualified(self) -> str:
        """``Client._send_handling_redirects`` for a method, the name otherwise."""
        return f"{self.parent}.{self.name}" if self.parent else self.name

    @property
    def is_function(self) -> bool:
        return self.kind in ("function", "method")


class SourceFile:
    """The text of one file (or fragment), with ``first_line`` the number of its first line."""

    def __init__(self, text: str, suffix: str, first_line: int = 1) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.first_line = first_line
        self.spec: LanguageSpec | None = spec_for_suffix(suffix) if suffix else None

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    def line(self, number: int) -> str:
        """Line ``number`` (1-based, in the file's numbering), or "" outside the text."""
        index = number - self.first_line
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def span_lines(self, start: int, end: int) -> list[str]:
        first = max(start, self.first_line) - self.first_line
        return self.lines[first : max(end - self.first_line + 1, first)]

    @cached_property
    def source(self) -> bytes:
        return self.text.encode("utf-8", "surrogatepass")

    @cached_property
    def tree(self) -> tree_sitter.Tree | None:
        return parser_for(self.spec).parse(self.source) if self.spec else None

    @cached_property
    def definitions(self) -> list[Span]:
        """Every function, method and class, in file order."""
        if self.spec is None:
            return []
        first = self.first_line
        return [
            Span(
                d.symbol,
                d.kind,
                d.parent,
                d.start_line + first,
                d.end_line + first,
                d.signature,
                d.header_end + first,
            )
            for d in find_definitions(self.spec, self.source)
        ]

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The definitions that share a line with ``start..end``."""
        return [span for span in self.definitions if span.start <= end and start <= span.end]

    def innermost(self, line: int) -> Span | None:
        """The smallest definition holding ``line`` (a method before its class)."""
        holding = [span for span in self.definitions if span.start <= line <= span.end]
        return min(holding, key=lambda span: span.end - span.start, default=None)

    def node(self, span: Span) -> tree_sitter.Node | None:
        """The syntax node of ``span``: the outermost function or class node ending on its
        last line and starting inside it (decorators and comments are not part of it)."""
        if self.tree is None or self.spec is None:
            return None
        row = span.end - self.first_line
        line = self.lines[row] if 0 <= row < len(self.lines) else ""
        column = len(line.rstrip().encode("utf-8", "surrogatepass")) - 1
        current: tree_sitter.Node | None = self.tree.root_node.named_descendant_for_point_range(
            (row, max(column, 0)), (row, max(column, 0))
        )
        wanted = self.spec.functions | set(self.spec.classes) | self.spec.variables
        found = None
        while current is not None:
            top = current.start_point.row + self.first_line
            if current.type in wanted and current.end_point.row == row and top >= span.start:
                found = current
            current = current.parent
        return found

    def row_line(self, node: tree_sitter.Node) -> int:
        """The file line number of ``node``'s first line."""
        return node.start_point.row + self.first_line


def node_text(node: tree_sitter.Node | None, limit: int = 120) -> str:
    """The node's source on one line, cut to ``limit`` characters."""
    if node is None:
        return ""
    text = " ".join((node.text or b"").decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
