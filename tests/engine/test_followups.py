"""Hints and reprompt without a model: the deterministic rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answerers import CitedCode
from qgpt_lsp.engine.answering.hints import derive_hints
from qgpt_lsp.engine.answering.reprompt import standalone_query
from qgpt_lsp.wire import (
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTConversationMessageRoleEnum,
    QGPTHintsInput,
    QGPTQuestionAnswer,
    QGPTRelevanceInput,
    QGPTRepromptInput,
)


def _conversation(*turns: tuple[str, str]) -> QGPTConversation:
    """Messages given oldest first, returned newest first as the wire orders them."""
    start = datetime(2026, 11, 1, tzinfo=UTC)
    messages = [
        QGPTConversationMessage(
            role=QGPTConversationMessageRoleEnum(role),
            text=text,
            timestamp=GroupedTimestamp.of(start + timedelta(minutes=n)),
        )
        for n, (role, text) in enumerate(turns)
    ]
    return QGPTConversation(iterable=list(reversed(messages)))


@pytest.mark.parametrize(
    ("turns", "follow_up", "expected"),
    [
        (
            [("USER", "what does `evict_oldest` do?")],
            "and how is it tested?",
            "How is `evict_oldest` tested?",
        ),
        (
            [("USER", "explain parse_response please")],
            "why does it raise?",
            "Why does `parse_response` raise?",
        ),
        (
            [("USER", "how does the LRU cache evict?")],
            "and the tests?",
            "The tests (about LRU cache evict)?",
        ),
        (
            [("USER", "explain `a_b`"), ("ASSISTANT", "..."), ("USER", "what about `c_d`?")],
            "who wrote it?",
            "Who wrote `c_d`?",
        ),
        (
            [("USER", "what does `evict_oldest` do?")],
            "what calls shrink_all?",
            "what calls shrink_all?",
        ),
        ([], "and how is it tested?", "and how is it tested?"),
    ],
)
def test_standalone_query(turns: list[tuple[str, str]], follow_up: str, expected: str) -> None:
    assert standalone_query(follow_up, _conversation(*turns)) == expected


def test_derived_hints_name_the_code() -> None:
    snippet = CitedCode("def evict_oldest(items):\n    pass\n", label="src/cache.py:12-13")
    snippet = CitedCode(snippet.text, path=None, label="src/cache.py:12-13")
    hints = derive_hints("what does evict_oldest do?", [snippet])
    assert hints[:3] == [
        "How is `evict_oldest` tested?",
        "Where is `evict_oldest` called from?",
        "What can go wrong in `evict_oldest`?",
    ]


async def test_hints_endpoint_gives_3_to_5_scored_questions(engine: Engine) -> None:
    found = await engine.relevance(QGPTRelevanceInput(query="evict_oldest"))
    output = await engine.hints(
        QGPTHintsInput(
            relevant=found.relevant,
            query="what does evict_oldest do?",
            answer=QGPTQuestionAnswer(score=1.0, text="It drops the oldest key."),
        )
    )
    texts = [a.text for a in output.answers.iterable]
    assert 3 <= len(texts) <= 5
    assert texts[0] == "How is `evict_oldest` tested?"
    assert [a.score for a in output.answers.iterable] == sorted(
        (a.score for a in output.answers.iterable), reverse=True
    )


async def test_reprompt_endpoint_uses_the_rule_when_grounded(engine: Engine) -> None:
    output = await engine.reprompt(
        QGPTRepromptInput(
            query="and how is it tested?",
            conversation=_conversation(("USER", "what does `evict_oldest` do?")),
        )
    )
    assert output.query == "How is `evict_oldest` tested?"


ANSWER = (
    "It puts the subject where the follow-up says it (`pkg/query.py:6-11`), "
    "after `split_words` split the question."
)
FOLLOW_UPS = [
    ("and how is it tested?", "How is `standalone_query` tested?"),
    ("what calls it?", "What calls `standalone_query`?"),
    ("why?", "Why (about `standalone_query`)?"),
    ("what about the timeout?", "What about the timeout in `standalone_query`?"),
    ("does it raise?", "Does `standalone_query` raise?"),
]


def _cited(text: str) -> list[str]:
    """What the index reads back from ``pkg/query.py:6-11``."""
    return ["standalone_query"] if "pkg/query.py:6" in text else []


@pytest.mark.parametrize(("follow_up", "expected"), FOLLOW_UPS)
def test_a_follow_up_names_the_definition_the_answer_cites(follow_up: str, expected: str) -> None:
    """A code action's question names nothing: the subject is what its answer cited
    first (the selection), not a word of "Explain this code." nor of the answer."""
    conversation = _conversation(("USER", "Explain this code."), ("ASSISTANT", ANSWER))
    assert standalone_query(follow_up, conversation, _cited) == expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # the symbol the user named wins over what the answer cites
        ([("USER", "what does `wait_seconds` do?"), ("ASSISTANT", ANSWER)], "`wait_seconds`"),
        # without the index, the first name the answer's lead puts in backticks
        ([("USER", "Explain this code."), ("ASSISTANT", "## `parse_reply`\n...")], "`parse_reply`"),
        # a follow-up's own words ("tested") are no subject: the turn before it is
        (
            [
                ("USER", "Explain this code."),
                ("ASSISTANT", ANSWER),
                ("USER", "and how is it tested?"),
            ],
            "`standalone_query`",
        ),
    ],
)
def test_the_subject_of_a_conversation(turns: list[tuple[str, str]], expected: str) -> None:
    rewritten = standalone_query("does it raise?", _conversation(*turns), _cited)
    assert rewritten == f"Does {expected} raise?"
