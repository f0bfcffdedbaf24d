--- :QGPTAsk, :QGPTFollowUp, :QGPTWho, :QGPTExplain, :QGPTStop,
--- :QGPTConversations: they call the server's `qgpt.*` commands (ONE argument
--- object each) with a workDoneToken of ours, so the answer's deltas find their
--- buffer. Code buffers get them all, answer buffers the ones that make sense
--- there (follow up, stop, conversations).
local answer = require("qgpt.answer")

local M = {}
local tokens = 0

--- The qgpt-lsp client attached to `buf` (or any qgpt-lsp client).
function M.client(buf)
  local clients = vim.lsp.get_clients({ name = "qgpt", bufnr = buf })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = "qgpt" })
  end
  return clients[1]
end

local function request(client, method, params, handler, buf)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, buf)
  end
  return client.request(method, params, handler, buf)
end

--- workspace/executeCommand `command` with `argument`; `handler(err, result)`.
function M.execute(command, argument, handler, token)
  local client = M.client(0)
  if not client then
    vim.notify("QGPT: qgpt-lsp is not attached to this buffer", vim.log.levels.WARN)
    return
  end
  local params = { command = command, arguments = { argument }, workDoneToken = token }
  return request(client, "workspace/executeCommand", params, function(err, result)
    handler(err, result)
  end, 0)
end

local function new_token()
  tokens = tokens + 1
  return ("qgpt-nvim-%d-%d"):format(vim.fn.getpid(), tokens)
end

