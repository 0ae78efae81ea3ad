import { describe, expect, it } from "vitest";
import { defineTransitions } from "./define-transitions";

type State = "open" | "closed" | "won" | "lost";
type Event = { type: "close" } | { type: "reopen" } | { type: "settle"; outcome: "won" | "lost" } | { type: "never" };

const transition = defineTransitions<State, Event>(
  {
    close: { from: ["open"], to: "closed" },
    reopen: { from: ["closed", "lost"], to: "open" },
    settle: { from: ["closed"], to: (event) => event.outcome },
  },
  (state, event) => new Error(`${state} cannot ${event.type}`),
);

describe("defineTransitions", () => {
  it("follows the table, with targets fixed or read from the event", () => {
    expect(transition("open", { type: "close" })).toBe("closed");
    expect(transition("closed", { type: "settle", outcome: "lost" })).toBe("lost");
    expect(transition("lost", { type: "reopen" })).toBe("open");
  });

  it("refuses a state the event may not leave, and an event without a rule, with the caller's error", () => {
    expect(() => transition("open", { type: "settle", outcome: "won" })).toThrow("open cannot settle");
    expect(() => transition("won", { type: "reopen" })).toThrow("won cannot reopen");
    expect(() => transition("open", { type: "never" })).toThrow("open cannot never");
  });
});
