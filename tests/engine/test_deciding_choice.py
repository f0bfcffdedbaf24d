"""Which definition an answer is about, among those search found: the short function
whose lines decide, not a class that describes the words in its docstring, a long
function that touches every word in passing, or a test that calls the code."""

from __future__ import annotations

from pathlib import Path

from qgpt_lsp.engine.answerers import CitedCode
from qgpt_lsp.engine.answering.deciding import deciding_definitions
from qgpt_lsp.engine.answering.questions import read_question

_WORDS = ["query", "produces", "more", "errors", "max_errors", "happens"]
_PASSING = "\n".join(  # one of the words every 12 lines: never together
    f"    step_{n} = settings.get('{_WORDS[n // 12] if n % 12 == 0 else n}', None)"
    for n in range(72)
)

VALIDATION = f'''"""Validation."""


class ValidationReport:
    """A report of validation errors: how many errors a query produced, the maximum
    number of errors allowed (max_errors), and what happens when there are more.
    A query that produces more errors than max_errors: what happens to the errors."""

    errors: list[str]
    max_errors: int


def run_everything(settings: dict[str, object], errors: list[str], max_errors: int) -> None:
    """Run every step of the validation, collecting errors up to max_errors."""
{_PASSING}
    if settings:
        errors.append("more")
    report = ValidationReport()
    report.max_errors = max_errors


def check_errors(errors: list[str], max_errors: int) -> None:
    """Stop the validation once too many errors were found."""
    if len(errors) >= max_errors:
        raise ValidationAborted(f"Too many validation errors, more than {{max_errors}}.")
'''

TESTS = """from validation import check_errors


def test_more_errors_than_max_errors_abort_the_validation() -> None:
    errors = ["a", "b", "c"]
    max_errors = 2
    try:
        check_errors(errors, max_errors)
    except Exception:
        errors.append("more than max_errors: validation aborted")
"""


class Files:
    """The whole files, as the index would give them."""

    def __init__(self, texts: dict[Path, str]) -> None:
        self.texts = texts

    def read_text(self, path: Path) -> str | None:
        return self.texts.get(path)


def _snippet(path: Path, text: str, first: str, rank_score: float, length: int = 40) -> CitedCode:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if first in line)
    end = min(start + length - 1, len(lines))
    shown = "\n".join(lines[start - 1 : end])
    return CitedCode(shown, path, start, end, "py", rank_score)


SOURCE, TEST = Path("/w/validation.py"), Path("/w/tests/test_validation.py")
FILES = Files({SOURCE: VALIDATION, TEST: TESTS})
QUESTION = "What happens when a query produces more errors than max_errors?"


def _first_of(describer: CitedCode) -> str:
    """The winner between ``describer`` (ranked first by search) and check_errors."""
    found = [describer, _snippet(SOURCE, VALIDATION, "def check_errors", 0.6)]
    ranked = deciding_definitions(read_question(QUESTION), found, FILES)
    return ranked[0].name


def test_the_function_that_decides_wins_over_a_class_describing_it() -> None:
    describer = _snippet(SOURCE, VALIDATION, "class ValidationReport", 1.0, length=7)
    assert _first_of(describer) == "check_errors"


def test_the_function_that_decides_wins_over_a_long_one_touching_every_word() -> None:
    assert _first_of(_snippet(SOURCE, VALIDATION, "def run_everything", 1.0)) == "check_errors"


def test_the_function_that_decides_wins_over_its_test() -> None:
    assert _first_of(_snippet(TEST, TESTS, "def test_more_errors", 1.0)) == "check_errors"


def test_a_question_about_tests_keeps_the_test() -> None:
    test = Path("/w/tests/test_validation.py")
    files = Files({test: TESTS})
    found = [_snippet(test, TESTS, "def test_more_errors", 1.0)]
    question = read_question("How is aborting on more errors than max_errors tested?")
    ranked = deciding_definitions(question, found, files)
    assert ranked[0].name == "test_more_errors_than_max_errors_abort_the_validation"
    assert ranked[0].score > 1.0  # not scaled down: the question asks about tests
