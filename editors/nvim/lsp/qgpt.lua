-- qgpt-lsp: ask questions about your code (streamed answers, sources,
-- follow-up hints, who can help). A config table in nvim-lspconfig's
-- `lsp/<name>.lua` shape; require("qgpt").setup() fills in settings and
-- handlers. Plain use on 0.11: vim.lsp.enable("qgpt").
return {
  cmd = { "qgpt-lsp" },
  filetypes = {
    "python", "rust", "go", "typescript", "typescriptreact", "javascript",
    "javascriptreact", "c", "cpp", "java", "lua", "markdown",
  },
  root_markers = { ".git", "pyproject.toml", "package.json", "Cargo.toml", "go.mod" },
}
