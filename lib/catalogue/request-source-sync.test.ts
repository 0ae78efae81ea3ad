import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { handleTagWebhook } from "./handle-tag-webhook";
import { requestSourceSync, SYNC_SOURCE_JOB, toSyncRequestState } from "./request-source-sync";

const actor = { id: "u1", label: "carol" };

describe("requestSourceSync", () => {
  it("enqueues one job per source, keyed by the source so that a second request joins the first", async () => {
    const catalogue = createInMemoryCatalogue();
    const source = catalogue.addSource();
    catalogue.startQueue();
    const first = await requestSourceSync(catalogue.deps, { sourceId: source.id, trigger: "manual", actor });
    const second = await requestSourceSync(catalogue.deps, { sourceId: source.id, trigger: "webhook" });
    expect([toSyncRequestState(first), toSyncRequestState(second)]).toEqual(["queued", "already-queued"]);
    expect(catalogue.sent).toEqual([
      { name: SYNC_SOURCE_JOB, data: { sourceId: source.id, trigger: "manual", actor }, singletonKey: source.id },
      { name: SYNC_SOURCE_JOB, data: { sourceId: source.id, trigger: "webhook" }, singletonKey: source.id },
    ]);
  });

  it("runs the sync here when no queue runs in this process", async () => {
    const catalogue = createInMemoryCatalogue();
    const source = catalogue.addSource();
    const locked: string[] = [];
    // Another sync holds the source: enough to see that this one ran here and asked for the lock.
    catalogue.deps.store.withSourceLock = async (sourceId) => (locked.push(sourceId), null);
    const outcome = await requestSourceSync(catalogue.deps, { sourceId: source.id, trigger: "manual", actor });
    expect(outcome).toEqual({ mode: "inline", result: expect.objectContaining({ status: "skipped" }) });
    expect(toSyncRequestState(outcome)).toBe("done");
    expect(locked).toEqual([source.id]);
  });

  it("answers NOT_FOUND for an unknown source and enqueues nothing", async () => {
    const catalogue = createInMemoryCatalogue();
    catalogue.startQueue();
    await expect(requestSourceSync(catalogue.deps, { sourceId: "gone", trigger: "manual" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(catalogue.sent).toEqual([]);
  });
});

describe("handleTagWebhook", () => {
  const repository = { name: "iac-modules", owner: { login: "ACME" } };

  it("queues a sync of the source a tag event names, whatever the event", async () => {
    const catalogue = createInMemoryCatalogue();
    const source = catalogue.addSource();
    catalogue.startQueue();
    expect(await handleTagWebhook({ id: "d1", name: "create", payload: { ref: "vpc/v1.0.0", ref_type: "tag", repository } }, catalogue.deps)).toBe(
      "catalogue sync of acme/iac-modules for tag vpc/v1.0.0 queued",
    );
    expect(await handleTagWebhook({ id: "d2", name: "push", payload: { ref: "refs/tags/vpc/v1.0.0", repository } }, catalogue.deps)).toBe(
      "catalogue sync of acme/iac-modules for tag vpc/v1.0.0 already queued",
    );
    expect(await handleTagWebhook({ id: "d3", name: "delete", payload: { ref: "vpc/v0.9.0", ref_type: "tag", repository } }, catalogue.deps)).toMatch(/v0\.9\.0/);
    expect(catalogue.sent.map((s) => s.data)).toEqual([
      { sourceId: source.id, trigger: "webhook" },
      { sourceId: source.id, trigger: "webhook" },
      { sourceId: source.id, trigger: "webhook" },
    ]);
  });

  it("ignores branches, unknown or disabled sources, malformed payloads and other events", async () => {
    const catalogue = createInMemoryCatalogue();
    catalogue.addSource({ repo: "disabled", enabled: false });
    catalogue.addSource();
    catalogue.startQueue();
    const ignored = [
      { id: "1", name: "create", payload: { ref: "main", ref_type: "branch", repository } },
      { id: "2", name: "push", payload: { ref: "refs/heads/main", repository } },
      { id: "3", name: "create", payload: { ref: "v1.0.0", ref_type: "tag", repository: { ...repository, name: "unknown" } } },
      { id: "4", name: "create", payload: { ref: "v1.0.0", ref_type: "tag", repository: { ...repository, name: "disabled" } } },
      { id: "5", name: "create", payload: { ref: 42 } },
      { id: "6", name: "pull_request", payload: { ref: "refs/tags/v1.0.0", repository } },
    ];
    for (const event of ignored) expect(await handleTagWebhook(event, catalogue.deps)).toBeNull();
    expect(catalogue.sent).toEqual([]);
  });

  it("runs the sync inline when no queue runs", async () => {
    const catalogue = createInMemoryCatalogue();
    const source = catalogue.addSource();
    const locked: string[] = [];
    catalogue.deps.store.withSourceLock = async (sourceId) => (locked.push(sourceId), null);
    expect(await handleTagWebhook({ id: "d1", name: "create", payload: { ref: "v1.0.0", ref_type: "tag", repository } }, catalogue.deps)).toBe(
      "catalogue sync of acme/iac-modules for tag v1.0.0 ran: skipped",
    );
    expect(locked).toEqual([source.id]);
  });
});
