/**
 * Runs ask-like commands: a workDoneToken of our own ties the server's
 * `qgpt/answerDelta` notifications and `$/progress` reports to the answer in
 * the view; the status bar shows its question, a progress notification its
 * progress (with Cancel); Stop sends `qgpt.stop`, and cancels the request
 * (`$/cancelRequest`) only when the server did not take the stop (a cancel
 * after the answer ended is a request the server no longer knows).
 */
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  type LanguageClient,
  WorkDoneProgress,
} from "vscode-languageclient/node";
import { type Answer, AnswerBook } from "./answerModel";
import type { AnswerView } from "./answerView";
import { ANSWER_DELTA, type AnswerDelta, type ExecuteCommandParams, isAskResult, stopParams } from "./protocol";
import type { AskStatusBar } from "./statusBar";


export class AskRunner {
  readonly book = new AnswerBook();
  private readonly cancels = new Map<Answer, vscode.CancellationTokenSource>();

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly view: AnswerView,
    private readonly status: AskStatusBar,
  ) {}

  /** Subscribes to `qgpt/answerDelta` on a (re)started client. */
  listen(client: LanguageClient): vscode.Disposable {
    return client.onNotification(ANSWER_DELTA, (delta: AnswerDelta) => {
      const answer = this.book.applyDelta(delta);
      // The first delta of an answer asked elsewhere brings it into view.
      if (!this.cancels.has(answer) && answer.text === delta.delta) this.view.show(answer);
      else this.view.update(answer);
    });
  }

  /** Asks, streams into the view, and returns the AskResult (or undefined on failure). */
  async run(params: ExecuteCommandParams, question: string): Promise<unknown> {
    const client = this.client();
    if (!client) {
      void vscode.window.showErrorMessage("QGPT: the language server is not running.");
      return undefined;
    }
    const token = randomUUID();
    const answer = this.book.start(question, token, conversationOf(params));
    const cancel = new vscode.CancellationTokenSource();
    this.cancels.set(answer, cancel);
    this.view.show(answer);
    this.status.begin(token, shortQuestion(question));
    const progress = this.showProgress(client, answer, question);
    try {
      const result = await client.sendRequest(ExecuteCommandRequest.type, { ...params, workDoneToken: token }, cancel.token);
      if (isAskResult(result)) this.book.finish(answer, result);
      else this.book.fail(answer, "the server returned no answer");
      return result;
    } catch (error) {
      this.book.fail(answer, error instanceof Error ? error.message : String(error));
      return undefined;
    } finally {
      progress.dispose();
      cancel.dispose();
      this.cancels.delete(answer);
      this.status.end(token);
      this.view.show(answer);
    }
  }

  /** Stops every streaming answer. */
  async stopAll(): Promise<void> {
    await Promise.all(this.book.streaming().map((answer) => this.stop(answer)));
  }

  private async stop(answer: Answer): Promise<void> {
    const client = this.client();
    const conversation = answer.conversation;
    const taken =
      client !== undefined &&
      conversation !== undefined &&
      (await client.sendRequest(ExecuteCommandRequest.type, stopParams(conversation)).then(
        () => true,
        () => false,
      ));
    if (!taken) this.cancels.get(answer)?.cancel();
  }

  /** A progress notification with Cancel while `answer` streams; the server's messages in it. */
  private showProgress(client: LanguageClient, answer: Answer, question: string): vscode.Disposable {
    let done!: () => void;
    const ended = new Promise<void>((resolve) => (done = resolve));
    let listening: vscode.Disposable | undefined;
    const options = { location: vscode.ProgressLocation.Notification, title: `QGPT: ${shortQuestion(question)}`, cancellable: true };
    void vscode.window.withProgress(options, (progress, cancelled) => {
      cancelled.onCancellationRequested(() => void this.stop(answer));
      listening = client.onProgress(WorkDoneProgress.type, answer.token, (p) => {
        if ("message" in p && p.message) progress.report({ message: p.message });
      });
      return ended;
    });
    return { dispose: () => (listening?.dispose(), done()) };
  }
}

function shortQuestion(question: string): string {
  const line = question.trim().split("\n")[0];
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function conversationOf(params: ExecuteCommandParams): string | undefined {
  const argument = params.arguments[0] as { conversation?: unknown } | undefined;
  return typeof argument?.conversation === "string" ? argument.conversation : undefined;
}
