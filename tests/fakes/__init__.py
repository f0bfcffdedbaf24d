"""Real stand-ins for what qgpt-lsp talks to, shared by every test area.

- :class:`FakePiecesOS` (``tests/fakes/pieces_os.py``): a real loopback HTTP +
  WebSocket server speaking the QGPT wire as Pieces OS does; its docstring lists
  the knobs (scripted statuses, replies, stream deltas/FAILED/STOPPED/RESET,
  drops, delays, recorded requests).
- :func:`serve_loopback` (``tests/fakes/loopback.py``): serve any ASGI app on
  127.0.0.1, port 0, inside the running event loop.
- Fixtures (``tests/fakes/fixtures.py``): ``fake_pieces_os`` (the running fake)
  and ``fake_pieces_os_url``. Import them into your ``conftest.py``.
"""

from __future__ import annotations

from .loopback import serve_loopback
from .pieces_http import RecordedRequest
from .pieces_os import FakePiecesOS, ScriptedStatus

__all__ = ["FakePiecesOS", "RecordedRequest", "ScriptedStatus", "serve_loopback"]
