"""No import circle inside ``qgpt_lsp.server``: the graph of its modules is acyclic.

Every import statement counts, wherever it is (``TYPE_CHECKING`` blocks and
function bodies too): a circle hidden behind ``TYPE_CHECKING`` is still a circle
in the design.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import qgpt_lsp.server

PACKAGE = "qgpt_lsp.server"
ROOT = Path(qgpt_lsp.server.__file__).parent
Graph = dict[str, set[str]]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _imported(node: ast.Import | ast.ImportFrom, name: str, is_package: bool) -> Iterator[str]:
    """The full names ``node`` imports (for ``from x import y``: ``x.y`` and ``x``)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        anchor = name.split(".") if is_package else name.split(".")[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    yield base
    yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> Graph:
    """Module -> the server modules it imports (a ``from pkg import mod`` counts as
    importing ``mod``; ``from mod import name`` as importing ``mod``)."""
    modules = _modules()
    graph: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets = set(_imported(node, name, path.name == "__init__.py")) & set(modules)
                submodules = {t for t in targets if any(o.startswith(t + ".") for o in targets)}
                graph[name] |= targets - submodules - {name}
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """One import circle (its modules, the first repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_server_package_has_no_import_circle() -> None:
    graph = import_graph()
    assert f"{PACKAGE}.ask.run" in graph and f"{PACKAGE}.server" in graph
    assert f"{PACKAGE}.server" in graph[f"{PACKAGE}.ask.run"], "the graph sees imports"
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_a_circle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
