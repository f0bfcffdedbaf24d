"""Find functions, methods and classes in a syntax tree, with their class and signature.

Only the top of the tree, class bodies and wrapper nodes (decorators, ``export``,
namespaces) are walked: function bodies are never descended into, which keeps
chunking a large code base fast. A definition's range grows upward over its
decorators and the comment lines right above it (doc comments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from .languages import LanguageSpec, parser_for

__all__ = ["Definition", "find_definitions"]

_WRAPPERS = frozenset({"decorated_definition", "export_statement"})
_NAME_TYPES = frozenset(
    {
        "identifier",
        "field_identifier",
        "qualified_identifier",
        "destructor_name",
        "operator_name",
        "type_identifier",
    }
)
_FUNCTION_VALUES = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function"}
)
_MAX_SIGNATURE = 300
_MAX_DEPTH = 12


@dataclass(frozen=True)
class Definition:
    """A definition's lines (0-based, inclusive) and names; ``header_end`` ends a class's head."""

    start_line: int
    end_line: int
    symbol: str
    kind: str  # "function", "method", "class", "interface", "impl", ...
    parent: str | None
    signature: str
    header_end: int  # last line before the first member (classes); end_line otherwise


def find_definitions(
    spec: LanguageSpec, source: bytes, whole_class_lines: int = 0
) -> list[Definition]:
    """Every top-level and class-member definition in ``source``, in file order.

    A class of at most ``whole_class_lines`` lines is one chunk with its methods
    (which are chunks of their own too); a longer one is chunked as its head only.
    """
    tree = parser_for(spec).parse(source)
    found: list[Definition] = []
    _visit(tree.root_node, _Walk(spec, whole_class_lines), None, found, 0)
    found.sort(key=lambda d: (d.start_line, -d.end_line))
    return found


@dataclass(frozen=True)
class _Walk:
    spec: LanguageSpec
    whole_class_lines: int


def _visit(
    node: tree_sitter.Node,
    walk: _Walk,
    parent: str | None,
    out: list[Definition],
    depth: int,
) -> None:
    if depth > _MAX_DEPTH:
        return
    spec = walk.spec
    for child in node.named_children:
        if child.type in spec.functions:
            _add_function(child, child, spec, parent, out)
        elif child.type in spec.classes:
            _add_class(child, walk, parent, out, depth)
        elif child.type in spec.variables:
            for declarator in child.named_children:
                value = declarator.child_by_field_name("value")
                if value is not None and value.type in _FUNCTION_VALUES:
                    _add_function(declarator, child, spec, parent, out)
        elif child.type in spec.transparent or child.type in _WRAPPERS:
            _visit(child, walk, parent, out, depth + 1)


def _add_function(
    node: tree_sitter.Node,
    outer: tree_sitter.Node,
    spec: LanguageSpec,
    parent: str | None,
    out: list[Definition],
) -> None:
    symbol, qualifier = _split_qualified(_name(node, spec))
    owner = parent or qualifier or _receiver_type(node)
    kind = "method" if owner else "function"
    start, end = _start_line(outer), outer.end_point.row
    value = node.child_by_field_name("value")  # `const f = () => {...}`: stop at the arrow's body
    body = value.child_by_field_name("body") if value is not None else None
    out.append(Definition(start, end, symbol, kind, owner, _signature(node, body), end))


def _add_class(
    node: tree_sitter.Node,
    walk: _Walk,
    parent: str | None,
    out: list[Definition],
    depth: int,
) -> None:
    symbol = _split_qualified(_name(node, walk.spec))[0]
    members: list[Definition] = []
    body = node.child_by_field_name("body")
    if body is not None:
        _visit(body, walk, symbol, members, depth + 1)
    start, end = _start_line(node), node.end_point.row
    header_end = min((m.start_line for m in members), default=end + 1) - 1
    header_end = max(start, min(header_end, end))
    if end - start < walk.whole_class_lines:
        header_end = end
    kind = walk.spec.classes[node.type]
    out.append(Definition(start, end, symbol, kind, parent, _signature(node), header_end))
    out.extend(members)


def _start_line(node: tree_sitter.Node) -> int:
    """The first line of ``node`` with its wrappers (decorators, export) and doc comments."""
    while node.parent is not None and node.parent.type in _WRAPPERS:
        node = node.parent
    start = node.start_point.row
    previous = node.prev_named_sibling
    while previous is not None and "comment" in previous.type:
        if previous.end_point.row < start - 1:
            break
        start = previous.start_point.row
        previous = previous.prev_named_sibling
    return start


def _name(node: tree_sitter.Node, spec: LanguageSpec) -> str:
    named = node.child_by_field_name("name")
    if named is None and node.type == "impl_item":
        named = node.child_by_field_name("type")
    if named is None and node.type == "type_declaration" and node.named_children:
        named = node.named_children[0].child_by_field_name("name")
    if named is None:
        named = _declarator_name(node)
    return _text(named) if named is not None else "<anonymous>"


def _declarator_name(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """C/C++: the identifier at the bottom of a declarator chain (``int *A::f(int)``)."""
    current = node.child_by_field_name("declarator")
    for _ in range(_MAX_DEPTH):
        if current is None or current.type in _NAME_TYPES:
            return current
        nested = current.child_by_field_name("declarator")
        current = nested if nested is not None else _first_named(current)
    return None


def _first_named(node: tree_sitter.Node) -> tree_sitter.Node | None:
    children = node.named_children
    return children[0] if children else None


def _split_qualified(name: str) -> tuple[str, str | None]:
    """``A::f`` -> (``f``, ``A``); ``f`` -> (``f``, None)."""
    if "::" in name:
        qualifier, _, symbol = name.rpartition("::")
        return symbol, qualifier.rpartition("::")[2] or None
    return name, None


def _receiver_type(node: tree_sitter.Node) -> str | None:
    """Go: the type a method is declared on (``func (c *Client) Do()`` -> ``Client``)."""
    receiver = node.child_by_field_name("receiver")
    if receiver is None:
        return None
    words = re.findall(r"[A-Za-z_]\w*", _text(receiver).split("[")[0])
    return words[-1] if words else None


def _signature(node: tree_sitter.Node, body: tree_sitter.Node | None = None) -> str:
    """The definition's head: from its start to its body, on one line."""
    body = body if body is not None else node.child_by_field_name("body")
    source = node.text or b""
    if body is not None and body.start_byte > node.start_byte:
        head = source[: body.start_byte - node.start_byte]
    else:
        head = source.split(b"\n", 1)[0]
    text = " ".join(head.decode("utf-8", errors="replace").split()).rstrip("{ ").rstrip()
    return text[:_MAX_SIGNATURE]


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")
