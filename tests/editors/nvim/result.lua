-- Writes a test's findings as JSON to $QGPT_NVIM_RESULT and quits Neovim.
return function(out)
  local file = assert(io.open(vim.env.QGPT_NVIM_RESULT, "w"))
  file:write(vim.json.encode(out))
  file:close()
  vim.cmd("qall!")
end
