import { AppError } from "@/lib/errors/app-error";
import { checkAccountName } from "./account-naming";

/*
 * The Service Catalog provisioned-product name of one ProvisionProduct attempt. Account Factory
 * refuses a second provisioned product with a name already used, even by a FAILED one ("A stack
 * named X already exists"), so a retry after a failed record needs a name of its own. The first
 * attempt keeps the account's name, as an admin would type it in the console.
 */

const MAX_ATTEMPT = 9999;

/** `<account-name>` for the first attempt, `<account-name>-attempt-<n>` after that. */
export function deriveProvisionedProductName(accountName: string, attempt: number): string {
  const problem = checkAccountName(accountName);
  if (problem) throw new AppError("INVALID_INPUT", `Account name "${accountName}": ${problem}`);
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_ATTEMPT) throw new AppError("INVALID_INPUT", `Attempt ${attempt} is not a number from 1 to ${MAX_ATTEMPT}`);
  return attempt === 1 ? accountName : `${accountName}-attempt-${attempt}`;
}
