/**
 * The `qgpt` settings section, mapped one-to-one from VS Code's `qgpt.*`
 * settings to the server's settings (architecture.md, "Language server
 * contract"). No `vscode` import: the node tests use this very module to build
 * the initializationOptions the extension sends.
 */

/** Reads one setting below `qgpt.` (e.g. `"openai.model"`); undefined when unset. */
export type SettingReader = (key: string) => unknown;

/** The server's `qgpt` section, nested the way VS Code's configuration is. */
export interface ServerSettings {
  backend: string;
  answerer: string;
  openai: { baseUrl?: string; model?: string; apiKey?: string };
  local: { modelPath?: string };
  index: { maxFileSize: number; enabled: boolean };
  openAnswerDocument: boolean;
  hover: { enabled: boolean };
}

/** The settings keys the server knows, below `qgpt.`. */
export const SERVER_KEYS = [
  "backend",
  "answerer",
  "openai.baseUrl",
  "openai.model",
  "openai.apiKey",
  "local.modelPath",
  "index.maxFileSize",
  "index.enabled",
  "openAnswerDocument",
  "hover.enabled",
] as const;

function text(read: SettingReader, key: string, fallback = ""): string {
  const value = read(key);
  return typeof value === "string" ? value.trim() : fallback;
}

function flag(read: SettingReader, key: string, fallback: boolean): boolean {
  const value = read(key);
  return typeof value === "boolean" ? value : fallback;
}

function count(read: SettingReader, key: string, fallback: number): number {
  const value = read(key);
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Empty strings mean "not set": they are left out so the server's env fallbacks apply. */
function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

/** Builds the `qgpt` section sent as initializationOptions and on every change. */
export function serverSettings(read: SettingReader): ServerSettings {
  return {
    backend: text(read, "backend") || "auto",
    answerer: text(read, "answerer") || "auto",
    openai: {
      baseUrl: optional(text(read, "openai.baseUrl")),
      model: optional(text(read, "openai.model")),
      apiKey: optional(text(read, "openai.apiKey")),
    },
    local: { modelPath: optional(text(read, "local.modelPath")) },
    index: {
      maxFileSize: count(read, "index.maxFileSize", 1048576),
      enabled: flag(read, "index.enabled", true),
    },
    openAnswerDocument: flag(read, "openAnswerDocument", false),
    hover: { enabled: flag(read, "hover.enabled", true) },
  };
}

/** A reader over a plain object of dotted keys (tests, defaults). */
export function readerFromObject(values: Record<string, unknown>): SettingReader {
  return (key) => values[key];
}

/** `workspace/didChangeConfiguration` params after a `qgpt.*` setting changed. */
export function didChangeConfigurationParams(read: SettingReader): { settings: { qgpt: ServerSettings } } {
  return { settings: { qgpt: serverSettings(read) } };
}
