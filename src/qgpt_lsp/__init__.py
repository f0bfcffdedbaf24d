"""qgpt-lsp: ask questions about your code from any LSP editor."""

from __future__ import annotations

__version__ = "0.1.0"
