import { getLogLevel, type LogLevel } from "./env";

type Level = Exclude<LogLevel, "silent">;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 50 };

// Read per line, not once: tests and the CLI set LOG_LEVEL without the rest of the environment.
function threshold(): number {
  return order[getLogLevel()];
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, cause: serialise(value.cause) };
  }
  return value;
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < threshold()) return;
  const entries = Object.entries(fields).map(([k, v]) => [k, serialise(v)]);
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...Object.fromEntries(entries) });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

/** Structured JSON logs, one line each, so they can be shipped as they are. */
export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
