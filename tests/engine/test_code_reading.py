"""Reading a definition's syntax tree: exits and their conditions in every grammar,
branches, real calls, findings, and a diagnostic's names. Pure functions, as tables."""

from __future__ import annotations

import pytest

from qgpt_lsp.engine.answering.comparisons import condition_direction, question_direction
from qgpt_lsp.engine.answering.conditions import negate
from qgpt_lsp.engine.answering.control_flow import branches, calls, exits, is_forwarding, reads
from qgpt_lsp.engine.answering.diagnostics import names_in_error
from qgpt_lsp.engine.answering.findings import find_problems
from qgpt_lsp.engine.answering.questions import read_question
from qgpt_lsp.engine.answering.syntax import SourceFile

PYTHON = '''def shorten(text, limit=10):
    """Doc."""
    if len(text) > limit:
        return text[:limit]
    elif not text:
        raise ValueError("empty")
    else:
        for part in text.split():  # marker() in a comment
            if part is None:
                return None
    return text
'''
JAVASCRIPT = """function pick(a, b) {
  if (a > b) {
    return a;
  } else if (b) {
    throw new Error("no");
  } else {
    return other.pick(b);
  }
}
"""
GO = """package m

func Pick(a int) int {
	if a > 2 {
		return 1
	} else {
		return 2
	}
}
"""


def _first_definition(text: str, suffix: str) -> tuple[SourceFile, object]:
    file = SourceFile(text, suffix)
    span = next(span for span in file.definitions if span.is_function)
    return file, file.node(span)


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (
            PYTHON,
            ".py",
            [
                (4, "return", "text[:limit]", "`len(text) > limit`"),
                (6, "raise", 'ValueError("empty")', "`not text`"),
                (
                    10,
                    "return",
                    "None",
                    "`len(text) <= limit` and for `part in text.split()` and `part is None`",
                ),
                (11, "return", "text", ""),
            ],
        ),
        (
            JAVASCRIPT,
            ".js",
            [
                (3, "return", "a", "`a > b`"),
                (5, "raise", 'new Error("no")', "`a <= b` and `b`"),
                (7, "return", "other.pick(b)", "`a <= b` and not `b`"),
            ],
        ),
        (GO, ".go", [(5, "return", "1", "`a > 2`"), (7, "return", "2", "`a <= 2`")]),
    ],
)
def test_exits_and_the_conditions_that_lead_to_them(
    text: str, suffix: str, expected: list[tuple[int, str, str, str]]
) -> None:
    file, node = _first_definition(text, suffix)
    found = [(e.line, e.keyword, e.value, e.when()) for e in exits(file, node)]  # type: ignore[arg-type]
    assert found == expected


def test_branches_say_what_they_do_first() -> None:
    file, node = _first_definition(PYTHON, ".py")
    found = [(b.line, b.keyword, b.condition, b.first) for b in branches(file, node)]  # type: ignore[arg-type]
    assert found[:3] == [
        (3, "if", "len(text) > limit", "return text[:limit]"),
        (5, "elif", "not text", 'raise ValueError("empty")'),
        (7, "else", "len(text) > limit", "for part in text.split():"),
    ]


