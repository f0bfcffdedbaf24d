/**
 * The "QGPT: ..." commands. They prompt with an input box or a quick pick and
 * call the server's `qgpt.*` commands with the arguments built by protocol.ts.
 */
import * as vscode from "vscode";
import { ExecuteCommandRequest, type LanguageClient } from "vscode-languageclient/node";
import type { AskRunner } from "./asks";
import type { AnswerView } from "./answerView";
import {
  type ConversationSummary,
  type ExecuteCommandParams,
  type Person,
  type Range,
  askFileParams,
  askParams,
  conversationsParams,
  followUpParams,
  whoCanHelpParams,
} from "./protocol";

export interface CommandContext {
  client: () => LanguageClient | undefined;
  asks: AskRunner;
  view: AnswerView;
}

function editorRange(editor: vscode.TextEditor): Range {
  const { start, end } = editor.selection;
  return { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
}

async function question(prompt: string, value?: string): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({ prompt, value, ignoreFocusOut: true });
  return text?.trim() ? text.trim() : undefined;
}

/** The conversation to follow up: the one picked in Conversations, else the latest answer's. */
let pickedConversation: string | undefined;

function currentConversation(ctx: CommandContext): string | undefined {
  return pickedConversation ?? ctx.asks.book.latest()?.conversation;
}

async function ask(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const conversation = currentConversation(ctx);
  if (!editor && conversation) return followUp(ctx);
  if (!editor) {
    void vscode.window.showInformationMessage("QGPT: open a file (or select code) to ask about it.");
    return;
  }
  const where = editor.selection.isEmpty ? "this file" : "the selection";
  const text = await question(`Ask QGPT about ${where}`);
  if (!text) return;
  await ctx.asks.run(askParams(editor.document.uri.toString(), text, editorRange(editor)), text);
}

async function askFile(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const text = await question("Ask QGPT about this file", "Explain this file");
  if (!text) return;
  await ctx.asks.run(askFileParams(editor.document.uri.toString(), text), text);
}

async function followUp(ctx: CommandContext, hint?: string): Promise<void> {
  const conversation = currentConversation(ctx);
  if (!conversation) {
    void vscode.window.showInformationMessage("QGPT: ask a question first.");
    return;
  }
  const text = hint ?? (await question("Follow up"));
  if (!text) return;
  // A hint is about its own answer's code, not whatever editor is active now.
  const editor = hint === undefined ? vscode.window.activeTextEditor : undefined;
  const uri = editor?.document.uri.toString();
  await ctx.asks.run(followUpParams(conversation, text, uri, editor ? editorRange(editor) : undefined), text);
}

async function whoCanHelp(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const range = editor.selection.isEmpty ? undefined : editorRange(editor);
  await showWhoCanHelp(ctx, whoCanHelpParams(editor.document.uri.toString(), range));
}

/** Runs `qgpt.whoCanHelp` and lists the persons in the answer view. */
export async function showWhoCanHelp(ctx: CommandContext, params: ExecuteCommandParams): Promise<unknown> {
  const client = ctx.client();
  if (!client) return undefined;
  const result = await client.sendRequest(ExecuteCommandRequest.type, params);
  const persons = (result as { persons?: Person[] } | null)?.persons ?? [];
  const uri = (params.arguments[0] as { uri?: string } | undefined)?.uri ?? "";
  const where = uri ? vscode.workspace.asRelativePath(vscode.Uri.parse(uri)) : "this code";
  const answer = ctx.asks.book.start(`Who can help with ${where}`, `who-${Date.now()}`);
  answer.state = "completed";
  answer.persons = persons;
  if (persons.length === 0) answer.text = "Nobody found in the git history of this code.";
  ctx.view.show(answer);
  return result;
}

async function conversations(ctx: CommandContext): Promise<void> {
  const client = ctx.client();
  if (!client) return;
  const list = (await client.sendRequest(ExecuteCommandRequest.type, conversationsParams())) as ConversationSummary[] | null;
  const items = (list ?? []).map((c) => ({
    label: c.title || c.id,
    description: `${c.messages.length} messages · ${c.updated}`,
    id: c.id,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: "Continue a conversation" });
  if (!picked) return;
  pickedConversation = picked.id;
  await followUp(ctx);
}

/** Registers the client-side commands (ids differ from the server's `qgpt.*`). */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const reg = (id: string, fn: () => Promise<void>) =>
    vscode.commands.registerCommand(id, () => fn().catch((e: unknown) => void vscode.window.showErrorMessage(`QGPT: ${String(e)}`)));
  return [
    reg("qgpt.client.ask", () => ask(ctx)),
    reg("qgpt.client.askFile", () => askFile(ctx)),
    reg("qgpt.client.followUp", () => followUp(ctx)),
    reg("qgpt.client.whoCanHelp", () => whoCanHelp(ctx)),
    reg("qgpt.client.stop", () => ctx.asks.stopAll()),
    reg("qgpt.client.conversations", () => conversations(ctx)),
  ];
}

/** A hint button in the view: follow up the answer's conversation with it. */
export async function followUpWith(ctx: CommandContext, conversation: string, hint: string): Promise<void> {
  pickedConversation = conversation;
  await followUp(ctx, hint);
}
