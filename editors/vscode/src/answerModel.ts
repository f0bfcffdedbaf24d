/**
 * The answers shown in the answer view: text grown from `qgpt/answerDelta`
 * notifications, then completed by the command's AskResult. No `vscode`
 * import, so the node tests drive it with the real server's notifications.
 */
import type { AnswerDelta, AskResult, Person } from "./protocol";

export type AnswerState = "streaming" | "completed" | "stopped" | "failed";

export interface Answer {
  question: string;
  /** The workDoneToken the extension passed with the command. */
  token: string;
  conversation?: string;
  text: string;
  state: AnswerState;
  result?: AskResult;
  persons?: Person[];
  error?: string;
}

/** Keeps the answers of this window, newest last, and routes deltas to them. */
export class AnswerBook {
  private readonly answers: Answer[] = [];

  constructor(private readonly limit = 20) {}

  /** Opens an answer for a question being asked with `token` as workDoneToken. */
  start(question: string, token: string, conversation?: string): Answer {
    const answer: Answer = { question, token, conversation, text: "", state: "streaming" };
    this.answers.push(answer);
    if (this.answers.length > this.limit) this.answers.shift();
    return answer;
  }

  /** The answer a delta belongs to: by token, then by conversation, then a new one. */
  applyDelta(delta: AnswerDelta): Answer {
    const answer = this.route(delta);
    answer.conversation ??= delta.conversation;
    answer.text += delta.delta;
    return answer;
  }

  /** Ends an answer with the command's result (the result's text wins). */
  finish(answer: Answer, result: AskResult): Answer {
    answer.result = result;
    answer.conversation = result.conversation;
    answer.state = result.status;
    if (result.answer.length >= answer.text.length) answer.text = result.answer;
    if (result.error) answer.error = result.error;
    return answer;
  }

  fail(answer: Answer, error: string): Answer {
    answer.state = "failed";
    answer.error = error;
    return answer;
  }

  latest(): Answer | undefined {
    return this.answers[this.answers.length - 1];
  }

  streaming(): Answer[] {
    return this.answers.filter((a) => a.state === "streaming");
  }

  private route(delta: AnswerDelta): Answer {
    const byToken = this.answers.find((a) => a.token === delta.token);
    if (byToken) return byToken;
    const byConversation = [...this.answers].reverse().find(
      (a) => a.state === "streaming" && a.conversation === delta.conversation,
    );
    if (byConversation) return byConversation;
    // An ask started elsewhere (e.g. a code action run by VS Code itself).
    return this.start("(asked from a code action)", delta.token, delta.conversation);
  }
}
