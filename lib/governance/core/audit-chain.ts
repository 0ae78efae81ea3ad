import { createHash } from "node:crypto";

/*
 * The audit log's hash chain, as the database trigger `audit_events_chain` computes it
 * (prisma/migrations/20261130110000_governance). Each row's hash is sha256 over a canonical text
 * of its content and the previous row's hash, so editing, removing or reordering a row breaks the
 * chain at that row. This file must produce the trigger's text byte for byte:
 *
 *   bulkhead-audit-v1
 *   <id>  <at>  <actor_id>  <actor_label>  <action>  <subject_type>  <subject_id>
 *   <before>  <after>  <metadata>  <request_id>  <prev_hash>           (one per line, in this order)
 *
 * Each field is "<UTF-8 byte length>:<text>", or "~" for NULL; `at` is UTC ISO 8601 with
 * milliseconds (what `Date#toISOString` prints); JSON fields are PostgreSQL's text form of the
 * jsonb value (`before::text`), which the database normalises (key order, spacing, numbers), so
 * readers pass that text rather than re-serialising parsed JSON.
 */

export const AUDIT_CHAIN_VERSION = "bulkhead-audit-v1";

/** One audit row as the verifier reads it. */
export interface AuditChainRow {
  /** bigint id, in decimal. */
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** jsonb text form, as PostgreSQL prints `before::text`. */
  before: string | null;
  after: string | null;
  metadata: string | null;
  requestId: string | null;
  prevHash: string | null;
  hash: string;
}

const encoder = new TextEncoder();

function field(value: string | null): string {
  return value === null ? "~" : `${encoder.encode(value).length}:${value}`;
}

/** The text the hash is taken over (the row's own `hash` is not part of it). */
export function canonicalAuditText(row: Omit<AuditChainRow, "hash">): string {
  return [
    AUDIT_CHAIN_VERSION,
    field(row.id),
    field(row.at.toISOString()),
    field(row.actorId),
    field(row.actorLabel),
    field(row.action),
    field(row.subjectType),
    field(row.subjectId),
    field(row.before),
    field(row.after),
    field(row.metadata),
    field(row.requestId),
    field(row.prevHash),
  ].join("\n");
}

/** Lowercase hex sha256 of the canonical text: what the trigger stores in `hash`. */
export function hashAuditRow(row: Omit<AuditChainRow, "hash">): string {
  return createHash("sha256").update(canonicalAuditText(row), "utf8").digest("hex");
}

export type AuditChainBreakReason = "content_changed" | "link_broken" | "out_of_order" | "head_mismatch";

export interface AuditChainBreak {
  /** The first row that does not verify (for head_mismatch: the last row read, or "" when none). */
  id: string;
  reason: AuditChainBreakReason;
  message: string;
}

export interface AuditChainHead {
  lastId: string | null;
  lastHash: string | null;
}

export interface AuditChainVerifier {
  /** Checks the next row (in id order); the first break is kept and later rows are ignored. */
  push(row: AuditChainRow): AuditChainBreak | null;
  /** After the last row: the head the trigger keeps must name that row (rows cut off the end show here). */
  finish(head: AuditChainHead | null): AuditChainBreak | null;
  readonly checked: number;
  readonly lastId: string | null;
  readonly lastHash: string | null;
  readonly broken: AuditChainBreak | null;
}

/**
 * A streaming verifier: feed rows in id order, batch after batch, in constant memory. By default
 * the chain starts at its genesis (the first row has no previous hash); to verify a tail, give the
 * hash of the row before it.
 */
export function createAuditChainVerifier(options: { previousHash?: string | null } = {}): AuditChainVerifier {
  let expectedPrev: string | null = options.previousHash ?? null;
  let previousId: bigint | null = null;
  let checked = 0;
  let lastId: string | null = null;
  let lastHash: string | null = options.previousHash ?? null;
  let broken: AuditChainBreak | null = null;

  const fail = (id: string, reason: AuditChainBreakReason, message: string) => {
    broken = { id, reason, message };
    return broken;
  };

  return {
    push(row) {
      if (broken) return broken;
      const id = BigInt(row.id);
      if (previousId !== null && id <= previousId) return fail(row.id, "out_of_order", `Row ${row.id} comes after row ${previousId} in the chain, but ids must grow`);
      if (row.prevHash !== expectedPrev) {
        return fail(
          row.id,
          "link_broken",
          expectedPrev === null
            ? `Row ${row.id} points to a previous row (${row.prevHash}) but is the first row of the chain: rows before it are missing`
            : `Row ${row.id} does not point to the row before it (${lastId ?? "the start"}): a row in between was removed or inserted, or its link was edited`,
        );
      }
      const expected = hashAuditRow(row);
      if (row.hash !== expected) return fail(row.id, "content_changed", `Row ${row.id} does not match its hash: its content was changed after it was written`);
      checked += 1;
      previousId = id;
      lastId = row.id;
      lastHash = row.hash;
      expectedPrev = row.hash;
      return null;
    },
    finish(head) {
      if (broken) return broken;
      if (!head) return null;
      if (head.lastId !== lastId || head.lastHash !== lastHash) {
        return fail(
          lastId ?? "",
          "head_mismatch",
          `The chain head names row ${head.lastId ?? "none"} but the log ends at row ${lastId ?? "none"}: rows were removed from the end, or the head was edited`,
        );
      }
      return null;
    },
    get checked() {
      return checked;
    },
    get lastId() {
      return lastId;
    },
    get lastHash() {
      return lastHash;
    },
    get broken() {
      return broken;
    },
  };
}

export type AuditChainVerification =
  | { ok: true; checked: number; lastId: string | null; lastHash: string | null }
  | { ok: false; checked: number; broken: AuditChainBreak };

/** Verifies a whole chain held in memory (rows in id order), and the head when given. */
export function verifyAuditChain(rows: Iterable<AuditChainRow>, options: { head?: AuditChainHead | null; previousHash?: string | null } = {}): AuditChainVerification {
  const verifier = createAuditChainVerifier({ previousHash: options.previousHash });
  for (const row of rows) if (verifier.push(row)) break;
  const broken = verifier.broken ?? (options.head !== undefined ? verifier.finish(options.head) : null);
  return broken ? { ok: false, checked: verifier.checked, broken } : { ok: true, checked: verifier.checked, lastId: verifier.lastId, lastHash: verifier.lastHash };
}
