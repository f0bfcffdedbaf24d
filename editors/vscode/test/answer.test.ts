import assert from "node:assert/strict";
import { test } from "node:test";
import { answerHtml, sourceLabel } from "../src/answerHtml";
import { AnswerBook } from "../src/answerModel";
import { answerPage } from "../src/answerPage";
import type { AskResult } from "../src/protocol";

const delta = (token: string, conversation: string, text: string) => ({ token, conversation, delta: text, done: false });

test("deltas go to the answer of their token, then of their conversation", () => {
  const book = new AnswerBook();
  const first = book.start("q1", "t1");
  const second = book.start("q2", "t2", "c2");
  book.applyDelta(delta("t1", "c1", "a"));
  book.applyDelta(delta("server-token", "c2", "b"));
  book.applyDelta(delta("t1", "c1", "c"));
  assert.equal(first.text, "ac");
  assert.equal(first.conversation, "c1");
  assert.equal(second.text, "b");
});

test("a delta nobody asked for (a code action run by VS Code) opens an answer", () => {
  const book = new AnswerBook();
  const answer = book.applyDelta(delta("x", "c9", "hello"));
  assert.equal(answer.text, "hello");
  assert.equal(book.latest(), answer);
});

test("the book keeps a bounded number of answers", () => {
  const book = new AnswerBook(3);
  for (let i = 0; i < 5; i++) book.start(`q${i}`, `t${i}`);
  assert.equal(book.streaming().length, 3);
});

const result: AskResult = {
  conversation: "c",
  status: "completed",
  answer: "<b>bold</b> **real**",
  sources: [{ uri: "file:///ws/pkg/a%20b.py", range: { start: { line: 4, character: 2 }, end: { line: 6, character: 0 } } }],
  hints: ['Why "this"?'],
  persons: [{ id: "1", name: "Eve <x>", email: "eve@example.com", explanation: "wrote it" }],
  model: "grounded",
};

test("rendering escapes everything and turns sources, hints and persons into actions", () => {
  const book = new AnswerBook();
  const answer = book.finish(book.start("<script>alert(1)</script>", "t"), result);
  const html = answerHtml(answer, ["file:///ws"]);
  assert.doesNotMatch(html, /<script>|<b>bold/);
  assert.match(html, /&lt;b&gt;bold&lt;\/b&gt; <strong>real<\/strong>/);
  assert.match(html, /data-action="open" data-uri="file:\/\/\/ws\/pkg\/a%20b.py" data-line="4" data-character="2">pkg\/a b.py:5</);
  assert.match(html, /data-action="followUp" data-question="Why &quot;this&quot;\?"/);
  assert.match(html, /<strong>Eve &lt;x&gt;<\/strong> &lt;eve@example.com&gt;/);
  assert.doesNotMatch(html, /data-action="stop"/);
});

test("the view says which question was really asked when a follow-up was rewritten", () => {
  const book = new AnswerBook();
  const rewritten = book.finish(book.start("and how is it tested?", "t"), { ...result, asked: "How is Cart.total tested?" });
  assert.match(answerHtml(rewritten, []), /<p class="asked">Asked as: How is Cart.total tested\?<\/p>/);
  const same = book.finish(book.start("What does it do?", "t2"), { ...result, asked: "What does it do?" });
  assert.doesNotMatch(answerHtml(same, []), /class="asked"/);
});

const labels: [string, string[], string][] = [
  ["file:///ws/a.py", ["file:///ws"], "a.py:1"],
  ["file:///ws/a.py", ["file:///ws/"], "a.py:1"],
  ["file:///other/a.py", ["file:///ws"], "/other/a.py:1"],
];
for (const [uri, roots, expected] of labels) {
  test(`source label ${uri} under ${roots}`, () => {
    assert.equal(sourceLabel({ uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, roots), expected);
  });
}

test("the page only runs and styles what carries its nonce, and holds an initial body", () => {
  const page = answerPage("vscode-webview:", "n0nce", "<p>hi</p>");
  assert.match(page, /script-src 'nonce-n0nce'/);
  assert.match(page, /<style nonce="n0nce">/);
  assert.match(page, /<script nonce="n0nce">/);
  assert.match(page, /<div id="root"><p>hi<\/p><\/div>/);
  assert.match(answerPage("x", "n"), /<div id="root"><\/div>/);
});

test("Stop is outside the body that streaming repaints (a repainted button loses its click)", () => {
  const page = answerPage("x", "n", "<p>body</p>");
  assert.match(page, /<button id="stop" data-action="stop" hidden>Stop<\/button><\/div><div id="root">/);
  const book = new AnswerBook();
  assert.doesNotMatch(answerHtml(book.start("q", "t"), []), /data-action="stop"/);
});
