import { describe, expect, it } from "vitest";
import { createDomainRegistry } from "../domains/domain-registry";
import { handleGithubEvent } from "./handle-github-event";
import type { VerifiedWebhook } from "./verify-webhook";

const event = (name: string): VerifiedWebhook => ({ id: "delivery-1", name, payload: {} });

describe("handleGithubEvent", () => {
  it("hands an event to every registered domain that handles its name, in registration order", async () => {
    const calls: string[] = [];
    const registry = createDomainRegistry();
    registry.register({
      name: "catalogue",
      webhookHandlers: {
        push: async (e) => {
          calls.push(`catalogue:${e.name}`);
          return "catalogue sync queued";
        },
      },
    });
    registry.register({ name: "workloads" });
    registry.register({
      name: "estate",
      webhookHandlers: {
        push: async () => {
          calls.push("estate:push");
          return null;
        },
        pull_request: async () => "estate saw a pull request",
      },
    });
    expect(await handleGithubEvent(event("push"), registry)).toEqual({ handled: ["catalogue sync queued"] });
    expect(calls).toEqual(["catalogue:push", "estate:push"]);
    expect(await handleGithubEvent(event("pull_request"), registry)).toEqual({ handled: ["estate saw a pull request"] });
  });

  it("handles nothing for an event no domain registered, including names of Object's own properties", async () => {
    const registry = createDomainRegistry();
    registry.register({ name: "catalogue", webhookHandlers: { create: async () => "created" } });
    for (const name of ["issues", "constructor", "toString", "__proto__"]) {
      expect(await handleGithubEvent(event(name), registry)).toEqual({ handled: [] });
    }
  });
});
