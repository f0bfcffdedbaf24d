--- vim.ui.select pickers for an answer's sources and hints, and for
--- conversations.
local answer = require("qgpt.answer")

local M = {}

function M.sources(result)
  vim.ui.select(result.sources or {}, {
    prompt = "QGPT sources",
    format_item = answer.label,
  }, function(location)
    if location then
      answer.jump(location)
    end
  end)
end

function M.hints(result)
  vim.ui.select(result.hints or {}, { prompt = "QGPT follow up" }, function(hint)
    if hint then
      require("qgpt.commands").follow_up({ question = hint, conversation = result.conversation })
    end
  end)
end

function M.conversations(list, on_pick)
  vim.ui.select(list, {
    prompt = "QGPT conversations",
    format_item = function(c)
      return ("%s (%d messages, %s)"):format(c.title ~= "" and c.title or c.id, #(c.messages or {}), c.updated)
    end,
  }, function(c)
    if c then
      on_pick(c.id)
    end
  end)
end

return M
