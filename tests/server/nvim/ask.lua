-- Headless Neovim drives qgpt-lsp through vim.lsp: open a file, select a range,
-- take the "Ask QGPT: explain this" code action, run its command, and record
-- the code action titles, every $/progress value, the qgpt/answerDelta count and
-- the command's result as JSON in $QGPT_TEST_OUT. Run by tests/server/test_nvim.py.
local root = assert(vim.env.QGPT_TEST_ROOT, "QGPT_TEST_ROOT")
local out = assert(vim.env.QGPT_TEST_OUT, "QGPT_TEST_OUT")
local cmd = { assert(vim.env.QGPT_TEST_PYTHON, "QGPT_TEST_PYTHON"), "-m", "qgpt_lsp.cli.lsp" }
local report = { progress = {}, deltas = 0, actions = {}, errors = {} }

local function finish()
  vim.fn.writefile({ vim.json.encode(report) }, out)
  vim.cmd("qall!")
end

local function fail(message)
  table.insert(report.errors, message)
  finish()
end

local function main()
  vim.cmd.edit(root .. "/app/calc.py")
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start({
    name = "qgpt-lsp",
    cmd = cmd,
    root_dir = root,
    init_options = { qgpt = { backend = "embedded", answerer = "grounded", openAnswerDocument = false } },
    handlers = {
      ["$/progress"] = function(err, result, ctx)
        if type(result.token) == "string" and result.token:find("answer") then
          table.insert(report.progress, result.value)
        end
        return vim.lsp.handlers["$/progress"](err, result, ctx)
      end,
      ["qgpt/answerDelta"] = function()
        report.deltas = report.deltas + 1
      end,
    },
  }, { bufnr = buf })
  if not client_id then
    return fail("vim.lsp.start failed")
  end
  local client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(60000, function() return client.initialized end, 50) then
    return fail("the server never initialized")
  end

  -- Select lines 9-11 (the `divide` function) the way a user would, then ask for actions.
  vim.api.nvim_win_set_cursor(0, { 9, 0 })
  vim.cmd("normal! V2j")
  local params = vim.lsp.util.make_given_range_params({ 9, 0 }, { 11, 0 }, buf, client.offset_encoding)
  params.context = { diagnostics = {} }
  local response = client:request_sync("textDocument/codeAction", params, 30000, buf)
  if not response or response.err then
    return fail("codeAction failed: " .. vim.inspect(response))
  end
  local explain
  for _, action in ipairs(response.result or {}) do
    table.insert(report.actions, action.title)
    if action.title == "Ask QGPT: explain this" then
      explain = action
    end
  end
  if not explain then
    return fail("no explain action")
  end

  local done = false
  client:request("workspace/executeCommand", explain.command, function(err, result)
    report.result = result
    report.error = err and err.message or nil
    done = true
  end, buf)
  if not vim.wait(90000, function() return done end, 50) then
    return fail("the command never answered")
  end
  -- the final notifications follow the progress end: give them a moment to arrive
  vim.wait(2000, function()
    local last = report.progress[#report.progress]
    return last ~= nil and last.kind == "end"
  end, 20)
  client:stop()
  finish()
end

local ok, problem = xpcall(main, debug.traceback)
if not ok then
  fail(tostring(problem))
end
