/**
 * The answer view's HTML page: the shell (CSP, style, the script that swaps in
 * bodies from `answerHtml` and posts clicks back as messages). No `vscode`
 * import, so node scripts can render the very page the webview gets
 * (test/screenshot.mjs does).
 */

export const SCRIPT = `
const vscode = acquireVsCodeApi();
function render(state) {
  document.getElementById("root").innerHTML = state.html;
  document.getElementById("stop").hidden = !state.streaming;
}
window.addEventListener("message", (event) => {
  render(event.data);
  vscode.setState(event.data);
});
if (vscode.getState()) render(vscode.getState());
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-action]");
  if (!el) return;
  event.preventDefault();
  const d = el.dataset;
  vscode.postMessage({ action: d.action, uri: d.uri, line: Number(d.line), character: Number(d.character), question: d.question });
});`;

export const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
.hints button { margin: 2px; }
.bar { position: sticky; top: 0; text-align: right; }
.status { opacity: 0.7; }
.state-failed { color: var(--vscode-errorForeground); }
.why { opacity: 0.8; font-size: 90%; }`;

/** What the extension posts to the page (and the page keeps as its state, for a reload). */
export interface PageState { html: string; streaming: boolean }

/**
 * The page given to `webview.html`. The Stop button stays outside \`#root\`: bodies
 * are swapped many times a second while an answer streams, and a button swapped
 * between mouse down and up never gets its click. `body` is the initial content of
 * `#root` (the extension passes none and posts bodies as messages).
 */
export function answerPage(cspSource: string, nonce: string, body = ""): string {
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${nonce}">${STYLE}</style></head>
<body><div class="bar"><button id="stop" data-action="stop" hidden>Stop</button></div><div id="root">${body}</div><script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}
