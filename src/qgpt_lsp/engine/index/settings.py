"""How the index behaves (IndexSettings) and what one build did (IndexSummary)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexSettings:
    """Index tuning; the defaults suit a normal repository."""

    max_file_size: int = 1_048_576
    """Files bigger than this many bytes are skipped (editor setting ``index.maxFileSize``)."""

    window_lines: int = 40
    """Lines per window for text that is not a function or class (Markdown, config...)."""

    window_overlap: int = 10
    """Lines two neighbouring windows share."""

    max_chunk_lines: int = 150
    """A function or class longer than this is split into windows that keep its symbol."""

    whole_class_lines: int = 80
    """A class this short is also one chunk with all its methods (context for answers)."""

    file_windows: bool = False
    """Also cut code files into back-to-back windows of ``window_lines`` (see chunking).

    Off: with the semantic stage they raised recall@5 on bench/retrieval's
    development sets, without it they lowered it (0.77 -> 0.67 on one set)."""

    window_weight: float = 0.6
    """How much the best 40-line window around a definition adds to its score (see
    :mod:`.windows`); 0 switches the window index's opinion off. Chosen on
    bench/retrieval's development sets."""

    signature_only: float = 0.4
    """The score left to a hit whose matched words are all in its parameter list or
    the arguments it passes on unchanged (see :mod:`.substance`); 1.0 switches the
    weighing off. Chosen on bench/retrieval's development sets."""

    coverage_power: float = 0.5
    """How much matching more of the question's words (weighed by rarity) counts: a
    hit's score is multiplied by the share it matches to this power (see
    :mod:`.substance`); 0 switches it off. Chosen on bench/retrieval's development sets."""

    named_code: float = 1.3
    """How much more a definition counts when the question writes its name as code
    (``SortedList.update``, ``alabel()``, ``max_length``; see :mod:`.named_code`);
    1.0 switches it off."""

    index_workers: int = 0
    """Processes that read and parse files during a build of many files (see
    :mod:`.prepare`): 0 means one per core, at most 4; 1 means none."""

    writer_heap_bytes: int = 64_000_000
    """Memory the tantivy writer may buffer before it flushes a segment."""

    semantic_weight: float = 0.0
    """How much meaning counts against words when re-ranking; 0 (the default) is off.

    A hit's score becomes its BM25 score over the best one's, plus this times the
    cosine similarity of static embeddings of the question and of the chunk
    (:mod:`.semantic`; needs the ``semantic`` extra). At 1.0 it raised recall@5 on
    bench/retrieval's three development sets but lowered it on the blind set
    (0.71 -> 0.67), so it is opt-in."""

    semantic_pool: int = 50
    """How many lexical hits the semantic stage re-ranks."""


@dataclass
class IndexSummary:
    """What a build found and did; ``skipped`` counts files per reason ("too large",
    "binary", "secret", "unreadable")."""

    files: int = 0
    chunks: int = 0
    indexed: int = 0  # files (re)indexed by this build
    unchanged: int = 0
    removed: int = 0
    ignored: int = 0  # files and folders excluded by ignore rules
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def describe(self) -> str:
        """One line for logs and the CLI."""
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        skipped = f"{self.skipped_total} skipped ({reasons})" if reasons else "0 skipped"
        return (
            f"{self.files} files, {self.chunks} chunks ({self.indexed} indexed, "
            f"{self.unchanged} unchanged, {self.removed} removed), {skipped}, "
            f"{self.ignored} ignored, {self.seconds:.1f} s"
        )
