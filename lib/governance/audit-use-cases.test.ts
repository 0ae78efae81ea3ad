import { describe, expect, it } from "vitest";
import { createInMemoryGovernance } from "@/test/fixtures/governance/in-memory-governance";
import { hashAuditRow } from "./core/audit-chain";
import { auditCsvStream, exportAuditCsv } from "./export-audit-csv";
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

describe("exportAuditCsv", () => {
  it("streams the filtered rows page by page after a header", async () => {
    const memory = chainOf(5, (i) => (i % 2 ? "governance.x" : "vending.y"));
    const chunks: string[] = [];
    for await (const chunk of exportAuditCsv({ store: memory.store }, { filter: { action: "governance." }, pageSize: 2 })) chunks.push(chunk);
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatch(/^id,at,actor_id,actor,action,/);
    expect(chunks.slice(1).join("").split("\r\n").filter(Boolean).map((line) => line.split(",")[0])).toEqual(["1", "3", "5"]);

    const body = await new Response(auditCsvStream(exportAuditCsv({ store: memory.store }, { filter: {} }))).text();
    expect(body.split("\r\n").filter(Boolean)).toHaveLength(6);
  });

  it("refuses a bad filter before writing anything", async () => {
    await expect(exportAuditCsv({ store: chainOf(1).store }, { filter: { from: "soon" } }).next()).rejects.toThrow(/not a date/);
  });
});
