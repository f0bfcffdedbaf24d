/**
 * qgpt-lsp's commands and notifications as the editors see them
 * (architecture.md, "Language server contract"). No `vscode` import: the
 * extension and the node tests build their `workspace/executeCommand` params
 * with these same functions.
 */

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface Location { uri: string; range: Range }

export interface Person { id: string; name: string; email: string; explanation: string }

export type AskStatus = "completed" | "stopped" | "failed";

/** What `qgpt.ask`, `qgpt.askFile`, `qgpt.followUp` and `qgpt.explainDiagnostic` return. */
export interface AskResult {
  conversation: string;
  status: AskStatus;
  answer: string;
  sources: Location[];
  hints: string[];
  persons: Person[];
  model: string;
  document?: string;
  error?: string;
  /** The question as the backend was asked it (a follow-up rewritten to stand alone). */
  asked?: string;
}

/** `qgpt/answerDelta` params. */
export interface AnswerDelta { token: string; conversation: string; delta: string; done: boolean }

export interface ConversationMessage { role: string; text: string; timestamp: string }
export interface ConversationSummary { id: string; title: string; updated: string; messages: ConversationMessage[] }

export const ANSWER_DELTA = "qgpt/answerDelta";

export const COMMANDS = {
  ask: "qgpt.ask",
  askFile: "qgpt.askFile",
  explainDiagnostic: "qgpt.explainDiagnostic",
  followUp: "qgpt.followUp",
  relevance: "qgpt.relevance",
  hints: "qgpt.hints",
  whoCanHelp: "qgpt.whoCanHelp",
  stop: "qgpt.stop",
  newConversation: "qgpt.newConversation",
  conversations: "qgpt.conversations",
  indexStatus: "qgpt.indexStatus",
} as const;

/** The commands whose result is an AskResult. */
export const ASK_COMMANDS: ReadonlySet<string> = new Set([
  COMMANDS.ask,
  COMMANDS.askFile,
  COMMANDS.explainDiagnostic,
  COMMANDS.followUp,
]);

export interface ExecuteCommandParams { command: string; arguments: unknown[] }

/** Every command takes ONE argument object. */
function call(command: string, argument: object): ExecuteCommandParams {
  return { command, arguments: [argument] };
}

function isEmptyRange(range: Range): boolean {
  return range.start.line === range.end.line && range.start.character === range.end.character;
}

/** `qgpt.ask` on a selection; an empty selection asks about the file around the cursor. */
export function askParams(uri: string, question: string, range?: Range, conversation?: string): ExecuteCommandParams {
  const argument: Record<string, unknown> = { uri, question };
  if (range !== undefined && !isEmptyRange(range)) argument.range = range;
  if (conversation !== undefined) argument.conversation = conversation;
  return call(COMMANDS.ask, argument);
}

export function askFileParams(uri: string, question: string, conversation?: string): ExecuteCommandParams {
  const argument: Record<string, unknown> = { uri, question };
  if (conversation !== undefined) argument.conversation = conversation;
  return call(COMMANDS.askFile, argument);
}

export function followUpParams(conversation: string, question: string, uri?: string, range?: Range): ExecuteCommandParams {
  const argument: Record<string, unknown> = { conversation, question };
  if (uri !== undefined) argument.uri = uri;
  if (uri !== undefined && range !== undefined && !isEmptyRange(range)) argument.range = range;
  return call(COMMANDS.followUp, argument);
}

export function whoCanHelpParams(uri: string, range?: Range): ExecuteCommandParams {
  const argument: Record<string, unknown> = { uri };
  if (range !== undefined) argument.range = range;
  return call(COMMANDS.whoCanHelp, argument);
}

export function stopParams(conversation: string): ExecuteCommandParams {
  return call(COMMANDS.stop, { conversation });
}

export function conversationsParams(): ExecuteCommandParams {
  return call(COMMANDS.conversations, {});
}

export function indexStatusParams(): ExecuteCommandParams {
  return call(COMMANDS.indexStatus, {});
}

/** Narrows an executeCommand result to an AskResult (the server is another process). */
export function isAskResult(value: unknown): value is AskResult {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.conversation === "string" && typeof v.answer === "string" && Array.isArray(v.sources);
}

/** The conversation a `qgpt.followUp` command (e.g. a "Follow up:" code action) continues. */
function followUpConversation(command: { command?: unknown; arguments?: unknown[] } | undefined): string | undefined {
  if (command?.command !== COMMANDS.followUp) return undefined;
  const argument = command.arguments?.[0] as { conversation?: unknown } | undefined;
  return typeof argument?.conversation === "string" ? argument.conversation : "";
}

/**
 * Code actions less the "Follow up:" ones of other answers than the one in view
 * (the server offers the hints of every answer asked about these lines).
 */
export function onlyCurrentFollowUps<T extends { command?: unknown }>(actions: T[], current: string | undefined): T[] {
  return actions.filter((action) => {
    const command = (typeof action.command === "string" ? action : action.command) as { command?: unknown; arguments?: unknown[] } | undefined;
    const conversation = followUpConversation(command);
    return conversation === undefined || conversation === current;
  });
}
