import { describe, expect, it } from "vitest";
import { getDomainRegistry } from "@/lib/platform/domains/domain-registry";
import { registerDomains } from "./register-domains";

describe("registerDomains", () => {
  it("plugs in every domain's jobs and webhook handlers, the same set the platform ran before the registry", () => {
    registerDomains();
    registerDomains(); // instrumentation.ts and the webhook route both call it
    const domains = getDomainRegistry().list();
    expect(domains.map((d) => d.name)).toEqual(["catalogue", "scaffold", "workloads", "vending", "governance", "estate"]);
    expect(domains.flatMap((d) => (d.jobs ?? []).map((j) => j.name)).sort()).toEqual([
      "catalogue.sync-all",
      "catalogue.sync-source",
      "estate.deliver-notices",
      "estate.reconcile-notices",
      "estate.scan-repo",
      "governance.apply-tag-changes",
      "governance.detect-drift",
      "scaffold.reconcile-pull-requests",
      "scaffold.resume-stalled",
      "scaffold.scan-consumer-repos",
      "vending.import-accounts",
      "vending.work",
    ]);
    // Each domain with background state catches up when the worker starts, not at its first cron tick.
    expect(domains.filter((d) => d.onWorkerStart).map((d) => d.name)).toEqual(["catalogue", "vending", "governance", "estate"]);
    const events = domains.flatMap((d) => Object.keys(d.webhookHandlers ?? {}).map((name) => `${name}→${d.name}`));
    expect(events.sort()).toEqual(["create→catalogue", "delete→catalogue", "pull_request→estate", "pull_request→scaffold", "push→catalogue", "push→estate"]);
  });
});
