"""An OpenAI-compatible server whose answer streams slowly, so a person (or the
VS Code test) can stop it while it streams: :class:`SlowOpenAI`.

It is :class:`tests.server.fake_openai.FakeOpenAI` with a long reply sent one word
per ``WORD_GAP`` seconds; ``words_sent`` tells how far a stopped stream got.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import StreamingResponse

from tests.server.fake_openai import FakeOpenAI, _chunk

#: Words in the full reply, and the pause before each: a stream left alone runs a minute.
REPLY_WORDS = 600
WORD_GAP = 0.1


class SlowOpenAI(FakeOpenAI):
    """Streams ``word1 word2 ...`` slowly; counts what it sent."""

    words_sent: int = 0

    async def _chat(self, request: Request) -> StreamingResponse:
        body = await request.json()
        self.chats.append(body)
        model = str(body.get("model"))

        async def events() -> AsyncIterator[str]:
            for n in range(1, REPLY_WORDS + 1):
                await asyncio.sleep(WORD_GAP)
                self.words_sent += 1
                yield _chunk(model, f"word{n} ")
            yield _chunk(model, None, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")
