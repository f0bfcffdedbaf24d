"""Every qgpt.* command end to end on the embedded engine (grounded answerer, no model)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from .conftest import CALC
from .session import LSPSession

DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


def _ask_result_shape(result: dict[str, Any]) -> None:
    assert set(result) >= {
        "conversation",
        "status",
        "answer",
        "sources",
        "hints",
        "persons",
        "model",
    }
    for source in result["sources"]:
        assert source["uri"].startswith("file://") and set(source["range"]) == {"start", "end"}
    for person in result["persons"]:
        assert set(person) == {"id", "name", "email", "explanation"}


async def _index_ready(session: LSPSession) -> None:
    async def ready() -> bool:
        return (await session.execute("qgpt.indexStatus", {}))["state"] == "ready"

    for _ in range(600):
        if await ready():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the index never became ready")


async def test_ask_a_selection(embedded: LSPSession) -> None:
    uri = embedded.open("app/calc.py")
    await _index_ready(embedded)
    result = await embedded.execute(
        "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
    )
    _ask_result_shape(result)
    assert result["status"] == "completed" and result["model"] == "grounded"
    assert "divide" in result["answer"]
    assert any(s["uri"] == uri and s["range"]["start"]["line"] == 8 for s in result["sources"])
    assert any(s["uri"].endswith("report.py") for s in result["sources"]), "callers are cited"
    assert result["hints"] and all(isinstance(h, str) and h for h in result["hints"])
    assert [p["name"] for p in result["persons"]] == ["Ada Lovelace"]
    document = Path(result["document"].removeprefix("file://"))
    assert document.name == f"{result['conversation']}.md"
    assert result["answer"].strip() in await asyncio.to_thread(document.read_text)


async def test_unsaved_buffer_is_what_gets_asked(embedded: LSPSession) -> None:
    text = CALC + "\n\ndef frobnicate_ledger(x: int) -> int:\n    return x * 42\n"
    uri = embedded.open("app/calc.py", text)
    await _index_ready(embedded)
    line = text.splitlines().index("def frobnicate_ledger(x: int) -> int:")
    selection = {"start": {"line": line, "character": 0}, "end": {"line": line + 2, "character": 0}}
    result = await embedded.execute(
        "qgpt.ask",
        {"uri": uri, "range": selection, "question": "What does frobnicate_ledger return?"},
    )
    assert result["status"] == "completed"
    assert "frobnicate_ledger" in result["answer"]
    assert "frobnicate_ledger" not in await asyncio.to_thread(
        (embedded.root / "app/calc.py").read_text
    )


async def test_ask_file_and_follow_up_share_the_conversation(embedded: LSPSession) -> None:
    uri = embedded.open("app/report.py")
    await _index_ready(embedded)
    first = await embedded.execute(
        "qgpt.askFile", {"uri": uri, "question": "What does monthly_mean compute?"}
    )
    assert first["status"] == "completed" and "monthly_mean" in first["answer"]
    follow = await embedded.execute(
        "qgpt.followUp",
        {"conversation": first["conversation"], "question": "Which helpers does it call?"},
    )
    assert follow["status"] == "completed" and follow["conversation"] == first["conversation"]
    # the result says what was really asked: the follow-up rewritten to name its subject
    assert first["asked"] == "What does monthly_mean compute?"
    assert follow["asked"] != "Which helpers does it call?" and "monthly_mean" in follow["asked"]
    listed = await embedded.execute("qgpt.conversations", {})
    mine = [c for c in listed if c["id"] == first["conversation"]]
    assert len(mine) == 1 and mine[0]["title"] == "What does monthly_mean compute?"
    roles = [m["role"] for m in mine[0]["messages"]]
    assert roles == ["USER", "ASSISTANT", "USER", "ASSISTANT"]
    assert mine[0]["messages"][2]["text"] == "Which helpers does it call?"
    assert first["document"] == follow["document"]
    text = await asyncio.to_thread(Path(first["document"].removeprefix("file://")).read_text)
    assert text.index("What does monthly_mean compute?") < text.index("Which helpers does it call?")


async def test_explain_diagnostic_uses_the_message(embedded: LSPSession) -> None:
    uri = embedded.open("app/calc.py")
    await _index_ready(embedded)
    diagnostic = {
        "range": {"start": {"line": 10, "character": 11}, "end": {"line": 10, "character": 24}},
        "message": "ZeroDivisionError: division by zero",
        "severity": 1,
    }
    result = await embedded.execute(
        "qgpt.explainDiagnostic", {"uri": uri, "diagnostic": diagnostic}
    )
    _ask_result_shape(result)
    assert result["status"] == "completed"
    assert "divide" in result["answer"] or "ZeroDivisionError" in result["answer"]
    listed = await embedded.execute("qgpt.conversations", {})
    assert any(c["title"].startswith("Explain this error: ZeroDivisionError") for c in listed)


async def test_relevance_hints_who_and_conversations(embedded: LSPSession) -> None:
    uri = embedded.open("app/calc.py")
    await _index_ready(embedded)
    hits = await embedded.execute("qgpt.relevance", {"query": "monthly mean of values"})
    assert hits and hits[0]["location"]["uri"].endswith("report.py")
    assert hits[0]["symbol"] == "monthly_mean"
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0
    only_calc = await embedded.execute(
        "qgpt.relevance", {"query": "divide", "paths": ["app/calc.py"]}
    )
    assert only_calc and {h["location"]["uri"] for h in only_calc} == {uri}

    who = await embedded.execute("qgpt.whoCanHelp", {"uri": embedded.uri("app/report.py")})
    assert [p["name"] for p in who["persons"]] == ["Grace Hopper"]
    assert "report.py" in who["persons"][0]["explanation"]

    new = await embedded.execute("qgpt.newConversation", {})
    assert await embedded.execute("qgpt.hints", {"conversation": new["conversation"]}) == []
    asked = await embedded.execute(
        "qgpt.ask",
        {
            "uri": uri,
            "range": DIVIDE,
            "question": "Explain divide",
            "conversation": new["conversation"],
        },
    )
    assert asked["conversation"] == new["conversation"]
    assert (
        await embedded.execute("qgpt.hints", {"conversation": new["conversation"]})
        == asked["hints"]
    )
    assert await embedded.execute("qgpt.stop", {"conversation": new["conversation"]}) == {
        "stopped": False
    }

    status = await embedded.execute("qgpt.indexStatus", {})
    assert status["state"] == "ready" and status["files"] >= 3 and status["chunks"] >= 3
    assert set(status) == {"state", "files", "chunks", "skipped", "message", "backend", "answerer"}
    assert (status["backend"], status["answerer"]) == ("embedded", "grounded")
