import { describe, expect, it } from "vitest";
import { createInMemoryGovernance } from "@/test/fixtures/governance/in-memory-governance";
import { hashAuditRow } from "./core/audit-chain";
import { verifyAuditLog } from "./verify-audit-log";

/** A store whose audit chain holds `count` rows, chained as the trigger chains them. */
function chainOf(count: number, action: (i: number) => string = (i) => `test.${i}`) {
  const memory = createInMemoryGovernance();
  for (let i = 1; i <= count; i++) {
    const row = {
      id: String(i),
      at: new Date(Date.UTC(2026, 10, 30, 10, 0, i)),
      actorId: null,
      actorLabel: "carol",
      action: action(i),
      subjectType: "test",
      subjectId: String(i),
      before: null,
      after: `{"i": ${i}}`,
      metadata: null,
      requestId: null,
      prevHash: memory.chain.at(-1)?.hash ?? null,
    };
    memory.chain.push({ ...row, hash: hashAuditRow(row) });
  }
  return memory;
}

describe("verifyAuditLog", () => {
  it("walks the chain in pages and names the first edited or orphaned row", async () => {
    const memory = chainOf(7);
    await expect(verifyAuditLog({ store: memory.store }, { pageSize: 3 })).resolves.toMatchObject({ ok: true, checked: 7, broken: null, head: { lastId: "7" } });
    memory.chain[4] = { ...memory.chain[4]!, after: '{"i": 500}' };
    await expect(verifyAuditLog({ store: memory.store }, { pageSize: 3 })).resolves.toMatchObject({ ok: false, checked: 4, broken: { id: "5", reason: "content_changed" } });
    memory.chain.splice(4, 1);
    await expect(verifyAuditLog({ store: memory.store }, { pageSize: 3 })).resolves.toMatchObject({ ok: false, checked: 4, broken: { id: "6", reason: "link_broken" } });
  });

  it("accepts an empty log", async () => {
    await expect(verifyAuditLog({ store: chainOf(0).store })).resolves.toMatchObject({ ok: true, checked: 0, head: { lastId: null } });
  });
});
