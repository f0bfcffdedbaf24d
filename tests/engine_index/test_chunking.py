"""Code-aware chunks per language: functions, methods with their class, signatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexSettings
from qgpt_lsp.engine.index.chunking import chunk_file
from qgpt_lsp.engine.index.terms import expand_identifiers, query_terms

# file name, source, expected (symbol, kind, parent, signature) tuples that must be present
CASES = [
    (
        "shop.py",
        "import os\nimport sys\n\n@dataclass\nclass Cart(Base):\n    items = []\n\n"
        "    def add_item(self, item: str) -> None:\n        self.items.append(item)\n\n"
        "def checkout(cart):\n    return cart\n",
        [
            ("Cart", "class", None, "class Cart(Base):"),
            ("add_item", "method", "Cart", "def add_item(self, item: str) -> None:"),
            ("checkout", "function", None, "def checkout(cart):"),
        ],
    ),
    (  # made under a condition or a try: still definitions, not the module's lines
        "compat.py",
        "import sys\n\nif sys.platform == 'win32':\n    class Lock:\n        def acquire(self):\n"
        "            return 1\nelse:\n    class Lock:\n        if sys.version_info >= (3, 12):\n"
        "            def release(self) -> int:\n                return 2\n\n"
        "try:\n    from fast import parse\nexcept ImportError:\n    def parse(text):\n"
        "        if text:\n            def inner():\n                return text\n"
        "        return text\n",
        [
            ("Lock", "class", None, "class Lock:"),
            ("acquire", "method", "Lock", "def acquire(self):"),
            ("release", "method", "Lock", "def release(self) -> int:"),
            ("parse", "function", None, "def parse(text):"),
        ],
    ),
    (
        "shop.js",
        "function checkout(cart) {\n  return cart;\n}\nclass Cart {\n  addItem(item) {\n"
        "    this.items.push(item);\n  }\n}\nconst total = (cart) => cart.sum;\n",
        [
            ("checkout", "function", None, "function checkout(cart)"),
            ("addItem", "method", "Cart", "addItem(item)"),
            ("total", "function", None, "total = (cart) =>"),
        ],
    ),
    (
        "shop.ts",
        "export class Cart {\n  addItem(item: string): void {\n    this.items.push(item);\n  }\n}\n"
        "export function checkout(cart: Cart): number {\n  return 1;\n}\n",
        [
            ("addItem", "method", "Cart", "addItem(item: string): void"),
            ("checkout", "function", None, "function checkout(cart: Cart): number"),
        ],
    ),
    (
        "shop.go",
        "package shop\n\n// Cart holds items.\ntype Cart struct {\n\titems []string\n}\n\n"
        "// AddItem adds one.\nfunc (c *Cart) AddItem(item string) {\n"
        "\tc.items = append(c.items, item)\n}\n"
        "\nfunc Checkout(c *Cart) int {\n\treturn 1\n}\n",
        [
            ("Cart", "class", None, None),
            ("AddItem", "method", "Cart", "func (c *Cart) AddItem(item string)"),
            ("Checkout", "function", None, "func Checkout(c *Cart) int"),
        ],
    ),
    (
        "shop.rs",
        "struct Cart { items: Vec<String> }\n\nimpl Cart {\n"
        "    pub fn add_item(&mut self, item: String) {\n"
        "        self.items.push(item);\n    }\n}\n\nfn checkout(cart: &Cart) -> u32 {\n    1\n}\n",
        [
            ("add_item", "method", "Cart", "pub fn add_item(&mut self, item: String)"),
            ("checkout", "function", None, "fn checkout(cart: &Cart) -> u32"),
        ],
    ),
    (
        "Cart.java",
        "public class Cart {\n    public void addItem(String item) {\n"
        "        items.add(item);\n    }\n}\n",
        [("addItem", "method", "Cart", "public void addItem(String item)")],
    ),
    (
        "shop.c",
        "struct cart { int n; };\n\nstatic int checkout(struct cart *c) {\n    return c->n;\n}\n",
        [("checkout", "function", None, "static int checkout(struct cart *c)")],
    ),
    (
        "shop.cpp",
        "class Cart {\n public:\n  void addItem(int item) {\n    n += item;\n  }\n};\n\n"
        "int Cart::total() const {\n  return n;\n}\n",
        [
            ("addItem", "method", "Cart", "void addItem(int item)"),
            ("total", "method", "Cart", "int Cart::total() const"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_definitions_become_chunks(name: str, source: str, expected: list) -> None:
    chunks = chunk_file(Path("/w") / name, source, IndexSettings())
    found = {(c.symbol, c.kind, c.parent): c for c in chunks}
    for symbol, kind, parent, signature in expected:
        chunk = found[(symbol, kind, parent)]
        if signature is not None:
            assert chunk.signature == signature
        assert source[chunk.start_offset : chunk.end_offset] == chunk.text
        assert source.split("\n")[chunk.start_line] in chunk.text


def test_a_function_body_is_never_searched_for_definitions() -> None:
    source = "def parse(text):\n    if text:\n        def inner():\n            return text\n"
    symbols = [c.symbol for c in chunk_file(Path("p.py"), source, IndexSettings())]
    assert "inner" not in symbols


def test_decorators_and_doc_comments_belong_to_their_definition() -> None:
    source = "@dataclass\nclass Cart:\n    n: int\n"
    [chunk] = [c for c in chunk_file(Path("/w/a.py"), source, IndexSettings()) if c.symbol]
    assert chunk.start_line == 0
    go = "package p\n\n// Checkout pays.\nfunc Checkout() {}\n"
    [chunk] = [c for c in chunk_file(Path("/w/a.go"), go, IndexSettings()) if c.symbol]
    assert chunk.text.startswith("// Checkout pays.")


def test_text_files_become_overlapping_windows() -> None:
    source = "".join(f"line {n}\n" for n in range(100))
    chunks = chunk_file(
        Path("/w/notes.md"), source, IndexSettings(window_lines=40, window_overlap=10)
    )
    assert [(c.start_line, c.end_line) for c in chunks] == [(0, 39), (30, 69), (60, 99), (90, 100)]
    assert all(c.kind == "window" and c.language == "md" for c in chunks)


def test_big_definitions_are_split_but_keep_their_symbol() -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(300))
    chunks = chunk_file(Path("/w/a.py"), f"def huge():\n{body}", IndexSettings(max_chunk_lines=100))
    parts = [c for c in chunks if c.symbol == "huge"]
    assert len(parts) >= 3 and all(c.signature == "def huge():" for c in parts)
    assert max(c.end_line - c.start_line + 1 for c in parts) <= 100


def test_class_attributes_between_methods_are_kept_with_the_class_as_parent() -> None:
    source = (
        "class A:\n    def f(self):\n        pass\n\n    LIMIT = 10\n    NAME = 'a'\n\n"
        "    def g(self):\n        pass\n"
    )
    chunks = chunk_file(Path("/w/a.py"), source, IndexSettings(whole_class_lines=0))
    [window] = [c for c in chunks if c.kind == "window"]
    assert "LIMIT = 10" in window.text and window.parent == "A"


def test_code_files_are_also_cut_into_back_to_back_windows() -> None:
    source = "".join(f"def f{n}(x):\n    return x + {n}\n\n" for n in range(33))  # 98 lines + ""
    chunks = chunk_file(Path("/w/many.py"), source, IndexSettings(file_windows=True))
    windows = [(c.start_line, c.end_line) for c in chunks if c.kind == "window"]
    assert windows == [(0, 39), (40, 79), (80, 97)]  # up to the last line with text
    assert len([c for c in chunks if c.kind == "function"]) == 33
    assert all(c.symbol is None for c in chunks if c.kind == "window")
    off = chunk_file(Path("/w/many.py"), source, IndexSettings())  # the default
    assert not [c for c in off if c.kind == "window"]


def test_files_without_definitions_get_only_their_own_windows() -> None:
    text = "\n".join(f"line {n} of the notes" for n in range(50))
    with_extra = chunk_file(Path("/w/notes.md"), text, IndexSettings(file_windows=True))
    without = chunk_file(Path("/w/notes.md"), text, IndexSettings(file_windows=False))
    assert [(c.start_line, c.end_line) for c in with_extra] == [
        (c.start_line, c.end_line) for c in without
    ]


def test_a_small_class_is_also_one_chunk_with_its_methods() -> None:
    source = "class A:\n    def f(self):\n        pass\n\n    def g(self):\n        pass\n"
    chunks = chunk_file(Path("/w/a.py"), source, IndexSettings(whole_class_lines=10))
    [whole] = [c for c in chunks if c.kind == "class"]
    assert (whole.start_line, whole.end_line, whole.symbol) == (0, 5, "A")
    assert {(c.symbol, c.parent) for c in chunks if c.kind == "method"} == {("f", "A"), ("g", "A")}
    big = chunk_file(Path("/w/a.py"), source, IndexSettings(whole_class_lines=3))
    assert [c.end_line for c in big if c.kind == "class"] == [0]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("parseHTTPResponse", "parse HTTP Response"),
        ("getX", "get X"),
        ("XMLHttpRequest", "XML Http Request"),
        ("snake_case stays", None),
        ("plain Words UPPER", None),
    ],
)
def test_identifier_splitting(text: str, parts: str | None) -> None:
    expanded = expand_identifiers(text)
    assert expanded.startswith(text)
    assert (expanded.split("\n", 1)[1] if "\n" in expanded else None) == parts


def test_query_terms_drop_filler_and_split_identifiers() -> None:
    assert query_terms("How does parseHTTPResponse handle the AND case?") == [
        "parsehttpresponse",
        "parse",
        "http",
        "response",
        "handle",
        "case",
    ]
    assert query_terms("how") == ["how"]
    assert query_terms("?!") == []


def test_public_api_is_exported() -> None:
    import qgpt_lsp.engine.index as index
    import qgpt_lsp.engine.retrieval as retrieval

    for module in (index, retrieval):
        assert all(getattr(module, name, None) is not None for name in module.__all__)
    assert {"WorkspaceIndex", "IndexSettings", "Chunk", "ScoredChunk", "Boost"} <= set(
        index.__all__
    )
    assert {"RelevanceFinder", "SnippetRegistry"} <= set(retrieval.__all__)
