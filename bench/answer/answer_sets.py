"""The answer benchmark's question sets, read from ``sets/<name>.json``.

Each file holds ``{"name", "about", "questions": [...]}``; a question is
``{"corpus", "question", "answers", "key_names", "deciding_lines", "reference"}``:
the installed package it is asked of (its directory in site-packages is the
workspace root), the question as a user asks it, the definitions that answer it
(``[file, qualified name]`` pairs, the bench/retrieval format), the 3-6 identifiers
a correct answer must name, the ``[file, first, last]`` line ranges (1-based) it
should quote, and a short correct answer. Files are relative to site-packages.
``about`` says how the set was written, how often it was read and whether it is a
tuning set or blind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETS_DIR = Path(__file__).resolve().parent / "sets"
#: Sets nobody may run by accident: reading one spends it (see ``--read-blind``).
BLIND_STATUS = "blind"


@dataclass(frozen=True)
class LineRange:
    """Lines ``first``..``last`` (1-based, inclusive) of ``file``."""

    file: str
    first: int
    last: int


@dataclass(frozen=True)
class AnswerQuestion:
    corpus: str
    question: str
    answers: tuple[tuple[str, str], ...]
    key_names: tuple[str, ...]
    deciding_lines: tuple[LineRange, ...]
    reference: str


@dataclass(frozen=True)
class AnswerSet:
    name: str
    about: dict[str, Any]
    questions: tuple[AnswerQuestion, ...]

    @property
    def is_blind(self) -> bool:
        return str(self.about.get("status", "")).startswith(BLIND_STATUS)


def set_path(name: str) -> Path:
    """``sets/<name>.json`` for a bare name, else the path as given (sets others hold)."""
    if name.endswith(".json") or "/" in name:
        return Path(name)
    return SETS_DIR / f"{name}.json"


def load(name: str) -> AnswerSet:
    path = set_path(name)
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = tuple(
        _question(entry, f"{path}: question {number}")
        for number, entry in enumerate(data["questions"], 1)
    )
    return AnswerSet(data.get("name", path.stem), data.get("about", {}), questions)


def _question(entry: dict[str, Any], where: str) -> AnswerQuestion:
    answers = tuple((str(file), str(name)) for file, name in entry["answers"])
    ranges = tuple(LineRange(str(f), int(a), int(b)) for f, a, b in entry["deciding_lines"])
    key_names = tuple(str(name) for name in entry["key_names"])
    if not answers or not key_names or not ranges:
        raise ValueError(f"{where}: answers, key_names and deciding_lines must not be empty")
    if any(r.first < 1 or r.last < r.first for r in ranges):
        raise ValueError(f"{where}: deciding_lines must be [file, first, last], 1-based")
    return AnswerQuestion(
        corpus=str(entry["corpus"]),
        question=str(entry["question"]),
        answers=answers,
        key_names=key_names,
        deciding_lines=ranges,
        reference=str(entry.get("reference", "")),
    )
