import { AppError } from "@/lib/errors/app-error";
import type { AdvisorySeverity } from "./catalogue-views";
import { compareSemver } from "@/lib/modules/semver";
import type { CatalogueDeps, RegistryAddress, RegistryModule, RegistryVersion } from "./ports";

/**
 * One entry of the registry's version list. Terraform reads `version` only and ignores the
 * other fields (Go's JSON decoding drops unknown keys), so the marks below are for people and
 * tools that read the list: `status`, and for deprecated and vulnerable versions a
 * `deprecation` object shaped like HCP Terraform's (reason and link), plus `vulnerability`.
 */
export interface RegistryVersionEntry {
  version: string;
  status: "active" | "deprecated" | "vulnerable";
  deprecation?: { reason: string; link: string | null };
  vulnerability?: {
    severity: AdvisorySeverity | null;
    advisory: string;
    link: string | null;
    fixed_in: string | null;
    /** YYYY-MM-DD */
    upgrade_deadline: string | null;
  };
}

/** The module at a registry address; NOT_FOUND when the catalogue has none. */
export async function findRegistryModule(deps: Pick<CatalogueDeps, "reader">, address: RegistryAddress): Promise<RegistryModule> {
  const found = await deps.reader.findRegistryModule(address);
  if (!found) throw new AppError("NOT_FOUND", `No module ${address.namespace}/${address.name}/${address.provider} in the catalogue.`);
  return found;
}

/**
 * Whether Terraform may be offered a version: not withdrawn (its tag is gone) and not broken
 * (its HCL did not parse, so `terraform init` would fail on it). Deprecated and vulnerable
 * versions stay: existing users pin them, and Terraform must still resolve those constraints.
 */
export function isServedByRegistry(version: Pick<RegistryVersion, "status" | "hasErrors">): boolean {
  return version.status !== "withdrawn" && !version.hasErrors;
}

/**
 * The registry protocol's version list (`GET /v1/modules/:ns/:name/:provider/versions`),
 * newest first: every version {@link isServedByRegistry} allows, deprecated and vulnerable ones
 * marked (see {@link RegistryVersionEntry}).
 */
export async function listRegistryVersions(
  deps: Pick<CatalogueDeps, "reader">,
  address: RegistryAddress,
): Promise<{ modules: Array<{ versions: RegistryVersionEntry[] }> }> {
  const catalogueModule = await findRegistryModule(deps, address);
  const versions = catalogueModule.versions
    .filter(isServedByRegistry)
    .sort((a, b) => compareSemver(b.version, a.version))
    .map(toEntry);
  return { modules: [{ versions }] };
}

function toEntry(v: RegistryVersion): RegistryVersionEntry {
  if (v.status === "deprecated") {
    return { version: v.version, status: "deprecated", deprecation: { reason: v.statusReason ?? "Deprecated.", link: null } };
  }
  if (v.status === "vulnerable") {
    const deadline = v.upgradeDeadline ? v.upgradeDeadline.toISOString().slice(0, 10) : null;
    const advisory = v.statusReason ?? "";
    const summary = [
      `Vulnerable${v.severity ? ` (${v.severity} severity)` : ""}: ${advisory}`.trim(),
      v.fixedIn ? `Fixed in ${v.fixedIn}.` : null,
      deadline ? `Upgrade by ${deadline}.` : null,
    ]
      .filter(Boolean)
      .join(" ");
    return {
      version: v.version,
      status: "vulnerable",
      deprecation: { reason: summary, link: v.advisoryUrl },
      vulnerability: { severity: v.severity, advisory, link: v.advisoryUrl, fixed_in: v.fixedIn, upgrade_deadline: deadline },
    };
  }
  return { version: v.version, status: "active" };
}
