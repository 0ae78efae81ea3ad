/*
 * Version statuses and advisory severities as plain values the browser may import (the status
 * form, the catalogue's status filter), beside the zod schemas that check them on the server.
 */
export const ADVISORY_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type AdvisorySeverity = (typeof ADVISORY_SEVERITIES)[number];

/** Days a vulnerable version's consumers get to upgrade when the admin gives no deadline. */
export const DEFAULT_VULNERABLE_DEADLINE_DAYS = 7;

/** The catalogue's status filter: which modules each value keeps, in the words the UI shows. */
export const MODULE_STATUS_FILTERS = [
  { value: "active", label: "Active", hint: "no version deprecated or vulnerable" },
  { value: "deprecated", label: "Deprecated", hint: "at least one version deprecated" },
  { value: "vulnerable", label: "Vulnerable", hint: "at least one version flagged vulnerable" },
] as const;
export type ModuleStatusFilter = (typeof MODULE_STATUS_FILTERS)[number]["value"];
