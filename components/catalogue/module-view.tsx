import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { SetVersionStatus } from "@/components/catalogue-admin/version-status-actions";
import type { UsageSnippets as Snippets } from "@/lib/catalogue/build-usage-snippets";
import type { ModuleDetail, ModuleUsage, VersionComparison } from "@/lib/catalogue/catalogue-views";
import { ComparePicker } from "./compare-picker";
import { InputsTable } from "./inputs-table";
import { MarkdownView } from "./markdown-view";
import { ModuleExamples } from "./module-examples";
import { ModuleRequirements } from "./module-requirements";
import { ModuleUsageList } from "./module-usage";
import { ModuleVersions } from "./module-versions";
import { OutputsTable } from "./outputs-table";
import { UsageSnippets } from "./usage-snippets";
import { VersionDiff } from "./version-diff";
import { formatDay, VersionStatusBadges } from "./version-status-badge";
import { VersionSwitcher } from "./version-switcher";

export interface ModuleViewProps {
  detail: ModuleDetail;
  /** The module page path without query. */
  href: string;
  /** Web URL of the source repo on the git host. */
  sourceUrl: string;
  readmeHtml: string | null;
  comparison: VersionComparison | null;
  changelogHtml: Array<{ version: string; html: string }>;
  snippets: Snippets;
  /** Why there is no registry snippet, or what to know about it; null when there is nothing to say. */
  registryNote: string | null;
  usage: ModuleUsage;
  /** Admins only: the server action behind each version's status actions. */
  setVersionStatus?: SetVersionStatus;
  /** False when the viewer has no role on any workload: "Use this module" would be a dead end, so the page says how to get one. */
  canScaffold: boolean;
}

const sections = [
  ["usage", "Usage"],
  ["readme", "README"],
  ["inputs", "Inputs"],
  ["outputs", "Outputs"],
  ["requirements", "Requirements"],
  ["examples", "Examples"],
  ["versions", "Versions"],
  ["used-by", "Used by"],
  ["changes", "What changed"],
] as const;

