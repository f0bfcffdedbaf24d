--- The answer buffers: one Markdown scratch buffer per conversation, which the
--- `qgpt/answerDelta` notifications stream into; each answer ends with its
--- sources (file:line, <CR> jumps), follow-up hints (<CR> asks) and who can
--- help. Follow-ups continue their conversation's buffer, and every answer (and
--- "who can help") is shown in the one answer window of the tab page (reused,
--- never a new split).
local config = require("qgpt.config")

local M = {}

---@class qgpt.Answer
---@field token string
---@field question string
---@field conversation string?
---@field buf integer
---@field seq integer
---@field text string
---@field done boolean
---@field result table?
---@field actions table<integer, table>?
---@field on_done fun(answer: qgpt.Answer)[]

---@type table<string, qgpt.Answer>
M.by_token = {}
---@type table<string, integer> conversation id -> its answer buffer
M.buffers = {}
---@type qgpt.Answer?
M.last = nil
local count, seq = 0, 0
local redraw_pending = false

--- Redraws once the current callbacks are done. Without it nothing is drawn
--- after a pick from the default vim.ui.select (inputlist) until the next key.
function M.redraw_soon()
  if redraw_pending then
    return
  end
  redraw_pending = true
  vim.schedule(function()
    redraw_pending = false
    vim.cmd.redraw()
  end)
end

local function answer_window()
  for _, win in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
    if vim.b[vim.api.nvim_win_get_buf(win)].qgpt_answer then
      return win
    end
  end
end

local function open_window(buf)
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

--- Shows `buf` in the tab page's answer window (made on first use).
local function show(buf)
  local win = vim.fn.bufwinid(buf)
  if win == -1 then
    win = answer_window()
    if win then
      vim.api.nvim_win_set_buf(win, buf)
    else
      win = open_window(buf)
    end
  end
  M.redraw_soon()
  return win
end

local function new_buffer()
  count = count + 1
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, ("qgpt://answer/%d"):format(count))
  vim.bo[buf].filetype = "markdown"
  vim.bo[buf].bufhidden = "hide"
  vim.b[buf].qgpt_answer = true
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
  require("qgpt.commands").create(buf, "answer")
  return buf
end

--- The buffer of `conversation` with a new section for `question`.
local function buffer_for(question, conversation)
  local buf = conversation and M.buffers[conversation]
  local heading = "# " .. question:gsub("\n", " ")
  if buf and vim.api.nvim_buf_is_valid(buf) then
    vim.api.nvim_buf_set_lines(buf, -1, -1, false, { "", heading, "", "" })
    return buf
  end
  buf = new_buffer()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { heading, "", "" })
  return buf
end

local function remember(answer, conversation)
  if conversation and not answer.conversation then
    answer.conversation = conversation
  end
  if answer.conversation then
    M.buffers[answer.conversation] = answer.buf
  end
end

--- Opens an answer for `question`, streamed under `token`.
function M.start(token, question, conversation)
  seq = seq + 1
  local answer = {
    token = token, question = question, conversation = conversation, seq = seq,
    buf = buffer_for(question, conversation), text = "", done = false, on_done = {},
  }
  remember(answer, conversation)
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
  M.redraw_soon()
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
  remember(answer, delta.conversation)
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
  remember(answer, result and result.conversation)
  if not vim.api.nvim_buf_is_valid(answer.buf) then
    return
  end
  local status = err and ("failed: " .. (err.message or tostring(err))) or result.status
  if result and result.error then
    status = status .. ": " .. result.error
  end
  local model = result and result.model ~= "" and (" · " .. result.model) or ""
  local lines, actions = { "", "", ("_%s%s_"):format(status, model) }, {}
  if result then
    section(lines, actions, "Sources", result.sources, M.label, "source")
    section(lines, actions, "Follow up", result.hints, function(h) return h end, "hint")
    section(lines, actions, "Who can help", result.persons, person, "person")
  end
  local offset = vim.api.nvim_buf_line_count(answer.buf)
  answer.actions = {}
  for index, action in pairs(actions) do
    answer.actions[offset + index - 1] = action
  end
  append(answer.buf, table.concat(lines, "\n"))
  for _, callback in ipairs(answer.on_done) do
    callback(answer)
  end
end

local function copy_email(p)
  if p.email and p.email ~= "" then
    if not pcall(vim.fn.setreg, "+", p.email) then
      vim.fn.setreg('"', p.email)
    end
    vim.notify("QGPT: copied " .. p.email)
  end
end

--- Shows who can help with `what` in the answer window (a list drawn at once,
--- not a blocking menu): "looking..." until `fill(persons)` is called; <CR> on a
--- person copies the email.
function M.show_people(what)
  seq = seq + 1
  local buf = new_buffer()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "# Who can help with " .. what, "", "Looking in the git history..." })
  local shown = {
    token = "people-" .. seq, question = what, buf = buf, seq = seq, text = "",
    done = false, on_done = {}, actions = {},
  }
  M.by_token[shown.token] = shown
  show(buf)
  function shown.fill(persons, err)
    local lines, actions = { "# Who can help with " .. what }, {}
    if err then
      vim.list_extend(lines, { "", "failed: " .. err })
    elseif #persons == 0 then
      vim.list_extend(lines, { "", "Nobody found in the git history of this code." })
    end
    section(lines, actions, "People", persons, person, "person")
    if vim.api.nvim_buf_is_valid(buf) then
      vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    end
    shown.actions, shown.done = actions, true
    M.redraw_soon()
    for _, callback in ipairs(shown.on_done) do
      callback(shown)
    end
  end
  return shown
end

--- The newest answer shown in `buf`.
function M.of_buffer(buf)
  local newest
  for _, answer in pairs(M.by_token) do
    if answer.buf == buf and (newest == nil or answer.seq > newest.seq) then
      newest = answer
    end
  end
  return newest
end

--- <CR> in an answer buffer: jump to a source, ask a hint, copy an email.
function M.activate_line(buf)
  local line = vim.api.nvim_win_get_cursor(0)[1]
  for _, answer in pairs(M.by_token) do
    local action = answer.buf == buf and answer.actions and answer.actions[line]
    if action and action.kind == "source" then
      return M.jump(action.item)
    elseif action and action.kind == "hint" then
      return require("qgpt.commands").follow_up({ question = action.item, conversation = answer.conversation })
    elseif action and action.kind == "person" then
      return copy_email(action.item)
    end
  end
end

--- Opens a source location in the previous window.
function M.jump(location)
  vim.cmd("wincmd p")
  vim.cmd.edit(vim.fn.fnameescape(vim.uri_to_fname(location.uri)))
  vim.api.nvim_win_set_cursor(0, { location.range.start.line + 1, location.range.start.character })
end

return M
