// Screenshots of the answer view for README.md, from a real run:
//
//   npx tsc -p . && node test/screenshot.mjs [outDir]
//
// Asks the real qgpt-lsp (QGPT_LSP_COMMAND, default `qgpt-lsp`; embedded
// engine, grounded answerer) about the test workspace of lspHarness, feeds the
// `qgpt/answerDelta` notifications and the AskResult through the extension's
// own AnswerBook, answerHtml and answerPage, and writes the page twice: after
// half of the deltas (still streaming) and at the end. With CHROMIUM (default
// /usr/bin/chromium) present, each page is also rendered to a PNG in outDir
// (default: media/). The page gets a stand-in for what VS Code adds to every
// webview (dark theme `--vscode-*` variables and a few default styles): it is
// not a capture of VS Code itself.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, "../out");
const { answerHtml } = await import(pathToFileURL(join(out, "src/answerHtml.js")));
const { answerPage } = await import(pathToFileURL(join(out, "src/answerPage.js")));
const { AnswerBook } = await import(pathToFileURL(join(out, "src/answerModel.js")));
const { askParams, indexStatusParams, isAskResult } = await import(pathToFileURL(join(out, "src/protocol.js")));
const { serverSettings } = await import(pathToFileURL(join(out, "src/settings.js")));
const harness = await import(pathToFileURL(join(out, "test/lspHarness.js")));
const { fileUri, settingsReader, startServer, stopServer, workspace } = harness.default ?? harness;

const outDir = resolve(process.argv[2] ?? join(here, "../media"));
const htmlDir = mkdtempSync(join(tmpdir(), "qgpt-vscode-shot-"));
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

// Colors of VS Code's "Dark Modern" theme and roughly the defaults VS Code's
// webview host puts in front of every page.
const THEME = `
html { background: var(--vscode-editor-background); }
:root {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: "Droid Sans Mono", "DejaVu Sans Mono", monospace;
  --vscode-editor-background: #1f1f1f;
  --vscode-foreground: #cccccc;
  --vscode-editor-foreground: #cccccc;
  --vscode-errorForeground: #f85149;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textPreformat-foreground: #d0d0d0;
  --vscode-textPreformat-background: #3c3c3c;
  --vscode-textBlockQuote-background: #2b2b2b;
  --vscode-textBlockQuote-border: #616161;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
}
body { font-size: var(--vscode-font-size); padding: 0 20px; margin: 0; }
a { color: var(--vscode-textLink-foreground); }
code { color: var(--vscode-textPreformat-foreground); font-family: var(--vscode-editor-font-family); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; }
pre code { color: var(--vscode-editor-foreground); }
blockquote { background: var(--vscode-textBlockQuote-background); border-left: 5px solid var(--vscode-textBlockQuote-border); margin: 0 7px; padding: 0 16px; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; font-family: inherit; }`;

/** The extension's page with `body` in #root, plus the stand-in for VS Code's host. */
function page(body) {
  const nonce = "screenshot";
  const host = `<style nonce="${nonce}">${THEME}</style>` +
    `<script nonce="${nonce}">function acquireVsCodeApi() { return { postMessage() {} }; }\n` +
    `addEventListener("load", () => { document.documentElement.dataset.height = document.documentElement.scrollHeight; });</script>`;
  return answerPage("vscode-resource:", nonce, body).replace("</head>", `${host}</head>`);
}

async function waitFor(what, probe, tries = 120) {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const read = settingsReader({ backend: "embedded", answerer: "grounded" });
const root = workspace();
const cartPath = join(root, "shop", "cart.py");
const cartUri = fileUri(cartPath);
const server = startServer(read, mkdtempSync(join(tmpdir(), "qgpt-vscode-cache-")));
const question = "explain how the total is computed";
let deltas;
let result;
try {
  await server.connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: fileUri(root),
    workspaceFolders: [{ uri: fileUri(root), name: "shop" }],
    capabilities: {
      window: { workDoneProgress: true, showDocument: { support: true } },
      workspace: { configuration: true, workspaceFolders: true },
    },
    initializationOptions: serverSettings(read),
  });
  await server.connection.sendNotification("initialized", {});
  await server.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: cartUri, languageId: "python", version: 1, text: readFileSync(cartPath, "utf8") },
  });
  await waitFor("the index", async () => {
    const status = await server.connection.sendRequest("workspace/executeCommand", indexStatusParams());
    return status.state === "ready" && status.files >= 2 ? status : undefined;
  });
  const token = "vscode-screenshot";
  const range = { start: { line: 17, character: 0 }, end: { line: 19, character: 0 } };
  result = await server.connection.sendRequest("workspace/executeCommand", {
    ...askParams(cartUri, question, range),
    workDoneToken: token,
  });
  if (!isAskResult(result)) throw new Error(`not an AskResult: ${JSON.stringify(result)}`);
  deltas = server.deltas.filter((d) => d.conversation === result.conversation);
} catch (error) {
  console.error(server.stderr.join("").slice(-3000));
  throw error;
} finally {
  await stopServer(server);
}

const book = new AnswerBook();
const answer = book.start(question, "vscode-screenshot");
const half = Math.ceil(deltas.length / 2);
for (const d of deltas.slice(0, half)) book.applyDelta(d);
const roots = [fileUri(root)];
const shots = [["answer-streaming", answerHtml(answer, roots)]];
for (const d of deltas.slice(half)) book.applyDelta(d);
book.finish(answer, result);
shots.push(["answer-done", answerHtml(answer, roots)]);
console.log(`${deltas.length} deltas (${half} in the streaming shot), status ${result.status}, ` +
  `${result.sources.length} sources, ${result.hints.length} hints, ${result.persons.length} persons, model ${result.model}`);

const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
];

function runChromium(args) {
  const profile = mkdtempSync(join(tmpdir(), "qgpt-chromium-"));
  return execFileSync(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {
    encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 120000,
  });
}

/** The page's height at 900px wide, so the whole answer fits in the shot (at least 700px). */
function pageHeight(url) {
  const dom = runChromium(["--window-size=900,700", "--dump-dom", url]);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 0);
  return Math.min(Math.max(700, height + 16), 4000);
}

mkdirSync(outDir, { recursive: true });
for (const [name, body] of shots) {
  const html = join(htmlDir, `${name}.html`);
  writeFileSync(html, page(body));
  console.log(`wrote ${html}`);
  if (!existsSync(chromium)) continue;
  const png = join(outDir, `${name}.png`);
  const url = pathToFileURL(html).toString();
  const height = pageHeight(url);
  runChromium([`--screenshot=${png}`, `--window-size=900,${height}`, url]);
  console.log(`wrote ${png} (900x${height})`);
}
