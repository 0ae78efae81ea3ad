import { z } from "zod";

/*
 * The audit log's filters, as the admin page keeps them in the URL (?actor=&action=&subjectType=
 * &subjectId=&from=&to=) and as the CSV export applies them. Empty parameters mean "any".
 */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

const optionalTime = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a date or time (use ISO 8601, e.g. 2026-11-30 or 2026-11-30T14:00Z)` });
      return z.NEVER;
    }
    return time;
  });

export const auditFilterSchema = z
  .object({
    /** Part of the actor's name (case-insensitive), or a user id. */
    actor: optionalText(200),
    /** An action or an action prefix: "governance.tag_change" matches every tag change action. */
    action: optionalText(200),
    subjectType: optionalText(100),
    subjectId: optionalText(200),
    /** From this time, inclusive. */
    from: optionalTime,
    /** Up to this time, exclusive. */
    to: optionalTime,
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { path: ["to"], message: "The end of the range must come after its start" });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The filter as URL search parameters (the page's links and the export link share them). */
export function toAuditSearchParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.action) params.set("action", filter.action);
  if (filter.subjectType) params.set("subjectType", filter.subjectType);
  if (filter.subjectId) params.set("subjectId", filter.subjectId);
  if (filter.from) params.set("from", filter.from.toISOString());
  if (filter.to) params.set("to", filter.to.toISOString());
  return params;
}
