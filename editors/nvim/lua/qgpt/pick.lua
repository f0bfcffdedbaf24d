--- vim.ui.select pickers for an answer's sources, hints and persons, and for
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

function M.persons(persons)
  if #persons == 0 then
    return vim.notify("QGPT: nobody found in the git history of this code", vim.log.levels.INFO)
  end
  vim.ui.select(persons, {
    prompt = "Who can help",
    format_item = function(p)
      return ("%s <%s> %s"):format(p.name, p.email, p.explanation or "")
    end,
  }, function(p)
    if p and p.email ~= "" then
      if not pcall(vim.fn.setreg, "+", p.email) then
        vim.fn.setreg('"', p.email)
      end
      vim.notify("QGPT: copied " .. p.email)
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
