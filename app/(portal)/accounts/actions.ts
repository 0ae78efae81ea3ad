"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/platform/http/define-action";
import {
  accountSetIdSchema,
  decideAccountSet,
  decideAccountSetInputSchema,
  getAccountSet,
  getVendingDeps,
  importAccounts,
  requestAccountSet,
  requestAccountSetInputSchema,
  retryAccountSet,
  retryAccountSetInputSchema,
} from "@/lib/vending/server";
import { z } from "zod";

// Server actions of the account pages. The use cases check who may request, decide and retry.

const request = defineAction({ input: requestAccountSetInputSchema, require: { role: "lead" } }, async ({ input, viewer }) => {
  const { record } = await requestAccountSet(getVendingDeps(), viewer, input);
  revalidatePath("/accounts");
  revalidatePath("/approvals");
  return { id: record.id };
});
const read = defineAction({ input: accountSetIdSchema }, ({ input, viewer }) => getAccountSet(getVendingDeps(), viewer, input));
const decide = defineAction({ input: decideAccountSetInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const set = await decideAccountSet(getVendingDeps(), viewer, input);
  revalidatePath("/approvals");
  return { id: set.id, state: set.state };
});
const retry = defineAction({ input: retryAccountSetInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const set = await retryAccountSet(getVendingDeps(), viewer, input);
  return { id: set.id, state: set.state };
});
const importNow = defineAction({ input: z.object({}).default({}), require: { role: "admin" } }, async ({ viewer }) => {
  const summary = await importAccounts(getVendingDeps(), { actor: { id: viewer.id, label: viewer.username } });
  revalidatePath("/accounts");
  return summary;
});

/** Stores a lead's request for an account set (idempotent on `idempotencyKey`). */
export async function requestAccountSetAction(raw: Parameters<typeof request>[0]) {
  return request(raw);
}

/** A request's live status, for the status page's polling. */
export async function getAccountSetAction(raw: Parameters<typeof read>[0]) {
  return read(raw);
}

/** An admin approves or rejects a request (never their own). */
export async function decideAccountSetAction(raw: Parameters<typeof decide>[0]) {
  return decide(raw);
}

/** An admin retries the failed accounts (or the wiring) of a request. */
export async function retryAccountSetAction(raw: Parameters<typeof retry>[0]) {
  return retry(raw);
}

/** An admin imports every account from AWS Organizations now. */
export async function importAccountsAction() {
  return importNow({});
}
