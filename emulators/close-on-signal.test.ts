import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { closeOnSignal } from "./close-on-signal";

function harness(close: () => Promise<void>) {
  const source = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  let closes = 0;
  const exited = new Promise<number>((resolve) => {
    closeOnSignal(
      { close: () => ((closes += 1), close()) },
      { label: "[test-emulator]", source, exit: (code) => (exits.push(code), resolve(code)), log: (line) => lines.push(line), logError: (line) => lines.push(line) },
    );
  });
  return { source, exits, lines, exited, closes: () => closes };
}

describe("closeOnSignal", () => {
  it("closes once on the first signal and exits 0, ignoring signals that come while it closes", async () => {
    const h = harness(() => new Promise((resolve) => setTimeout(resolve, 20)));
    h.source.emit("SIGTERM");
    h.source.emit("SIGINT");
    expect(await h.exited).toBe(0);
    expect(h.closes()).toBe(1);
    expect(h.exits).toEqual([0]);
    expect(h.lines).toEqual(["[test-emulator] SIGTERM: closing"]);
  });

  it("exits 1 and says so when closing fails", async () => {
    const h = harness(() => Promise.reject(new Error("port stuck")));
    h.source.emit("SIGINT");
    expect(await h.exited).toBe(1);
    expect(h.lines).toEqual(["[test-emulator] SIGINT: closing", "[test-emulator] failed to close:"]);
  });
});
