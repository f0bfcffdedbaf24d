"""What a question asks: its kind (what shape the answer takes) and its terms.

The kind is read from the wording alone (regular expressions, first match wins,
in the order of :data:`_KINDS`); the terms are the question's content words and
identifiers, stemmed, so that "redirects", "redirected" and "redirect" meet.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

__all__ = ["Question", "QuestionKind", "read_question", "stem", "word_stems"]


class QuestionKind(StrEnum):
    """The shape of the answer a question wants."""

    ERROR = "error"  # "explain this error: undefined name 'valeu'"
    BUGS = "bugs"  # "find bugs", "what can go wrong"
    USAGE = "usage"  # "how is it used / tested", "who calls it"
    WHAT_IF = "what_if"  # "what happens if the file is missing"
    RETURNS = "returns"  # "what does it return when ..."
    WHERE = "where"  # "where is the timeout set / handled / decided"
    EXPLAIN = "explain"  # anything else: "how does X ...", "explain this"


_KINDS: list[tuple[QuestionKind, re.Pattern[str]]] = [
    (
        QuestionKind.ERROR,
        re.compile(
            r"\bexplain (this|the|that) (error|diagnostic|warning|exception)"
            r"|^\s*(error|warning|diagnostic)\s*:"
            r"|\bundefined (name|variable|reference)\b|\bis not defined\b"
            r"|\bhas no attribute\b|\bcannot find name\b|\bunresolved reference\b",
            re.IGNORECASE,
        ),
    ),
    (
        QuestionKind.BUGS,
        re.compile(
            r"\bbugs?\b|\bbuggy\b|\bwhat (can|could|might|may) (go|be) wrong\b"
            r"|\b(any|potential|possible) (issues|problems|errors|mistakes)\b"
            r"|\bis (this|it|the code) (correct|safe|broken)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QuestionKind.USAGE,
        re.compile(
            r"\bhow (is|are) (it|this|they|these|that|`?[\w.]+`?) (being )?"
            r"(used|tested|called|invoked)\b"
            r"|\b(where|how) (is|are) .{0,60}\b(used|tested|called|invoked)\b"
            r"|\bwho (calls|uses)\b|\b(callers|usages?|uses) of\b|\btests? (for|of)\b"
            r"|\bhow (do|can|should) (i|you|we) (use|call|test)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QuestionKind.WHAT_IF,
        re.compile(r"\bwhat happens\b|\bwhat if\b|\bhow does .{0,60}\bbehave\b", re.IGNORECASE),
    ),
    (
        QuestionKind.RETURNS,
        re.compile(
            r"\breturns?\b|\breturned\b|\bresult of\b|\bwhat (does|do|will|would) .{0,60}"
            r"\b(give back|yield|produce)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QuestionKind.WHERE,
        re.compile(
            r"\bwhere\b|\bwhich (function|method|class|code|part|module|line)s?\b"
            r"|\b(who|what) (handles|decides|sets|checks|validates|controls)\b"
            r"|\bwhat (is|are) the (default|maximum|max|minimum|min|limit)\b",
            re.IGNORECASE,
        ),
    ),
]

#: Words that say what kind of question it is, or nothing at all: never matched in code.
_FILLER_WORDS = """
    set sets
    a an and are as at be been being by can could did do does doing done for from get
    gets got has have how i if in into is it its me my of on or our should so that the
    their them then there these this those to was we were what when whenever where which
    who whom why will with would you your about any all some used use uses using work
    works happen happens happened code function method class explain explains tell show
    describe please line lines return returns returned value give given find bug bugs
    wrong go goes going error here decide decides decided handle handles handled whether
    thing things way ways does not see also just only each every other than else
