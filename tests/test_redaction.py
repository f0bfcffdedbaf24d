"""The one redaction point, at each exit it guards: prompts, serve responses, the answer
document. A planted token must not come out of any of them; the text around it must."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from qgpt_lsp.engine.answerers import AnswerJob, ChatMessage
from qgpt_lsp.redaction import MASK, redact, redact_strings
from qgpt_lsp.serve.frames import outbound_json
from qgpt_lsp.server.ask.document import AnswerDocument
from qgpt_lsp.wire import QGPTQuestionInput, RelevantQGPTSeeds, answer_output, delta_frame

from .serve.live import start_server
from .serve.scripted import ScriptedBackend

TOKEN = "ghp_" + "A1b2C3d4E5" * 4  # a GitHub token's shape
URL_PASSWORD = "https://deploy:hunter2hunter2@example.com/repo.git"


def test_redact_masks_in_place_and_keeps_the_rest() -> None:
    text = f"token = {TOKEN}\nclone {URL_PASSWORD}\n"
    masked = redact(text)
    assert TOKEN not in masked and "hunter2hunter2" not in masked
    assert MASK[:-1] in masked and masked.count("\n") == 2 and len(masked) == len(text)
    assert masked.startswith("token = ") and "example.com/repo.git" in masked


def test_redact_strings_reaches_every_string_of_a_payload() -> None:
    payload = {"a": [TOKEN, {"b": f"x {TOKEN}"}], "n": 3, "ok": True, "none": None}
    masked = redact_strings(payload)
    assert TOKEN not in json.dumps(masked)
    assert isinstance(masked, dict) and masked["n"] == 3 and masked["ok"] is True


def test_every_prompt_is_masked_when_the_job_is_made() -> None:
    job = AnswerJob([ChatMessage("system", "be brief"), ChatMessage("user", f"why {TOKEN}?")])
    assert [m.role for m in job.messages] == ["system", "user"]
    assert TOKEN not in job.messages[1].content and job.messages[1].content.startswith("why ")


def test_serve_responses_and_frames_are_masked(tmp_path: Path) -> None:
    live = start_server(ScriptedBackend(tmp_path))  # its question() echoes the query
    try:
        asked = QGPTQuestionInput(query=f"what is {TOKEN}", relevant=RelevantQGPTSeeds(iterable=[]))
        body = asked.to_json()
        response = httpx.post(f"{live.url}/qgpt/question", content=body, timeout=30)
    finally:
        live.stop()
    assert response.status_code == 200
    assert TOKEN not in response.text and "answer to what is " in response.text
    frame = outbound_json(delta_frame("c", "r", f"the key is {TOKEN}"))
    assert TOKEN not in frame and json.loads(frame)["conversation"] == "c"
    assert TOKEN not in outbound_json(answer_output(TOKEN))


def test_the_answer_document_never_holds_a_token_even_split_across_deltas(
    tmp_path: Path,
) -> None:
    document = AnswerDocument(tmp_path, "conv")
    document.start("Answers", f"is {TOKEN} safe?")
    for delta in ("The token ", TOKEN[:10], TOKEN[10:], " is set here.\nNext", " line."):
        document.append(delta)
    document.finish("completed", [], [], [])
    text = (tmp_path / "answers" / "conv.md").read_text(encoding="utf-8")
    assert TOKEN not in text and TOKEN[:10] not in text
    assert "The token " in text and " is set here.\nNext line." in text
