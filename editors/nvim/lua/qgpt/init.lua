--- qgpt-lsp for Neovim >= 0.10: require("qgpt").setup(opts).
--- Starts the server (vim.lsp.config/enable on 0.11, vim.lsp.start on 0.10),
--- streams `qgpt/answerDelta` into answer buffers and creates the buffer-local
--- :QGPT* commands when the server attaches (answer buffers get theirs too).
local answer = require("qgpt.answer")
local commands = require("qgpt.commands")
local config = require("qgpt.config")

local M = {}

--- Code actions run by Neovim itself go through the same answer flow (and
--- "who can help" through the same picker).
local client_commands = {}
for _, name in ipairs({ "qgpt.ask", "qgpt.askFile", "qgpt.followUp", "qgpt.explainDiagnostic" }) do
  client_commands[name] = function(command)
    local argument = (command.arguments or {})[1] or {}
    commands.run(command.command, argument, argument.question or command.title or name)
  end
end
client_commands["qgpt.whoCanHelp"] = function(command)
  commands.who_for((command.arguments or {})[1] or {})
end

--- The client config: lsp/qgpt.lua's table plus the options.
function M.client_config()
  local base = dofile(vim.api.nvim_get_runtime_file("lsp/qgpt.lua", false)[1])
  local opts = config.options
  return vim.tbl_extend("force", base, {
    name = "qgpt",
    cmd = opts.cmd,
    filetypes = opts.filetypes or base.filetypes,
    root_markers = opts.root_markers or base.root_markers,
    init_options = config.server_settings(),
    settings = { qgpt = config.server_settings() },
    handlers = { ["qgpt/answerDelta"] = answer.on_delta },
    commands = client_commands,
  })
end

local function start_010(cfg)
  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("qgpt.start", { clear = true }),
    pattern = cfg.filetypes,
    callback = function(args)
      local root = vim.fs.root(args.buf, cfg.root_markers) or vim.fn.getcwd()
      vim.lsp.start(vim.tbl_extend("force", cfg, { root_dir = root }), { bufnr = args.buf })
    end,
  })
end

function M.setup(opts)
  config.set(opts)
  vim.api.nvim_create_autocmd("LspAttach", {
    group = vim.api.nvim_create_augroup("qgpt.attach", { clear = true }),
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == "qgpt" then
        commands.create(args.buf, "code")
      end
    end,
  })
  local cfg = M.client_config()
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    vim.lsp.config("qgpt", cfg)
    vim.lsp.enable("qgpt")
  else
    start_010(cfg)
  end
end

return M
