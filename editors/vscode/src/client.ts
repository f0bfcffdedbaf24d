/**
 * Starts qgpt-lsp on stdio with the `qgpt` section as initializationOptions,
 * answers `workspace/configuration` for that section from the same mapping,
 * and routes the server's ask and who-can-help commands (e.g. from code
 * actions) through the extension's answer view.
 */
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { ASK_COMMANDS, COMMANDS } from "./protocol";
import { type SettingReader, serverLaunch, serverSettings } from "./settings";

/** Reads `qgpt.*` from the current VS Code configuration. */
export function vscodeReader(): SettingReader {
  const config = vscode.workspace.getConfiguration("qgpt");
  return (key) => config.get(key);
}

/**
 * Runs a server command (e.g. from a code action) through the extension's UI:
 * ask-like commands stream into the answer view, `qgpt.whoCanHelp` lists persons.
 */
export type ServerCommandRunner = (command: string, args: unknown[]) => Promise<unknown>;

const ROUTED: ReadonlySet<string> = new Set([...ASK_COMMANDS, COMMANDS.whoCanHelp]);

function middleware(run: ServerCommandRunner): Middleware {
  return {
    executeCommand: (command, args, next) =>
      ROUTED.has(command) ? run(command, args) : next(command, args),
    workspace: {
      configuration: async (params, token, next) => {
        const values = await next(params, token);
        if (!Array.isArray(values)) return values;
        return params.items.map((item, i) =>
          item.section === "qgpt" ? serverSettings(vscodeReader()) : values[i],
        );
      },
    },
  };
}

export function createClient(output: vscode.OutputChannel, run: ServerCommandRunner): LanguageClient {
  const read = vscodeReader();
  const launch = serverLaunch(read);
  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file" }, { scheme: "untitled" }],
    initializationOptions: serverSettings(read),
    outputChannel: output,
    middleware: middleware(run),
  };
  return new LanguageClient("qgpt-lsp", "QGPT", serverOptions, clientOptions);
}
