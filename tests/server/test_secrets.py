"""Nothing secret is sent: secret-looking values are masked, secrets files are refused."""

from __future__ import annotations

import json

import pytest
from pygls.exceptions import JsonRpcInvalidParams

from tests.fakes.pieces_os import FakePiecesOS

from .conftest import SessionFactory

TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
BUFFER = f'GITHUB_TOKEN = "{TOKEN}"\n\n\ndef push(branch: str) -> None:\n    print(branch)\n'


async def test_secret_values_are_masked_before_sending(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/deploy.py", BUFFER)
        whole = {"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": whole, "question": "What does push do?"}
        )
        await session.execute("qgpt.whoCanHelp", {"uri": uri, "range": whole})
        await session.execute("qgpt.relevance", {"query": "push", "uri": uri, "range": whole})
    assert result["status"] == "completed"
    sent = [json.dumps(request.body) for request in fake_pieces_os.requests]
    sent += [json.dumps(frame) for frame in fake_pieces_os.stream_inputs]
    assert len(sent) >= 4 and any("def push" in body for body in sent)
    assert not any(TOKEN in body for body in sent)


async def test_a_secrets_file_is_refused(lsp: SessionFactory, fake_pieces_os: FakePiecesOS) -> None:
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open(".env", f"GITHUB_TOKEN={TOKEN}\n")
        with pytest.raises(JsonRpcInvalidParams, match="looks like a secrets file"):
            await session.execute("qgpt.askFile", {"uri": uri, "question": "What is in here?"})
    assert fake_pieces_os.requests == [] and fake_pieces_os.stream_inputs == []
