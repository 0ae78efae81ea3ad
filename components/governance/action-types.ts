import type { ActionResult } from "@/lib/platform/http/define-action";

/*
 * The server actions governance's client components call, as props (components never import app/).
 */

export type RequestTagChangeResult =
  | { status: "created" | "existing"; id: string; items: number; unchanged: number; inactive: number }
  | { status: "conflict"; message: string; requestId: string };

export interface AccountSelectorInput {
  accountIds?: string[];
  awsAccountIds?: string[];
  workloadSlugs?: string[];
  teamSlugs?: string[];
}

export type RequestTagChangeFn = (input: {
  idempotencyKey: string;
  accounts: AccountSelectorInput;
  changes: Record<string, string | null>;
  reason: string;
}) => Promise<ActionResult<RequestTagChangeResult>>;

export type DecideTagChangeFn = (input: { id: string; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<{ id: string; state: string }>>;
export type IdActionFn = (input: { id: string }) => Promise<ActionResult<{ id: string; state: string }>>;
export type CancelTagChangeFn = (input: { id: string; reason: string }) => Promise<ActionResult<{ id: string; state: string }>>;

/** Field errors of a failed action by path, and the message when none is a field's. */
export function splitErrors(error: { message: string; fieldErrors?: Array<{ path: string; message: string }> }): { fields: Record<string, string>; message: string | null } {
  const fields: Record<string, string> = {};
  for (const f of error.fieldErrors ?? []) fields[f.path] ??= f.message;
  return { fields, message: Object.keys(fields).length > 0 ? null : error.message };
}

/** A fresh idempotency key for one form. */
export function newIdempotencyKey(prefix: string): string {
  return `${prefix}-${globalThis.crypto.randomUUID()}`;
}
