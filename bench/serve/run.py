"""Benchmark ``qgpt-lsp serve`` on loopback: streams held at once, and /qgpt/relevance req/s.

Starts ``python -m qgpt_lsp.cli.main serve --port 0 --answerer grounded`` on a workspace
(default: this repository's ``src/``), then, from this process (asyncio):

1. opens ``--sockets`` WebSockets at once, keeps them all open, and has each one ask
   ``--rounds`` questions in turn (relevance + options.question, streamed);
2. fires ``--requests`` POST /qgpt/relevance with ``--concurrency`` clients.

Every loop is bounded in count and in time (``--time-limit`` per phase); only 127.0.0.1.
Usage: .venv/bin/python bench/serve/run.py [--sockets 200] [--rounds 3] [--requests 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "how is a stream request stopped?",
    "where is the Host header checked?",
    "how are wire models validated?",
    "what does the relevance endpoint return?",
]


def start_server(workspace: Path, cache: Path) -> tuple[subprocess.Popen[str], str]:
    command = [
        sys.executable,
        "-m",
        "qgpt_lsp.cli.main",
        "serve",
        "--port",
        "0",
        "--workspace",
        str(workspace),
        "--answerer",
        "grounded",
        "--cache-dir",
        str(cache),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(x) for x in process.stdout or []], daemon=True
    ).start()
    found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", lines.get(timeout=600))
    if not found:
        process.kill()
        raise SystemExit("the server printed no URL")
    return process, found.group(1)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


class StreamStats:
    def __init__(self) -> None:
        self.first: list[float] = []
        self.total: list[float] = []
        self.frames = 0
        self.statuses: dict[str, int] = {}
        self.in_flight = 0
        self.peak = 0


async def one_socket(url: str, rounds: int, opened: asyncio.Barrier, stats: StreamStats) -> None:
    async with connect(url, open_timeout=60, close_timeout=5, max_size=2**22) as socket:
        await opened.wait()  # every socket is open before any asks
        for turn in range(rounds):
            start = time.perf_counter()
            await socket.send(
                json.dumps(
                    {"relevance": {"query": QUESTIONS[turn % 4], "options": {"question": True}}}
                )
            )
            stats.in_flight += 1
            stats.peak = max(stats.peak, stats.in_flight)
            first = True
            while True:
                frame = json.loads(await socket.recv())
                stats.frames += 1
                if first:
                    stats.first.append(time.perf_counter() - start)
                    first = False
                if frame["status"] != "IN-PROGRESS":
                    break
            stats.in_flight -= 1
            stats.total.append(time.perf_counter() - start)
            stats.statuses[frame["status"]] = stats.statuses.get(frame["status"], 0) + 1


async def streams_phase(
    ws_url: str, sockets: int, rounds: int, limit: float, pid: int
) -> dict[str, object]:
    stats = StreamStats()
    opened = asyncio.Barrier(sockets + 1)
    start = time.perf_counter()
    tasks = [asyncio.create_task(one_socket(ws_url, rounds, opened, stats)) for _ in range(sockets)]
    async with asyncio.timeout(limit):
        await opened.wait()
        rss_open = rss_mib(pid)
        opened_in = time.perf_counter() - start
        start = time.perf_counter()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.perf_counter() - start
    errors = [repr(r) for r in results if isinstance(r, BaseException)]
    answers = len(stats.total)
    return {
        "sockets_open_at_once": sockets,
        "open_all_s": round(opened_in, 2),
        "rss_mib_all_open": round(rss_open, 1),
        "answers": answers,
        "statuses": stats.statuses,
        "errors": errors[:3],
        "error_count": len(errors),
        "elapsed_s": round(elapsed, 2),
        "answers_per_s": round(answers / elapsed, 1),
        "frames_per_s": round(stats.frames / elapsed, 1),
        "peak_streams_in_flight": stats.peak,
        "first_frame_ms_p50": round(pct(stats.first, 0.5), 1),
        "first_frame_ms_p95": round(pct(stats.first, 0.95), 1),
        "answer_ms_p50": round(pct(stats.total, 0.5), 1),
        "answer_ms_p95": round(pct(stats.total, 0.95), 1),
    }


async def relevance_phase(
    url: str, requests: int, concurrency: int, limit: float
) -> dict[str, object]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(requests))
    deadline = time.perf_counter() + limit

    async def worker(client: httpx.AsyncClient) -> None:
        for index in counter:
            if time.perf_counter() > deadline:
                return
            begin = time.perf_counter()
            reply = await client.post(
                "/qgpt/relevance",
                json={"query": QUESTIONS[index % 4], "options": {"database": True}},
            )
            latencies.append(time.perf_counter() - begin)
            statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        start = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return {
        "requests": len(latencies),
        "concurrency": concurrency,
        "statuses": statuses,
        "elapsed_s": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "latency_ms_p50": round(pct(latencies, 0.5), 1),
        "latency_ms_p95": round(pct(latencies, 0.95), 1),
        "latency_ms_mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
    }


async def bench(args: argparse.Namespace, url: str, pid: int) -> dict[str, object]:
    ws_url = url.replace("http://", "ws://") + "/qgpt/stream"
    async with httpx.AsyncClient(base_url=url) as client:  # warm-up: answerer, caches
        await client.post(
            "/qgpt/relevance", json={"query": "warm up", "options": {"question": True}}, timeout=120
        )
    streams = await streams_phase(ws_url, args.sockets, args.rounds, args.time_limit, pid)
    relevance = await relevance_phase(url, args.requests, args.concurrency, args.time_limit)
    return {"streams": streams, "relevance": relevance, "rss_mib_end": round(rss_mib(pid), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workspace", type=Path, default=ROOT / "src")
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qgpt-bench-") as cache:
        started = time.perf_counter()
        process, url = start_server(args.workspace.resolve(), Path(cache))
        try:
            figures = {
                "server_start_s": round(time.perf_counter() - started, 2),
                **asyncio.run(bench(args, url, process.pid)),
            }
        finally:
            process.terminate()
            process.wait(timeout=60)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
