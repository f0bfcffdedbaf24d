"""Search hits as snippets of about 40 lines: padded, cut, merged, redacted, from the buffer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import Snippet, WorkspaceIndex
from qgpt_lsp.engine.index.model import Chunk, ScoredChunk
from qgpt_lsp.engine.index.snippets import SNIPPET_LINES, make_snippets
from qgpt_lsp.engine.retrieval import RelevanceFinder
from qgpt_lsp.redaction import MASK
from qgpt_lsp.wire import QGPTRelevanceInput

from .conftest import write

MakeIndex = Callable[..., WorkspaceIndex]

HOP = "def quokka_hop(distance):\n    steps = distance // 2\n    return steps\n"


def constants(name: str, count: int) -> str:
    return "".join(f"{name}_{n} = {n}\n" for n in range(count))


def lines_of(text: str, snippet: Snippet) -> str:
    """The file's lines that ``snippet`` says it shows."""
    return "\n".join(text.split("\n")[snippet.start_line : snippet.end_line + 1])


def only_snippet(index: WorkspaceIndex, query: str, path: Path) -> Snippet:
    [snippet] = [s for s in index.snippets(query) if s.path == path]
    return snippet


def test_a_short_function_mid_file_comes_centred_in_40_lines(
    repo: Path, make_index: MakeIndex
) -> None:
    path = write(
        repo, "pouch.py", constants("BEFORE", 50) + "\n" + HOP + "\n" + constants("AFTER", 50)
    )
    index = make_index(repo)
    index.build()
    snippet = only_snippet(index, "quokka hop", path)
    [chunk] = snippet.chunks
    assert (chunk.symbol, chunk.start_line, chunk.end_line) == ("quokka_hop", 51, 53)
    assert snippet.end_line - snippet.start_line + 1 == SNIPPET_LINES
    before, after = chunk.start_line - snippet.start_line, snippet.end_line - chunk.end_line
    assert abs(before - after) <= 1 and before > 0
    text = path.read_text()
    assert (
        snippet.text == lines_of(text, snippet) == text[snippet.start_offset : snippet.end_offset]
    )
    assert chunk.text in snippet.text


@pytest.mark.parametrize(
    ("before", "after", "first", "last"),
    [
        (0, 80, 0, 39),  # at the top: shifted down to keep 40 lines
        (80, 0, 44, 83),  # at the bottom (line 83 is the empty one after the last newline)
        (5, 10, 0, 18),  # a file shorter than 40 lines: all of it
    ],
)
def test_near_an_end_of_the_file_the_snippet_is_clipped_and_shifted(
    repo: Path, make_index: MakeIndex, before: int, after: int, first: int, last: int
) -> None:
    text = constants("BEFORE", before) + HOP + constants("AFTER", after)
    path = write(repo, "pouch.py", text)
    index = make_index(repo)
    index.build()
    snippet = only_snippet(index, "quokka hop", path)
    assert (snippet.start_line, snippet.end_line) == (first, last)
    assert snippet.text == lines_of(text, snippet)
    if last - first + 1 < SNIPPET_LINES:
        assert snippet.text == text


@pytest.mark.parametrize("first_word", [80, 40])  # lines into the function
def test_a_long_function_is_cut_to_the_40_lines_about_the_question(
    repo: Path, make_index: MakeIndex, first_word: int
) -> None:
    body = ["    steps += 1"] * 118
    words = {first_word: "quokka", first_word + 8: "wombat", first_word + 15: "numbat"}
    for line, word in words.items():
        body[line - 1] = f"    {word}()"
    walk = "def long_walk(steps):\n" + "\n".join(body) + "\n    return steps\n"
    text = constants("SPEED", 10) + walk
    path = write(repo, "walk.py", text)
    index = make_index(repo)
    index.build()
    snippet = only_snippet(index, " ".join(words.values()), path)
    [chunk] = snippet.chunks
    assert (chunk.start_line, chunk.end_line) == (10, 129)
    assert chunk.start_line <= snippet.start_line <= snippet.end_line <= chunk.end_line
    assert snippet.end_line - snippet.start_line + 1 == SNIPPET_LINES
    assert snippet.start_line <= chunk.start_line + first_word
    assert chunk.start_line + first_word + 15 <= snippet.end_line
    assert snippet.text == lines_of(text, snippet)
    assert all(word in snippet.text for word in words.values())


