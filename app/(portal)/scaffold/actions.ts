"use server";

import { z } from "zod";
import { defineAction } from "@/lib/platform/http/define-action";
import { createScaffold, createScaffoldInputSchema, getScaffold, getScaffoldDeps, previewScaffold, retryScaffold, scaffoldInputSchema } from "@/lib/scaffold";

// Server actions of the scaffold pages. The use cases check who may scaffold where.

const idInput = z.object({ id: z.string().min(1) });

const preview = defineAction({ input: scaffoldInputSchema }, ({ input, viewer }) => previewScaffold(getScaffoldDeps(), viewer, input));
const create = defineAction({ input: createScaffoldInputSchema }, ({ input, viewer }) => createScaffold(getScaffoldDeps(), viewer, input));
const read = defineAction({ input: idInput }, ({ input, viewer }) => getScaffold(getScaffoldDeps(), viewer, input));
const retry = defineAction({ input: idInput }, ({ input, viewer }) => retryScaffold(getScaffoldDeps(), viewer, input));

/** The files a scaffold would write and their diff against the repo; writes nothing. */
export async function previewScaffoldAction(raw: Parameters<typeof preview>[0]) {
  return preview(raw);
}

/** Stores the request and opens the pull request (idempotent on `idempotencyKey`). */
export async function createScaffoldAction(raw: Parameters<typeof create>[0]) {
  return create(raw);
}

/** The current state of a scaffold request, for the status page's polling. */
export async function getScaffoldAction(raw: Parameters<typeof read>[0]) {
  return read(raw);
}

/** Resumes a failed delivery from its last checkpoint. */
export async function retryScaffoldAction(raw: Parameters<typeof retry>[0]) {
  return retry(raw);
}
