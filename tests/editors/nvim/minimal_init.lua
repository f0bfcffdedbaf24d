-- A minimal Neovim config for the editor tests: only the qgpt plugin, the
-- server from $QGPT_LSP_COMMAND, the embedded engine with grounded answers.
vim.opt.runtimepath = { vim.env.QGPT_NVIM_PLUGIN, vim.env.VIMRUNTIME }
vim.opt.packpath = {}
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"

require("qgpt").setup({
  cmd = vim.split(vim.env.QGPT_LSP_COMMAND or "qgpt-lsp", " ", { trimempty = true }),
  settings = { backend = "embedded", answerer = "grounded" },
  answer = { layout = "vsplit" },
})
