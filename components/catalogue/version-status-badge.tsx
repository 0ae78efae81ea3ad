import { Badge } from "@/components/ui/badge";
import type { ModuleVersionSummary } from "@/lib/catalogue/catalogue-views";

type BadgeVersion = Pick<ModuleVersionSummary, "status" | "hasErrors" | "prerelease" | "upgradeDeadline" | "severity">;

/** Badges that mark a version as deprecated, vulnerable, withdrawn, broken or a prerelease. */
export function VersionStatusBadges({ version }: { version: BadgeVersion }) {
  return (
    <>
      {version.status === "deprecated" ? <Badge tone="amber">Deprecated</Badge> : null}
      {version.status === "vulnerable" ? <Badge tone="red">Vulnerable{version.severity ? ` · ${version.severity}` : ""}</Badge> : null}
      {version.status === "withdrawn" ? <Badge tone="red">Withdrawn</Badge> : null}
      {version.hasErrors ? <Badge tone="red">Broken</Badge> : null}
      {version.prerelease ? <Badge>Prerelease</Badge> : null}
      {version.upgradeDeadline && version.status !== "active" ? <Badge tone="red">Upgrade by {version.upgradeDeadline.slice(0, 10)}</Badge> : null}
    </>
  );
}

/** The words used in version pickers, where badges cannot go. */
export function versionLabel(version: Pick<ModuleVersionSummary, "version" | "status" | "hasErrors" | "prerelease">, latest?: string): string {
  const notes = [
    version.version === latest ? "latest" : null,
    version.status !== "active" ? version.status : null,
    version.hasErrors ? "broken" : null,
    version.prerelease ? "prerelease" : null,
  ].filter(Boolean);
  return notes.length > 0 ? `${version.version} (${notes.join(", ")})` : version.version;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A date as the portal writes it: `30 Nov 2026`, in UTC. Written by hand rather than with
 * toLocaleDateString, whose month names differ between ICU builds (Node writes "Sept"), so
 * that the server's HTML and the browser's render always agree.
 */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
