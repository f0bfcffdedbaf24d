"""A small project whose functions answer one kind of question each, in a real git repo."""

from __future__ import annotations

from pathlib import Path

from qgpt_lsp.engine import line_offsets
from qgpt_lsp.wire import RelevantQGPTSeed, TextLocation

from .gitrepo import GitRepo

#: The deciding lines lie past line 12 of the definition (a long docstring first).
HELP_TEXT = '''"""Help text for commands."""


def shorten_help(help_text: str, max_length: int = 45) -> str:
    """Shorten a command's help text so that it fits in one column.

    The help text of a command is shown next to its name in the list of
    commands, so it must fit in the space that is left. Nothing is done to a
    text that already fits. A text that does not fit is cut, and three dots
    mark where it was cut, so a reader knows there is more to read.

    Arguments:
        help_text: the whole help text, as written in the docstring.
        max_length: the most characters the column has room for.
    """
    words = help_text.split()
    if not words:
        return ""
    if len(help_text) > max_length:
        return help_text[: max_length - 3].rstrip() + "..."
    return help_text


def first_sentence(text: str, max_length: int = 45) -> str:
    """The first sentence of ``text``, cut to ``max_length``."""
    sentence = text.split(". ")[0]
    if len(sentence) <= max_length:
        return sentence
    if max_length < 3:
        return "..."
    return sentence[: max_length - 3] + "..."
'''

SETTINGS = '''"""Settings files."""

from pathlib import Path


def load_settings(path: Path | None, default: dict[str, str] | None = None) -> dict[str, str]:
    """Read settings from a file."""
    if path is None:
        raise ValueError("no settings path given")
    if not path.exists():
        return default or {}
    pairs = [line.split("=", 1) for line in path.read_text().splitlines() if "=" in line]
    return {key.strip(): value.strip() for key, value in pairs}
'''

RETRY = '''"""Retrying calls that fail."""

DEFAULT_RETRY_LIMIT = 5


class Retrier:
    """Calls a function again until it succeeds or the retries run out."""

    def __init__(self, limit: int | None = None) -> None:
        self.delay = 0.5
        self.retry_limit = limit if limit is not None else DEFAULT_RETRY_LIMIT

    def run(self, call):
        for attempt in range(self.retry_limit):
            try:
                return call()
            except OSError:
                continue
        raise TimeoutError("gave up")
'''

PORTS = '''"""Ports from configuration."""

import re


def read_port(config: dict[str, str], seen=[]) -> int:
    # look at the marker() first, then b() and ok()
    match = re.match(r"(\\d+)", config.get("port", ""))
    port = match.group(1)
    try:
        value = int(port)
    except:
        pass
    if value < 0:
        raise ValueError("negative port")
    seen.append(value)
    return value
'''

SCALE = '''"""Scaling numbers."""


def scale(value: float, factor: float) -> float:
    """Multiply ``value`` by ``factor``."""
    result = valeu * factor
    return result
'''

CLIENT = '''"""A tiny HTTP client."""


class TooManyRedirects(Exception):
    """Raised when a request is redirected too often."""


class Client:
    max_redirects = 20

    def get(self, url: str, follow_redirects: bool = False) -> object:
        """Send a GET request."""
        return self.send(url, follow_redirects=follow_redirects)

    def send(self, url: str, follow_redirects: bool = False) -> object:
        """Send a request."""
        return self._send_handling_redirects(url, follow_redirects=follow_redirects, history=[])

    def _send_handling_redirects(self, url: str, follow_redirects: bool, history: list) -> object:
        while True:
            if len(history) > self.max_redirects:
                raise TooManyRedirects(url)
            response = self._send_single(url)
            if not response.is_redirect:
                return response
            if not follow_redirects:
                return response
            history.append(response)
            url = response.location

    def _send_single(self, url: str) -> object:
        raise NotImplementedError
'''

FILES = {
    "src/helptext.py": HELP_TEXT,
    "src/settings.py": SETTINGS,
    "src/retry.py": RETRY,
    "src/ports.py": PORTS,
    "src/scale.py": SCALE,
    "src/client.py": CLIENT,
}


def build_answer_sample(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.commit(FILES, "Alice Archer", "alice@example.com", 3, "add the sample")
    return repo


def selection(root: Path, name: str, first: int, last: int) -> RelevantQGPTSeed:
    """Lines ``first..last`` (1-based) of ``name``, as an editor selection sends them."""
    text = FILES[name]
    start, end = line_offsets(text, first, last)
    location = TextLocation(start=start, end=end, text=text[start:end])
    return RelevantQGPTSeed(path=str(root / name), location=location)


def line_of(name: str, needle: str) -> int:
    """The 1-based line of ``name`` that holds ``needle``."""
    for number, line in enumerate(FILES[name].splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {name}")
