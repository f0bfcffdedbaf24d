--- Options of require("qgpt").setup() and the server's `qgpt` settings
--- section built from them (keys one-to-one with the server's settings).
local M = {}

---@class qgpt.Options
M.defaults = {
  --- How to start the server (stdio).
  cmd = { "qgpt-lsp" },
  filetypes = nil, -- nil: lsp/qgpt.lua's list
  root_markers = nil, -- nil: lsp/qgpt.lua's list
  --- The server's `qgpt` section; nil values are left to the server.
  settings = {
    backend = "auto", -- "auto" | "pieces" | "embedded" | "http://host:port"
    answerer = "auto", -- "auto" | "openai" | "local" | "grounded"
    openai = { baseUrl = nil, model = nil, apiKey = nil },
    ["local"] = { modelPath = nil },
    index = { maxFileSize = 1048576, enabled = true },
    -- This plugin streams answers into its own buffer: the server's Markdown
    -- file opened through window/showDocument would only duplicate it.
    openAnswerDocument = false,
    hover = { enabled = true },
  },
  answer = {
    layout = "vsplit", -- "vsplit" | "split" | "float"
    size = nil, -- columns (vsplit) or lines (split); nil: half
  },
}

---@type qgpt.Options
M.options = vim.deepcopy(M.defaults)

--- Merges user options over the defaults.
function M.set(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  return M.options
end

--- Sub-tables that end up empty must go out as JSON objects, not `[]`.
local function as_object(tbl)
  local out = {}
  for key, value in pairs(tbl) do
    out[key] = type(value) == "table" and as_object(value) or value
  end
  return next(out) == nil and vim.empty_dict() or out
end

--- The `qgpt` section sent as init_options and on workspace/configuration.
function M.server_settings()
  return as_object(M.options.settings)
end

return M
