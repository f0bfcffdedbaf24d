-- Run by tests/editors/test_nvim.py against a slow OpenAI-compatible server:
-- `:18,20QGPTAsk`, then, once the answer streams, `:QGPTStop` typed in the
-- ANSWER buffer; writes what it saw as JSON to $QGPT_NVIM_RESULT.
local out = { steps = {} }

local write_result = dofile(vim.env.QGPT_NVIM_TESTS .. "/result.lua")

local function finish()
  write_result(out)
end

local ok, err = pcall(function()
  dofile(vim.env.QGPT_NVIM_TESTS .. "/ready.lua")
  if vim.g.qgpt_test_error then
    out.error = vim.g.qgpt_test_error
    return
  end
  vim.cmd("18,20QGPTAsk explain")
  local answer = require("qgpt.answer").last
  if not vim.wait(60000, function() return answer.text ~= "" end, 50) then
    out.error = "no delta arrived"
    return
  end
  vim.api.nvim_set_current_win(vim.fn.bufwinid(answer.buf))
  out.in_answer_buffer = vim.b.qgpt_answer == true
  vim.cmd("QGPTStop")
  if not vim.wait(120000, function() return answer.done end, 100) then
    out.error = "the answer did not end"
    return
  end
  out.result = answer.result
  out.streamed = answer.text
  vim.cmd("checkhealth qgpt")
  out.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
end)
if not ok then
  out.error = "error: " .. tostring(err)
end
finish()
