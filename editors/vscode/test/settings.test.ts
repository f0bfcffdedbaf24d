import assert from "node:assert/strict";
import { test } from "node:test";
import { readerFromObject, serverSettings, SERVER_KEYS } from "../src/settings";
import { askParams, followUpParams, isAskResult, onlyCurrentFollowUps, stopParams } from "../src/protocol";
import { packageDefaults } from "./lspHarness";

test("package.json contributes every server setting, plus the launch settings", () => {
  const keys = Object.keys(packageDefaults()).sort();
  assert.deepEqual(keys, [...SERVER_KEYS, "server.command", "server.python"].sort());
});

test("defaults map to the server's defaults (answer document off: the view shows answers)", () => {
  const settings = serverSettings(readerFromObject(packageDefaults()));
  assert.deepEqual(JSON.parse(JSON.stringify(settings)), {
    backend: "auto",
    answerer: "auto",
    openai: {},
    local: {},
    index: { maxFileSize: 1048576, enabled: true },
    openAnswerDocument: false,
    hover: { enabled: true },
  });
});

const cases: [string, Record<string, unknown>, (s: ReturnType<typeof serverSettings>) => unknown, unknown][] = [
  ["dotted keys nest", { "openai.baseUrl": "http://127.0.0.1:9/v1" }, (s) => s.openai.baseUrl, "http://127.0.0.1:9/v1"],
  ["blank strings are unset", { "openai.apiKey": "  " }, (s) => s.openai.apiKey, undefined],
  ["bad numbers fall back", { "index.maxFileSize": -3 }, (s) => s.index.maxFileSize, 1048576],
  ["wrong types fall back", { "hover.enabled": "no" }, (s) => s.hover.enabled, true],
  ["a backend URL passes", { backend: "http://127.0.0.1:1000" }, (s) => s.backend, "http://127.0.0.1:1000"],
  ["empty backend is auto", { backend: "" }, (s) => s.backend, "auto"],
];
for (const [name, values, pick, expected] of cases) {
  test(`settings: ${name}`, () => assert.deepEqual(pick(serverSettings(readerFromObject(values))), expected));
}

test("command params: one argument object; an empty selection is no range", () => {
  const empty = { start: { line: 3, character: 1 }, end: { line: 3, character: 1 } };
  assert.deepEqual(askParams("file:///a.py", "why?", empty), { command: "qgpt.ask", arguments: [{ uri: "file:///a.py", question: "why?" }] });
  assert.deepEqual(followUpParams("c1", "and?"), { command: "qgpt.followUp", arguments: [{ conversation: "c1", question: "and?" }] });
  assert.deepEqual(stopParams("c1"), { command: "qgpt.stop", arguments: [{ conversation: "c1" }] });
  assert.equal(isAskResult({ conversation: "c", answer: "", sources: [] }), true);
  assert.equal(isAskResult({ answer: "x" }), false);
});

test("code actions: only the follow-ups of the answer in view", () => {
  const followUp = (conversation: string, hint: string) => ({
    title: `Follow up: ${hint}`,
    command: { title: hint, command: "qgpt.followUp", arguments: [{ conversation, question: hint }] },
  });
  const explain = { title: "Ask QGPT: explain this", command: { title: "x", command: "qgpt.ask", arguments: [{}] } };
  const actions = [explain, followUp("old", "a?"), followUp("now", "b?"), followUp("other", "c?")];
  assert.deepEqual(onlyCurrentFollowUps(actions, "now").map((a) => a.title), ["Ask QGPT: explain this", "Follow up: b?"]);
  assert.deepEqual(onlyCurrentFollowUps(actions, undefined).map((a) => a.title), ["Ask QGPT: explain this"]);
  const bare = { title: "Follow up: b?", command: "qgpt.followUp", arguments: [{ conversation: "now" }] };
  assert.deepEqual(onlyCurrentFollowUps([bare], "now"), [bare]);
});