def test_a_hit_inside_a_better_snippet_joins_it(repo: Path, make_index: MakeIndex) -> None:
    near = "def hop_near():\n    return 'quokka'\n"  # the word in the body only: ranks lower
    far = "def hop_far():\n    return 'quokka'\n"
    text = (
        constants("A", 20)
        + HOP.replace("steps\n", "'quokka quokka'\n", 1)
        + constants("B", 8)
        + near
        + constants("C", 100)
        + far
    )
    path = write(repo, "pouch.py", text)
    index = make_index(repo)
    index.build()
    snippets = [s for s in index.snippets("quokka") if s.path == path]
    assert [[c.symbol for c in s.chunks] for s in snippets] == [
        ["quokka_hop", "hop_near"],
        ["hop_far"],
    ]
    joined = snippets[0]
    assert all(
        joined.start_line <= c.start_line <= c.end_line <= joined.end_line for c in joined.chunks
    )
    assert snippets[0].score > snippets[1].score


def test_snippets_of_one_file_never_share_a_line(repo: Path, make_index: MakeIndex) -> None:
    best = HOP.replace("steps\n", "'quokka quokka'\n", 1)
    next_one = "def hop_next():\n    return 'quokka'\n"  # 30 lines below: its padding would overlap
    text = constants("A", 20) + best + constants("B", 30) + next_one + constants("C", 60)
    path = write(repo, "pouch.py", text)
    index = make_index(repo)
    index.build()
    first, second = [s for s in index.snippets("quokka") if s.path == path]
    assert [c.symbol for c in first.chunks + second.chunks] == ["quokka_hop", "hop_next"]
    assert first.end_line < second.start_line <= second.chunks[0].start_line
    assert second.start_line == first.end_line + 1  # it pads down instead
    assert second.end_line - second.start_line + 1 == SNIPPET_LINES
    assert second.text == lines_of(text, second)


def test_an_unsaved_buffer_is_what_the_snippet_shows(repo: Path, make_index: MakeIndex) -> None:
    path = write(repo, "pouch.py", constants("DISK", 30) + HOP + constants("DISK_AFTER", 30))
    index = make_index(repo)
    index.build()
    buffer = constants("BUFFER", 30) + HOP.replace("// 2", "// 3") + constants("BUFFER_AFTER", 30)
    index.update_file(path, buffer)
    snippet = only_snippet(index, "quokka hop", path)
    assert snippet.text == lines_of(buffer, snippet)
    assert "distance // 3" in snippet.text and "BUFFER_" in snippet.text
    assert "DISK" not in snippet.text


def test_a_secret_next_to_the_function_is_redacted(repo: Path, make_index: MakeIndex) -> None:
    secret = "sk-proj-" + "a1B2c3D4e5" * 3
    text = constants("A", 30) + f'API_KEY = "{secret}"\n\n' + HOP + constants("B", 30)
    path = write(repo, "pouch.py", text)
    index = make_index(repo)
    index.build()
    snippet = only_snippet(index, "quokka hop", path)
    assert "API_KEY = " in snippet.text and secret not in snippet.text
    assert MASK[:-1] in snippet.text
    assert len(snippet.text) == len(lines_of(text, snippet))  # masks keep offsets


def test_relevance_items_are_the_snippets_and_their_ids_resolve(
    repo: Path, make_index: MakeIndex
) -> None:
    forty = "def quokka_forty():\n" + "    x = 1\n" * 38 + "    return 'quokka'\n"
    write(repo, "big.py", constants("A", 5) + forty + constants("B", 50))
    write(repo, "small.py", constants("C", 50) + HOP + constants("D", 50))
    index = make_index(repo)
    index.build()
    finder = RelevanceFinder(index)
    query = "quokka"
    snippets = index.snippets(query, limit=finder.limit)
    items = finder.find(QGPTRelevanceInput(query=query)).relevant.iterable
    assert len(items) == len(snippets) >= 2
    for item, snippet in zip(items, snippets, strict=True):
        assert item.location is not None and item.id is not None
        assert (item.path, item.location.text) == (str(snippet.path), snippet.text)
        assert (item.location.start, item.location.end) == (
            snippet.start_offset,
            snippet.end_offset,
        )
        assert finder.registry.get(item.id) == item
        assert finder.registry.chunk(item.id) == snippet.chunks[0]
    ids = {Path(item.path or "").name: item.id or "" for item in items}
    big = index.chunks_for_file(repo / "big.py")
    assert ids["big.py"] == next(c.id for c in big if c.symbol == "quokka_forty")
    assert index.get_chunk(ids["big.py"]) is not None  # one chunk as indexed: the chunk's id
    assert ids["small.py"].startswith("s") and index.get_chunk(ids["small.py"]) is None


def test_a_chunk_whose_file_cannot_be_read_is_shown_as_indexed() -> None:
    text = "def quokka_hop():\n    return 1"
    chunk = Chunk("c", Path("/ws/a.py"), "py", 50, 51, 2000, 2000 + len(text), text)
    [snippet] = make_snippets([ScoredChunk(chunk, 1.0)], "quokka", lambda path: None)
    assert snippet.text == chunk.text
    assert (snippet.start_offset, snippet.end_offset) == (chunk.start_offset, chunk.end_offset)
