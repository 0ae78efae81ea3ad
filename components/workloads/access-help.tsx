import Link from "next/link";
import type { AccessHelp } from "@/lib/workloads";
import { Card } from "@/components/ui/card";

/**
 * For someone with no role on any workload: why they cannot scaffold (a scaffold is a pull
 * request in a workload's consumer repo), and how to get a role: the workloads, their teams and
 * leads, and the IdP group that grants each role.
 */
export function AccessHelpPanel({ help, moduleName }: { help: AccessHelp; moduleName?: string }) {
  return (
    <Card aria-labelledby="access-help-heading" data-testid="access-help">
      <h2 id="access-help-heading" className="text-base font-semibold">
        You have no role on a workload yet
      </h2>
      <p className="mt-2 text-sm text-fg-muted">
        Using {moduleName ?? "a module"} opens a pull request in a workload&apos;s consumer repo, so you need to be a builder or lead of that workload.
        Roles come from your identity provider&apos;s groups
        {help.builderGroupTemplate ? (
          <>
            {" "}
            (for builders, <code className="font-mono">{help.builderGroupTemplate.replace("{slug}", "<workload>")}</code>)
          </>
        ) : null}
        : ask the workload&apos;s lead to have you added, then sign in again.
      </p>
      {help.workloads.length === 0 ? (
        <p className="mt-3 text-sm text-fg-muted">
          No workload is registered yet. A team lead registers one under <Link href="/workloads/new" className="underline">Workloads</Link>.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-line text-sm" aria-label="Workloads and whom to ask">
          {help.workloads.map((w) => (
            <li key={w.slug} className="py-3" data-testid="access-help-workload" data-slug={w.slug}>
              <p>
                <Link href={`/workloads/${w.slug}`} prefetch={false} className="font-medium underline-offset-2 hover:underline">
                  {w.name}
                </Link>{" "}
                <span className="text-fg-subtle">· {w.team}</span>
              </p>
              <p className="mt-1 text-fg-muted">
                {w.leads.length > 0 ? (
                  <>
                    Led by{" "}
                    {w.leads.map((l, i) => (
                      <span key={l.username}>
                        {i > 0 ? ", " : null}
                        {l.name} <span className="text-fg-subtle">@{l.username}</span>
                      </span>
                    ))}
                  </>
                ) : (
                  "No lead has signed in yet"
                )}
                {w.builderGroup ? (
                  <>
                    {" "}
                    · builders: IdP group <code className="font-mono">{w.builderGroup}</code>
                  </>
                ) : null}
                {w.leadGroup ? (
                  <>
                    {" "}
                    · leads: <code className="font-mono">{w.leadGroup}</code>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      {!help.builderGroupTemplate ? <p className="mt-3 text-sm text-fg-muted">The role mapping names no IdP group for builders: a platform admin grants roles.</p> : null}
    </Card>
  );
}
