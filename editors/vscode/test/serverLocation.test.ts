import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { test } from "node:test";
import { INSTALL_COMMAND, type ServerSearch, locateServer } from "../src/serverLocation";

/** A tmp machine: a home, a workspace, and an empty folder on PATH. */
function machine(): { root: string; search: ServerSearch } {
  const root = mkdtempSync(join(tmpdir(), "qgpt-find-"));
  for (const folder of ["home", "ws", "path"]) mkdirSync(join(root, folder));
  const search: ServerSearch = {
    command: "",
    python: "",
    workspaceFolders: [join(root, "ws")],
    env: { PATH: join(root, "path") },
    platform: "linux",
    home: join(root, "home"),
  };
  return { root, search };
}

function executable(path: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

const places: [string, string, string][] = [
  ["PATH", "path/qgpt-lsp", "PATH"],
  ["the workspace's .venv", "ws/.venv/bin/qgpt-lsp", "the workspace's .venv"],
  ["uv tool / pipx (~/.local/bin)", "home/.local/bin/qgpt-lsp", "the uv/pipx tool folder"],
];
for (const [name, file, from] of places) {
  test(`finds qgpt-lsp in ${name}`, () => {
    const { root, search } = machine();
    const path = executable(join(root, file));
    assert.deepEqual(locateServer(search), { launch: { command: path, args: [] }, from });
  });
}

test("finds qgpt-lsp beside the Python extension's interpreter", () => {
  const { root, search } = machine();
  const path = executable(join(root, "env/bin/qgpt-lsp"));
  const found = locateServer({ ...search, pythonInterpreter: join(root, "env/bin/python") });
  assert.deepEqual(found, { launch: { command: path, args: [] }, from: "the Python extension's interpreter" });
});

test("PATH comes before the workspace's .venv, which comes before ~/.local/bin", () => {
  const { root, search } = machine();
  executable(join(root, "home/.local/bin/qgpt-lsp"));
  const venv = executable(join(root, "ws/.venv/bin/qgpt-lsp"));
  assert.deepEqual(locateServer(search), { launch: { command: venv, args: [] }, from: "the workspace's .venv" });
  const onPath = executable(join(root, "other/qgpt-lsp"));
  const withPath = { ...search, env: { PATH: [join(root, "path"), join(root, "other")].join(delimiter) } };
  assert.deepEqual(locateServer(withPath), { launch: { command: onPath, args: [] }, from: "PATH" });
});

test("a configured absolute command is used as it is", () => {
  const { root, search } = machine();
  const path = executable(join(root, "somewhere/qgpt-lsp"));
  assert.deepEqual(locateServer({ ...search, command: path }), { launch: { command: path, args: [] }, from: "qgpt.server.command" });
});

test("qgpt.server.python wins and runs the module", () => {
  const { root, search } = machine();
  const python = executable(join(root, "py/bin/python3"));
  executable(join(root, "path/qgpt-lsp"));
  assert.deepEqual(locateServer({ ...search, python }), {
    launch: { command: python, args: ["-m", "qgpt_lsp.cli.main"] },
    from: "qgpt.server.python",
  });
});

const errors: [string, (root: string) => Partial<ServerSearch>, RegExp[]][] = [
  ["nothing installed", () => ({}), [/qgpt-lsp was not found/, /qgpt\.server\.command/, /PATH/, /\.venv/]],
  ["a missing configured command", (root) => ({ command: join(root, "nope/qgpt-lsp") }), [/qgpt\.server\.command/]],
  ["a missing configured python", (root) => ({ python: join(root, "nope/python") }), [/qgpt\.server\.python/]],
];
for (const [name, change, patterns] of errors) {
  test(`error for ${name} names the setting to fix`, () => {
    const { root, search } = machine();
    const found = locateServer({ ...search, ...change(root) });
    assert.ok("error" in found, JSON.stringify(found));
    for (const pattern of patterns) assert.match(found.error, pattern);
    if (!name.includes("python")) assert.ok(found.error.includes(INSTALL_COMMAND), found.error);
    assert.ok(!(name.includes("python") ? /qgpt\.server\.command\)/ : /qgpt\.server\.python/).test(found.error), found.error);
  });
}
