"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Select } from "@/components/ui/select";
import type { ModuleVersionSummary } from "@/lib/catalogue/catalogue-views";
import { versionLabel } from "./version-status-badge";

/**
 * Picks the version whose docs the page shows. A plain GET form underneath, so it also
 * works before hydration; with JS it navigates as soon as the choice changes.
 */
export function VersionSwitcher({
  versions,
  selected,
  defaultVersion,
  action,
}: {
  versions: ModuleVersionSummary[];
  selected: string;
  defaultVersion: string;
  /** The module page path, without query. */
  action: string;
}) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(selected);
  return (
    <form method="get" action={action} className="flex items-end gap-2">
      <label htmlFor={id} className="text-sm">
        <span className="block text-fg-muted">Version</span>
        <Select
          id={id}
          name="version"
          value={value}
          data-testid="version-switcher"
          onChange={(e) => {
            setValue(e.target.value);
            router.push(`${action}?version=${encodeURIComponent(e.target.value)}`);
          }}
          compact
          width="auto"
          className="mt-1 font-mono"
        >
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              {versionLabel(v, defaultVersion)}
            </option>
          ))}
        </Select>
      </label>
      <noscript>
        <button type="submit" className="rounded-md border border-line-strong px-2 py-1.5 text-sm">
          Show
        </button>
      </noscript>
    </form>
  );
}
