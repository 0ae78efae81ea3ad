import type { EventEmitter } from "node:events";

export interface CloseOnSignalOptions {
  /** Prefixes the log lines, e.g. `[aws-emulator]`. */
  label: string;
  /** Where the signals come from; the process unless a test passes its own. */
  source?: Pick<EventEmitter, "on">;
  exit?: (code: number) => void;
  log?: (line: string) => void;
  logError?: (line: string, error: unknown) => void;
}

/**
 * The emulators' shutdown: the first SIGINT or SIGTERM closes the emulator and exits, 0 when it
 * closed and 1 when closing failed; later signals are ignored while it closes.
 */
export function closeOnSignal(emulator: { close(): Promise<void> }, options: CloseOnSignalOptions): void {
  const source = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.log ?? console.log;
  const logError = options.logError ?? console.error;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    log(`${options.label} ${signal}: closing`);
    emulator.close().then(
      () => exit(0),
      (error: unknown) => {
        logError(`${options.label} failed to close:`, error);
        exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) source.on(signal, () => shutdown(signal));
}
