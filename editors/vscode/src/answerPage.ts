/**
 * The answer view's HTML page: the shell (CSP, style, the script that swaps in
 * bodies from `answerHtml` and posts clicks back as messages). No `vscode`
 * import, so node scripts can render the very page the webview gets
 * (test/screenshot.mjs does).
 */

export const SCRIPT = `
const vscode = acquireVsCodeApi();
window.addEventListener("message", (event) => {
  document.getElementById("root").innerHTML = event.data.html;
});
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
.status { opacity: 0.7; }
.state-failed { color: var(--vscode-errorForeground); }
.why { opacity: 0.8; font-size: 90%; }`;

/**
 * The page given to `webview.html`. `body` is the initial content of
 * `#root` (the extension passes none and posts bodies as messages).
 */
export function answerPage(cspSource: string, nonce: string, body = ""): string {
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${nonce}">${STYLE}</style></head>
<body><div id="root">${body}</div><script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}
