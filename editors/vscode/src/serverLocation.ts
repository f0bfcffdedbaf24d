/**
 * Finds the `qgpt-lsp` to start, the way users install it: the configured
 * command or Python, else `qgpt-lsp` on PATH, in the workspace's `.venv`,
 * beside the Python extension's interpreter, or in the pipx / uv tool bin
 * folder (`~/.local/bin`). VS Code's extension host often has another PATH
 * than the user's shell, so PATH alone is not enough. No `vscode` import: the
 * node tests call it with tmp folders.
 */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";

export const DEFAULT_COMMAND = "qgpt-lsp";
export const INSTALL_COMMAND = "uv tool install . --constraints requirements/runtime.txt";

/** How the extension starts the server. */
export interface ServerLaunch {
  command: string;
  args: string[];
}

/** What the finder may look at; every field comes from the editor or the process. */
export interface ServerSearch {
  /** `qgpt.server.command` (blank: not set). */
  command: string;
  /** `qgpt.server.python` (blank: not set). */
  python: string;
  /** Workspace folder paths. */
  workspaceFolders: string[];
  /** The Python extension's interpreter for the workspace, when that extension is there. */
  pythonInterpreter?: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** A launch, or the message telling the user what to change. */
export type ServerLocation = { launch: ServerLaunch; from: string } | { error: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function binFolder(venv: string, platform: NodeJS.Platform): string {
  return join(venv, platform === "win32" ? "Scripts" : "bin");
}

function executableName(name: string, platform: NodeJS.Platform): string {
  return platform === "win32" && !name.toLowerCase().endsWith(".exe") ? `${name}.exe` : name;
}

/** The places to look for `qgpt-lsp`, in order, each with a word for messages. */
export function searchFolders(search: ServerSearch): { folder: string; from: string }[] {
  const platform = search.platform ?? process.platform;
  const home = search.home ?? homedir();
  const path = (search.env.PATH ?? "").split(delimiter).filter((p) => p !== "");
  const folders = [
    ...path.map((folder) => ({ folder, from: "PATH" })),
    ...search.workspaceFolders.flatMap((root) =>
      [".venv", "venv"].map((venv) => ({ folder: binFolder(join(root, venv), platform), from: `the workspace's ${venv}` })),
    ),
  ];
  if (search.pythonInterpreter) folders.push({ folder: dirname(search.pythonInterpreter), from: "the Python extension's interpreter" });
  const toolBins = [search.env.UV_TOOL_BIN_DIR, search.env.PIPX_BIN_DIR, search.env.XDG_BIN_HOME, join(home, ".local", "bin")];
  for (const folder of toolBins) if (folder) folders.push({ folder, from: "the uv/pipx tool folder" });
  return folders;
}

function findOnFolders(name: string, search: ServerSearch): { path: string; from: string } | undefined {
  const file = executableName(name, search.platform ?? process.platform);
  for (const { folder, from } of searchFolders(search)) {
    const path = join(folder, file);
    if (isExecutable(path)) return { path, from };
  }
  return undefined;
}

const HOW_TO_INSTALL =
  `Install it from the qgpt-lsp repository with \`${INSTALL_COMMAND}\` ` +
  "(or `pipx install . --pip-args=\"--constraint requirements/runtime.txt\"`)";

/** Where to start the server from, or an error naming the setting to fix. */
export function locateServer(search: ServerSearch): ServerLocation {
  const python = search.python.trim();
  if (python !== "") {
    const found = isAbsolute(python) ? (isExecutable(python) ? { path: python, from: "qgpt.server.python" } : undefined) : findOnFolders(python, search);
    if (!found) return { error: `QGPT: the Python in qgpt.server.python (${python}) was not found. Set qgpt.server.python to a Python that has qgpt-lsp installed, or clear it to use qgpt.server.command.` };
    return { launch: { command: found.path, args: ["-m", "qgpt_lsp.cli.main"] }, from: "qgpt.server.python" };
  }
  const command = search.command.trim() || DEFAULT_COMMAND;
  if (isAbsolute(command)) {
    if (isExecutable(command)) return { launch: { command, args: [] }, from: "qgpt.server.command" };
    return { error: `QGPT: ${command} (qgpt.server.command) does not exist or is not executable. Set qgpt.server.command to the full path of qgpt-lsp. ${HOW_TO_INSTALL}.` };
  }
  const found = findOnFolders(command, search);
  if (found) return { launch: { command: found.path, args: [] }, from: found.from };
  const looked = [...new Set(searchFolders(search).map((f) => f.from))].join(", ");
  return { error: `QGPT: ${command} was not found (looked on ${looked}). ${HOW_TO_INSTALL}, or set qgpt.server.command to its full path.` };
}
