/**
 * Entry point: starts qgpt-lsp, wires the answer view, the status bar and the
 * "QGPT: ..." commands, and keeps the server's `qgpt` settings current
 * (`workspace/didChangeConfiguration`; a change of `qgpt.server.*` restarts it).
 */
import * as vscode from "vscode";
import { DidChangeConfigurationNotification, type LanguageClient } from "vscode-languageclient/node";
import { AskRunner } from "./asks";
import { AnswerView, type ViewMessage } from "./answerView";
import type { Answer } from "./answerModel";
import { type ClientHooks, createClient, serverSearch, vscodeReader } from "./client";
import { type CommandContext, followUpWith, registerCommands, showWhoCanHelp } from "./commands";
import { COMMANDS } from "./protocol";
import { locateServer } from "./serverLocation";
import { didChangeConfigurationParams } from "./settings";
import { AskStatusBar } from "./statusBar";

let client: LanguageClient | undefined;
let listening: vscode.Disposable | undefined;

async function showServerError(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, "Open Settings");
  if (choice) await vscode.commands.executeCommand("workbench.action.openSettings", "qgpt.server");
}

async function start(output: vscode.OutputChannel, ctx: CommandContext): Promise<void> {
  const asks = ctx.asks;
  const location = locateServer(await serverSearch());
  if ("error" in location) {
    output.appendLine(location.error);
    void showServerError(location.error);
    return;
  }
  output.appendLine(`Starting ${[location.launch.command, ...location.launch.args].join(" ")} (found through ${location.from})`);
  const run = (command: string, args: unknown[]) => {
    if (command === COMMANDS.whoCanHelp) return showWhoCanHelp(ctx, { command, arguments: args });
    const argument = (args[0] ?? {}) as { question?: unknown };
    const question = typeof argument.question === "string" ? argument.question : command;
    return asks.run({ command, arguments: args }, question);
  };
  const hooks: ClientHooks = {
    run,
    currentConversation: () => ctx.view.current()?.conversation,
    showAnswerDocument: async (uri) => {
      await vscode.window.showTextDocument(uri, { viewColumn: await ctx.view.otherColumn(), preserveFocus: true, preview: false });
      return true;
    },
  };
  const next = createClient(output, hooks, location.launch);
  listening = asks.listen(next);
  client = next;
  try {
    await next.start();
  } catch (error) {
    const setting = location.from === "qgpt.server.python" ? "qgpt.server.python" : "qgpt.server.command";
    void showServerError(`QGPT: could not start ${location.launch.command} (${String(error)}). Check ${setting}.`);
  }
}

async function stop(): Promise<void> {
  listening?.dispose();
  const running = client;
  client = undefined;
  await running?.stop().catch(() => undefined);
}

function onViewMessage(ctx: CommandContext, message: ViewMessage, answer: Answer): void {
  if (message.action === "open") {
    const position = new vscode.Position(message.line, message.character);
    void vscode.window.showTextDocument(vscode.Uri.parse(message.uri), {
      selection: new vscode.Range(position, position),
      viewColumn: vscode.ViewColumn.One,
    });
  } else if (message.action === "followUp" && answer.conversation) {
    void followUpWith(ctx, answer.conversation, message.question);
  } else if (message.action === "stop") {
    void ctx.asks.stopAll();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("QGPT");
  const status = new AskStatusBar("qgpt.client.stop");
  let ctx: CommandContext | undefined;
  const view = new AnswerView((message, answer) => ctx && onViewMessage(ctx, message, answer));
  const asks = new AskRunner(() => client, view, status);
  ctx = { client: () => client, asks, view };
  context.subscriptions.push(output, status, view, ...registerCommands(ctx));
  // After a reload VS Code gives back the view it had open (with its last answer).
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(AnswerView.type, {
      deserializeWebviewPanel: async (panel) => view.restore(panel),
    }),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("qgpt.server")) {
        await stop();
        await start(output, ctx);
      } else if (event.affectsConfiguration("qgpt") && client) {
        await client.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(vscodeReader()));
      }
    }),
  );
  await start(output, ctx);
}

export async function deactivate(): Promise<void> {
  await stop();
}
