import { z } from "zod";

/*
 * Shapes shared by the governance use cases' input schemas (zod at every edge).
 */

/** Client-chosen, so a double submit or a retried POST finds the first request. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "The idempotency key is at least 8 characters")
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, "The idempotency key may use letters, digits and . _ : - only");

export const reasonSchema = z.string().trim().min(1, "Give a reason").max(1_000, "A reason is at most 1000 characters");

const slugSchema = z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, "Not a slug");

export const accountSelectorSchema = z
  .object({
    accountIds: z.array(z.uuid()).max(1_000).optional(),
    awsAccountIds: z.array(z.string().regex(/^\d{12}$/, "An AWS account id is 12 digits")).max(1_000).optional(),
    workloadSlugs: z.array(slugSchema).max(100).optional(),
    teamSlugs: z.array(slugSchema).max(100).optional(),
  })
  .refine((s) => Boolean(s.accountIds?.length || s.awsAccountIds?.length || s.workloadSlugs?.length || s.teamSlugs?.length), {
    message: "Name at least one account, workload or team",
  });

/** New values per key; null removes an optional key. */
export const tagChangesSchema = z.record(z.string().max(128), z.string().max(256).nullable());
