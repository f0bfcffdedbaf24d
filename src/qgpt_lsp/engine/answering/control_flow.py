"""What a definition's syntax tree says: where it returns or raises and under which
conditions, its branches, the calls it makes, the defaults of its parameters.

Node types are tree-sitter's, for every grammar the index knows: a branch is a
node with a ``condition`` field (if, elif, while), an ``else``, an ``except`` or
``catch``, or a ``case``; nested functions, lambdas and classes are not walked
(their returns are not this definition's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter

from .conditions import Condition
from .syntax import SourceFile, node_text

__all__ = [
    "Branch",
    "Condition",
    "Exit",
    "branches",
    "calls",
    "defaults",
    "exits",
    "is_forwarding",
    "reads",
]

_EXITS = {
    "return_statement": "return",
    "return_expression": "return",
    "raise_statement": "raise",
    "throw_statement": "raise",
    "throw_expression": "raise",
    "yield": "yield",
    "yield_expression": "yield",
}
_KEYWORDS = {
    "if_statement": "if",
    "if_expression": "if",
    "elif_clause": "elif",
    "else_clause": "else",
    "while_statement": "while",
    "while_expression": "while",
    "for_statement": "for",
    "for_in_statement": "for",
    "for_expression": "for",
    "enhanced_for_statement": "for",
    "except_clause": "except",
    "catch_clause": "except",
    "case_clause": "case",
    "switch_case": "case",
    "switch_default": "case",
    "expression_case": "case",
    "default_case": "case",
    "match_arm": "case",
}
_CALLS = frozenset(
    {"call", "call_expression", "method_invocation", "macro_invocation", "new_expression"}
)
_MEMBERS = frozenset({"attribute", "member_expression", "field_expression", "selector_expression"})
_SELF = frozenset({"self", "cls", "this"})
#: A constant's name: ``MAX_NESTING_DEPTH``, ``SEE_OTHER`` (three characters or more).
_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}[0-9]*")
_NESTED_CLASSES = frozenset({"class_definition", "class_declaration", "class"})
_NESTED = frozenset(
    {
        "function_definition",
        "class_definition",
        "lambda",
        "arrow_function",
        "function_expression",
        "function_declaration",
        "method_definition",
        "func_literal",
        "closure_expression",
        "lambda_expression",
        "function_item",
        "class_declaration",
    }
)
_DEFAULTS = frozenset({"default_parameter", "typed_default_parameter"})
_TRAILING_COMMENT = re.compile(r"\s+(#|//).*$")


@dataclass(frozen=True)
class Exit:
    """A ``return``, ``raise`` or ``yield`` and the conditions around it, outermost first."""

    line: int
    end_line: int
    keyword: str  # "return", "raise", "yield"
    value: str  # the returned or raised expression ("" for a bare return)
    conditions: tuple[Condition, ...]

    def when(self) -> str:
        """The conditions as words: "`a` and not `b`" ("" when none)."""
        return " and ".join(condition.describe() for condition in self.conditions)


@dataclass(frozen=True)
class Branch:
    """A branch: its header line, its condition and the lines of its body."""

    line: int
    keyword: str
    condition: str
    body_start: int
    body_end: int
    first: str  # what its body does first: "raise ValueError(...)", "return None", "x = 1"


def exits(file: SourceFile, definition: tree_sitter.Node) -> list[Exit]:
    """Every return, raise and yield of ``definition`` (not of functions nested in it)."""
    found = []
    for node in _walk(definition):
        keyword = _EXITS.get(node.type)
        if keyword is None:
            continue
        value = node.named_children[0] if node.named_children else None
        conditions = tuple(_conditions(file, node, definition))
        found.append(
            Exit(
                file.row_line(node),
                node.end_point.row + file.first_line,
                keyword,
                node_text(value, 100),
                conditions,
            )
        )
    return found


def branches(file: SourceFile, definition: tree_sitter.Node) -> list[Branch]:
    """Every if, elif, else, while, except and case of ``definition``, in file order."""
    found = []
    for node in _walk(definition):
        keyword = _KEYWORDS.get(node.type)
        if keyword is None or keyword == "for":
            continue
        body = _body(node)
        if body is None:
            continue
        condition = _condition_text(node) if keyword != "else" else _else_of(node)
        first = next(iter(body.named_children), None)
        found.append(
            Branch(
                file.row_line(node),
                keyword,
                condition,
                file.row_line(body),
                body.end_point.row + file.first_line,
                _first_line(first),
            )
        )
    return found


def calls(definition: tree_sitter.Node) -> list[str]:
    """The callees of ``definition``'s call nodes in first-call order: ``self._send``,
    ``Request``; comments and strings are not calls (nor are nested classes' calls;
    a nested function's are)."""
    seen: dict[str, None] = {}
    for node in _walk(definition, closures=True):
        if node.type not in _CALLS:
            continue
        callee = (
            node.child_by_field_name("function")
            or node.child_by_field_name("macro")
            or node.child_by_field_name("constructor")
            or node.child_by_field_name("name")
        )
        text = node_text(callee, 60)
        if text and "(" not in text and "\n" not in text:
            seen.setdefault(text, None)
    return list(seen)


def reads(definition: tree_sitter.Node) -> list[str]:
    """The state ``definition`` reads, in first-use order: its own attributes
    (``self._poll_cap``, ``this.limit``) that are not called, and constants
    (``MAX_NESTING_DEPTH``, ``codes.SEE_OTHER``), nested functions' included."""
    seen: dict[str, None] = {}
    for node in _walk(definition, closures=True):
        if node.type in _MEMBERS:
            parent = node.parent
            called = (
                parent is not None and parent.type in _CALLS and parent.named_children[0] == node
            )
            text = node_text(node, 60)
            own = text.split(".", 1)[0] in _SELF and text.count(".") == 1
            if not called and (own or _CONSTANT.fullmatch(text.rsplit(".", 1)[-1])):
                seen.setdefault(text, None)
        elif node.type == "identifier" and _CONSTANT.fullmatch(node_text(node, 60)):
            parent = node.parent
            if parent is None or parent.type not in _MEMBERS:
                seen.setdefault(node_text(node, 60), None)
    return list(seen)


def defaults(file: SourceFile, definition: tree_sitter.Node) -> list[tuple[int, str, str]]:
    """The parameters with default values: (line, name, default) (Python)."""
    parameters = definition.child_by_field_name("parameters")
    found = []
    for node in parameters.named_children if parameters is not None else []:
        if node.type in _DEFAULTS:
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            found.append((file.row_line(node), node_text(name), node_text(value, 60)))
    return found


def is_forwarding(definition: tree_sitter.Node) -> bool:
    """True for a thin wrapper: its body (past a docstring) is one call, returned or not."""
    body = definition.child_by_field_name("body")
    if body is None:
        return False
    statements = [
        node
        for node in body.named_children
        if "comment" not in node.type and not _is_docstring(node)
    ]
    if len(statements) != 1:
        return False
    value = statements[0].named_children[0] if statements[0].named_children else None
    while value is not None and value.type in ("await", "await_expression"):
        value = value.named_children[0] if value.named_children else None
    return value is not None and value.type in _CALLS


def _is_docstring(node: tree_sitter.Node) -> bool:
    return node.type == "expression_statement" and any(
        child.type == "string" for child in node.named_children
    )


def _walk(definition: tree_sitter.Node, closures: bool = False) -> Iterator[tree_sitter.Node]:
    """The named nodes under ``definition`` in file order, nested definitions skipped;
    with ``closures``, the functions nested in it are walked (a decorator's or a
    compiled validator's work is in them), nested classes still are not."""
    skipped = _NESTED_CLASSES if closures else _NESTED
    stack = list(reversed(definition.named_children))
    while stack:
        node = stack.pop()
        yield node
        if node.type not in skipped:
            stack.extend(reversed(node.named_children))


def _conditions(
    file: SourceFile, node: tree_sitter.Node, definition: tree_sitter.Node
) -> Iterator[Condition]:
    """The conditions that hold where ``node`` runs, innermost first before the reversal:
    the branches around it, and the guard clauses before it (``if c: return`` earlier
    in a block it is in means ``not c`` holds here)."""
    found: list[Condition] = []
    child, parent = node, node.parent
    while parent is not None and parent != definition:
        found += reversed(list(_guards_before(file, child)))
        keyword = _KEYWORDS.get(parent.type)
        if keyword == "else":
            text = _else_of(parent)
            if text:
                found.append(Condition(file.row_line(parent), "else", text))
        elif keyword is not None and not _is_condition_itself(parent, child):
            if _through_alternative(parent, child):
                found.append(Condition(file.row_line(child), "else", _condition_text(parent)))
            elif child.type not in ("elif_clause", "else_clause"):
                found.append(_condition(file, parent, keyword))
        child, parent = parent, parent.parent
    return reversed(found)


def _condition(file: SourceFile, node: tree_sitter.Node, keyword: str) -> Condition:
    """``node``'s condition, with the lines it spans (to its body)."""
    condition = node.child_by_field_name("condition")
    last = condition.end_point.row + file.first_line if condition is not None else 0
    return Condition(file.row_line(node), keyword, _condition_text(node), last)


def _guards_before(file: SourceFile, node: tree_sitter.Node) -> Iterator[Condition]:
    """``not c`` for each ``if c:`` before ``node`` in its block that always leaves it
    (its body ends in a return or raise) and has no else."""
    sibling = node.prev_named_sibling
    guards = []
    while sibling is not None:
        if _KEYWORDS.get(sibling.type) == "if" and not sibling.children_by_field_name(
            "alternative"
        ):
            body = _body(sibling)
            last = body.named_children[-1] if body is not None and body.named_children else None
            if last is not None and _EXITS.get(last.type) in ("return", "raise"):
                guards.append(_condition(file, sibling, "else"))
        sibling = sibling.prev_named_sibling
    return reversed(guards)


def _is_condition_itself(parent: tree_sitter.Node, child: tree_sitter.Node) -> bool:
    condition = parent.child_by_field_name("condition")
    return condition is not None and condition == child


def _through_alternative(parent: tree_sitter.Node, child: tree_sitter.Node) -> bool:
    """True when ``child`` is the else part of ``parent`` without an else node of its own
    (Go and Java put the else statement right in the ``alternative`` field)."""
    alternatives = parent.children_by_field_name("alternative")
    return child.type not in ("else_clause", "elif_clause") and any(
        alternative == child for alternative in alternatives
    )


def _condition_text(node: tree_sitter.Node) -> str:
    condition = node.child_by_field_name("condition")
    if condition is not None:
        text = node_text(condition, 400)
        if condition.type == "parenthesized_expression" and text.startswith("("):
            text = text[1:-1].strip() if text.endswith(")") else text[1:]
        return text
    return _header(node)


def _else_of(node: tree_sitter.Node) -> str:
    """The condition an ``else`` negates (that of its ``if``), "" for a loop's or try's."""
    parent = node.parent
    if parent is None or parent.child_by_field_name("condition") is None:
        return ""
    if _KEYWORDS.get(parent.type) not in ("if", "elif"):
        return ""
    return _condition_text(parent)


def _header(node: tree_sitter.Node) -> str:
    """The first line of ``node`` without its keyword, comment, and ``:`` or ``{``."""
    first = _TRAILING_COMMENT.sub("", _source_line(node))
    for keyword in ("except", "catch", "case", "for", "while", "default"):
        if first.startswith(keyword):
            first = first[len(keyword) :].strip()
            break
    first = first.rstrip(":{ ").strip()
    return first[1:-1].strip() if first.startswith("(") and first.endswith(")") else first


def _first_line(node: tree_sitter.Node | None) -> str:
    """A simple statement whole (on one line); a compound one's header line."""
    if node is None:
        return ""
    if not any(node.child_by_field_name(field) for field in ("body", "consequence")):
        return node_text(node, 100)
    first = _TRAILING_COMMENT.sub("", _source_line(node))
    return first if len(first) <= 100 else first[:99] + "…"


def _source_line(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", "replace").split("\n", 1)[0].strip()


def _body(node: tree_sitter.Node) -> tree_sitter.Node | None:
    for field in ("consequence", "body"):
        found = node.child_by_field_name(field)
        if found is not None:
            return found
    blocks = [child for child in node.named_children if child.type in ("block", "statement_block")]
    if blocks:
        return blocks[-1]
    return node if node.type in ("switch_case", "expression_case", "default_case") else None