--- Asks (`qgpt.ask`, `qgpt.askFile`, `qgpt.followUp`) and streams the answer.
--- `heading` titles the answer (default: the argument's question).
function M.run(command, argument, heading)
  local token = new_token()
  local current = answer.start(token, heading or argument.question, argument.conversation)
  local _, id = M.execute(command, argument, function(err, result)
    answer.finish(current, result, err)
  end, token)
  current.request_id = id
  return current
end

local function range_of(opts)
  if not opts or not opts.range or opts.range == 0 then
    return nil
  end
  local last = vim.api.nvim_buf_line_count(0)
  local end_pos = { line = opts.line2, character = 0 }
  if opts.line2 >= last then
    local text = vim.api.nvim_buf_get_lines(0, last - 1, last, false)[1] or ""
    end_pos = { line = last - 1, character = #text }
  end
  return { start = { line = opts.line1 - 1, character = 0 }, ["end"] = end_pos }
end

local function with_question(given, prompt, callback)
  if given and vim.trim(given) ~= "" then
    return callback(vim.trim(given))
  end
  vim.ui.input({ prompt = prompt }, function(text)
    if text and vim.trim(text) ~= "" then
      callback(vim.trim(text))
    end
  end)
end

--- :[range]QGPTAsk [question]
function M.ask(opts)
  local uri = vim.uri_from_bufnr(0)
  local range = range_of(opts)
  with_question(opts.args, range and "Ask QGPT about the lines: " or "Ask QGPT about the file: ", function(q)
    M.run("qgpt.ask", { uri = uri, question = q, range = range })
  end)
end

--- :QGPTFollowUp [question] (also used by the hints of an answer): in an answer
--- buffer its conversation, elsewhere the last answer's.
function M.follow_up(opts)
  local here = answer.of_buffer(vim.api.nvim_get_current_buf())
  local conversation = opts.conversation or (here and here.conversation) or (answer.last and answer.last.conversation)
  if not conversation then
    vim.notify("QGPT: ask a question first", vim.log.levels.INFO)
    return
  end
  with_question(opts.question or opts.args, "Follow up: ", function(q)
    M.run("qgpt.followUp", { conversation = conversation, question = q })
  end)
end

--- :QGPTStop: stops the streaming answers (`qgpt.stop`, then $/cancelRequest).
function M.stop()
  for _, current in pairs(answer.by_token) do
    if not current.done and current.conversation then
      M.execute("qgpt.stop", { conversation = current.conversation }, function() end)
    elseif not current.done and current.request_id and M.client(0) then
      local client = M.client(0)
      if vim.fn.has("nvim-0.11") == 1 then
        client:cancel_request(current.request_id)
      else
        client.cancel_request(current.request_id)
      end
    end
  end
end

--- :[range]QGPTWho: persons who know this code, listed in the answer window.
function M.who(opts)
  M.who_for({ uri = vim.uri_from_bufnr(0), range = range_of(opts) })
end

--- `path:first-last` of a command argument's uri and range (the file alone without one).
function M.place(argument)
  local path = vim.fn.fnamemodify(vim.uri_to_fname(argument.uri), ":~:.")
  local range = argument.range
  if not range then
    return path
  end
  local last = range["end"].line + 1
  if range["end"].character == 0 and range["end"].line > range.start.line then
    last = range["end"].line
  end
  return ("%s:%d-%d"):format(path, range.start.line + 1, last)
end

--- `qgpt.whoCanHelp` with `argument` (also the server's code action): the
--- list is shown at once, filled when the server answers.
function M.who_for(argument)
  local shown = answer.show_people(M.place(argument))
  M.execute("qgpt.whoCanHelp", argument, function(err, result)
    if err or not result then
      return shown.fill({}, err and err.message or "no result")
    end
    shown.fill(result.persons or {})
  end)
end

--- An LSP Diagnostic of a vim.diagnostic item: the server's own when it came
--- from a language server, else built from the item (linters, other plugins).
local function lsp_diagnostic(item)
  local original = item.user_data and item.user_data.lsp
  if original then
    return original
  end
  return {
    range = {
      start = { line = item.lnum, character = item.col },
      ["end"] = { line = item.end_lnum or item.lnum, character = item.end_col or item.col },
    },
    severity = item.severity, message = item.message, source = item.source, code = item.code,
  }
end

--- :QGPTExplain: explains the diagnostics on the cursor line, whichever
--- source reported them (Neovim sends each server only its own diagnostics, so
--- the server's "Explain this error" code action never sees another server's).
function M.explain()
  local row = vim.api.nvim_win_get_cursor(0)[1] - 1
  local items = vim.diagnostic.get(0, { lnum = row })
  if #items == 0 then
    return vim.notify("QGPT: no diagnostic on this line", vim.log.levels.INFO)
  end
  local argument = { uri = vim.uri_from_bufnr(0), diagnostics = vim.tbl_map(lsp_diagnostic, items) }
  M.run("qgpt.explainDiagnostic", argument, "Explain this error: " .. items[1].message)
end

--- :QGPTConversations: pick one, then follow it up.
function M.conversations()
  M.execute("qgpt.conversations", vim.empty_dict(), function(err, result)
    if err then
      return vim.notify("QGPT: " .. err.message, vim.log.levels.ERROR)
    end
    require("qgpt.pick").conversations(result or {}, function(id)
      M.follow_up({ conversation = id })
    end)
  end)
end

--- Creates the buffer-local commands: `where` is "code" or "answer".
function M.create(buf, where)
  local create = vim.api.nvim_buf_create_user_command
  create(buf, "QGPTFollowUp", M.follow_up, { nargs = "*", desc = "Follow up a QGPT answer" })
  create(buf, "QGPTStop", M.stop, { nargs = 0, desc = "Stop the QGPT answers" })
  create(buf, "QGPTConversations", M.conversations, { nargs = 0, desc = "Continue a QGPT conversation" })
  if where == "code" then
    create(buf, "QGPTAsk", M.ask, { nargs = "*", range = true, desc = "Ask QGPT about the lines or the file" })
    create(buf, "QGPTWho", M.who, { nargs = 0, range = true, desc = "Who can help with this code" })
    create(buf, "QGPTExplain", M.explain, { nargs = 0, desc = "Explain the diagnostics on this line" })
  end
end

return M
