import { describe, expect, it } from "vitest";
import { parseCsv } from "@/test/parse-csv";
import { csvField } from "@/lib/csv";
import { auditCsvColumns, auditCsvHeader, toAuditCsvLine, type AuditCsvRow } from "./audit-csv";

const row = (overrides: Partial<AuditCsvRow> = {}): AuditCsvRow => ({
  id: "42",
  at: new Date("2026-11-30T01:10:34.512Z"),
  actorId: "0b0a11ce-0000-4000-8000-000000000003",
  actorLabel: "carol",
  action: "vending.set.approve",
  subjectType: "account_set_request",
  subjectId: "5f0c1a52-6a0b-4a57-9a55-6f7f3c0e9c11",
  subjectName: "payments (prod)",
  requestId: "7d3e2a10-1111-4222-8333-944455556666",
  before: '{"state": "requested"}',
  after: '{"state": "approved", "reason": "ok, \\"fine\\""}',
  metadata: null,
  ...overrides,
});

describe("audit CSV", () => {
  it("neutralises every cell a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      const cell = csvField(`${start}HYPERLINK("http://evil.example","x")`);
      expect(parseCsv(`${cell}\r\n`)[0]![0]!.startsWith(`'${start}`)).toBe(true);
    }
    expect(csvField("carol")).toBe("carol");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("writes a cell raw only when it starts safely: a DDE pipe or a padded formula gets the apostrophe too", () => {
    const [record] = parseCsv(toAuditCsvLine(row({ actorLabel: "|calc'!A0", subjectName: " =1+1", subjectId: "%0A=1" })));
    expect([record![3], record![6], record![7]]).toEqual(["'|calc'!A0", "'%0A=1", "' =1+1"]);
  });

  it("quotes commas, quotes and line breaks, and reads back exactly", () => {
    const hostile = row({ actorLabel: '=cmd|" /C calc"!A0', subjectName: "line one\r\nline, two", metadata: '{"note": "say \\"hi\\""}' });
    const text = auditCsvHeader() + toAuditCsvLine(hostile) + toAuditCsvLine(row());
    const records = parseCsv(text);
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual([...auditCsvColumns]);
    for (const record of records) expect(record).toHaveLength(auditCsvColumns.length);
    const [, first, second] = records;
    expect(first![3]).toBe(`'=cmd|" /C calc"!A0`);
    expect(first![7]).toBe("line one\r\nline, two");
    expect(first![11]).toBe('{"note": "say \\"hi\\""}');
    expect(second).toEqual([
      "42",
      "2026-11-30T01:10:34.512Z",
      "0b0a11ce-0000-4000-8000-000000000003",
      "carol",
      "vending.set.approve",
      "account_set_request",
      "5f0c1a52-6a0b-4a57-9a55-6f7f3c0e9c11",
      "payments (prod)",
      "7d3e2a10-1111-4222-8333-944455556666",
      '{"state": "requested"}',
      '{"state": "approved", "reason": "ok, \\"fine\\""}',
      "",
    ]);
  });

  it("writes null as an empty field and a system actor as its label", () => {
    const line = toAuditCsvLine(row({ actorId: null, actorLabel: "system:catalogue-sync", subjectName: null, requestId: null }));
    const [record] = parseCsv(line);
    expect(record![2]).toBe("");
    expect(record![3]).toBe("system:catalogue-sync");
    expect(record![7]).toBe("");
    expect(line.endsWith("\r\n")).toBe(true);
  });
});
