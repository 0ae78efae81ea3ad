"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Select } from "@/components/ui/select";
import type { ModuleVersionSummary } from "@/lib/catalogue/catalogue-views";
import { versionLabel } from "./version-status-badge";

/** Two version pickers for "what changed"; the choice lives in the URL (`from`, `to`). */
export function ComparePicker({
  versions,
  version,
  from,
  to,
  action,
}: {
  versions: ModuleVersionSummary[];
  /** The version the page shows, kept in the URL. */
  version: string;
  from: string;
  to: string;
  action: string;
}) {
  const router = useRouter();
  // Local state so the pickers show the choice at once, before the server sends the new diff.
  const [picked, setPicked] = useState({ from, to });
  const go = (nextFrom: string, nextTo: string) => {
    setPicked({ from: nextFrom, to: nextTo });
    const params = new URLSearchParams({ version, from: nextFrom, to: nextTo });
    router.replace(`${action}?${params}#changes`, { scroll: false });
  };
  return (
    <form method="get" action={`${action}#changes`} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="version" value={version} />
      <VersionSelect label="From" name="from" value={picked.from} versions={versions} onPick={(v) => go(v, picked.to)} />
      <span aria-hidden="true" className="pb-2">
        →
      </span>
      <VersionSelect label="To" name="to" value={picked.to} versions={versions} onPick={(v) => go(picked.from, v)} />
      <noscript>
        <button type="submit" className="rounded-md border border-line-strong px-2 py-1.5 text-sm">
          Compare
        </button>
      </noscript>
    </form>
  );
}

function VersionSelect({
  label,
  name,
  value,
  versions,
  onPick,
}: {
  label: string;
  name: "from" | "to";
  value: string;
  versions: ModuleVersionSummary[];
  onPick: (version: string) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id} className="text-sm">
      <span className="block text-fg-muted">{label}</span>
      <Select
        id={id}
        name={name}
        value={value}
        compact
        width="auto"
        className="mt-1 font-mono"
        data-testid={`compare-${name}`}
        onChange={(e) => onPick(e.target.value)}
      >
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {versionLabel(v)}
          </option>
        ))}
      </Select>
    </label>
  );
}
