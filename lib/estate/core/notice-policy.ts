import { z } from "zod";

const days = (label: string) =>
  z
    .number({ error: `${label} must be a number of days` })
    .int(`${label} must be whole days`)
    .min(0, `${label} cannot be negative`)
    .max(3650, `${label} cannot be more than ten years`);

/**
 * How long consumers have to act, in days from the event that triggered a notice: a newer version
 * by its change level, or a flag on the version they run. `dueSoonDays` is when a notice starts
 * to escalate to the team.
 */
export const noticePolicySchema = z.object({
  major: days("Major upgrades"),
  minor: days("Minor upgrades"),
  patch: days("Patch upgrades"),
  vulnerable: days("Vulnerable versions"),
  deprecated: days("Deprecated versions"),
  dueSoonDays: days("Due soon").max(365, "Due soon cannot be more than a year"),
});
export type NoticePolicy = z.infer<typeof noticePolicySchema>;

export const DEFAULT_NOTICE_POLICY: Readonly<NoticePolicy> = Object.freeze({
  major: 90,
  minor: 60,
  patch: 30,
  vulnerable: 7,
  deprecated: 30,
  dueSoonDays: 7,
});

/** Reads a stored or submitted policy: missing keys take the defaults, wrong ones fail with a named field. */
export function parseNoticePolicy(input: unknown): NoticePolicy {
  const partial = noticePolicySchema.partial().parse(input ?? {});
  return noticePolicySchema.parse({ ...DEFAULT_NOTICE_POLICY, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) });
}

export const DAY_MS = 86_400_000;

/** `from` plus whole days, in UTC milliseconds (no daylight-saving drift). */
export function addDays(from: Date, count: number): Date {
  return new Date(from.getTime() + count * DAY_MS);
}
