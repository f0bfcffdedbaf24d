"""The labeled question sets, read from ``sets/<name>.json``.

Each file holds ``{"name", "about", "questions": [{"corpus", "question",
"answers": [[file, qualified name], ...]}, ...]}``: a question asked the way a
developer asks, the corpus it is asked of (``stdlib`` or an installed package's
import name) and the definitions that answer it (any one counts), as paths
relative to the corpus root and ``Class.method`` names. ``about`` says which
corpora, how and when the set was written, how often it was read and its status
(tuning, development or blind). Other keys, of a set or of a question, are
ignored here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

SETS_DIR = Path(__file__).resolve().parent / "sets"

#: The sets the benchmark reports, in the order it prints them.
ALL_SETS = ("tuning", "held_out", "fresh", "final", "blind2", "blind3", "blind4", "blind5")


class Question(NamedTuple):
    """One labeled question: any of ``answers`` (file, qualified name) answers it."""

    corpus: str
    question: str
    answers: list[tuple[str, str]]


def load(name: str) -> list[Question]:
    """The questions of the set ``sets/<name>.json``, in file order."""
    path = SETS_DIR / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = []
    for number, entry in enumerate(data["questions"], 1):
        answers = entry["answers"]
        if not answers or any(
            len(answer) != 2 or not all(isinstance(part, str) for part in answer)
            for answer in answers
        ):
            raise ValueError(f"{path}: question {number}: answers must be [file, name] pairs")
        pairs = [(file, qualified) for file, qualified in answers]
        questions.append(Question(entry["corpus"], entry["question"], pairs))
    return questions
