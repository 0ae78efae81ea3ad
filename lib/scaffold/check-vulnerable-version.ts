import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { decideVulnerableVersion, type VulnerabilityAcknowledgement } from "./core/decide-vulnerable-version";
import type { ScaffoldModuleVersion } from "./ports";

/**
 * Applies `decideVulnerableVersion` for a scaffold or promotion: the acknowledgement to store
 * and audit with the request (null when the version is not vulnerable), or an AppError whose
 * message names the version and its advisory: FORBIDDEN for prod without an admin,
 * INVALID_INPUT without `acknowledgeVulnerability: true`.
 */
export function checkVulnerableVersion(
  version: ScaffoldModuleVersion,
  options: { env: string; acknowledged: boolean | undefined; viewer: Viewer },
): VulnerabilityAcknowledgement | null {
  const decision = decideVulnerableVersion({
    module: version.module.name,
    version: version.version,
    status: version.status,
    advisory: version.advisory,
    env: options.env,
    acknowledged: options.acknowledged === true,
    isAdmin: options.viewer.role === "admin",
  });
  switch (decision.outcome) {
    case "not_vulnerable":
      return null;
    case "acknowledged":
      return decision.acknowledgement;
    case "prod_needs_admin":
      throw new AppError("FORBIDDEN", decision.message, { fieldErrors: [{ path: decision.field, message: decision.message }] });
    case "acknowledgement_required":
      throw new AppError("INVALID_INPUT", decision.message, { fieldErrors: [{ path: decision.field, message: decision.message }] });
  }
}
