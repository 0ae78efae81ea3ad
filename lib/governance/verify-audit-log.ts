import { createAuditChainVerifier, type AuditChainBreak, type AuditChainHead } from "./core/audit-chain";
import type { GovernanceDeps } from "./ports";

export interface VerifyAuditLogResult {
  ok: boolean;
  /** Rows that verified. */
  checked: number;
  /** The head at the start: rows written during the check are left for the next one. */
  head: AuditChainHead;
  /** The first row that does not verify, and why. */
  broken: AuditChainBreak | null;
  durationMs: number;
}

/**
 * Recomputes the audit log's hash chain from its first row, in id-ordered pages (constant
 * memory), up to the chain head read at the start, and names the first row that does not verify:
 * its content was edited, a row before it was removed or inserted, or rows were cut off the end.
 * Ready for the CLI (`npm run bulkhead -- audit verify`) and the admin page; callers check the
 * admin role.
 */
export async function verifyAuditLog(deps: Pick<GovernanceDeps, "store" | "now">, options: { pageSize?: number } = {}): Promise<VerifyAuditLogResult> {
  const now = deps.now ?? (() => new Date());
  const started = now().getTime();
  const head = await deps.store.getAuditChainHead();
  const verifier = createAuditChainVerifier();
  const take = options.pageSize ?? 2_000;
  let afterId: string | null = null;
  for (;;) {
    const rows = await deps.store.readAuditChain({ afterId, upToId: head.lastId, take });
    for (const row of rows) if (verifier.push(row)) break;
    if (verifier.broken || rows.length < take) break;
    afterId = rows.at(-1)!.id;
  }
  const broken = verifier.finish(head);
  return { ok: broken === null, checked: verifier.checked, head, broken, durationMs: now().getTime() - started };
}
