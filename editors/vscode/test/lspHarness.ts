/**
 * Starts qgpt-lsp over stdio with vscode-jsonrpc, the transport VS Code's
 * language client uses, and answers the server's requests the way the
 * extension's client does. The command comes from QGPT_LSP_COMMAND
 * (default `qgpt-lsp`; words split on spaces).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";
import { type AnswerDelta, ANSWER_DELTA } from "../src/protocol";
import { type SettingReader, readerFromObject, serverSettings } from "../src/settings";

export interface Server {
  connection: MessageConnection;
  process: ChildProcess;
  deltas: AnswerDelta[];
  progress: { token: string | number; value: { kind: string; message?: string } }[];
  shown: { uri: string }[];
  messages: { type: number; message: string }[];
  stderr: string[];
}

/** The defaults VS Code would read from package.json's contributes.configuration. */
export function packageDefaults(): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(resolve(__dirname, "../../package.json"), "utf8"));
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
  return Object.fromEntries(
    Object.entries(properties).map(([key, spec]) => [key.replace(/^qgpt\./, ""), spec.default]),
  );
}

/** A user's settings: package.json defaults plus `overrides` (dotted keys below `qgpt.`). */
export function settingsReader(overrides: Record<string, unknown>): SettingReader {
  return readerFromObject({ ...packageDefaults(), ...overrides });
}

/** A git repository with two Python files, unless QGPT_TEST_WORKSPACE names one. */
export function workspace(): string {
  const given = process.env.QGPT_TEST_WORKSPACE;
  if (given) return given;
  const root = mkdtempSync(join(tmpdir(), "qgpt-vscode-ws-"));
  mkdirSync(join(root, "shop"));
  writeFileSync(join(root, "shop", "cart.py"), CART);
  writeFileSync(join(root, "shop", "prices.py"), PRICES);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "ignore" });
  git("init", "-q");
  git("-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "add", ".");
  git("-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "Add the shop");
  return root;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

function command(): { cmd: string; args: string[] } {
  const words = (process.env.QGPT_LSP_COMMAND ?? "qgpt-lsp").trim().split(/\s+/);
  return { cmd: words[0], args: words.slice(1) };
}

/** Spawns the server and wires the client side of the conversation. */
export function startServer(read: SettingReader, cacheDir: string): Server {
  const { cmd, args } = command();
  const child = spawn(cmd, args, {
    env: { ...process.env, QGPT_LSP_CACHE_DIR: process.env.QGPT_LSP_CACHE_DIR ?? cacheDir },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const server: Server = { connection, process: child, deltas: [], progress: [], shown: [], messages: [], stderr: [] };
  child.stderr!.on("data", (chunk: Buffer) => server.stderr.push(chunk.toString()));
  // A server that cannot start or dies fails the pending requests instead of hanging them.
  child.on("error", (error) => {
    server.stderr.push(`could not start ${cmd}: ${error.message}`);
    connection.dispose();
  });
  child.on("exit", (code) => {
    server.stderr.push(`${cmd} exited with ${code}`);
    connection.dispose();
  });
  connection.onNotification(ANSWER_DELTA, (d: AnswerDelta) => server.deltas.push(d));
  connection.onNotification("$/progress", (p: Server["progress"][number]) => server.progress.push(p));
  connection.onNotification("window/showMessage", (m: Server["messages"][number]) => server.messages.push(m));
  connection.onNotification("window/logMessage", () => undefined);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === "qgpt" ? serverSettings(read) : null)),
  );
  connection.onRequest("window/showDocument", (params: { uri: string }) => {
    server.shown.push(params);
    return { success: true };
  });
  connection.listen();
  return server;
}

export async function stopServer(server: Server): Promise<void> {
  try {
    await server.connection.sendRequest("shutdown");
    await server.connection.sendNotification("exit");
  } finally {
    server.connection.dispose();
    if (server.process.exitCode === null) server.process.kill();
  }
}

const CART = `"""A shopping cart."""

from shop.prices import unit_price


class Cart:
    """Items and their quantities."""

    def __init__(self) -> None:
        self.items: dict[str, int] = {}

    def add(self, sku: str, quantity: int = 1) -> None:
        """Add quantity of sku to the cart."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.items[sku] = self.items.get(sku, 0) + quantity

    def total(self) -> float:
        """The total price of the cart, discounts included."""
        return sum(unit_price(sku) * qty for sku, qty in self.items.items())
`;

const PRICES = `"""Unit prices and discounts."""

PRICES = {"apple": 0.5, "pear": 0.75}


def unit_price(sku: str) -> float:
    """The price of one sku, with the bulk discount for pears."""
    price = PRICES[sku]
    if sku == "pear":
        price *= 0.9
    return price
`;
