"""Which tree-sitter grammar reads which file, and which of its nodes are definitions."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import tree_sitter
import tree_sitter_c
import tree_sitter_cpp
import tree_sitter_go
import tree_sitter_java
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_rust
import tree_sitter_typescript

__all__ = ["LanguageSpec", "parser_for", "spec_for_suffix"]


@dataclass(frozen=True)
class LanguageSpec:
    """Node types of one grammar: what is a function, a class, or a folder to look into."""

    name: str
    functions: frozenset[str]
    classes: dict[str, str]  # node type -> chunk kind ("class", "interface", "impl"...)
    transparent: frozenset[str] = field(default_factory=frozenset)
    variables: frozenset[str] = field(default_factory=frozenset)  # `const f = () => {}`


_JS_FUNCTIONS = frozenset(
    {"function_declaration", "generator_function_declaration", "method_definition"}
)
_JS_TRANSPARENT = frozenset({"export_statement", "statement_block"})
_JS_VARIABLES = frozenset({"lexical_declaration", "variable_declaration"})
_TS_CLASSES = {
    "class_declaration": "class",
    "abstract_class_declaration": "class",
    "interface_declaration": "interface",
    "enum_declaration": "enum",
}
#: Definitions made under a condition or a try (``if sys.platform == "win32": class ...``,
#: ``try: ... except ImportError: def fallback()``), at module level or in a class body.
_PY_TRANSPARENT = frozenset(
    {
        "decorated_definition",
        "if_statement",
        "elif_clause",
        "else_clause",
        "try_statement",
        "except_clause",
        "finally_clause",
        "block",
    }
)
_C_TRANSPARENT = frozenset({"linkage_specification", "declaration_list", "preproc_ifdef"})

_SPECS = {
    "python": LanguageSpec(
        "python",
        frozenset({"function_definition"}),
        {"class_definition": "class"},
        _PY_TRANSPARENT,
    ),
    "javascript": LanguageSpec(
        "javascript", _JS_FUNCTIONS, {"class_declaration": "class"}, _JS_TRANSPARENT, _JS_VARIABLES
    ),
    "typescript": LanguageSpec(
        "typescript",
        _JS_FUNCTIONS | {"function_signature"},
        _TS_CLASSES,
        _JS_TRANSPARENT | {"module", "internal_module"},
        _JS_VARIABLES,
    ),
    "go": LanguageSpec(
        "go",
        frozenset({"function_declaration", "method_declaration"}),
        {"type_declaration": "type"},
    ),
    "rust": LanguageSpec(
        "rust",
        frozenset({"function_item"}),
        {
            "impl_item": "impl",
            "trait_item": "trait",
            "struct_item": "struct",
            "enum_item": "enum",
            "mod_item": "module",
        },
    ),
    "java": LanguageSpec(
        "java",
        frozenset({"method_declaration", "constructor_declaration"}),
        {
            "class_declaration": "class",
            "interface_declaration": "interface",
            "enum_declaration": "enum",
            "record_declaration": "class",
        },
    ),
    "c": LanguageSpec(
        "c", frozenset({"function_definition"}), {"struct_specifier": "struct"}, _C_TRANSPARENT
    ),
    "cpp": LanguageSpec(
        "cpp",
        frozenset({"function_definition"}),
        {"class_specifier": "class", "struct_specifier": "struct"},
        _C_TRANSPARENT | {"namespace_definition", "template_declaration"},
    ),
}
_SPECS["tsx"] = replace(_SPECS["typescript"], name="tsx")

_GRAMMARS: dict[str, Callable[[], Any]] = {
    "python": tree_sitter_python.language,
    "javascript": tree_sitter_javascript.language,
    "typescript": tree_sitter_typescript.language_typescript,
    "tsx": tree_sitter_typescript.language_tsx,
    "go": tree_sitter_go.language,
    "rust": tree_sitter_rust.language,
    "java": tree_sitter_java.language,
    "c": tree_sitter_c.language,
    "cpp": tree_sitter_cpp.language,
}

_SUFFIXES = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".go": "go",
    ".rs": "rust",
    ".java": "java",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hh": "cpp",
    ".hpp": "cpp",
    ".hxx": "cpp",
}


def spec_for_suffix(suffix: str) -> LanguageSpec | None:
    """The grammar spec for a file suffix (``.py``), or None for plain text."""
    name = _SUFFIXES.get(suffix.lower())
    return _SPECS[name] if name else None


_local = threading.local()


@cache
def _language(name: str) -> tree_sitter.Language:
    return tree_sitter.Language(_GRAMMARS[name]())


def parser_for(spec: LanguageSpec) -> tree_sitter.Parser:
    """A parser for ``spec`` (one per thread: tree-sitter parsers are not shareable)."""
    parsers: dict[str, tree_sitter.Parser] = _local.__dict__.setdefault("parsers", {})
    if spec.name not in parsers:
        parsers[spec.name] = tree_sitter.Parser(_language(spec.name))
    return parsers[spec.name]
