import { describe, expect, it } from "vitest";
import { parseCsv } from "@/test/parse-csv";
import { auditCsvHeader, toAuditCsvLine, type AuditExportRow } from "./audit-csv";

describe("toAuditCsvLine", () => {
  it("writes one CRLF record in the header's column order", () => {
    expect(auditCsvHeader()).toBe("id,at,actor_id,actor,action,subject_type,subject_id,request_id,before,after,metadata,prev_hash,hash\r\n");
    const line = toAuditCsvLine({
      id: "7",
      at: new Date("2026-11-30T10:00:00.000Z"),
      actorId: null,
      actorLabel: "system:drift",
      action: "governance.drift.found",
      subjectType: "drift_finding",
      subjectId: "f1",
      requestId: null,
      before: null,
      after: '{"key": "CostCode"}',
      metadata: null,
      prevHash: "aa",
      hash: "bb",
    });
    expect(line).toBe('7,2026-11-30T10:00:00.000Z,,system:drift,governance.drift.found,drift_finding,f1,,,"{""key"": ""CostCode""}",,aa,bb\r\n');
  });

  it("puts ' in front of every cell that does not start safely, in every column", () => {
    const row: AuditExportRow = {
      id: "8",
      at: new Date("2026-11-30T10:00:00.000Z"),
      actorId: null,
      actorLabel: "|calc'!A0",
      action: "=1+1",
      subjectType: "-2",
      subjectId: " @SUM(A1)",
      requestId: "\uff1dcmd",
      before: '{"a": -1}',
      after: null,
      metadata: null,
      prevHash: null,
      hash: "cc",
    };
    const [record] = parseCsv(toAuditCsvLine(row));
    expect(record!.slice(3, 9)).toEqual(["'|calc'!A0", "'=1+1", "'-2", "' @SUM(A1)", "'\uff1dcmd", '{"a": -1}']);
    expect(record![12]).toBe("cc");
  });
});
