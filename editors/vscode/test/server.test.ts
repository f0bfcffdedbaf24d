/**
 * End to end against the real qgpt-lsp (embedded engine, grounded answers):
 * the same initializationOptions, command params and answer model as the
 * extension, over vscode-jsonrpc on stdio.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { answerHtml } from "../src/answerHtml";
import { AnswerBook } from "../src/answerModel";
import {
  type AskResult,
  ANSWER_DELTA,
  askParams,
  conversationsParams,
  type ConversationSummary,
  followUpParams,
  indexStatusParams,
  isAskResult,
  whoCanHelpParams,
} from "../src/protocol";
import { didChangeConfigurationParams, serverSettings } from "../src/settings";
import { fileUri, type Server, settingsReader, startServer, stopServer, workspace } from "./lspHarness";

const read = settingsReader({ backend: "embedded", answerer: "grounded" });
const root = workspace();
const cartPath = join(root, "shop", "cart.py");
const cartUri = fileUri(cartPath);
let server: Server;

/** Runs a command; a failure carries the server's stderr tail (its traceback). */
async function execute(params: object): Promise<unknown> {
  try {
    return await server.connection.sendRequest("workspace/executeCommand", params);
  } catch (error) {
    throw new Error(`${String(error)}\n--- server stderr ---\n${server.stderr.join("").slice(-3000)}`);
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, tries = 120): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

before(async () => {
  server = startServer(read, mkdtempSync(join(tmpdir(), "qgpt-vscode-cache-")));
  try {
    await initialize();
  } catch (error) {
    throw new Error(`${String(error)}\n--- server stderr ---\n${server.stderr.join("").slice(-4000)}`);
  }
});

async function initialize(): Promise<void> {
  const result = await server.connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: fileUri(root),
    workspaceFolders: [{ uri: fileUri(root), name: "shop" }],
    capabilities: {
      window: { workDoneProgress: true, showDocument: { support: true } },
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["", "quickfix", "refactor"] } } } },
    },
    initializationOptions: serverSettings(read),
  });
  assert.ok((result as { capabilities: object }).capabilities);
  await server.connection.sendNotification("initialized", {});
  await server.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: cartUri, languageId: "python", version: 1, text: readFileSync(cartPath, "utf8") },
  });
  await waitFor("the index", async () => {
    const status = (await server.connection.sendRequest("workspace/executeCommand", indexStatusParams())) as { state: string; files: number };
    return status.state === "ready" && status.files >= 2 ? status : undefined;
  });
}

after(async () => {
  if (server && server.process.exitCode === null) await stopServer(server);
});

const totalRange = { start: { line: 17, character: 0 }, end: { line: 19, character: 0 } };

test("code actions on a range offer qgpt commands", async () => {
  const actions = (await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: cartUri },
    range: totalRange,
    context: { diagnostics: [] },
  })) as { title: string; command?: { command: string; arguments?: unknown[] } }[];
  const commands = actions.map((a) => a.command?.command);
  assert.ok(commands.includes("qgpt.ask"), `no qgpt.ask among ${JSON.stringify(actions.map((a) => a.title))}`);
});

let asked: AskResult;

test("qgpt.ask streams qgpt/answerDelta and returns an AskResult with sources", async () => {
  const token = "vscode-test-ask";
  const book = new AnswerBook();
  const answer = book.start("explain", token);
  const seen = server.deltas.length;
  const params = { ...askParams(cartUri, "explain how the total is computed", totalRange), workDoneToken: token };
  const result = await execute(params);
  assert.ok(isAskResult(result), JSON.stringify(result));
  const deltas = server.deltas.slice(seen).filter((d) => d.conversation === result.conversation);
  assert.ok(deltas.length > 0, `no ${ANSWER_DELTA} notifications`);
  for (const d of deltas) book.applyDelta(d);
  assert.equal(answer.text, result.answer, "deltas did not add up to the answer");
  assert.equal(result.status, "completed", result.error);
  assert.ok(result.answer.length > 20);
  assert.ok(result.sources.length > 0, "no sources");
  assert.ok(result.sources.every((s) => s.uri.startsWith(fileUri(root))), JSON.stringify(result.sources));
  if (process.env.QGPT_TEST_TRANSCRIPT) {
    for (const d of deltas) console.log(`<- ${ANSWER_DELTA} ${JSON.stringify(d)}`);
    console.log(`<- AskResult ${JSON.stringify({ ...result, answer: `(${result.answer.length} chars)` })}`);
  }
  book.finish(answer, result);
  const html = answerHtml(answer, [fileUri(root)]);
  assert.match(html, /data-action="open" data-uri="file:[^"]+\.py"/);
  asked = result;
});

test("qgpt.followUp continues the conversation", async () => {
  assert.ok(asked, "the ask test did not run");
  const result = await execute(followUpParams(asked.conversation, "what does unit_price do?"));
  assert.ok(isAskResult(result));
  assert.equal(result.conversation, asked.conversation);
  assert.equal(result.status, "completed", result.error);
  const list = (await server.connection.sendRequest("workspace/executeCommand", conversationsParams())) as ConversationSummary[];
  const mine = list.find((c) => c.id === asked.conversation);
  assert.ok(mine, "conversation not listed");
  assert.ok(mine.messages.length >= 4, JSON.stringify(mine.messages));
});

test("qgpt.whoCanHelp names the git author", async () => {
  const result = (await server.connection.sendRequest("workspace/executeCommand", whoCanHelpParams(cartUri, totalRange))) as { persons: { name: string; email: string }[] };
  assert.ok(result.persons.some((p) => p.email === "ada@example.com"), JSON.stringify(result));
});

test("a settings change is accepted and the server keeps answering", async () => {
  const changed = settingsReader({ backend: "embedded", answerer: "grounded", "hover.enabled": false });
  await server.connection.sendNotification("workspace/didChangeConfiguration", didChangeConfigurationParams(changed));
  const status = (await server.connection.sendRequest("workspace/executeCommand", indexStatusParams())) as { state: string };
  assert.equal(status.state, "ready");
});
