"""Benchmark the language server: latency under load, and the cost of relaying deltas.

    .venv/bin/python bench/lsp/run.py [--samples 400] [--deltas 5000]

1. Latency: a real ``qgpt-lsp`` subprocess (stdio) on a generated workspace
   (a 5,000-line file plus enough files that indexing takes a while). While the
   embedded index builds and an answer streams (a slow OpenAI-compatible loopback
   server, ``slow_model.py``, keeps it streaming), the client times ``textDocument/codeAction`` and
   ``textDocument/hover`` round trips on the 5,000-line file: p50 / p99; then
   idle, with hovers hopping to a new function each time (worst case: each one
   starts a background git lookup) and with hovers staying in one function.
2. Relay overhead: in process, a scripted backend yields N delta frames as fast
   as it can into :meth:`qgpt_lsp.server.ask.run.AnswerRun.stream` with a live relay
   (progress reports, ``qgpt/answerDelta``, the Markdown file) writing JSON-RPC
   to a null sink: microseconds per delta, and deltas per second.
3. End to end: deltas per second from the embedded engine to the client over
   stdio (the grounded answer, as fast as it streams).
4. In process: the hover and code action handlers alone on the same document.

Round trips use a minimal raw JSON-RPC client (``rawclient.py``), so a client
library's own cost is not counted.

Targets: p99 < 10 ms for code actions and hovers; < 1 ms relay overhead per delta.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helper modules next to this file
from handlers import handler_times
from rawclient import RawClient
from relay import relay_overhead
from slow_model import slow_model

BIG_LINES = 5_000
FILLER_FILES = 400


def make_workspace(root: Path) -> Path:
    """A git repo with one 5,000-line Python file and FILLER_FILES smaller modules."""
    (root / "pkg").mkdir(parents=True)
    big = root / "pkg" / "big.py"
    functions = [
        f"def function_{i}(value: int) -> int:\n    total = value * {i}\n    return total + {i}\n\n"
        for i in range(BIG_LINES // 4)
    ]
    big.write_text("".join(functions))
    for n in range(FILLER_FILES):
        body = "".join(f"def helper_{n}_{k}(x):\n    return x + {k}\n\n" for k in range(40))
        (root / "pkg" / f"mod_{n}.py").write_text(body)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, timeout=120)
    return big


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def server_env(cache: Path) -> dict[str, str]:
    return {**os.environ, "QGPT_LSP_CACHE_DIR": str(cache), "QGPT_LSP_PIECES_PORTS": ""}


def settings(model_url: str | None) -> dict[str, Any]:
    """The grounded answer, or the ``openai`` answerer on ``model_url``."""
    if model_url is None:
        return {"backend": "embedded", "answerer": "grounded"}
    openai = {"baseUrl": model_url, "model": "slow"}
    return {"backend": "embedded", "answerer": "openai", "openai": openai}


async def start(root: Path, cache: Path, model_url: str | None = None) -> RawClient:
    command = (sys.executable, "-m", "qgpt_lsp.cli.lsp", "--log-level", "WARNING")
    client = await RawClient.start(*command, env=server_env(cache))
    await client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {},
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
            "initializationOptions": {"qgpt": settings(model_url)},
        },
    )
    client.notify("initialized", {})
    return client


def deltas(client: RawClient) -> list[float]:
    return [at for at, message in client.notifications if message["method"] == "qgpt/answerDelta"]


async def index_state(client: RawClient) -> str:
    reply = await client.request(
        "workspace/executeCommand", {"command": "qgpt.indexStatus", "arguments": [{}]}
    )
    return str(reply["result"]["state"])


async def sample(
    client: RawClient, uri: str, samples: int, hop: bool = True
) -> tuple[list[float], list[float]]:
    """Round trips of codeAction and hover on the big file, alternating. With ``hop``
    each hover lands in a new function (a cache miss: a background who-can-help
    lookup, git included, starts each time); without, hovers stay in one function."""
    doc = {"uri": uri}
    selection = {"start": {"line": 2000, "character": 0}, "end": {"line": 2010, "character": 0}}
    actions, hovers = [], []
    for i in range(samples):
        params = {"textDocument": doc, "range": selection, "context": {"diagnostics": []}}
        actions.append(await client.timed("textDocument/codeAction", params))
        position = {"line": (i * 37) % BIG_LINES if hop else 2001, "character": 4}
        hovers.append(
            await client.timed("textDocument/hover", {"textDocument": doc, "position": position})
        )
    return actions, hovers


async def wait_for(check: Any, bound: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + bound
    while not await check():
        if loop.time() > deadline:
            raise TimeoutError("the server never got there")
        await asyncio.sleep(0.05)


async def latency(root: Path, big: Path, samples: int) -> dict[str, Any]:
    """Three phases: index building; an answer streaming while files re-index; idle."""
    phases: dict[str, Any] = {}
    text = await asyncio.to_thread(big.read_text)
    with tempfile.TemporaryDirectory() as cache, slow_model(delay=0.05, words=200) as model:
        client = await start(root, Path(cache), model)
        uri = big.as_uri()
        item = {"uri": uri, "languageId": "python", "version": 1, "text": text}
        client.notify("textDocument/didOpen", {"textDocument": item})
        phases["index building"] = await sample(client, uri, samples)
        phases["index building"] += ({"still building after": await index_state(client)},)
        await wait_for(lambda: _is(index_state(client), "ready"))
        where = {"start": {"line": 2000, "character": 0}, "end": {"line": 2010, "character": 0}}
        command = {
            "command": "qgpt.ask",
            "arguments": [{"uri": uri, "range": where, "question": "What does function_500 do?"}],
        }
        ask = asyncio.create_task(client.request("workspace/executeCommand", command))
        await wait_for(lambda: _true(len(deltas(client)) > 0))
        changes = [
            {"uri": path.as_uri(), "type": 2} for path in sorted((root / "pkg").glob("mod_*.py"))
        ]
        client.notify("workspace/didChangeWatchedFiles", {"changes": changes})
        phases["answer streaming + re-indexing"] = await sample(client, uri, samples)
        phases["answer streaming + re-indexing"] += ({"still streaming after": not ask.done()},)
        await ask
        phases["idle, hovers hopping (a git lookup per hover)"] = (
            *await sample(client, uri, samples),
            {},
        )
        phases["idle, hovers in one function"] = (
            *await sample(client, uri, samples, hop=False),
            {},
        )
        await client.close()
    return phases


async def _is(state: Any, expected: str) -> bool:
    return bool(await state == expected)


async def _true(value: bool) -> bool:
    return value


async def end_to_end(root: Path) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as cache:
        client = await start(root, Path(cache))
        uri = (root / "pkg" / "mod_1.py").as_uri()
        command = {
            "command": "qgpt.askFile",
            "arguments": [{"uri": uri, "question": "What does helper_1_3 do?"}],
        }
        await client.request("workspace/executeCommand", command)
        arrived = deltas(client)
        await client.close()
    count = len(arrived)
    return count, (count - 1) / (arrived[-1] - arrived[0]) if count > 1 else float("nan")


def show(name: str, values: list[float]) -> None:
    print(
        f"{name:12s} n={len(values):4d}  p50={statistics.median(values):6.2f} ms  "
        f"p99={percentile(values, 0.99):6.2f} ms  max={max(values):6.2f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--deltas", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        big = make_workspace(root)
        print(f"round trips on a {BIG_LINES}-line file ({FILLER_FILES + 1} files in the workspace)")
        for phase, (actions, hovers, note) in (await latency(root, big, args.samples)).items():
            print(f"- {phase} {note or ''}")
            show("codeAction", actions)
            show("hover", hovers)
        actions, hovers = handler_times(big.read_text(), args.samples)
        print("in-process handler time (no pipe, no client)")
        show("codeAction", actions)
        show("hover", hovers)
        per_delta, rate = await relay_overhead(args.deltas)
        print(f"relay (in process, {args.deltas} deltas): {per_delta * 1000:.1f} us overhead")
        print(f"             per delta, {rate:,.0f} deltas/s through the relay")
        count, e2e = await end_to_end(root)
        print(f"end to end (embedded engine -> client over stdio): {count} deltas, {e2e:,.0f}/s")


if __name__ == "__main__":
    asyncio.run(main())
