"""The embedded QGPT engine: workspace index, retrieval, answering, answerers, people.

``Engine`` implements :class:`qgpt_lsp.backend.IndexedBackend` in process. The
packages, by job: :mod:`.index` (the workspace index and its builds),
:mod:`.retrieval` (the code a question is about), :mod:`.answering` (prompts,
streaming, hints, reprompt, conversations), :mod:`.answerers` (grounded, local,
OpenAI-compatible, and the choice between them), :mod:`.people` (who can help).
"""

from __future__ import annotations

from .answerers import describe_answerer
from .engine import Engine
from .retrieval import line_offsets
from .settings import EngineSettings

__all__ = ["Engine", "EngineSettings", "describe_answerer", "line_offsets"]
