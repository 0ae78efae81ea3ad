import { describe, expect, it } from "vitest";
import { auditCsvHeader, csvField, toAuditCsvLine } from "./audit-csv";

describe("csvField", () => {
  it("quotes what needs quoting and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(null)).toBe("");
  });

  it("defuses spreadsheet formulas in free text only", () => {
    expect(csvField("=HYPERLINK(\"http://x\")", { text: true })).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("-1", { text: true })).toBe("'-1");
    expect(csvField("@sum", { text: true })).toBe("'@sum");
    expect(csvField('{"a": -1}')).toBe('"{""a"": -1}"');
  });
});

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
});
