"""Secret redaction on the planted corpus: how many secrets are caught, how many
look-alikes are masked by mistake.

    .venv/bin/python bench/secrets/run.py

Reads ``tests/data/secrets/corpus.json`` (made by ``make_corpus.py``) and passes every
snippet through the one redaction point, :func:`qgpt_lsp.redaction.redact`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from qgpt_lsp.redaction import redact

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "secrets" / "corpus.json"


@dataclass
class Score:
    """What redaction did to the corpus: the misses and false positives by kind."""

    planted: int = 0
    lookalikes: int = 0
    kinds: int = 0
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def caught(self) -> int:
        return self.planted - len(self.missed)


def score(corpus_path: Path = CORPUS) -> Score:
    corpus = json.loads(corpus_path.read_text(encoding="utf-8"))
    result = Score(
        planted=len(corpus["planted"]),
        lookalikes=len(corpus["lookalikes"]),
        kinds=len({case["kind"] for case in corpus["planted"]}),
    )
    for case in corpus["planted"]:
        masked = redact(case["text"])
        if any(
            line and line in masked
            for line in case["secret"].splitlines()[1:-1] or [case["secret"]]
        ):
            result.missed.append(f"{case['kind']}: {case['text'].strip()[:80]}")
    for case in corpus["lookalikes"]:
        if case["keep"] not in redact(case["text"]):
            result.false_positives.append(f"{case['kind']}: {redact(case['text']).strip()[:80]}")
    return result


def main() -> None:
    result = score()
    print(f"planted secrets: {result.planted} of {result.kinds} kinds; caught {result.caught}")
    for miss in result.missed:
        print(f"  missed   {miss}")
    print(f"look-alikes: {result.lookalikes}; masked by mistake {len(result.false_positives)}")
    for wrong in result.false_positives:
        print(f"  masked   {wrong}")


if __name__ == "__main__":
    main()
