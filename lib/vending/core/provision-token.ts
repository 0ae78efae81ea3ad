import { AppError } from "@/lib/errors/app-error";

/*
 * Service Catalog treats ProvisionProduct calls with the same ProvisionToken as one request and
 * returns the first call's record. Deriving the token from the stored account request (and its
 * attempt) means a worker that crashed after calling AWS, or whose answer was lost, replays the
 * same call instead of vending a second account.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What AWS accepts as a ProvisionToken (also enforced by a CHECK in the migration). */
export const PROVISION_TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The token of one ProvisionProduct attempt. A new attempt is only started after the previous
 * record reached FAILED (no account was made), so a new token cannot create a second account.
 */
export function deriveProvisionToken(accountRequestId: string, attempt: number): string {
  const id = accountRequestId.toLowerCase();
  if (!UUID.test(id)) throw new AppError("INVALID_INPUT", `Account request id "${accountRequestId}" is not a UUID`);
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 9999) throw new AppError("INVALID_INPUT", `Attempt ${attempt} is not a number from 1 to 9999`);
  const token = `bulkhead-${id}-${attempt}`;
  // Cannot fail for a UUID and a small attempt number; kept so that a format change cannot slip through.
  if (!PROVISION_TOKEN.test(token)) throw new AppError("INVALID_INPUT", `Derived provision token "${token}" is not valid for AWS`);
  return token;
}
