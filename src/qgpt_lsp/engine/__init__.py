"""The embedded QGPT engine: workspace index, answerers, streaming, hints, people.

``Engine`` implements :class:`qgpt_lsp.backend.IndexedBackend` in process.
"""

from __future__ import annotations

from .answer import describe_answerer
from .engine import Engine
from .settings import EngineSettings

__all__ = ["Engine", "EngineSettings", "describe_answerer"]
