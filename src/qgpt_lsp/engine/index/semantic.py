"""The semantic stage: re-rank lexical hits by meaning, with static word embeddings.

BM25 only finds the words a question shares with the code. This stage adds how
close the two are in meaning: a text's vector is the mean of its tokens' vectors
in WordLlama's 256-dimensional ``l2_supercat`` table (trained for sentence
similarity). The table (16 MB) and its tokenizer ship inside the ``wordllama``
wheel; they are read with safetensors, HF tokenizers and numpy, without torch
and without importing wordllama's own code or touching the network.

Only the hits being re-ranked are embedded, at query time, and their vectors are
cached by chunk id (ids change when the text does), so a cold index costs nothing
more to build. It is opt-in (``IndexSettings.semantic_weight``) and its packages
are the ``semantic`` extra; if they or the files are missing, the stage switches
off (words only) and says why once in the log. bench/retrieval measures it.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import EmbeddingsUnavailable
from .model import Chunk, ScoredChunk
from .terms import expand_identifiers

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]

__all__ = [
    "EmbeddingsUnavailable",
    "SemanticRanker",
    "StaticEmbedder",
    "packaged_files",
    "unavailable",
]

log = logging.getLogger(__name__)

PACKAGE = "wordllama"
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
#: Tokens of a chunk that count (its names, signature and first lines).
MAX_TOKENS = 256
#: Chunk vectors kept (256 half floats each: 20,000 is 10 MB).
CACHE_SIZE = 20_000
NEEDS = ("numpy", "safetensors", "tokenizers", PACKAGE)
INSTALL_HINT = "install qgpt-lsp with its extra: qgpt-lsp[semantic]"


class StaticEmbedder:
    """Texts to unit vectors: the mean of their tokens' rows in an embedding table."""

    def __init__(self, weights: Path, tokenizer: Path, max_tokens: int = MAX_TOKENS) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as error:
            missing = f"{error.name} is not installed ({INSTALL_HINT})"
            raise EmbeddingsUnavailable(missing) from error

        try:
            tables = load_file(str(weights))
            self._tokenizer = Tokenizer.from_file(str(tokenizer))
        except Exception as error:  # a damaged or unreadable file
            raise EmbeddingsUnavailable(f"cannot load {weights.name}: {error}") from error
        if len(tables) != 1:
            raise EmbeddingsUnavailable(f"{weights.name}: expected one table, got {len(tables)}")
        self._table = next(iter(tables.values()))
        self._max_tokens = max_tokens

    @classmethod
    def from_package(cls) -> StaticEmbedder:
        """The table and tokenizer shipped in the ``wordllama`` wheel."""
        return cls(*packaged_files())

    @property
    def dimensions(self) -> int:
        return int(self._table.shape[1])

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text (zeros for a text with no tokens)."""
        import numpy as np

        rows = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        for row, encoding in enumerate(encodings):
            ids = encoding.ids[: self._max_tokens]
            if ids:
                mean = self._table[ids].astype(np.float32).mean(axis=0)
                rows[row] = mean / (float(np.linalg.norm(mean)) or 1.0)
        return rows


def packaged_files() -> tuple[Path, Path]:
    """The embedding table and tokenizer in the installed ``wordllama`` package."""
    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise EmbeddingsUnavailable(f"{', '.join(missing)} not installed ({INSTALL_HINT})")
    spec = importlib.util.find_spec(PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in map(Path, folders):
        if (folder / WEIGHTS).is_file() and (folder / TOKENIZER).is_file():
            return folder / WEIGHTS, folder / TOKENIZER
    raise EmbeddingsUnavailable(f"the {PACKAGE} package has no {WEIGHTS} ({INSTALL_HINT})")


def unavailable() -> str | None:
    """Why the semantic stage could not run here, or None if it can (nothing is loaded)."""
    try:
        packaged_files()
    except EmbeddingsUnavailable as error:
        return str(error)
    return None


def chunk_text(chunk: Chunk) -> str:
    """What a chunk's vector is made of: where it is, its names, then its code."""
    where = "/".join(chunk.path.parts[-2:])
    names = " ".join(name for name in (chunk.parent, chunk.symbol) if name)
    return expand_identifiers(f"{where} {names}\n{chunk.text}")


class SemanticRanker:
    """Re-ranks hits by lexical score and meaning; loads the embedder on first use.

    Thread-safe. A load failure switches the stage off for good (logged once).
    """

    def __init__(
        self,
        load: Callable[[], StaticEmbedder] = StaticEmbedder.from_package,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self._load = load
        self._embedder: StaticEmbedder | None = None
        self._failed: str | None = None
        self._vectors: OrderedDict[str, Any] = OrderedDict()  # id -> float16 vector
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @property
    def unavailable(self) -> str | None:
        """Why the stage is off, or None (not loaded yet, or working)."""
        return self._failed

    def rerank(
        self, query: str, hits: list[ScoredChunk], weight: float, pool: int = 50
    ) -> list[ScoredChunk]:
        """The ``pool`` best of ``hits`` scored ``score / best score + weight *
        cosine(query, chunk)``, best first; the others follow, in their order.

        With ``weight <= 0``, no hits, or no embedder, ``hits`` come back unchanged.
        """
        if weight <= 0 or not hits:
            return hits
        ranked = sorted(hits, key=lambda h: -h.score)
        hits, rest = ranked[:pool], ranked[pool:]
        with self._lock:
            embedder = self._ready()
            if embedder is None:
                return ranked
            try:
                similarity = self._similarities(embedder, query, [h.chunk for h in hits])
            except Exception:  # never lose the lexical answer to the optional stage
                log.exception("the semantic stage failed; ranking by words only")
                return ranked
        best = max(h.score for h in hits) or 1.0
        rescored = [
            ScoredChunk(h.chunk, h.score / best + weight * float(s))
            for h, s in zip(hits, similarity, strict=True)
        ]
        floor = min(h.score for h in rescored)
        below = [ScoredChunk(h.chunk, min(h.score / best, floor)) for h in rest]
        return sorted(rescored, key=lambda h: -h.score) + below

    def _ready(self) -> StaticEmbedder | None:
        if self._embedder is None and self._failed is None:
            try:
                self._embedder = self._load()
            except EmbeddingsUnavailable as error:
                self._failed = str(error)
                log.warning("semantic re-ranking is off: %s", error)
        return self._embedder

    def _similarities(self, embedder: StaticEmbedder, query: str, chunks: list[Chunk]) -> Vectors:
        import numpy as np

        missing = list({c.id: c for c in chunks if c.id not in self._vectors}.values())
        if missing:
            fresh = embedder.embed([chunk_text(c) for c in missing]).astype(np.float16)
            for chunk, vector in zip(missing, fresh, strict=True):
                self._vectors[chunk.id] = vector
        matrix = np.stack([self._vectors[c.id] for c in chunks]).astype(np.float32)
        for chunk in chunks:
            self._vectors.move_to_end(chunk.id)
        while len(self._vectors) > self._cache_size:
            self._vectors.popitem(last=False)
        result: Vectors = matrix @ embedder.embed([query])[0]
        return result
