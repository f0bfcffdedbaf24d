-- Waits (bounded) until qgpt-lsp is attached to the current buffer and its index
-- is ready; sets vim.g.qgpt_test_ready, or vim.g.qgpt_test_error.
local client
if not vim.wait(60000, function()
  client = vim.lsp.get_clients({ name = "qgpt", bufnr = 0 })[1]
  return client ~= nil and client.initialized
end, 100) then
  vim.g.qgpt_test_error = "qgpt-lsp did not attach"
  return
end
local status
if not vim.wait(120000, function()
  local reply = client:request_sync("workspace/executeCommand",
    { command = "qgpt.indexStatus", arguments = { vim.empty_dict() } }, 5000)
  status = reply and reply.result
  return status ~= nil and status.state == "ready" and status.files >= 2
end, 300) then
  vim.g.qgpt_test_error = "the index did not get ready: " .. vim.inspect(status)
  return
end
vim.g.qgpt_test_ready = true
