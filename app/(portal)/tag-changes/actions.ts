"use server";

import { revalidatePath } from "next/cache";
import {
  cancelTagChangeAs,
  cancelTagChangeInputSchema,
  decideTagChangeAs,
  decideTagChangeInputSchema,
  getGovernanceDeps,
  getTagChangeRequest,
  requestTagChangeAs,
  requestTagChangeInputSchema,
  retryTagChangeAs,
  retryTagChangeInputSchema,
  tagChangeIdSchema,
} from "@/lib/governance";
import { defineAction } from "@/lib/platform/http/define-action";

// Server actions of tag change requests. The use cases check who may request (a lead of the
// account's workload, admins for several accounts), decide (admins, never their own), retry and cancel.

const refresh = () => {
  revalidatePath("/approvals");
  revalidatePath("/accounts", "layout");
  revalidatePath("/tag-changes", "layout");
};

const request = defineAction({ input: requestTagChangeInputSchema, require: { role: "lead" } }, async ({ input, viewer }) => {
  const outcome = await requestTagChangeAs(getGovernanceDeps(), viewer, input);
  if (outcome.status !== "conflict") refresh();
  return outcome.status === "conflict" ? outcome : { status: outcome.status, id: outcome.request.id, items: outcome.request.items.length, unchanged: outcome.unchanged.length, inactive: outcome.inactive.length };
});
const read = defineAction({ input: tagChangeIdSchema }, ({ input, viewer }) => getTagChangeRequest(getGovernanceDeps(), viewer, input));
const decide = defineAction({ input: decideTagChangeInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const view = await decideTagChangeAs(getGovernanceDeps(), viewer, input);
  refresh();
  return { id: view.id, state: view.state };
});
const retry = defineAction({ input: retryTagChangeInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const view = await retryTagChangeAs(getGovernanceDeps(), viewer, input);
  refresh();
  return { id: view.id, state: view.state };
});
const cancel = defineAction({ input: cancelTagChangeInputSchema }, async ({ input, viewer }) => {
  const view = await cancelTagChangeAs(getGovernanceDeps(), viewer, input);
  refresh();
  return { id: view.id, state: view.state };
});

/** A lead asks to change one account's mandatory tags; an admin may name many accounts, workloads or teams (bulk). A key with an open change answers `conflict` with that request's id. */
export async function requestTagChangeAction(raw: Parameters<typeof request>[0]) {
  return request(raw);
}

/** A request with each account's status, for the request page's polling. */
export async function getTagChangeAction(raw: Parameters<typeof read>[0]) {
  return read(raw);
}

/** An admin approves (applied at once) or rejects a tag change, with a reason; never their own. */
export async function decideTagChangeAction(raw: Parameters<typeof decide>[0]) {
  return decide(raw);
}

/** An admin applies a failed or partially failed change's failed accounts again. */
export async function retryTagChangeAction(raw: Parameters<typeof retry>[0]) {
  return retry(raw);
}

/** The requester withdraws a waiting request; an admin also an approved or failed one. */
export async function cancelTagChangeAction(raw: Parameters<typeof cancel>[0]) {
  return cancel(raw);
}
