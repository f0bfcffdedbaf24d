-- Loaded by the terminal test: when the next answer is done, or "who can help"
-- is shown (after the plugin's own scheduled work), writes what the screen grid
-- holds - what Neovim has DRAWN, not what the buffers hold - to $QGPT_NVIM_RESULT.
local answer = require("qgpt.answer")
local start = answer.start

local function screen()
  local rows = {}
  for row = 1, vim.o.lines do
    local cells = {}
    for col = 1, vim.o.columns do
      cells[#cells + 1] = vim.fn.screenstring(row, col)
    end
    rows[#rows + 1] = table.concat(cells)
  end
  return table.concat(rows, "\n")
end

local function write_screen_soon()
  vim.schedule(function()
    local file = assert(io.open(vim.env.QGPT_NVIM_RESULT .. ".part", "w"))
    file:write(screen())
    file:close()
    assert(os.rename(vim.env.QGPT_NVIM_RESULT .. ".part", vim.env.QGPT_NVIM_RESULT))
  end)
end

answer.start = function(...)
  local started = start(...)
  table.insert(started.on_done, write_screen_soon)
  return started
end

local show_people = answer.show_people
answer.show_people = function(...)
  local shown = show_people(...)
  table.insert(shown.on_done, write_screen_soon)
  return shown
end