/** The module page: header, version switcher, usage, README, interface docs, versions, who uses it, and the diff. */
export function ModuleView({ detail, href, sourceUrl, readmeHtml, comparison, changelogHtml, snippets, registryNote, usage, setVersionStatus, canScaffold }: ModuleViewProps) {
  const { module, selected, versions, defaultVersion } = detail;
  const docs = selected.docs;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-fg-muted">
        <ol className="flex flex-wrap gap-1">
          <li>
            <Link href="/catalogue" className="underline-offset-2 hover:underline">
              Catalogue
            </Link>{" "}
            /
          </li>
          <li>
            <Link href={`/catalogue?source=${encodeURIComponent(`${module.source.owner}/${module.source.repo}`)}`} className="font-mono underline-offset-2 hover:underline">
              {module.source.owner}/{module.source.repo}
            </Link>{" "}
            /
          </li>
          <li aria-current="page" className="font-mono">
            {module.name}
          </li>
        </ol>
      </nav>

      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {module.name}
            <span className="font-mono text-lg font-normal text-fg-subtle" data-testid="selected-version">
              v{selected.version}
            </span>
          </h1>
          {module.description ? <p className="mt-1 max-w-3xl text-sm text-fg-muted">{module.description}</p> : null}
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <Badge>{module.provider}</Badge>
            {module.category ? <Badge tone="brand">{module.category}</Badge> : null}
            {module.status === "deprecated" ? <Badge tone="amber">Module deprecated</Badge> : null}
            <VersionStatusBadges version={selected} />
            <a href={sourceUrl} className="font-mono break-all text-fg-muted underline-offset-2 hover:underline">
              {module.source.owner}/{module.source.repo}
              {module.path ? `//${module.path}` : ""} @ {selected.tag}
            </a>
            {selected.publishedAt ? (
              <span className="text-fg-muted" data-testid="released-at">
                released <time dateTime={selected.publishedAt}>{formatDay(selected.publishedAt)}</time>
              </span>
            ) : null}
          </div>
          <p className="mt-2 text-xs text-fg-muted" data-testid="module-owners">
            {module.owners.length > 0 ? (
              <>
                Owned by{" "}
                {module.owners.map((owner, k) => (
                  <span key={owner}>
                    {k > 0 ? ", " : null}
                    <Link prefetch={false} href={`/catalogue?owner=${encodeURIComponent(owner)}`} className="font-mono underline-offset-2 hover:underline">
                      {owner}
                    </Link>
                  </span>
                ))}{" "}
                <span className="text-fg-subtle">({module.ownersOrigin === "source" ? "the source's default owners" : "from CODEOWNERS"})</span>
              </>
            ) : (
              "No owner: the source repo's CODEOWNERS names none for this module, and the source has no default owners."
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <VersionSwitcher key={selected.version} versions={versions} selected={selected.version} defaultVersion={defaultVersion} action={href} />
          {canScaffold ? (
            <Link href={`/scaffold/new?versionId=${encodeURIComponent(selected.id)}`} className={buttonClasses("primary")}>
              Use this module
            </Link>
          ) : (
            <div className="max-w-xs text-sm" data-testid="no-workload-note">
              <p className="text-fg-muted">Using a module opens a pull request in a workload&apos;s repo, and you have no role on a workload yet.</p>
              <Link href={`/scaffold/new?versionId=${encodeURIComponent(selected.id)}`} prefetch={false} className="mt-1 inline-block font-medium underline">
                How to get access
              </Link>
            </div>
          )}
        </div>
      </header>

      {selected.status !== "active" || selected.hasErrors || selected.version !== defaultVersion ? (
        <div
          role="note"
          data-testid="version-notice"
          className="mb-6 rounded-md border border-warning-line bg-warning-soft p-3 text-sm text-warning"
        >
          {selected.status === "withdrawn" ? (
            <p>
              <strong>Version {selected.version} was withdrawn</strong>
              {selected.statusReason ? `: ${selected.statusReason}` : " (its tag was deleted)."} Do not start new work on it.
            </p>
          ) : null}
          {selected.status === "deprecated" ? (
            <p>
              <strong>Version {selected.version} is deprecated</strong>
              {selected.statusReason ? `: ${selected.statusReason}` : "."}
              {selected.upgradeDeadline ? ` Upgrade by ${formatDay(selected.upgradeDeadline)}.` : ""}
            </p>
          ) : null}
          {selected.status === "vulnerable" ? (
            <p>
              <strong>
                Version {selected.version} is vulnerable{selected.severity ? ` (${selected.severity} severity)` : ""}
              </strong>
              {selected.statusReason ? `: ${selected.statusReason}` : "."}
              {selected.fixedIn ? ` Fixed in ${selected.fixedIn}.` : ""}
              {selected.upgradeDeadline ? ` Upgrade by ${formatDay(selected.upgradeDeadline)}.` : ""}
              {selected.advisoryUrl ? (
                <>
                  {" "}
                  <a href={selected.advisoryUrl} rel="noopener noreferrer nofollow" className="underline">
                    Read the advisory
                  </a>
                  .
                </>
              ) : null}
            </p>
          ) : null}
          {selected.hasErrors ? (
            <div>
              <p>
                <strong>Parts of this version could not be read.</strong> The docs below may be incomplete.
              </p>
              <ul className="mt-1 list-inside list-disc font-mono text-xs">
                {selected.errors.map((e) => (
                  <li key={`${e.file}:${e.line}:${e.message}`}>
                    {e.file}
                    {e.line !== null ? `:${e.line}` : ""}: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {selected.version !== defaultVersion ? (
            <p className="mt-1">
              The recommended version is{" "}
              <Link href={`${href}?version=${encodeURIComponent(defaultVersion)}`} className="font-mono underline">
                {defaultVersion}
              </Link>
              .
            </p>
          ) : null}
        </div>
      ) : null}

      <nav aria-label="On this page" className="mb-6 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {sections.map(([id, label]) => (
          <a key={id} href={`#${id}`} className="text-accent underline-offset-2 hover:underline">
            {label}
          </a>
        ))}
      </nav>

      <div className="space-y-6">
        <Section id="usage" title="Usage">
          <UsageSnippets snippets={snippets} registryNote={registryNote} />
        </Section>
        <Section id="readme" title="README">
          {readmeHtml ? (
            <MarkdownView html={readmeHtml} label="README" testId="readme" />
          ) : (
            <p className="text-sm text-fg-muted">This version has no README.</p>
          )}
        </Section>
        <Section id="inputs" title={`Inputs (${docs.inputs.length})`}>
          <InputsTable inputs={docs.inputs} />
        </Section>
        <Section id="outputs" title={`Outputs (${docs.outputs.length})`}>
          <OutputsTable outputs={docs.outputs} />
        </Section>
        <Section id="requirements" title="Providers and requirements">
          <ModuleRequirements docs={docs} />
        </Section>
        <Section id="examples" title="Submodules and examples">
          <ModuleExamples docs={docs} />
        </Section>
        <Section id="versions" title={`Versions (${versions.length})`}>
          <ModuleVersions versions={versions} selected={selected.version} href={href} usageCounts={usage.countsByVersion} setStatus={setVersionStatus} />
        </Section>
        <Section id="used-by" title="Used by">
          <ModuleUsageList usage={usage} href={href} />
        </Section>
        <Section id="changes" title="What changed">
          {versions.length < 2 ? (
            <p className="text-sm text-fg-muted">This is the only version so far.</p>
          ) : (
            <div className="space-y-4">
              <ComparePicker
                key={`${comparison?.from.version}-${comparison?.to.version}-${selected.version}`}
                versions={versions}
                version={selected.version}
                from={comparison?.from.version ?? versions[versions.length - 1]!.version}
                to={comparison?.to.version ?? selected.version}
                action={href}
              />
              {comparison ? (
                <VersionDiff comparison={comparison} changelogHtml={changelogHtml} />
              ) : (
                <p className="text-sm text-fg-muted">This is the first version: pick two versions to compare.</p>
              )}
            </div>
          )}
        </Section>
      </div>
    </article>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card aria-labelledby={`${id}-heading`} id={id} className="min-w-0 scroll-mt-20 p-4 sm:p-5 [contain-intrinsic-size:auto_40rem] [content-visibility:auto]">
      <h2 id={`${id}-heading`} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </Card>
  );
}
