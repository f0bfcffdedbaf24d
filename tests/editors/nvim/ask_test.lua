-- Run by tests/editors/test_nvim.py inside headless Neovim with
-- minimal_init.lua: waits for qgpt-lsp and its index, runs `:18,20QGPTAsk explain`
-- (Cart.total) of the open file, waits for the streamed answer, runs :checkhealth qgpt, and
-- writes what it saw as JSON to $QGPT_NVIM_RESULT. Every wait is bounded.
local out = { steps = {} }

local function step(name)
  table.insert(out.steps, name)
end

local write_result = dofile(vim.env.QGPT_NVIM_TESTS .. "/result.lua")

local function finish()
  write_result(out)
end

local function fail(message)
  out.error = message
  finish()
end

local from_action_buf = function() return nil end

local ok, err = pcall(function()
  local client
  if not vim.wait(60000, function()
    client = vim.lsp.get_clients({ name = "qgpt", bufnr = 0 })[1]
    return client ~= nil and client.initialized
  end, 100) then
    return fail("qgpt-lsp did not attach")
  end
  step("attached")
  out.commands = vim.fn.exists(":QGPTAsk") == 2
  local ready = vim.wait(120000, function()
    local reply = client:request_sync("workspace/executeCommand",
      { command = "qgpt.indexStatus", arguments = { vim.empty_dict() } }, 5000)
    out.index = reply and reply.result
    return out.index ~= nil and out.index.state == "ready" and out.index.files >= 2
  end, 500)
  if not ready then
    return fail("the index did not get ready: " .. vim.inspect(out.index))
  end
  step("indexed")

  local deltas = 0
  local on_delta = require("qgpt.answer").on_delta
  require("qgpt.answer").on_delta = function(e, d, ...)
    deltas = deltas + 1
    return on_delta(e, d, ...)
  end
  client.handlers["qgpt/answerDelta"] = require("qgpt.answer").on_delta

  local source_buf = vim.api.nvim_get_current_buf()
  vim.cmd("18,20QGPTAsk explain")
  local answer = require("qgpt.answer").last
  if not answer then
    return fail(":QGPTAsk started no answer")
  end
  if not vim.wait(180000, function() return answer.done end, 100) then
    return fail("no answer within the wait")
  end
  step("answered")
  out.deltas = deltas
  out.streamed = answer.text
  out.result = answer.result
  out.answer_error = answer.error and (answer.error.message or tostring(answer.error))
  out.answer_lines = vim.api.nvim_buf_get_lines(answer.buf, 0, -1, false)
  out.answer_visible = vim.fn.bufwinid(answer.buf) ~= -1
  out.answer_filetype = vim.bo[answer.buf].filetype

  -- <CR> on the first source line jumps to it.
  local first
  for lnum, action in pairs(answer.actions or {}) do
    if action.kind == "source" and (first == nil or lnum < first) then first = lnum end
  end
  if first then
    vim.api.nvim_set_current_win(vim.fn.bufwinid(answer.buf))
    vim.api.nvim_win_set_cursor(0, { first, 0 })
    require("qgpt.answer").activate_line(answer.buf)
    out.jumped_to = { vim.api.nvim_buf_get_name(0), vim.api.nvim_win_get_cursor(0)[1] }
  end
  vim.api.nvim_set_current_buf(source_buf)

  -- A server code action runs through the plugin's client-side command.
  local reply = client:request_sync("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(source_buf) },
    range = { start = { line = 17, character = 0 }, ["end"] = { line = 20, character = 0 } },
    context = { diagnostics = {} },
  }, 10000, source_buf)
  local actions = reply and reply.result or {}
  out.code_actions = vim.tbl_map(function(a) return a.title end, actions)
  local explain
  for _, action in ipairs(actions) do
    local command = action.command or action
    if command.command == "qgpt.ask" and not explain then explain = command end
  end
  if explain then
    client:exec_cmd(explain, { bufnr = source_buf })
    local action_answer = require("qgpt.answer").last
    from_action_buf = function() return action_answer.buf end
    local from_action = require("qgpt.answer").last
    if from_action ~= answer and vim.wait(180000, function() return from_action.done end, 100) then
      out.code_action_answer = {
        streamed = from_action.text,
        result = from_action.result,
        lines = vim.api.nvim_buf_get_lines(from_action.buf, 0, -1, false),
      }
    end
  end
  step("code action")

  -- :QGPTWho and :QGPTConversations hand their items to vim.ui.select.
  local picked = {}
  vim.ui.select = function(items, opts, on_choice)
    picked[opts.prompt] = vim.tbl_map(opts.format_item or tostring, items)
    on_choice(nil)
  end
  local before = require("qgpt.answer").by_token
  vim.cmd("18,20QGPTWho")
  local people
  vim.wait(30000, function()
    for _, shown in pairs(before) do
      if shown.token:match("^people%-") then people = shown end
    end
    return people ~= nil and people.done
  end, 100)
  if people then
    out.people = {
      lines = vim.api.nvim_buf_get_lines(people.buf, 0, -1, false),
      visible = vim.fn.bufwinid(people.buf) ~= -1,
      windows = #vim.api.nvim_tabpage_list_wins(0),
    }
  end
  vim.cmd("QGPTConversations")
  vim.wait(30000, function() return picked["QGPT conversations"] ~= nil end, 100)
  out.picked = picked

  -- :QGPTFollowUp continues the last answer's conversation, in its buffer.
  vim.cmd("QGPTFollowUp what does unit_price do?")
  local follow = require("qgpt.answer").last
  if vim.wait(180000, function() return follow.done end, 100) then
    out.follow_up = {
      result = follow.result, conversation = follow.conversation,
      same_buffer = follow.buf == require("qgpt.answer").last.buf and follow.buf == from_action_buf(),
    }
  end
  step("pickers")

  -- In the answer buffer: its commands, and <CR> on a hint asks it there.
  local answer_win = vim.fn.bufwinid(follow.buf)
  vim.api.nvim_set_current_win(answer_win)
  out.answer_buffer_commands = {
    stop = vim.fn.exists(":QGPTStop") == 2, follow_up = vim.fn.exists(":QGPTFollowUp") == 2,
    conversations = vim.fn.exists(":QGPTConversations") == 2,
  }
  local hint_line
  for lnum, action in pairs(follow.actions or {}) do
    if action.kind == "hint" and (hint_line == nil or lnum < hint_line) then hint_line = lnum end
  end
  if hint_line then
    vim.api.nvim_win_set_cursor(0, { hint_line, 0 })
    out.hint_asked = vim.api.nvim_get_current_line():sub(3)
    require("qgpt.answer").activate_line(follow.buf)
    local hinted = require("qgpt.answer").last
    if hinted ~= follow and vim.wait(180000, function() return hinted.done end, 100) then
      out.hint_answer = {
        result = hinted.result, question = hinted.question, same_buffer = hinted.buf == follow.buf,
        lines = vim.api.nvim_buf_get_lines(hinted.buf, 0, -1, false),
      }
    end
  end
  vim.cmd("QGPTFollowUp and who calls total?")
  local from_answer = require("qgpt.answer").last
  if vim.wait(180000, function() return from_answer.done end, 100) then
    out.follow_up_in_answer = { conversation = from_answer.conversation, same_buffer = from_answer.buf == follow.buf }
  end
  out.windows = #vim.api.nvim_tabpage_list_wins(0)
  step("answer buffer")

  -- "Explain this error" from a diagnostic another source reported.
  vim.api.nvim_set_current_win(vim.fn.bufwinid(source_buf))
  local other = vim.api.nvim_create_namespace("another-language-server")
  vim.diagnostic.set(other, source_buf, { {
    lnum = 19, col = 19, end_lnum = 19, end_col = 29, severity = vim.diagnostic.severity.ERROR,
    message = "undefined name 'unit_prise'", source = "pylsp",
  } })
  vim.api.nvim_win_set_cursor(0, { 20, 0 })
  vim.cmd("QGPTExplain")
  local explained = require("qgpt.answer").last
  if vim.wait(180000, function() return explained.done end, 100) then
    out.explained = {
      result = explained.result, heading = vim.api.nvim_buf_get_lines(explained.buf, 0, 1, false)[1],
      new_buffer = explained.buf ~= follow.buf,
    }
  end
  out.windows_after_explain = #vim.api.nvim_tabpage_list_wins(0)
  step("explain")

  -- "What does this return when ...?" on Cart.add says what it does then.
  vim.api.nvim_set_current_win(vim.fn.bufwinid(source_buf))
  vim.cmd("13,16QGPTAsk What does this return when quantity is 0?")
  local returns = require("qgpt.answer").last
  if returns ~= explained and vim.wait(180000, function() return returns.done end, 100) then
    out.returns_when = returns.text
  end
  step("returns when")

  vim.cmd("checkhealth qgpt")
  out.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  step("health")
end)

if not ok then
  fail("error: " .. tostring(err))
else
  finish()
end
