/**
 * Renders an Answer as the HTML body of the answer view. The Markdown is
 * rendered with raw HTML disabled; every dynamic value is escaped. Sources,
 * hints and persons carry `data-*` attributes the view's script turns into
 * messages for the extension. No `vscode` import (tested under node).
 */
import MarkdownIt from "markdown-it";
import type { Answer } from "./answerModel";
import type { Location, Person } from "./protocol";

const md = new MarkdownIt({ html: false, linkify: false });
const esc = md.utils.escapeHtml;

/** `file:///repo/pkg/mod.py` shown relative to a workspace root, with a 1-based line. */
export function sourceLabel(location: Location, roots: string[]): string {
  let path = decodeURIComponent(location.uri.replace(/^file:\/\//, ""));
  for (const root of roots) {
    const prefix = decodeURIComponent(root.replace(/^file:\/\//, "")).replace(/\/?$/, "/");
    if (path.startsWith(prefix)) {
      path = path.slice(prefix.length);
      break;
    }
  }
  return `${path}:${location.range.start.line + 1}`;
}

function sourcesHtml(sources: Location[], roots: string[]): string {
  if (sources.length === 0) return "";
  const items = sources.map(
    (s) =>
      `<li><a href="#" data-action="open" data-uri="${esc(s.uri)}" data-line="${s.range.start.line}"` +
      ` data-character="${s.range.start.character}">${esc(sourceLabel(s, roots))}</a></li>`,
  );
  return `<h3>Sources</h3><ul class="sources">${items.join("")}</ul>`;
}

function hintsHtml(hints: string[]): string {
  if (hints.length === 0) return "";
  const buttons = hints.map(
    (h) => `<button data-action="followUp" data-question="${esc(h)}">${esc(h)}</button>`,
  );
  return `<h3>Follow up</h3><div class="hints">${buttons.join("")}</div>`;
}

/** "Who can help" as a list; also used alone for the Who can help command. */
export function personsHtml(persons: Person[]): string {
  if (persons.length === 0) return "";
  const items = persons.map(
    (p) =>
      `<li><strong>${esc(p.name)}</strong> &lt;${esc(p.email)}&gt;` +
      `<div class="why">${esc(p.explanation)}</div></li>`,
  );
  return `<h3>Who can help</h3><ul class="persons">${items.join("")}</ul>`;
}

function statusHtml(answer: Answer): string {
  const model = answer.result?.model ? ` · ${esc(answer.result.model)}` : "";
  const error = answer.error ? ` · ${esc(answer.error)}` : "";
  return `<p class="status state-${answer.state}">${answer.state}${model}${error}</p>`;
}

/** "Asked as: ..." when the server asked the backend another question than the user's. */
function askedHtml(answer: Answer): string {
  const asked = answer.result?.asked?.trim();
  if (!asked || asked === answer.question.trim()) return "";
  return `<p class="asked">Asked as: ${esc(asked)}</p>`;
}

/** The whole body for one answer. */
export function answerHtml(answer: Answer, roots: string[]): string {
  const result = answer.result;
  const persons = answer.persons ?? result?.persons ?? [];
  return [
    `<h2 class="question">${esc(answer.question)}</h2>`,
    askedHtml(answer),
    `<div class="answer">${md.render(answer.text)}</div>`,
    statusHtml(answer),
    sourcesHtml(result?.sources ?? [], roots),
    hintsHtml(result?.hints ?? []),
    personsHtml(persons),
  ].join("\n");
}
