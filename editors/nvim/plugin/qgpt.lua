-- Nothing starts until require("qgpt").setup() is called.
if vim.g.loaded_qgpt then
  return
end
vim.g.loaded_qgpt = true
