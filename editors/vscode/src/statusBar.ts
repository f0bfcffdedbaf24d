/** Shows the questions being answered in the status bar; clicking the item stops them. */
import * as vscode from "vscode";

export class AskStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  private readonly running = new Map<string, string>();

  constructor(stopCommand: string) {
    this.item.command = stopCommand;
    this.item.tooltip = "QGPT is answering: click to stop";
  }

  begin(token: string, message: string): void {
    this.running.set(token, message);
    this.refresh();
  }

  end(token: string): void {
    this.running.delete(token);
    this.refresh();
  }

  dispose(): void {
    this.item.dispose();
  }

  private refresh(): void {
    if (this.running.size === 0) {
      this.item.hide();
      return;
    }
    const last = [...this.running.values()].pop() ?? "";
    const more = this.running.size > 1 ? ` (+${this.running.size - 1})` : "";
    this.item.text = `$(sync~spin) QGPT: ${last}${more} $(debug-stop)`;
    this.item.show();
  }
}
