/**
 * Starts qgpt-lsp (found by serverLocation.ts) on stdio with the `qgpt` section as initializationOptions,
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
import { ASK_COMMANDS, COMMANDS, onlyCurrentFollowUps } from "./protocol";
import { type ServerLaunch, type ServerSearch } from "./serverLocation";
import { type SettingReader, serverSettings } from "./settings";

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

/** What the client asks of the rest of the extension. */
export interface ClientHooks {
  run: ServerCommandRunner;
  /** The conversation of the answer in view (its follow-ups are the ones offered). */
  currentConversation: () => string | undefined;
  /** Opens the server's answer file (window/showDocument) without hiding the view. */
  showAnswerDocument: (uri: vscode.Uri) => Promise<boolean>;
}

const ROUTED: ReadonlySet<string> = new Set([...ASK_COMMANDS, COMMANDS.whoCanHelp]);

function middleware(hooks: ClientHooks): Middleware {
  return {
    executeCommand: (command, args, next) =>
      ROUTED.has(command) ? hooks.run(command, args) : next(command, args),
    provideCodeActions: async (document, range, context, token, next) => {
      const actions = await next(document, range, context, token);
      return actions ? onlyCurrentFollowUps(actions, hooks.currentConversation()) : actions;
    },
    window: {
      showDocument: async (params, next) => {
        const uri = vscode.Uri.parse(params.uri);
        if (params.external || uri.scheme !== "file") {
          const result = await next(params, new vscode.CancellationTokenSource().token);
          return "success" in result ? result : { success: false };
        }
        return { success: await hooks.showAnswerDocument(uri) };
      },
    },
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

/** The Python extension's interpreter for `folder`, when that extension is installed. */
async function pythonExtensionInterpreter(folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension("ms-python.python");
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const path: unknown = api?.environments?.getActiveEnvironmentPath?.(folder?.uri)?.path;
    return typeof path === "string" && path !== "" ? path : undefined;
  } catch {
    return undefined;
  }
}

/** What serverLocation.ts may look at, read from this window. */
export async function serverSearch(): Promise<ServerSearch> {
  const config = vscode.workspace.getConfiguration("qgpt");
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
  return {
    command: config.get<string>("server.command") ?? "",
    python: config.get<string>("server.python") ?? "",
    workspaceFolders: folders.map((f) => f.uri.fsPath),
    pythonInterpreter: await pythonExtensionInterpreter(folders[0]),
    env: process.env,
  };
}

/**
 * vscode-languageclient logs every server exit as an error, also the clean exit
 * (code 0) after its own shutdown/exit on a restart: that one is only news.
 */
class QgptLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification?: boolean | "force"): void {
    if (message === "Server process exited with code 0.") this.info(message, data, false);
    else super.error(message, data, showNotification);
  }
}

export function createClient(output: vscode.OutputChannel, hooks: ClientHooks, launch: ServerLaunch): LanguageClient {
  const read = vscodeReader();
  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file" }, { scheme: "untitled" }],
    initializationOptions: serverSettings(read),
    outputChannel: output,
    middleware: middleware(hooks),
  };
  return new QgptLanguageClient("qgpt-lsp", "QGPT", serverOptions, clientOptions);
}
