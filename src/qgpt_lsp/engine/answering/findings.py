"""Concrete things that can go wrong in a definition, each at its line: where it raises,
exceptions it swallows, values that may be ``None`` where they are used, and what
ruff reports (when a ``ruff`` executable is at hand; skipped silently when not).
"""

from __future__ import annotations

import ast
import json
import logging
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from .control_flow import branches, exits
from .syntax import SourceFile

__all__ = ["Finding", "find_problems", "ruff_findings"]

log = logging.getLogger(__name__)

#: ruff rules that point at bugs rather than style (pyflakes, bugbear, None/bool comparisons).
RUFF_RULES = "F,E711,E712,E721,E722,E9,B,PLE"
RUFF_TIMEOUT = 5.0
#: Calls whose result may be None: ``d.get(k)``, ``re.match(...)``, ``shutil.which(...)``.
_MAYBE_NONE = frozenset({"get", "match", "search", "fullmatch", "which", "getenv", "find_spec"})
_SWALLOWERS = ("pass", "...", "continue", "return", "return None")
_CATCH_ALL = frozenset({"", "Exception", "BaseException"})
#: ruff codes that mean nothing for a fragment cut out of its file.
_OUT_OF_CONTEXT = frozenset({"F821", "F401", "F811", "F841"})


@dataclass(frozen=True)
class Finding:
    """One thing that can go wrong, at ``line``; ``text`` is Markdown."""

    line: int
    text: str


def find_problems(
    file: SourceFile, definition: tree_sitter.Node, start: int, end: int, located: bool
) -> list[Finding]:
    """Every finding in lines ``start..end`` of ``file`` (``definition`` is their node),
    in line order. ``located``: the text is the whole file, not a fragment."""
    found = list(_raises(file, definition)) + list(_swallowed(file, definition))
    if file.spec is not None and file.spec.name == "python":
        found += _none_uses(file, start, end)
        found += ruff_findings(file, start, end, located)
    unique = {(f.line, f.text): f for f in found}
    return sorted(unique.values(), key=lambda f: f.line)


def _raises(file: SourceFile, definition: tree_sitter.Node) -> Iterator[Finding]:
    for exit_ in exits(file, definition):
        if exit_.keyword == "raise":
            what = f"`{exit_.value}`" if exit_.value else "the exception being handled"
            when = f" when {exit_.when()}" if exit_.conditions else ""
            yield Finding(exit_.line, f"raises {what}{when}")


def _swallowed(file: SourceFile, definition: tree_sitter.Node) -> Iterator[Finding]:
    for branch in branches(file, definition):
        if branch.keyword != "except":
            continue
        caught = branch.condition if branch.condition != "except" else ""
        lines = file.span_lines(branch.body_start, branch.body_end)
        body = " ".join(line.strip() for line in lines)
        if body.rstrip(";") in _SWALLOWERS or not body.strip("{} "):
            what = f"`{caught}`" if caught else "every exception (bare `except:`)"
            yield Finding(branch.line, f"swallows {what}: the handler does nothing with it")
        elif caught.split(" as ")[0].strip() in _CATCH_ALL and "raise" not in body:
            shown = f"`except {caught}`" if caught else "a bare `except:`"
            yield Finding(branch.line, f"catches every exception ({shown}) and does not re-raise")


def _none_uses(file: SourceFile, start: int, end: int) -> list[Finding]:
    """Names bound to a maybe-None value (``d.get(k)``, ``re.match``, a ``= None`` default)
    and then used (``x.attr``, ``x[i]``, ``x()``) with no test of the name in between."""
    text = textwrap.dedent("\n".join(file.span_lines(start, end)))
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    offset = max(start, file.first_line) - 1
    found = []
    for name, bound, why in _maybe_none(tree):
        use = _first_unguarded_use(tree, name, bound)
        if use is not None:
            line = use + offset
            found.append(
                Finding(line, f"`{name}` may be `None` here ({why}, line {bound + offset})")
            )
    return found


def _maybe_none(tree: ast.AST) -> Iterator[tuple[str, int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            positional = node.args.args
            missing: list[ast.expr | None] = [None] * (len(positional) - len(node.args.defaults))
            pairs = [
                *zip(positional, [*missing, *node.args.defaults], strict=True),
                *zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True),
            ]
            for argument, default in pairs:
                if isinstance(default, ast.Constant) and default.value is None:
                    yield argument.arg, node.lineno, "its default is `None`"
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name) and _maybe_none_call(value):
                assert isinstance(value, ast.Call)
                yield target.id, node.lineno, f"from `{ast.unparse(value.func)}()`"


def _maybe_none_call(value: ast.expr) -> bool:
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name == "get" and len(value.args) > 1:
        return False  # d.get(k, default)
    return name in _MAYBE_NONE


def _first_unguarded_use(tree: ast.AST, name: str, bound: int) -> int | None:
    guards = sorted(_guard_lines(tree, name))
    for line in sorted(_uses(tree, name)):
        if line > bound and not any(bound < guard <= line for guard in guards):
            return line
    return None


def _uses(tree: ast.AST, name: str) -> Iterator[int]:
    for node in ast.walk(tree):
        base: ast.expr | None = None
        if isinstance(node, ast.Attribute | ast.Subscript):
            base = node.value
        elif isinstance(node, ast.Call):
            base = node.func
        if isinstance(base, ast.Name) and base.id == name:
            yield base.lineno


def _guard_lines(tree: ast.AST, name: str) -> Iterator[int]:
    """Lines that test ``name``: if/while/assert/ternary tests, boolean operands, rebinding."""
    for node in ast.walk(tree):
        tests: list[ast.expr] = []
        if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
            tests = [node.test]
        elif isinstance(node, ast.BoolOp):
            tests = list(node.values)
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                yield node.lineno
        for test in tests:
            if any(isinstance(sub, ast.Name) and sub.id == name for sub in ast.walk(test)):
                yield test.lineno


def ruff_findings(file: SourceFile, start: int, end: int, located: bool) -> list[Finding]:
    """What ruff reports on lines ``start..end``, run on the whole file when ``located``
    (so names defined elsewhere in it are known), else on the dedented fragment."""
    ruff = _ruff()
    if ruff is None:
        return []
    text = file.text if located else textwrap.dedent(file.text)
    command = [str(ruff), "check", "--isolated", "--output-format", "json"]
    command += ["--select", RUFF_RULES, "--stdin-filename", "selection.py", "-"]
    try:
        done = subprocess.run(
            command, input=text, capture_output=True, text=True, timeout=RUFF_TIMEOUT, check=False
        )
        reports = json.loads(done.stdout or "[]")
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.debug("ruff did not run: %s", error)
        return []
    found = []
    for report in reports if isinstance(reports, list) else []:
        line = int(report.get("location", {}).get("row", 0)) + file.first_line - 1
        code = str(report.get("code") or "")
        if not start <= line <= end or (not located and code in _OUT_OF_CONTEXT):
            continue
        found.append(Finding(line, f"ruff {code}: {report.get('message', '')}"))
    return found


def _ruff() -> Path | None:
    """The ``ruff`` beside this Python (its virtualenv), else the one on PATH."""
    beside = Path(sys.executable).parent / "ruff"
    if beside.is_file():
        return beside
    found = shutil.which("ruff")
    return Path(found) if found else None
