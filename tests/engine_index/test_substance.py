"""A hit whose matched words are only parameters it passes on ranks below the code that
does the work; thin wrappers lift the function they forward to."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexSettings, WorkspaceIndex
from qgpt_lsp.engine.index.model import Chunk, ScoredChunk
from qgpt_lsp.engine.index.substance import header_end, substance_of, weigh_by_substance
from qgpt_lsp.engine.index.wrappers import FOLLOWED, follow_wrappers, forwarded_to

VERB = '''
    def {verb}(self, url, *, follow_redirects=None, timeout=None):
        """Send a {VERB} request."""
        return self.request("{VERB}", url, follow_redirects=follow_redirects, timeout=timeout)
'''
VERBS = ("get", "head", "options", "post", "put", "patch", "delete")
CLIENT = "class Client:\n" + "".join(VERB.format(verb=v, VERB=v.upper()) for v in VERBS)
CLIENT += """
    def request(self, method, url, follow_redirects=None, timeout=None):
        return self.send(method, url)

    def _send_in_turn(self, request, follow_redirects, history):
        while True:
            response = self._send_single_request(request)
            if not response.has_redirect_location:
                return response
            request = self._build_redirect_request(request, response)
            if not follow_redirects:
                response.next_request = request
                return response
"""


def chunk(text: str, symbol: str, parent: str | None = "Client", kind: str = "method") -> Chunk:
    identity = f"{parent}.{symbol}:{hash(text)}"  # ids change when the text does
    return Chunk(identity, Path("/repo/client.py"), "py", 0, 0, 0, 0, text, symbol, kind, parent)


WRAPPER = chunk(
    "def get(self, url, follow_redirects=None):\n"
    '    """Send a GET request."""\n'
    "    return self.request('GET', url, follow_redirects=follow_redirects)\n",
    "get",
)
WORKER = chunk(
    "def _follow(self, request, follow_redirects):\n"
    "    if follow_redirects and request.redirect:\n"
    "        return self._follow(request.redirect, follow_redirects)\n",
    "_follow",
)


@pytest.mark.parametrize(
    ("text", "symbol", "ends_after"),
    [
        ("def f(a, b=dict()):\n    return a\n", "f", "def f(a, b=dict()):"),
        ("def f(\n    a,\n    b,\n) -> int:\n    return a\n", "f", ") -> int:"),
        ("class C:\n    x = 1\n", "C", ""),
        ("def f(a:\n", "f", ""),  # never closed: no header found
    ],
)
def test_header_end(text: str, symbol: str, ends_after: str) -> None:
    assert text[: header_end(text, symbol)].endswith(ends_after)


def test_forwarded_arguments_are_not_substance() -> None:
    found = substance_of(WRAPPER)
    assert {"follow", "redirect"} <= found.every
    assert "redirect" not in found.own  # only in the parameters and the forwarded argument
    assert {"send", "get"} <= found.own  # the docstring and the name count


def test_signature_only_hits_rank_below_the_code_that_uses_the_words() -> None:
    hits = [ScoredChunk(WRAPPER, 2.0), ScoredChunk(WORKER, 1.5)]
    weighed = weigh_by_substance(hits, "follow redirects", signature_only=0.4, coverage_power=0)
    scores = {hit.chunk.symbol: hit.score for hit in weighed}
    assert scores["_follow"] == pytest.approx(1.5)
    assert scores["get"] == pytest.approx(2.0 * 0.4)
    off = weigh_by_substance(hits, "follow redirects", signature_only=1.0, coverage_power=0)
    assert [hit.score for hit in off] == [2.0, 1.5]


def test_matching_more_of_the_question_counts() -> None:
    hits = [ScoredChunk(WORKER, 1.0)]
    (half,) = weigh_by_substance(hits, "follow timeout", signature_only=1.0, coverage_power=1.0)
    (whole,) = weigh_by_substance(hits, "follow request", signature_only=1.0, coverage_power=1.0)
    assert half.score == pytest.approx(0.5)
    assert whole.score == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "callee"),
    [
        (WRAPPER.text, "request"),
        ("async def get(self):\n    return await self.client.fetch(1)\n", "fetch"),
        ("def run(self):\n    '''Doc.'''\n    main()\n", "main"),
        (WORKER.text, None),  # a branch is work, not forwarding
        ("def two(self):\n    a()\n    return b()\n", None),
        ("def value(self):\n    return self.x\n", None),
        ("def broken(:\n", None),
    ],
)
def test_forwarded_to(text: str, callee: str | None) -> None:
    assert forwarded_to(chunk(text, text.split("(")[0].split()[-1])) == callee


def test_a_wrapper_lifts_the_function_it_forwards_to() -> None:
    request = chunk("def request(self, method, url):\n    x = 1\n    return x\n", "request")
    elsewhere = chunk("def request():\n    return 2\n", "request", parent=None, kind="function")
    lifted = follow_wrappers(
        [ScoredChunk(WRAPPER, 2.0), ScoredChunk(request, 0.1)],
        lambda _path: [elsewhere, WRAPPER, request],
    )
    assert [(h.chunk.symbol, h.chunk.parent) for h in lifted] == [
        ("get", "Client"),
        ("request", "Client"),  # the wrapper's own class first
    ]
    assert lifted[1].score == pytest.approx(2.0 * FOLLOWED)


def ranked(root: Path, cache: Path, settings: IndexSettings) -> list[str | None]:
    index = WorkspaceIndex([root], settings, cache_dir=cache)
    try:
        index.build()
        hits = index.search("How does the client decide whether to follow a redirect?", limit=5)
        return [hit.chunk.symbol for hit in hits]
    finally:
        index.close()


def test_search_ranks_the_deciding_code_above_the_wrappers(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "client.py").write_text(CLIENT, encoding="utf-8")
    shipped = ranked(root, tmp_path / "a", IndexSettings(whole_class_lines=5))
    unweighed = IndexSettings(whole_class_lines=5, signature_only=1.0, coverage_power=0.0)
    plain = ranked(root, tmp_path / "b", unweighed)

    def first_wrapper(symbols: list[str | None]) -> int:
        return min(symbols.index(verb) for verb in VERBS if verb in symbols)

    assert shipped.index("_send_in_turn") < first_wrapper(shipped)
    # what the weighing changes: without it the wrappers come first
    assert "_send_in_turn" not in plain or plain.index("_send_in_turn") > first_wrapper(plain)
