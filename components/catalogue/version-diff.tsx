import { Badge } from "@/components/ui/badge";
import type { VersionComparison } from "@/lib/catalogue/catalogue-views";
import type { FieldChange } from "@/lib/modules/diff-module-docs";
import { formatTypeForDisplay } from "./format-type";
import { MarkdownView } from "./markdown-view";

/** "What changed" between two versions: interface changes, breaking callouts and the changelog. */
export function VersionDiff({ comparison, changelogHtml }: { comparison: VersionComparison; changelogHtml: Array<{ version: string; html: string }> }) {
  const { diff, from, to } = comparison;
  const interfaceChanged =
    diff.inputs.added.length + diff.inputs.removed.length + diff.inputs.changed.length +
      diff.outputs.added.length + diff.outputs.removed.length + diff.outputs.changed.length +
      diff.providers.added.length + diff.providers.removed.length + diff.providers.changed.length >
      0 || diff.requiredVersion !== null;
  return (
    <div className="space-y-5" data-testid="version-diff">
      <p className="text-sm text-fg-muted">
        Comparing <strong className="font-mono">{from.version}</strong> with <strong className="font-mono">{to.version}</strong>
        {comparison.direction === "downgrade" ? " (a downgrade: read the changes in reverse)" : ""}.
      </p>
      {diff.breaking ? (
        <div role="note" aria-label="Breaking changes" className="rounded-md border border-danger-line bg-danger-soft p-3 text-sm text-danger">
          <p className="font-semibold">Breaking changes: callers may have to change their code</p>
          <ul className="mt-1 list-inside list-disc">
            {diff.breakingReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {!interfaceChanged ? <p className="text-sm">No inputs, outputs or requirements changed.</p> : null}

      <ChangeGroup
        title="Inputs"
        testId="diff-inputs"
        added={diff.inputs.added.map((i) => ({
          name: i.name,
          detail: (
            <>
              <code className="font-mono text-xs">{formatTypeForDisplay(i.type, 80)}</code> {i.required ? <Badge tone="brand">Required</Badge> : null}
            </>
          ),
        }))}
        removed={diff.inputs.removed.map((i) => ({ name: i.name }))}
        changed={diff.inputs.changed.map((c) => ({
          name: c.name,
          fields: [
            field("type", c.type),
            field("default", c.default, (v) => v ?? "(none: required)"),
            field("required", c.required),
            field("sensitive", c.sensitive),
            field("nullable", c.nullable),
            field("description", c.description, (v) => v ?? "(none)"),
            field("validation", c.validations, (v) => (v.length === 0 ? "(none)" : v.map((rule) => rule.condition).join("; "))),
          ].filter((f) => f !== null),
        }))}
      />
      <ChangeGroup
        title="Outputs"
        testId="diff-outputs"
        added={diff.outputs.added.map((o) => ({ name: o.name, detail: o.sensitive ? <Badge tone="amber">Sensitive</Badge> : null }))}
        removed={diff.outputs.removed.map((o) => ({ name: o.name }))}
        changed={diff.outputs.changed.map((c) => ({
          name: c.name,
          fields: [field("description", c.description, (v) => v ?? "(none)"), field("sensitive", c.sensitive)].filter((f) => f !== null),
        }))}
      />
      {diff.providers.added.length + diff.providers.removed.length + diff.providers.changed.length > 0 || diff.requiredVersion ? (
        <ChangeGroup
          title="Requirements"
          testId="diff-requirements"
          added={diff.providers.added.map((p) => ({ name: p.name, detail: <code className="font-mono text-xs">{p.versionConstraint ?? "any"}</code> }))}
          removed={diff.providers.removed.map((p) => ({ name: p.name }))}
          changed={[
            ...(diff.requiredVersion ? [{ name: "terraform", fields: [field("required_version", diff.requiredVersion, (v) => v ?? "any")] }] : []),
            ...diff.providers.changed.map((c) => ({
              name: c.name,
              fields: [field("source", c.source, (v) => v ?? "(default)"), field("version", c.versionConstraint, (v) => v ?? "any")].filter((f) => f !== null),
            })),
          ].map((c) => ({ ...c, fields: c.fields.filter((f) => f !== null) }))}
        />
      ) : null}

      <div>
        <h3 className="text-sm font-semibold">Changelog</h3>
        {changelogHtml.length === 0 ? (
          <p className="mt-1 text-sm text-fg-muted">No changelog entries between these versions.</p>
        ) : (
          <div className="mt-2 space-y-4" data-testid="diff-changelog">
            {changelogHtml.map((entry) => (
              <MarkdownView key={entry.version} html={entry.html} label={`Changelog ${entry.version}`} className="rounded-md border border-line p-3" />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

interface FieldRow {
  label: string;
  before: string;
  after: string;
}

function field<T>(label: string, change: FieldChange<T> | undefined | null, show: (value: T) => string = (v) => String(v)): FieldRow | null {
  if (!change) return null;
  return { label, before: show(change.before), after: show(change.after) };
}

function ChangeGroup({
  title,
  testId,
  added,
  removed,
  changed,
}: {
  title: string;
  testId: string;
  added: Array<{ name: string; detail?: React.ReactNode }>;
  removed: Array<{ name: string }>;
  changed: Array<{ name: string; fields: Array<FieldRow | null> }>;
}) {
  if (added.length + removed.length + changed.length === 0) return null;
  return (
    <div data-testid={testId}>
      <h3 className="text-sm font-semibold">{title}</h3>
      <ul className="mt-2 space-y-1.5 text-sm">
        {added.map((item) => (
          <li key={`+${item.name}`} data-change="added" className="flex flex-wrap items-center gap-2">
            <Badge tone="green">Added</Badge>
            <code className="font-mono font-semibold">{item.name}</code>
            {item.detail}
          </li>
        ))}
        {removed.map((item) => (
          <li key={`-${item.name}`} data-change="removed" className="flex flex-wrap items-center gap-2">
            <Badge tone="red">Removed</Badge>
            <code className="font-mono font-semibold line-through decoration-danger/60">{item.name}</code>
          </li>
        ))}
        {changed.map((item) => (
          <li key={`~${item.name}`} data-change="changed">
            <div className="flex items-center gap-2">
              <Badge tone="amber">Changed</Badge>
              <code className="font-mono font-semibold">{item.name}</code>
            </div>
            <dl className="mt-1 ml-4 space-y-0.5 text-xs">
              {item.fields.map((f) =>
                f ? (
                  <div key={f.label} className="flex flex-wrap gap-x-2">
                    <dt className="text-fg-muted">{f.label}:</dt>
                    <dd className="font-mono break-all">
                      <span className="text-danger">{f.before}</span> → <span className="text-success">{f.after}</span>
                    </dd>
                  </div>
                ) : null,
              )}
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
