"""The words a question brings of its own, and the words to search when it brings none.

"Explain this code.", "Find bugs in this code.", "what does this do?" say nothing
about what to look for: every word is a question word, a pronoun, a verb any
question about code uses, or a code action's fixed wording. Searched as words,
"explain" finds the page that explains the most and "find bugs" finds
``find_root``. Such a question is about the code that came with it, so its
search is made of that code's names (:mod:`.subject`); the words that remain
after :data:`GENERIC` ones are dropped (``timeout``, an undefined name quoted by
a diagnostic) are searched beside them.
"""

from __future__ import annotations

import re

__all__ = ["GENERIC", "asks_about_usage", "fragment_query", "identifiers", "question_terms"]

_QUESTION = """a an the is are was were be been being am do does did done doing can could
    should would will shall may might must have has had of in on at to for from with without
    by about into onto as and or but if then than so not no yes this that these those it its
    they them their there here what whats which who whom whose why how when where whether
    please me my we us our you your i any some all each every one ones else also just only
    very more most much many other"""
_ASKING = """explain explains explained explanation describe describes tell show give find
    look check review summarize summarise understand bug bugs buggy issue issues problem
    problems wrong fix fixes fixed improve improved simplify refactor code snippet selection
    selected line lines function functions method methods class classes file files module
    modules workspace project repo repository part piece block work works working mean means
    meaning purpose happen happens happening going go goes thing things doing returns
    return returned value values result results"""
_USAGE_WORDS = """use used uses using usage usages call calls called calling caller callers
    test tests tested testing"""
_DIAGNOSTIC = """error errors warning warnings hint undefined unused name names variable
    variables defined definition reference referenced unknown unresolved expected got found
    missing possibly unbound type types argument arguments parameter parameters attribute
    attributes member import imported object instance cannot assigned assignable incompatible
    declared redefinition shadowed shadows unreachable statement expression syntax invalid
    line column"""
_USAGE = frozenset(_USAGE_WORDS.split())
#: Words that say nothing about which code a question is about (lowercase).
GENERIC = frozenset(" ".join((_QUESTION, _ASKING, _DIAGNOSTIC)).split()) | _USAGE
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"'([^'\n]{1,80})'|\"([^\"\n]{1,80})\"|`([^`\n]{1,80})`")
_DEFINES = re.compile(
    r"^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|func|fn|interface|struct)\s+(\w+)",
    re.MULTILINE,
)
_KEYWORD_WORDS = """and async await break case catch class const continue def elif else except
    export false
    finally for from function import lambda let none not null pass raise return self static
    this true try var void while with yield"""
_KEYWORDS = frozenset(_KEYWORD_WORDS.split())
#: Most identifiers of a fragment searched for when it defines nothing.
MAX_IDENTIFIERS = 8


def question_terms(question: str) -> list[str]:
    """The question's own words, in order (``[]`` for "Explain this code."); a quoted
    word is always its own (a diagnostic's ``undefined name 'value'``)."""
    quoted = {w for m in _QUOTED.finditer(question) for w in _WORD.findall(m.group(0))}
    words = (
        w
        for w in _WORD.findall(question)
        if w in quoted or (len(w) > 1 and w.lower() not in GENERIC)
    )
    return list(dict.fromkeys(words))


def asks_about_usage(question: str) -> bool:
    """True for "how is this used / tested?", "what calls it?": callers and tests first."""
    return any(word.lower() in _USAGE for word in _WORD.findall(question))


def fragment_query(question: str, fragment: str) -> str:
    """What to search for a question about ``fragment`` when its place is unknown: the
    question's own words and the names the fragment defines (else its identifiers)."""
    names = list(dict.fromkeys(_DEFINES.findall(fragment)))[:3]
    if not names:
        names = identifiers(fragment)[:MAX_IDENTIFIERS]
    return " ".join(dict.fromkeys([*question_terms(question), *names]))


def identifiers(text: str) -> list[str]:
    """The text's identifiers, longest first (keywords and one- or two-letter names left out)."""
    found = dict.fromkeys(
        w for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in _KEYWORDS
    )
    return sorted(found, key=len, reverse=True)
