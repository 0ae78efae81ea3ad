/*
 * The rule for scaffolding or promoting a module version flagged vulnerable (issues 8 and 12).
 * Pure and zod-free: the server decides with it, and the scaffold and promotion forms import
 * it in the browser to say the same thing before anything is sent.
 */

export type AdvisorySeverityLevel = "low" | "medium" | "high" | "critical";

/** What the catalogue recorded when it flagged a version vulnerable. */
export interface VersionAdvisory {
  /** Null for flags migrated from before severities were recorded. */
  severity: AdvisorySeverityLevel | null;
  /** The advisory text (the version's status reason). */
  text: string | null;
  /** The CVE or advisory link (https only, checked when flagged). */
  url: string | null;
  /** The first version that fixes it. */
  fixedIn: string | null;
}

export interface VulnerableVersionCheck {
  module: string;
  version: string;
  status: "active" | "deprecated" | "vulnerable" | "withdrawn";
  advisory: VersionAdvisory | null;
  /** The environment the unit is written to. */
  env: string;
  /** The builder ticked "I have read the advisory" (`acknowledgeVulnerability: true`). */
  acknowledged: boolean;
  /** Platform admins alone may put a vulnerable version into prod. */
  isAdmin: boolean;
}

/** What the audit log keeps of an acknowledgement. */
export interface VulnerabilityAcknowledgement {
  module: string;
  version: string;
  env: string;
  severity: AdvisorySeverityLevel | null;
  advisory: string | null;
  advisoryUrl: string | null;
  fixedIn: string | null;
  /** True when an admin let a vulnerable version into prod. */
  adminOverride: boolean;
}

export type VulnerableVersionDecision =
  | { outcome: "not_vulnerable" }
  | { outcome: "acknowledged"; acknowledgement: VulnerabilityAcknowledgement }
  | { outcome: "acknowledgement_required"; message: string; field: "acknowledgeVulnerability" }
  | { outcome: "prod_needs_admin"; message: string; field: "env" };

/** The environment only admins may use for a vulnerable version. */
export const VULNERABLE_ADMIN_ONLY_ENV = "prod";

/** "vpc 1.1.0 is flagged vulnerable (high severity): <text> Fixed in 1.2.0." */
export function describeAdvisory(options: { module: string; version: string; advisory: VersionAdvisory | null }): string {
  const { advisory } = options;
  const severity = advisory?.severity ? ` (${advisory.severity} severity)` : "";
  const text = advisory?.text?.trim() ? ` ${advisory.text.trim().replace(/([^.!?])$/, "$1.")}` : "";
  const link = advisory?.url ? ` Advisory: ${advisory.url}.` : "";
  const fixed = advisory?.fixedIn ? ` Fixed in ${advisory.fixedIn}: use that version instead.` : " No fixed version is known yet.";
  return `${options.module} ${options.version} is flagged vulnerable${severity}:${text || " no advisory text was recorded."}${link}${fixed}`;
}

/** Whether the viewer may pick `env` at all for a vulnerable version (the forms disable the rest). */
export function isEnvAllowedForVulnerable(env: string, isAdmin: boolean): boolean {
  return isAdmin || env !== VULNERABLE_ADMIN_ONLY_ENV;
}

/**
 * Decides whether a scaffold or promotion of this version may go ahead. A version that is not
 * vulnerable always may. A vulnerable one needs the builder's explicit acknowledgement, which
 * the caller audits with the request; and prod refuses it unless the actor is a platform
 * admin, who must acknowledge too. The prod refusal comes first: ticking the box cannot buy it.
 */
export function decideVulnerableVersion(check: VulnerableVersionCheck): VulnerableVersionDecision {
  if (check.status !== "vulnerable") return { outcome: "not_vulnerable" };
  const described = describeAdvisory(check);
  if (!isEnvAllowedForVulnerable(check.env, check.isAdmin)) {
    return {
      outcome: "prod_needs_admin",
      field: "env",
      message: `${described} Only a platform admin may put a vulnerable version into ${VULNERABLE_ADMIN_ONLY_ENV}: pick ${check.advisory?.fixedIn ?? "a fixed version"}, or ask an admin.`,
    };
  }
  if (!check.acknowledged) {
    return {
      outcome: "acknowledgement_required",
      field: "acknowledgeVulnerability",
      message: `${described} To use it anyway, confirm that you have read the advisory (acknowledgeVulnerability: true); the confirmation is audited.`,
    };
  }
  return {
    outcome: "acknowledged",
    acknowledgement: {
      module: check.module,
      version: check.version,
      env: check.env,
      severity: check.advisory?.severity ?? null,
      advisory: check.advisory?.text ?? null,
      advisoryUrl: check.advisory?.url ?? null,
      fixedIn: check.advisory?.fixedIn ?? null,
      adminOverride: check.env === VULNERABLE_ADMIN_ONLY_ENV,
    },
  };
}
