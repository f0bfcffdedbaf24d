"""The ``qgpt-lsp`` command line: one module per subcommand."""
