// A stand-in for @vscode/spdlog, whose native module install.sh does not build (no
// compiler): the same API (its index.d.ts), writing each line with appendFileSync.
// Without it VS Code keeps its log lines in memory, and the Output panel and the log
// folder stay empty; with it the test can read what an extension wrote to its output
// channel: <user-data>/logs/<time>/exthost<N>/output_logging_<time>/<N>-<name>.log.
"use strict";
const fs = require("fs");
const path = require("path");

const LEVELS = ["trace", "debug", "info", "warning", "error", "critical", "off"];

function timestamp(date) {
  const two = (n) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${day} ${time}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

class Logger {
  constructor(_loggerType, _name, filename) {
    this.filename = filename;
    this.level = 2;
    this.formatted = true;
  }
  write(level, message) {
    if (level < this.level) return;
    // Output channels clear the formatters: their text is written as it is.
    const text = this.formatted ? `${timestamp(new Date())} [${LEVELS[level]}] ${message}\n` : message;
    fs.appendFileSync(this.filename, text);
  }
  trace(message) { this.write(0, message); }
  debug(message) { this.write(1, message); }
  info(message) { this.write(2, message); }
  warn(message) { this.write(3, message); }
  error(message) { this.write(4, message); }
  critical(message) { this.write(5, message); }
  getLevel() { return this.level; }
  setLevel(level) { this.level = level; }
  setPattern() { this.formatted = true; }
  clearFormatters() { this.formatted = false; }
  flush() {}
  drop() {}
}

async function createLogger(loggerType, name, filepath) {
  await fs.promises.mkdir(path.dirname(filepath), { recursive: true });
  return new Logger(loggerType, name, filepath);
}

exports.version = 11500;
exports.setLevel = () => undefined;
exports.setFlushOn = () => undefined;
exports.Logger = Logger;
exports.createRotatingLogger = (name, filepath) => createLogger("rotating", name, filepath);
exports.createAsyncRotatingLogger = (name, filepath) => createLogger("rotating_async", name, filepath);
