import { Badge } from "@/components/ui/badge";
import type { ModuleVersionSummary } from "@/lib/catalogue/catalogue-views";

/** Badges that mark a version as deprecated, withdrawn, broken or a prerelease. */
export function VersionStatusBadges({ version }: { version: Pick<ModuleVersionSummary, "status" | "hasErrors" | "prerelease" | "upgradeDeadline"> }) {
  return (
    <>
      {version.status === "deprecated" ? <Badge tone="amber">Deprecated</Badge> : null}
      {version.status === "withdrawn" ? <Badge tone="red">Withdrawn</Badge> : null}
      {version.hasErrors ? <Badge tone="red">Broken</Badge> : null}
      {version.prerelease ? <Badge>Prerelease</Badge> : null}
      {version.upgradeDeadline ? <Badge tone="red">Upgrade by {version.upgradeDeadline.slice(0, 10)}</Badge> : null}
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
