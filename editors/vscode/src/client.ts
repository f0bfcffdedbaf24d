/**
 * Starts qgpt-lsp on stdio with the `qgpt` section as initializationOptions,
 * answers `workspace/configuration` for that section from the same mapping,
 * and routes ask-like server commands (e.g. from code actions) through the
 * extension's answer flow.
 */
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { ASK_COMMANDS } from "./protocol";
import { type SettingReader, serverLaunch, serverSettings } from "./settings";

/** Reads `qgpt.*` from the current VS Code configuration. */
export function vscodeReader(): SettingReader {
  const config = vscode.workspace.getConfiguration("qgpt");
  return (key) => config.get(key);
}

/** Runs a server command whose result is an AskResult through the answer view. */
export type AskCommandRunner = (command: string, args: unknown[]) => Promise<unknown>;

function middleware(runAsk: AskCommandRunner): Middleware {
  return {
    executeCommand: (command, args, next) =>
      ASK_COMMANDS.has(command) ? runAsk(command, args) : next(command, args),
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

export function createClient(output: vscode.OutputChannel, runAsk: AskCommandRunner): LanguageClient {
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
    middleware: middleware(runAsk),
  };
  return new LanguageClient("qgpt-lsp", "QGPT", serverOptions, clientOptions);
}
