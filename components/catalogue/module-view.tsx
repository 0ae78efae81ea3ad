import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { UsageSnippets as Snippets } from "@/lib/catalogue/build-usage-snippets";
import type { ModuleDetail, VersionComparison } from "@/lib/catalogue/catalogue-views";
import { ComparePicker } from "./compare-picker";
import { InputsTable } from "./inputs-table";
import { MarkdownView } from "./markdown-view";
import { ModuleExamples } from "./module-examples";
import { ModuleRequirements } from "./module-requirements";
import { OutputsTable } from "./outputs-table";
import { UsageSnippets } from "./usage-snippets";
import { VersionDiff } from "./version-diff";
import { VersionStatusBadges } from "./version-status-badge";
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
}

const sections = [
  ["usage", "Usage"],
  ["readme", "README"],
  ["inputs", "Inputs"],
  ["outputs", "Outputs"],
  ["requirements", "Requirements"],
  ["examples", "Examples"],
  ["changes", "What changed"],
] as const;

/** The module page: header, version switcher, usage, README, interface docs and the diff. */
export function ModuleView({ detail, href, sourceUrl, readmeHtml, comparison, changelogHtml, snippets }: ModuleViewProps) {
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
            <a href={sourceUrl} className="font-mono text-fg-muted underline-offset-2 hover:underline">
              {module.source.owner}/{module.source.repo}
              {module.path ? `//${module.path}` : ""} @ {selected.tag}
            </a>
          </div>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <VersionSwitcher key={selected.version} versions={versions} selected={selected.version} defaultVersion={defaultVersion} action={href} />
          <Link
            href={`/scaffold/new?versionId=${encodeURIComponent(selected.id)}`}
            className={buttonClasses("primary")}
          >
            Use this module
          </Link>
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
              {selected.upgradeDeadline ? ` Upgrade by ${selected.upgradeDeadline.slice(0, 10)}.` : ""}
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
          <UsageSnippets snippets={snippets} />
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
    <Card aria-labelledby={`${id}-heading`} id={id} className="scroll-mt-20 [contain-intrinsic-size:auto_40rem] [content-visibility:auto]">
      <h2 id={`${id}-heading`} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </Card>
  );
}
