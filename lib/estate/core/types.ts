import { z } from "zod";

/**
 * A module version's status. `vulnerable` is first-class: it carries an advisory (see
 * `VersionAdvisory`), and like `deprecated` it puts every unit on it under a notice.
 * `withdrawn` means the tag is gone: units on it can no longer run `terraform init`.
 */
export const versionStatusSchema = z.enum(["active", "deprecated", "vulnerable", "withdrawn"]);
export type VersionStatus = z.infer<typeof versionStatusSchema>;

export const severitySchema = z.enum(["low", "medium", "high", "critical"]);
export type Severity = z.infer<typeof severitySchema>;

/** What an admin records when flagging a version vulnerable. */
export const versionAdvisorySchema = z.object({
  severity: severitySchema,
  /** Plain text; shown escaped, never rendered as markdown. */
  summary: z.string().trim().min(1).max(2000),
  /** CVE id or advisory link, e.g. `CVE-2026-1234` or `https://github.com/advisories/GHSA-...`. */
  reference: z
    .string()
    .trim()
    .max(500)
    .refine((v) => /^CVE-\d{4}-\d{4,}$/.test(v) || /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(v) || /^https:\/\/[^\s<>"]+$/.test(v), "Use a CVE id, a GHSA id or an https link")
    .nullable(),
  /** The first version that fixes it, e.g. `1.4.2`; null when no fix is out yet. */
  fixedIn: z.string().trim().max(100).nullable(),
});
export type VersionAdvisory = z.infer<typeof versionAdvisorySchema>;
