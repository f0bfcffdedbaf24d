"""Words for search: identifiers split the way developers say them.

``parseHTTPResponse`` is also indexed as ``parse http response``; snake_case
and paths are split by the tokenizer itself (it breaks on every non-alphanumeric
character). Queries go through the same splitting, lose their filler words
("how", "does", "the"), and are lowercased so they can never be read as
query-language operators.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .vocabulary import WORDS

__all__ = [
    "doc_text",
    "expand_identifiers",
    "expanded_terms",
    "query_terms",
    "segment",
    "split_identifier",
]

_ALNUM_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z0-9_]+")
_DIGITS = re.compile(r"\d+")
_TWO_LETTER_WORDS = "is to of on in id os io fd fn re db ip up rm mk cp"
_NEVER_GLUED = "a an the and or with how does do what where which when why"
_SHORT = frozenset(_TWO_LETTER_WORDS.split())
VARIANT_WEIGHT = 0.5
#: Words never run together with a neighbour (``is leap`` -> isleap is fine, ``a leap`` is not).
_GLUE = frozenset(_NEVER_GLUED.split())

_ABBREVIATED = """directory:dir,dirs directories:dir,dirs command:cmd address:addr
argument:arg,args arguments:arg,args temporary:tmp,temp string:str length:len message:msg
environment:env configuration:config,cfg,conf initialize:init number:num position:pos
index:idx buffer:buf connection:conn request:req response:resp error:err exception:exc
object:obj value:val source:src destination:dst,dest previous:prev context:ctx
database:db authentication:auth authorization:auth repository:repo package:pkg
library:lib utility:util,utils generate:gen sequence:seq character:char,chr
attribute:attr parameter:param,params information:info document:doc separator:sep
delimiter:delim extension:ext process:proc expression:expr,regex maximum:max minimum:min
calculate:calc current:cur,curr reference:ref statistics:stats certificate:cert
password:passwd,pwd executable:exe remove:rm,del delete:del,rm create:make,mk,new
make:mk copy:cp previous:prev count:cnt"""
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {}
for _pair in _ABBREVIATED.split():
    _full, _short = _pair.split(":")
    _ABBREVIATIONS[_full] = tuple(_short.split(","))
    for _one in _short.split(","):
        _ABBREVIATIONS[_one] = (*_ABBREVIATIONS.get(_one, ()), _full)

_FILLER = """a an and are as at be by can could did do does doing done for from get gets got
    has have how i if in into is it its me my of on or our should so that the their
    them then there these this those to was we were what when where which who whom
    why will with would you your about which any all some used use uses using
    work works happen happens code function method whether decide decides decided
    determine determines determined"""
_STOPWORDS = frozenset(_FILLER.split())


_DOCSTRING = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'', re.DOTALL)
_COMMENT = re.compile(r"^[ \t]*(?:#|//|/\*+|\*)(.*)$", re.MULTILINE)


def doc_text(text: str) -> str:
    """The prose of a chunk: its docstrings and comments (what questions paraphrase)."""
    parts = [a or b for a, b in _DOCSTRING.findall(text)] if '"""' in text or "'''" in text else []
    parts += _COMMENT.findall(text)
    return "\n".join(parts)


def split_identifier(word: str) -> str:
    """``parseHTTPResponse`` -> ``parse HTTP Response`` (other words unchanged)."""
    return _CAMEL_BOUNDARY.sub(" ", word)


def expand_identifiers(text: str, compounds: bool = True) -> str:
    """``text`` followed by the parts of its identifiers (each identifier once).

    camelCase words are split; with ``compounds``, lowercase compounds made of
    known words are too (``makedirs`` -> ``make dirs``, ``list2cmdline`` -> ``list 2 cmd line``).
    """
    parts_of = _word_parts if compounds else _camel_parts
    words = dict.fromkeys(_ALNUM_WORD.findall(text))  # first-seen order: the same in any process
    extra = " ".join(itertools.chain.from_iterable(map(parts_of, words)))
    return text + "\n" + extra if extra else text


@lru_cache(maxsize=262_144)
def _camel_parts(word: str) -> tuple[str, ...]:
    return tuple(split_identifier(word).split()) if _is_camel(word) else ()


@lru_cache(maxsize=262_144)
def _word_parts(word: str) -> tuple[str, ...]:
    pieces = _camel_parts(word) or (word,)
    found = [] if len(pieces) == 1 else list(pieces)
    for piece in pieces:
        for run in _DIGITS.split(piece.lower()) if any(c.isdigit() for c in piece) else (piece,):
            found += segment(run.lower())
    return tuple(found)


def _is_camel(word: str) -> bool:
    """``parseHTTP``, ``HTTPResponse``, ``getX`` but not ``parse``, ``HTTP``, ``Parse``."""
    return not (word.islower() or word.isupper() or word[1:].islower() or word[1:].isdigit())


@lru_cache(maxsize=262_144)
def segment(word: str) -> tuple[str, ...]:
    """A lowercase compound as its known words (``isleap`` -> is, leap), or () if it is not one."""
    if len(word) < 5 or word in WORDS or not word.isalpha():
        return ()
    best: list[tuple[int, int] | None] = [None] * (len(word) + 1)  # (parts, previous cut)
    best[0] = (0, 0)
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 12), end - 1):
            before = best[start]
            piece = word[start:end]
            if before is None or piece not in WORDS or (len(piece) < 3 and piece not in _SHORT):
                continue
            current = best[end]
            if current is None or before[0] + 1 < current[0]:
                best[end] = (before[0] + 1, start)
    return _unwind(word, best)


def _unwind(word: str, best: list[tuple[int, int] | None]) -> tuple[str, ...]:
    last = best[len(word)]
    if last is None or not 2 <= last[0] <= 4:
        return ()
    parts: list[str] = []
    end = len(word)
    while end > 0:
        cut = best[end]
        assert cut is not None
        parts.append(word[cut[1] : end])
        end = cut[1]
    return tuple(reversed(parts))


def query_terms(query: str) -> list[str]:
    """The lowercase search terms of a question, filler words dropped (unless that is all)."""
    words = _WORD.findall(query)
    terms: list[str] = []
    for word in words:
        parts = split_identifier(word).split()
        terms += [word.lower()] + ([part.lower() for part in parts] if len(parts) > 1 else [])
    kept = [term for term in terms if term.strip("_") and term not in _STOPWORDS]
    return kept or [term for term in terms if term.strip("_")]


def expanded_terms(query: str) -> list[tuple[str, float]]:
    """The query's terms with weights: its own words, plus weaker code-aware variants.

    Variants: compound parts (``makedirs`` -> make dirs), abbreviations both ways
    (directory <-> dir), and two neighbouring words run together (``leap year`` ->
    leapyear, ``is leap`` -> isleap), each at ``VARIANT_WEIGHT``.
    """
    terms = query_terms(query)
    variants: list[str] = []
    for term in terms:
        variants += [*segment(term), *_ABBREVIATIONS.get(term, ())]
    words = [word.lower() for word in _WORD.findall(query)]
    words = [word for word in words if word not in _GLUE]
    variants += [a + b for a, b in itertools.pairwise(words)]
    extra = dict.fromkeys(v for v in variants if v not in terms and v not in _STOPWORDS)
    return [(term, 1.0) for term in dict.fromkeys(terms)] + [(v, VARIANT_WEIGHT) for v in extra]
