--- :checkhealth qgpt: Neovim version, the server executable, the settings,
--- and (when qgpt-lsp is running) the backend and answerer it actually uses
--- ("auto" resolved) and its index status.
local config = require("qgpt.config")

local M = {}

local function request_sync(client, method, params)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request_sync(method, params, 10000)
  end
  return client.request_sync(method, params, 10000)
end

local function check_executable()
  local cmd = config.options.cmd[1]
  if vim.fn.executable(cmd) == 1 then
    vim.health.ok(("server executable: %s"):format(vim.fn.exepath(cmd)))
    local out = vim.fn.system({ cmd, "--version" })
    if vim.v.shell_error == 0 then
      vim.health.info(vim.trim(out))
    end
  else
    vim.health.error(("server executable not found: %s"):format(cmd), {
      "from your qgpt-lsp clone: uv tool install . --constraints requirements/runtime.txt"
        .. " (or pipx install .), or set cmd in require('qgpt').setup{}",
    })
  end
end

local function check_index(client)
  local params = { command = "qgpt.indexStatus", arguments = { vim.empty_dict() } }
  local reply, err = request_sync(client, "workspace/executeCommand", params)
  if not reply or reply.err then
    return vim.health.warn("index status: no reply (" .. tostring(err or (reply and reply.err.message)) .. ")")
  end
  local s = reply.result or {}
  if s.backend and s.backend ~= "" then
    vim.health.ok(("answers from: %s backend, answerer %s"):format(s.backend, s.answerer ~= "" and s.answerer or "?"))
  end
  -- The message already says the counts when there is one.
  local detail = (s.message and s.message ~= "") and s.message
    or ("%d files, %d chunks, %d skipped"):format(s.files or 0, s.chunks or 0, s.skipped or 0)
  local line = ("index: %s: %s"):format(tostring(s.state), detail)
  if s.state == "failed" or s.state == "error" then
    vim.health.error(line)
  elseif s.state == "ready" or s.state == "disabled" then
    vim.health.ok(line)
  else
    vim.health.info(line)
  end
end

local function check_client()
  local client = vim.lsp.get_clients({ name = "qgpt" })[1]
  if not client then
    return vim.health.info("qgpt-lsp is not running: open a file in a project to start it")
  end
  local info = client.server_info or {}
  vim.health.ok(("qgpt-lsp running (id %d, %s %s, root %s)"):format(
    client.id, info.name or "?", info.version or "", client.root_dir or client.config.root_dir or "?"))
  check_index(client)
end

function M.check()
  vim.health.start("qgpt")
  if vim.fn.has("nvim-0.10") == 1 then
    vim.health.ok("Neovim " .. tostring(vim.version()))
  else
    vim.health.error("Neovim >= 0.10 is required")
  end
  check_executable()
  local s = config.options.settings
  vim.health.info(("configured: backend %s, answerer %s"):format(s.backend, s.answerer))
  check_client()
end

return M
