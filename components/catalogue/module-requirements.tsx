import type { ModuleDocs } from "@/lib/modules/module-docs";

/** Required Terraform version and providers, the resources the module manages, and the modules it calls. */
export function ModuleRequirements({ docs }: { docs: ModuleDocs }) {
  const resources = docs.resources.filter((r) => !r.docsIgnored);
  const calls = docs.modules.filter((m) => !m.docsIgnored);
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <div>
        <h3 className="text-sm font-semibold">Requirements</h3>
        <dl className="mt-2 space-y-1 text-sm">
          <div className="flex gap-2">
            <dt className="text-fg-muted">Terraform</dt>
            <dd>
              <code className="font-mono text-xs">{docs.requiredVersion ?? "any"}</code>
            </dd>
          </div>
          {docs.providers.map((p) => (
            <div key={p.name} className="flex flex-wrap gap-2">
              <dt className="text-fg-muted">{p.name}</dt>
              <dd>
                <code className="font-mono text-xs">
                  {p.source ?? p.name} {p.versionConstraint ?? "(any version)"}
                </code>
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div>
        <h3 className="text-sm font-semibold">Resources ({resources.length})</h3>
        {resources.length === 0 ? (
          <p className="mt-2 text-sm text-fg-muted">None declared directly.</p>
        ) : (
          <ul className="mt-2 max-h-64 space-y-0.5 overflow-y-auto font-mono text-xs">
            {resources.map((r) => (
              <li key={`${r.mode}.${r.type}.${r.name}`}>
                {r.mode === "data" ? "data." : ""}
                {r.type}.{r.name}
              </li>
            ))}
          </ul>
        )}
        {calls.length > 0 ? (
          <>
            <h3 className="mt-4 text-sm font-semibold">Module calls</h3>
            <ul className="mt-2 space-y-0.5 font-mono text-xs">
              {calls.map((m) => (
                <li key={m.name}>
                  {m.name}: {m.source}
                  {m.version ? ` (${m.version})` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
