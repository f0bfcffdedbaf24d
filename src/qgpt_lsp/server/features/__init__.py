"""One module per LSP feature; each registers its handlers with ``register(server)``.

The table of methods each module implements is in :mod:`qgpt_lsp.server`.
"""
