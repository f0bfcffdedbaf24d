"""Client benchmark: discovery latency, REST round trips, stream throughput on one socket.

Run: ``.venv/bin/python bench/client/run.py`` (a few seconds). Talks to the
loopback fake Pieces OS of ``tests/fakes`` (a real uvicorn server in this
process, so the figures include the server's own cost). Prints to stdout.
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qgpt_lsp.client import QGPTClient, StreamSession, discover
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    QGPTStreamEnum,
    QGPTStreamInput,
    RelevantQGPTSeeds,
)
from tests.fakes import FakePiecesOS

NONE = RelevantQGPTSeeds(iterable=[])


def closed_ports(count: int) -> list[int]:
    """Loopback ports nothing listens on (bound, then released)."""
    ports = []
    for _ in range(count):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    return ports


async def timed(label: str, runs: int, make: Callable[[], Awaitable[object]]) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await make()
        samples.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<52} median {statistics.median(samples):7.1f} ms"
        f"   max {max(samples):7.1f} ms   ({runs} runs)"
    )


async def stream_throughput(fake: FakePiecesOS, asks: int, words: int) -> None:
    fake.answers["bench"] = " ".join(f"w{n}" for n in range(words))
    session = StreamSession(fake.base_url)

    async def one() -> int:
        ask = QGPTStreamInput(question=QGPTQuestionInput(query="bench", relevant=NONE))
        frames = [frame async for frame in session.ask(ask)]
        assert frames[-1].status is QGPTStreamEnum.COMPLETED
        return len(frames)

    start = time.perf_counter()
    total = sum(await asyncio.gather(*(one() for _ in range(asks))))
    seconds = time.perf_counter() - start
    print(
        f"stream: {asks} concurrent asks x {words} deltas, one socket"
        f"   {total} frames in {seconds * 1000:.0f} ms = {total / seconds:,.0f} frames/s"
    )
    await session.aclose()


async def main() -> None:
    ports = closed_ports(34)
    await timed("discover(): 34 closed ports (nothing listens)", 20, lambda: discover(ports=ports))
    await timed("discover(): default ports 39300-39333, 1000, 5323", 20, lambda: discover())
    async with FakePiecesOS().running() as fake:
        found = [*ports[:33], fake.port]
        await timed("discover(): the fake among 34 ports", 20, lambda: discover(ports=found))
        async with QGPTClient(fake.base_url) as client:
            request = QGPTQuestionInput(query="q", relevant=NONE)
            await timed("QGPTClient.question() round trip", 200, lambda: client.question(request))
        await stream_throughput(fake, asks=20, words=200)


if __name__ == "__main__":
    asyncio.run(main())
