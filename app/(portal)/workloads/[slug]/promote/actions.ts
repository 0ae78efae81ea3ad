"use server";

import { z } from "zod";
import { defineAction } from "@/lib/platform/http/define-action";
import { getScaffoldDeps, getScaffoldFormContext, promoteUnit, promoteUnitInputSchema } from "@/lib/scaffold";
import { previewPromotion } from "@/lib/scaffold";

// Server actions of the promotion form. The use cases check who may promote what.

const promote = defineAction({ input: promoteUnitInputSchema }, ({ input, viewer }) => promoteUnit(getScaffoldDeps(), viewer, input));
const loadForm = defineAction({ input: z.object({ moduleVersionId: z.guid() }) }, async ({ input, viewer }) => {
  const context = await getScaffoldFormContext(getScaffoldDeps(), viewer, { moduleVersionId: input.moduleVersionId });
  return { form: context.form, advisory: context.version.advisory };
});

/** Opens the PR that copies a unit to the next env (idempotent on `idempotencyKey`). */
export async function promoteUnitAction(raw: Parameters<typeof promote>[0]) {
  return promote(raw);
}

/** The generated form of another version of the unit's module. */
export async function loadVersionFormAction(moduleVersionId: string) {
  return loadForm({ moduleVersionId });
}

const preview = defineAction({ input: promoteUnitInputSchema }, ({ input, viewer }) => previewPromotion(getScaffoldDeps(), viewer, input));

/** The file the promotion would write and its diff against the source env's file; nothing is written. */
export async function previewPromotionAction(raw: Parameters<typeof preview>[0]) {
  return preview(raw);
}