"""
_FILLER = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_QUOTED = re.compile(r"`([^`]+)`|'([A-Za-z_][\w.]*)'|\"([A-Za-z_][\w.]*)\"")
_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ed", "es", "s")
#: Short and long forms that name the same thing in code.
_SAME = {
    "maximum": "max",
    "minimum": "min",
    "length": "len",
    "longer": "len",
    "shorter": "len",
    "number": "num",
    "directory": "dir",
    "argument": "arg",
    "parameter": "param",
    "configuration": "config",
    "message": "msg",
    "exception": "exc",
    "request": "req",
    "response": "resp",
    "error": "err",
    "initialize": "init",
    "environment": "env",
    "missing": "none",
    "absent": "none",
    "unset": "none",
    "null": "none",
    "nil": "none",
    "no": "none",
}


@dataclass(frozen=True)
class Question:
    """A question as the answer reads it."""

    text: str
    kind: QuestionKind
    terms: tuple[str, ...]  # stems of the content words and identifier parts
    names: tuple[str, ...]  # identifiers as written: `max_length`, 'valeu', parseUrl
    detail: str = ""  # for ERROR: the diagnostic message
    #: Each content word and the stems that stand for it ("response": response, resp):
    #: a word counts once however many of its stems a line holds.
    words: tuple[tuple[str, frozenset[str]], ...] = ()

    def matches(self, word: str) -> bool:
        """True when ``word`` (any identifier) shares a stem with the question's terms."""
        return bool(self.terms) and not word_stems(word).isdisjoint(self.terms)

    def concepts(self, stems: frozenset[str]) -> set[str]:
        """The question's words that ``stems`` (a line's, a name's) stand for."""
        return {word for word, group in self.words if not group.isdisjoint(stems)}


def read_question(text: str, project: Collection[str] = ()) -> Question:
    """The question's kind, terms and the names it mentions. ``project``: the workspace's
    own names, lowercase ("how does arrow parse ..." asks about the project, so ``arrow``
    tells no code in it apart), dropped from the terms unless written as code."""
    first = " ".join(text.split())
    kind = next((kind for kind, pattern in _KINDS if pattern.search(first)), QuestionKind.EXPLAIN)
    detail = _diagnostic(first) if kind is QuestionKind.ERROR else ""
    names = tuple(dict.fromkeys(_names(first)))
    words: dict[str, frozenset[str]] = {}
    for word in _WORD.findall(first):
        if word.lower() not in _FILLER and word_stems(word):
            words[word.lower()] = words.get(word.lower(), frozenset()) | word_stems(word)
    as_code = {name.lower() for name in names}
    dropped = {word for word in words if word in project and word not in as_code}
    if len(dropped) < len(words):
        words = {word: stems for word, stems in words.items() if word not in dropped}
    terms = dict.fromkeys(stem for group in words.values() for stem in sorted(group))
    return Question(first, kind, tuple(terms), names, detail, tuple(words.items()))


def _diagnostic(text: str) -> str:
    """The message of "Explain this error: <message>" (the whole text when no prefix)."""
    head, colon, rest = text.partition(":")
    return rest.strip() if colon and len(head.split()) <= 5 else text


def _names(text: str) -> list[str]:
    """Identifiers written as code: quoted, called (``alabel()``), or snake_case /
    camelCase / dotted."""
    found = [next(group for group in match.groups() if group) for match in _QUOTED.finditer(text)]
    for word, called in re.findall(r"([A-Za-z_][\w.]*)(\(\))?", text):
        if called or "_" in word.strip("_") or _CAMEL.search(word) or "." in word.strip("."):
            found.append(word.strip("."))
    return found


@lru_cache(maxsize=65_536)
def word_stems(word: str) -> frozenset[str]:
    """The stems an identifier stands for: its parts (snake and camel case), each stemmed,
    and the whole name when it has parts (``max_length`` -> max, len, length, max_length)."""
    parts = [p for p in _CAMEL.sub("_", word).lower().split("_") if p]
    stems = {stem(part) for part in parts if len(part) > 1 or part.isdigit()}
    stems |= {_SAME[part] for part in parts if part in _SAME}
    if len(parts) > 1:
        stems.add("_".join(parts))
    return frozenset(stems)


def stem(word: str) -> str:
    """A crude stem: common English endings cut while three letters remain."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]  # "stopped" -> "stopp" -> "stop"
    return word
