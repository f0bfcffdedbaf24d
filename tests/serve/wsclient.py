"""Stream helpers built like the official SDK's consumer (``websocket-client``)."""

from __future__ import annotations

import json
from typing import Any

import websocket
from pieces_os_client.models.qgpt_stream_output import QGPTStreamOutput as SdkStreamOutput

from .live import LiveServer


def connect(live: LiveServer, **options: Any) -> websocket.WebSocket:
    url = live.ws_url
    headers = [f"{k}: {v}" for k, v in live.headers().items()]
    return websocket.create_connection(url, timeout=30, header=headers, **options)


def read_until_terminal(socket: websocket.WebSocket) -> list[SdkStreamOutput]:
    """Every frame up to the first that is not IN-PROGRESS, parsed by the SDK (as it does)."""
    frames: list[SdkStreamOutput] = []
    for _ in range(10_000):
        frame = SdkStreamOutput.from_json(socket.recv())
        frames.append(frame)
        if frame.status != "IN-PROGRESS":
            return frames
    raise AssertionError("no terminal frame in 10000 frames")


def send(socket: websocket.WebSocket, frame: dict[str, Any]) -> None:
    socket.send(json.dumps(frame))


def answer_text(frames: list[SdkStreamOutput]) -> str:
    return "".join(
        f.question.answers.iterable[0].text
        for f in frames
        if f.question is not None and f.question.answers.iterable
    )
