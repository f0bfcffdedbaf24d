"""The semantic stage: static embeddings from real files, re-ranking, and switching off."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from qgpt_lsp.engine.index.model import Chunk, ScoredChunk
from qgpt_lsp.engine.index.semantic import (
    EmbeddingsUnavailable,
    SemanticRanker,
    StaticEmbedder,
    chunk_text,
)

# a three-word vocabulary with orthogonal-ish rows, so means are easy to check
VOCAB = {"[UNK]": 0, "red": 1, "green": 2, "blue": 3}
TABLE = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 2]], dtype=np.float16)


def _files(folder: Path) -> tuple[Path, Path]:
    """A safetensors table and a word-level tokenizer, written to ``folder``."""
    weights, tokenizer = folder / "table.safetensors", folder / "tokenizer.json"
    save_file({"embedding.weight": TABLE}, str(weights))
    model = Tokenizer(WordLevel(VOCAB, unk_token="[UNK]"))
    model.pre_tokenizer = Whitespace()  # type: ignore[assignment]
    model.save(str(tokenizer))
    return weights, tokenizer


@pytest.fixture
def tiny(tmp_path: Path) -> StaticEmbedder:
    """A real embedder over files written here (unknown words have a zero row)."""
    return StaticEmbedder(*_files(tmp_path), max_tokens=64)


def chunk(name: str, text: str) -> Chunk:
    return Chunk(name, Path(f"/repo/pkg/{name}.py"), "py", 0, 1, 0, len(text), text, name)


def test_a_vector_is_the_unit_mean_of_its_tokens(tmp_path: Path) -> None:
    rows = StaticEmbedder(*_files(tmp_path), max_tokens=3).embed(
        ["red green", "blue", "", "red red red green"]
    )
    assert np.allclose(rows[0], [2**-0.5, 2**-0.5, 0])
    assert np.allclose(rows[1], [0, 0, 1])
    assert np.allclose(rows[2], [0, 0, 0])  # no tokens: zeros, not NaN
    assert np.allclose(rows[3], [1, 0, 0])  # only the first max_tokens=3 tokens count


def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    broken = tmp_path / "table.safetensors"
    broken.write_bytes(b"not a table")
    with pytest.raises(EmbeddingsUnavailable, match=r"table\.safetensors"):
        StaticEmbedder(broken, tmp_path / "missing.json")


def test_the_packaged_table_relates_meanings() -> None:
    embedder = StaticEmbedder.from_package()
    question, near, far = embedder.embed(
        [
            "delete a folder together with everything inside it",
            "def rmtree(path): remove a directory tree recursively, files and subdirectories",
            "def parse_hex_colour(text): turn #ff0000 into an RGB triplet",
        ]
    )
    assert float(question @ near) > float(question @ far) + 0.05
    assert np.isclose(float(np.linalg.norm(near)), 1.0, atol=1e-3)


def test_equal_words_are_ordered_by_meaning(tiny: StaticEmbedder) -> None:
    ranker = SemanticRanker(lambda: tiny)
    reds, blues = chunk("reds", "red red"), chunk("blues", "blue")
    hits = [ScoredChunk(blues, 4.0), ScoredChunk(reds, 4.0)]
    ranked = ranker.rerank("red", hits, weight=1.0)
    assert [h.chunk.id for h in ranked] == ["reds", "blues"]
    # the lexical score over the best one's, plus the weight times the cosine
    assert ranked[0].score == pytest.approx(1.0 + 1.0 * _cosine(tiny, "red", chunk_text(reds)))
    assert ranked[1].score == pytest.approx(1.0 + 1.0 * _cosine(tiny, "red", chunk_text(blues)))


def test_words_still_count(tiny: StaticEmbedder) -> None:
    ranker = SemanticRanker(lambda: tiny)
    close, strong = chunk("close", "red"), chunk("strong", "blue")
    hits = [ScoredChunk(strong, 10.0), ScoredChunk(close, 1.0)]
    assert ranker.rerank("red", hits, weight=0.5)[0].chunk.id == "strong"
    assert ranker.rerank("red", hits, weight=5.0)[0].chunk.id == "close"


def test_weight_zero_or_no_hits_change_nothing(tiny: StaticEmbedder) -> None:
    calls: list[int] = []

    def load() -> StaticEmbedder:
        calls.append(1)
        return tiny

    ranker = SemanticRanker(load)
    hits = [ScoredChunk(chunk("a", "blue"), 2.0), ScoredChunk(chunk("b", "red"), 1.0)]
    assert ranker.rerank("red", hits, weight=0.0) == hits
    assert ranker.rerank("red", [], weight=1.0) == []
    assert calls == []  # nothing loaded for nothing


def test_a_missing_table_switches_the_stage_off_once() -> None:
    calls: list[int] = []

    def load() -> StaticEmbedder:
        calls.append(1)
        raise EmbeddingsUnavailable("the wordllama package (and its embedding table) is missing")

    ranker = SemanticRanker(load)
    hits = [ScoredChunk(chunk("a", "blue"), 2.0), ScoredChunk(chunk("b", "red"), 1.0)]
    assert ranker.rerank("red", hits, weight=1.0) == hits
    assert ranker.rerank("red", hits, weight=1.0) == hits
    assert calls == [1]
    assert ranker.unavailable is not None and "wordllama" in ranker.unavailable


def test_a_failing_embedder_keeps_the_lexical_order(tiny: StaticEmbedder) -> None:
    class Failing(StaticEmbedder):
        def __init__(self) -> None:  # no files: it fails on use
            pass

        def embed(self, texts: object) -> np.ndarray:  # type: ignore[override]
            raise RuntimeError("tokenizer crashed")

    ranker = SemanticRanker(Failing)
    hits = [ScoredChunk(chunk("a", "blue"), 2.0), ScoredChunk(chunk("b", "red"), 1.0)]
    assert ranker.rerank("red", hits, weight=1.0) == hits


def test_a_small_cache_still_ranks_every_hit(tiny: StaticEmbedder) -> None:
    ranker = SemanticRanker(lambda: tiny, cache_size=1)
    hits = [ScoredChunk(chunk(n, t), 1.0) for n, t in [("a", "blue"), ("b", "red"), ("c", "green")]]
    first = ranker.rerank("red", hits, weight=1.0)
    again = ranker.rerank("red", hits, weight=1.0)
    assert first[0].chunk.id == "b"
    assert [(h.chunk.id, h.score) for h in first] == [(h.chunk.id, h.score) for h in again]


def _cosine(embedder: StaticEmbedder, a: str, b: str) -> float:
    left, right = embedder.embed([a, b])
    return float(left @ right.astype(np.float16).astype(np.float32))
