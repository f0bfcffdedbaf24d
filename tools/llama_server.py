"""llama.cpp's own OpenAI-compatible server, run in process by xllamacpp.

The model tests and bench/answer start it as a child:
``python tools/llama_server.py MODEL [--threads N] [--alias NAME] [--context N]``
loads the GGUF, listens on a free 127.0.0.1 port, prints its ``/v1`` base URL on
one line and serves until its standard input closes (whoever started it holds the
pipe, so the server never outlives them).
"""

from __future__ import annotations

import argparse
import sys

from xllamacpp import CommonParams, Server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--alias", default="smollm2")
    parser.add_argument("--context", type=int, default=2048)
    args = parser.parse_args()
    params = CommonParams()
    params.model.path = args.model
    params.model_alias = {args.alias}
    params.n_ctx = args.context
    params.n_parallel = 1
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.verbosity = -1
    server = Server(params)  # listens on 127.0.0.1, on a port of its own choosing
    print(f"{server.listening_address}/v1", flush=True)
    sys.stdin.read()  # until the parent closes the pipe


if __name__ == "__main__":
    main()
