--- The answer buffer: a Markdown scratch buffer the `qgpt/answerDelta`
--- notifications stream into, then the sources (file:line, <CR> jumps),
--- the follow-up hints and who can help.
local config = require("qgpt.config")

local M = {}

---@class qgpt.Answer
---@field token string
---@field question string
---@field conversation string?
---@field buf integer
---@field text string
---@field done boolean
---@field result table?
---@field on_done fun(answer: qgpt.Answer)[]

---@type table<string, qgpt.Answer>
M.by_token = {}
---@type qgpt.Answer?
M.last = nil
local count = 0

local function show(buf)
  local win = vim.fn.bufwinid(buf)
  if win ~= -1 then
    return win
  end
  local layout = config.options.answer
  if layout.layout == "float" then
    local width = math.floor(vim.o.columns * 0.8)
    local height = math.floor(vim.o.lines * 0.7)
    return vim.api.nvim_open_win(buf, false, {
      relative = "editor", width = width, height = height, style = "minimal", border = "rounded",
      row = math.floor((vim.o.lines - height) / 2), col = math.floor((vim.o.columns - width) / 2),
    })
  end
  return vim.api.nvim_open_win(buf, false, {
    split = layout.layout == "split" and "below" or "right",
    width = layout.layout ~= "split" and layout.size or nil,
    height = layout.layout == "split" and layout.size or nil,
  })
end

local function new_buffer(question)
  count = count + 1
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, ("qgpt://answer/%d"):format(count))
  vim.bo[buf].filetype = "markdown"
  vim.bo[buf].bufhidden = "hide"
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "# " .. question:gsub("\n", " "), "", "" })
  vim.keymap.set("n", "<CR>", function()
    require("qgpt.answer").activate_line(buf)
  end, { buffer = buf, desc = "QGPT: open the source or ask the hint under the cursor" })
  for lhs, pick in pairs({ gs = "sources", gh = "hints" }) do
    vim.keymap.set("n", lhs, function()
      local answer = require("qgpt.answer").of_buffer(buf)
      if answer and answer.result then
        require("qgpt.pick")[pick](answer.result)
      end
    end, { buffer = buf, desc = "QGPT: pick one of the answer's " .. pick })
  end
  return buf
end

--- Opens an answer for `question`, streamed under `token`.
function M.start(token, question, conversation)
  local answer = {
    token = token, question = question, conversation = conversation,
    buf = new_buffer(question), text = "", done = false, on_done = {},
  }
  M.by_token[token] = answer
  M.last = answer
  show(answer.buf)
  return answer
end

local function append(buf, text)
  local last = vim.api.nvim_buf_line_count(buf) - 1
  local line = vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1] or ""
  vim.api.nvim_buf_set_text(buf, last, #line, last, #line, vim.split(text, "\n", { plain = true }))
  local win = vim.fn.bufwinid(buf)
  if win ~= -1 then
    vim.api.nvim_win_set_cursor(win, { vim.api.nvim_buf_line_count(buf), 0 })
  end
end

local function find(delta)
  local answer = M.by_token[tostring(delta.token)]
  if answer then
    return answer
  end
  for _, candidate in pairs(M.by_token) do
    if not candidate.done and candidate.conversation == delta.conversation then
      return candidate
    end
  end
  return M.start(tostring(delta.token), "(asked from a code action)", delta.conversation)
end

--- Handler of the `qgpt/answerDelta` notification.
function M.on_delta(_, delta)
  if type(delta) ~= "table" or delta.token == nil then
    return
  end
  local answer = find(delta)
  answer.conversation = answer.conversation or delta.conversation
  if delta.delta and delta.delta ~= "" and vim.api.nvim_buf_is_valid(answer.buf) then
    answer.text = answer.text .. delta.delta
    append(answer.buf, delta.delta)
  end
end

--- `path:line` of an LSP Location, relative to the current directory.
function M.label(location)
  local path = vim.fn.fnamemodify(vim.uri_to_fname(location.uri), ":~:.")
  return ("%s:%d"):format(path, location.range.start.line + 1)
end

local function section(lines, actions, title, items, render, kind)
  if not items or #items == 0 then
    return
  end
  vim.list_extend(lines, { "", "## " .. title })
  for _, item in ipairs(items) do
    table.insert(lines, "- " .. render(item))
    actions[#lines] = { kind = kind, item = item }
  end
end

local function person(p)
  local why = (p.explanation and p.explanation ~= "") and (": " .. p.explanation:gsub("\n", " ")) or ""
  return ("%s <%s>%s"):format(p.name, p.email, why)
end

--- Writes the end of an answer: status, sources, hints, who can help.
function M.finish(answer, result, err)
  answer.done = true
  answer.result = result
  answer.error = err
  if result then
    answer.conversation = result.conversation
  end
  if not vim.api.nvim_buf_is_valid(answer.buf) then
    return
  end
  local status = err and ("failed: " .. (err.message or tostring(err))) or result.status
  if result and result.error then
    status = status .. ": " .. result.error
  end
  local lines, offset = { "", "", ("_%s%s_"):format(status, result and result.model ~= "" and (" · " .. result.model) or "") }, 0
  local actions = {}
  if result then
    section(lines, actions, "Sources", result.sources, M.label, "source")
    section(lines, actions, "Follow up", result.hints, function(h) return h end, "hint")
    section(lines, actions, "Who can help", result.persons, person, "person")
  end
  offset = vim.api.nvim_buf_line_count(answer.buf)
  answer.actions = {}
  for index, action in pairs(actions) do
    answer.actions[offset + index - 1] = action
  end
  append(answer.buf, table.concat(lines, "\n"))
  for _, callback in ipairs(answer.on_done) do
    callback(answer)
  end
end

function M.of_buffer(buf)
  for _, answer in pairs(M.by_token) do
    if answer.buf == buf then
      return answer
    end
  end
end

--- <CR> in an answer buffer: jump to a source, ask a hint.
function M.activate_line(buf)
  local answer = M.of_buffer(buf)
  local action = answer and answer.actions and answer.actions[vim.api.nvim_win_get_cursor(0)[1]]
  if not action then
    return
  end
  if action.kind == "source" then
    M.jump(action.item)
  elseif action.kind == "hint" then
    require("qgpt.commands").follow_up({ question = action.item, conversation = answer.conversation })
  end
end

--- Opens a source location in the previous window.
function M.jump(location)
  vim.cmd("wincmd p")
  vim.cmd.edit(vim.fn.fnameescape(vim.uri_to_fname(location.uri)))
  vim.api.nvim_win_set_cursor(0, { location.range.start.line + 1, location.range.start.character })
end

return M
