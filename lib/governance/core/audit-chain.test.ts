import { describe, expect, it } from "vitest";
import { canonicalAuditText, hashAuditRow, verifyAuditChain, type AuditChainRow } from "./audit-chain";

// Two rows inserted through the migration's trigger on PostgreSQL 15 (the same on PGlite's 18):
// their stored hashes, and the jsonb text the database printed for their JSON columns.
const first: AuditChainRow = {
  id: "2",
  at: new Date("2026-01-01T10:00:00.123Z"),
  actorId: null,
  actorLabel: "alice",
  action: "a.one",
  subjectType: "x",
  subjectId: "1",
  before: null,
  after: '{"b": 1, "n": 1.50, "aa": "é"}',
  metadata: null,
  requestId: null,
  prevHash: null,
  hash: "94f1bd6185073792d31c771c018dfe63af3ba7151f5f7a083837e5b42edc58c9",
};
const second: AuditChainRow = {
  id: "4",
  at: new Date("2026-11-30T23:59:59.999Z"),
  actorId: "0f8fad5b-d9cb-469f-a165-70867728950e",
  actorLabel: 'Zoë "Z" Ünal',
  action: "governance.tag_change.request",
  subjectType: "tag_change_request",
  subjectId: "r-1",
  before: '{"k": [1.0, 2, "x\\u0001\\n"]}',
  after: "{}",
  metadata: '{"a": true, "z": null}',
  requestId: "req-42",
  prevHash: "94f1bd6185073792d31c771c018dfe63af3ba7151f5f7a083837e5b42edc58c9",
  hash: "a9ee31064eca21ccb415e3b9b3ab068248a3bf22c6b9eb6e98c4eb4f78c08841",
};

describe("canonicalAuditText and hashAuditRow", () => {
  it("writes each field as its UTF-8 byte length and text, NULL as ~", () => {
    expect(canonicalAuditText(first)).toBe(
      ["bulkhead-audit-v1", "1:2", "24:2026-01-01T10:00:00.123Z", "~", "5:alice", "5:a.one", "1:x", "1:1", "~", '31:{"b": 1, "n": 1.50, "aa": "é"}', "~", "~", "~"].join("\n"),
    );
  });

  it("matches the hashes the database trigger stored, byte for byte", () => {
    expect(hashAuditRow(first)).toBe(first.hash);
    expect(hashAuditRow(second)).toBe(second.hash);
  });
});

describe("verifyAuditChain", () => {
  const head = { lastId: "4", lastHash: second.hash };

  it("accepts an intact chain and its head", () => {
    expect(verifyAuditChain([first, second], { head })).toEqual({ ok: true, checked: 2, lastId: "4", lastHash: second.hash });
  });

  it("names an edited row", () => {
    const edited = { ...second, after: '{"CostCode": "CC-0000"}' };
    expect(verifyAuditChain([first, edited], { head })).toMatchObject({ ok: false, checked: 1, broken: { id: "4", reason: "content_changed" } });
  });

  it("names the row after a removed one", () => {
    expect(verifyAuditChain([second], { head })).toMatchObject({ ok: false, broken: { id: "4", reason: "link_broken", message: expect.stringMatching(/rows before it are missing/) } });
    const third = { ...second, id: "6", prevHash: second.hash };
    third.hash = hashAuditRow(third);
    expect(verifyAuditChain([first, third])).toMatchObject({ ok: false, broken: { id: "6", reason: "link_broken" } });
  });

  it("notices rows cut off the end through the head", () => {
    expect(verifyAuditChain([first], { head })).toMatchObject({ ok: false, broken: { id: "2", reason: "head_mismatch" } });
  });

  it("refuses rows out of id order", () => {
    expect(verifyAuditChain([second, first], { previousHash: first.hash })).toMatchObject({ ok: false, broken: { id: "2", reason: "out_of_order" } });
  });

  it("verifies a tail from the hash of the row before it", () => {
    expect(verifyAuditChain([second], { previousHash: first.hash })).toMatchObject({ ok: true, checked: 1 });
  });
});
