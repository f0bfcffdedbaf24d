-- A minimal Neovim config for the editor tests: only the qgpt plugin, the
-- server from $QGPT_LSP_COMMAND, the embedded engine with grounded answers
-- (or, with $QGPT_TEST_OPENAI_URL, the OpenAI-compatible server there).
vim.opt.runtimepath = { vim.env.QGPT_NVIM_PLUGIN, vim.env.VIMRUNTIME }
vim.opt.packpath = {}
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"

local settings = { backend = "embedded", answerer = "grounded" }
if vim.env.QGPT_TEST_OPENAI_URL then
  settings.answerer = "openai"
  settings.openai = { baseUrl = vim.env.QGPT_TEST_OPENAI_URL, model = "slow" }
end

require("qgpt").setup({
  cmd = vim.split(vim.env.QGPT_LSP_COMMAND or "qgpt-lsp", " ", { trimempty = true }),
  settings = settings,
  answer = { layout = "vsplit" },
})
