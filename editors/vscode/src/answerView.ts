/**
 * The answer view: one webview panel showing the answer being streamed (or
 * the last one). Renders are coalesced so a burst of deltas repaints once.
 * Clicks on sources, hints and Stop come back as messages.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { answerHtml } from "./answerHtml";
import { type PageState, answerPage } from "./answerPage";
import type { Answer } from "./answerModel";

export type ViewMessage =
  | { action: "open"; uri: string; line: number; character: number }
  | { action: "followUp"; question: string }
  | { action: "stop" };

/** Milliseconds VS Code may take to place a new view (it takes a few). */
const PLACING_BOUND_MS = 1000;

function isViewTab(tab: vscode.Tab): boolean {
  return tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(AnswerView.type);
}

export class AnswerView implements vscode.Disposable {
  /** The webview type (package.json's `onWebviewPanel:` activation event names it). */
  static readonly type = "qgptAnswer";
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

  /** The answer in view. */
  current(): Answer | undefined {
    return this.shown;
  }

  /** Repaints soon if `answer` is the one shown. */
  update(answer: Answer): void {
    if (answer !== this.shown || this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.paint();
    }, 50);
  }

  /** Takes over a panel VS Code restored after a reload (it repaints from its saved state). */
  restore(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.adopt(panel);
  }

  /**
   * A column for other documents (the answer file), once VS Code has placed the view:
   * another group than the view's, or a new one beside it when the view's is the only
   * group (then also the active one).
   */
  async otherColumn(): Promise<vscode.ViewColumn> {
    const own = await this.placedColumn();
    const other = vscode.window.tabGroups.all.find((group) => group.viewColumn !== own);
    return other?.viewColumn ?? vscode.ViewColumn.Beside;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.panel?.dispose();
  }

  /**
   * The view's column, read from its tab. A panel just created has neither tab nor
   * `viewColumn` yet (the answer file may be asked for within 100 ms): wait for its tab.
   */
  private async placedColumn(): Promise<vscode.ViewColumn | undefined> {
    const placed = () => vscode.window.tabGroups.all.find((group) => group.tabs.some(isViewTab))?.viewColumn;
    if (!this.panel || placed() !== undefined) return placed();
    return new Promise((resolve) => {
      const done = (column: vscode.ViewColumn | undefined) => {
        listening.dispose();
        clearTimeout(timer);
        resolve(column);
      };
      const listening = vscode.window.tabGroups.onDidChangeTabs(() => {
        const column = placed();
        if (column !== undefined) done(column);
      });
      const timer = setTimeout(() => done(this.panel?.viewColumn), PLACING_BOUND_MS);
    });
  }

  private paint(): void {
    if (!this.panel || !this.shown) return;
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    const state: PageState = { html: answerHtml(this.shown, roots), streaming: this.shown.state === "streaming" };
    void this.panel.webview.postMessage(state);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(AnswerView.type, "QGPT Answer", {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    }, { enableScripts: true, retainContextWhenHidden: true });
    return this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    panel.webview.options = { enableScripts: true };
    const nonce = randomBytes(16).toString("base64");
    panel.webview.html = answerPage(panel.webview.cspSource, nonce);
    panel.webview.onDidReceiveMessage((m: ViewMessage) => this.shown && this.onMessage(m, this.shown));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }
}