def test_a_decorators_calls_include_its_nested_functions() -> None:
    text = (
        "def validate(schema):\n    def decorator(func):\n        def wrapper(*args):\n"
        "            data = _args_to_dict(func, args)\n            return func(**check(data))\n"
        "        return wrapper\n    return decorator\n"
    )
    _, node = _first_definition(text, ".py")
    assert calls(node) == ["_args_to_dict", "func", "check"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (PYTHON, ".py", ["len", "ValueError", "text.split"]),
        (JAVASCRIPT, ".js", ["Error", "other.pick"]),
    ],
)
def test_calls_are_call_nodes(text: str, suffix: str, expected: list[str]) -> None:
    _, node = _first_definition(text, suffix)
    assert calls(node) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (
            "def delay(self, attempt):\n    if attempt > MAX_ATTEMPTS or self.stopped:\n"
            "        return codes.SEE_OTHER\n    return self._cap * self.backoff(attempt)\n",
            ".py",
            ["MAX_ATTEMPTS", "self.stopped", "codes.SEE_OTHER", "self._cap"],
        ),
        (
            "function delay(attempt) {\n  return this.cap * this.backoff(attempt) + MAX_WAIT;\n}\n",
            ".js",
            ["this.cap", "MAX_WAIT"],
        ),
    ],
)
def test_reads_are_own_attributes_and_constants_not_calls(
    text: str, suffix: str, expected: list[str]
) -> None:
    _, node = _first_definition(text, suffix)
    assert reads(node) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "forwarding"),
    [
        ("def get(self, url):\n    return self.send(url, follow=True)\n", True),
        ('def get(self, url):\n    """Doc."""\n    await self.send(url)\n', True),
        ("def get(self, url):\n    self.url = url\n", False),
        ("def get(self, url):\n    if url:\n        return self.send(url)\n", False),
    ],
)
def test_a_thin_wrapper_is_one_call(text: str, forwarding: bool) -> None:
    _, node = _first_definition(text, ".py")
    assert is_forwarding(node) is forwarding  # type: ignore[arg-type]


def test_findings_name_swallowed_exceptions_and_values_that_may_be_none() -> None:
    text = (
        "def load(d, path=None):\n"
        "    found = d.get('key')\n"
        "    if found:\n"
        "        found.strip()\n"
        "    checked = d.get('other')\n"
        "    checked.strip()\n"
        "    try:\n"
        "        path.open()\n"
        "    except OSError:\n"
        "        pass\n"
    )
    file, node = _first_definition(text, ".py")
    found = [(f.line, f.text) for f in find_problems(file, node, 1, 10, located=True)]  # type: ignore[arg-type]
    assert (6, "`checked` may be `None` here (from `d.get()`, line 5)") in found
    assert (8, "`path` may be `None` here (its default is `None`, line 1)") in found
    assert (9, "swallows `OSError`: the handler does nothing with it") in found
    assert not any(line == 4 for line, _ in found), "a use after `if found:` is checked"


@pytest.mark.parametrize(
    ("message", "name", "used", "nearest"),
    [
        ("undefined name 'valeu'", "valeu", [3], ("value", 1)),
        ("F821 Undefined name `totl`", "totl", [4], ("total", 2)),
    ],
)
def test_a_diagnostic_names_the_name_and_the_nearest_defined_one(
    message: str, name: str, used: list[int], nearest: tuple[str, int]
) -> None:
    text = (
        "def scale(value, factor):\n"
        "    total = 0\n"
        "    result = valeu * factor\n"
        "    return totl + result\n"
    )
    (found,) = names_in_error(message, SourceFile(text, ".py"), 1, 4)
    assert (found.name, found.used_at, found.defined_at) == (name, used, None)
    assert found.nearest[0] == nearest


@pytest.mark.parametrize(
    ("condition", "negated"),
    [
        ("not words", "`words`"),
        ("len(text) <= max_length", "`len(text) > max_length`"),
        ("x is None", "`x is not None`"),
        ("key in cache", "`key not in cache`"),
        ("!ok", "`ok`"),
        ("not (a or b)", "`(a or b)`"),
        ("a and b", "not `a and b`"),
    ],
)
def test_a_negated_condition_reads_as_code(condition: str, negated: str) -> None:
    assert negate(condition) == negated


@pytest.mark.parametrize(
    ("question", "condition", "negated", "direction"),
    [
        ("when the text is longer than max_length", "len(text) > max_length", False, ">"),
        ("when the text is longer than max_length", "len(text) <= max_length", False, "<"),
        ("when the text is longer than max_length", "len(text) <= max_length", True, ">"),
        ("when the text is longer than max_length", "max_length < len(text)", False, ">"),
        ("when there are more than 3 retries", "retries >= 3", False, ">"),
        ("when the text is longer than max_length", "items > 3", False, None),
        ("when the text is longer than max_length", "a < b < c", False, None),
    ],
)
def test_which_way_a_condition_compares(
    question: str, condition: str, negated: bool, direction: str | None
) -> None:
    read = read_question(question)
    assert question_direction(read) == ">"
    assert condition_direction(condition, read, negated) == direction
