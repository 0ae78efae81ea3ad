import { Badge } from "@/components/ui/badge";
import { diffAuditChange, formatJsonValue, type AuditChangeKind } from "@/lib/platform/audit/diff-audit-change";

const tone: Record<AuditChangeKind, "green" | "red" | "amber" | "neutral"> = { added: "green", removed: "red", changed: "amber", unchanged: "neutral" };

function Value({ value }: { value: unknown }) {
  if (value === undefined) return <span className="text-fg-subtle">—</span>;
  return <code className="font-mono text-xs break-all whitespace-pre-wrap">{formatJsonValue(value)}</code>;
}

/** One line saying what changed: "2 changed, 1 added". */
export function summariseAuditChange(before: unknown, after: unknown): string {
  const changes = diffAuditChange(before, after);
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const c of changes) if (c.kind !== "unchanged") counts[c.kind] += 1;
  const parts = (["changed", "added", "removed"] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length > 0 ? parts.join(", ") : changes.length > 0 ? "no change" : "no data";
}

/**
 * The key-level diff of an audit row's before and after JSON: every key, marked added,
 * removed, changed or unchanged, with both values. Unchanged keys are listed last and dimmed.
 */
export function AuditDiff({ before, after, caption = "What changed" }: { before: unknown; after: unknown; caption?: string }) {
  const changes = diffAuditChange(before, after);
  if (changes.length === 0) return <p className="text-sm text-fg-subtle">This event records no before or after values.</p>;
  const ordered = [...changes.filter((c) => c.kind !== "unchanged"), ...changes.filter((c) => c.kind === "unchanged")];
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid="audit-diff">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-line text-xs text-fg-subtle uppercase">
        <tr>
          <th scope="col" className="w-1/4 px-3 py-2">Key</th>
          <th scope="col" className="w-24 px-3 py-2">Change</th>
          <th scope="col" className="px-3 py-2">Before</th>
          <th scope="col" className="px-3 py-2">After</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-line">
        {ordered.map((change) => (
          <tr key={change.path} className={change.kind === "unchanged" ? "text-fg-subtle" : undefined} data-change={change.kind}>
            <th scope="row" className="px-3 py-2 font-mono text-xs font-normal break-all">{change.path}</th>
            <td className="px-3 py-2">
              <Badge tone={tone[change.kind]}>{change.kind}</Badge>
            </td>
            <td className="px-3 py-2 align-top">
              <Value value={change.before} />
            </td>
            <td className="px-3 py-2 align-top">
              <Value value={change.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
