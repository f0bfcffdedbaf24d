/**
 * The answer view: one webview panel showing the answer being streamed (or
 * the last one). Renders are coalesced so a burst of deltas repaints once.
 * Clicks on sources, hints and Stop come back as messages.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { answerHtml } from "./answerHtml";
import { answerPage } from "./answerPage";
import type { Answer } from "./answerModel";

export type ViewMessage =
  | { action: "open"; uri: string; line: number; character: number }
  | { action: "followUp"; question: string }
  | { action: "stop" };

export class AnswerView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: Answer | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly onMessage: (message: ViewMessage, answer: Answer) => void) {}

  /** Shows `answer` now (opening the panel beside the editor when needed). */
  show(answer: Answer): void {
    this.shown = answer;
    this.ensurePanel().reveal(vscode.ViewColumn.Beside, true);
    this.paint();
  }

  /** Repaints soon if `answer` is the one shown. */
  update(answer: Answer): void {
    if (answer !== this.shown || this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.paint();
    }, 50);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.panel?.dispose();
  }

  private paint(): void {
    if (!this.panel || !this.shown) return;
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    void this.panel.webview.postMessage({ html: answerHtml(this.shown, roots) });
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel("qgptAnswer", "QGPT Answer", {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    }, { enableScripts: true, retainContextWhenHidden: true });
    const nonce = randomBytes(16).toString("base64");
    panel.webview.html = answerPage(panel.webview.cspSource, nonce);
    panel.webview.onDidReceiveMessage((m: ViewMessage) => this.shown && this.onMessage(m, this.shown));
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
    return panel;
  }
}
