import Link from "next/link";
import { notFound } from "next/navigation";
import { NewScaffold } from "@/components/scaffold/new-scaffold";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClasses } from "@/components/ui/button";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getDb } from "@/lib/platform/db";
import { AppError } from "@/lib/errors/app-error";
import { getScaffoldFormContext, type ScaffoldFormTarget } from "@/lib/scaffold/get-scaffold-form-context";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";
import { createScaffoldAction, previewScaffoldAction } from "../actions";

export const metadata = { title: "Scaffold a module" };

type Search = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accepted links: `?module=<module id>&version=<x.y.z>` (the catalogue's "Use this module"),
 * `?source=<owner/repo>&module=<name>&version=<x.y.z>`, and `?version=<module version id>`
 * (or `?module=<module version id>` alone).
 */
async function readTarget(search: Search): Promise<ScaffoldFormTarget | null> {
  const moduleParam = first(search.module);
  const version = first(search.version);
  const source = first(search.source);
  if (source && moduleParam && version) return { source, module: moduleParam, version };
  if (version && UUID.test(version)) return { moduleVersionId: version };
  if (moduleParam && UUID.test(moduleParam) && version) {
    // getScaffoldFormContext takes a source and a module name; the catalogue links by module id.
    const row = await getDb().module.findUnique({ where: { id: moduleParam }, select: { name: true, source: { select: { owner: true, repo: true } } } });
    return row ? { source: `${row.source.owner}/${row.source.repo}`, module: row.name, version } : null;
  }
  if (moduleParam && UUID.test(moduleParam)) return { moduleVersionId: moduleParam };
  return null;
}

export default async function NewScaffoldPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requirePageViewer();
  const search = await searchParams;
  const target = await readTarget(search);
  if (!target) {
    return (
      <>
        <PageHeader title="Scaffold a module" />
        <EmptyState title="Pick a module first" action={<Link className={buttonClasses("primary")} href="/catalogue">Open the catalogue</Link>}>
          Open a module in the catalogue and choose &ldquo;Use this module&rdquo;.
        </EmptyState>
      </>
    );
  }
  const context = await getScaffoldFormContext(getScaffoldDeps(), viewer, target).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const initialWorkload = first(search.workload);
  return (
    <>
      <PageHeader
        title={`Scaffold ${context.module.name} ${context.version.version}`}
        description={
          <>
            <span className="font-mono text-xs">
              {context.module.source}
              {context.module.path ? `//${context.module.path}` : ""}?ref={context.version.tag}
            </span>
            {" · "}
            Fill in the inputs, preview the exact files, then open a pull request in your workload&apos;s consumer repo.
          </>
        }
      />
      {context.version.status !== "active" ? (
        <div
          role="alert"
          className={
            context.version.status === "withdrawn"
              ? "mb-6 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
              : "mb-6 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
          }
        >
          <p className="font-semibold">
            {context.module.name} {context.version.version} is {context.version.status}.
          </p>
          {context.version.statusReason ? <p className="mt-1">{context.version.statusReason}</p> : null}
          <p className="mt-1">
            {context.version.status === "withdrawn" ? "It cannot be scaffolded: pick another version in the catalogue." : "Prefer a newer version unless you have a reason to use this one."}
          </p>
        </div>
      ) : null}
      {context.workloads.length === 0 ? (
        <EmptyState title="You are not a member of any workload" action={<Link className={buttonClasses("secondary")} href="/workloads">See workloads</Link>}>
          Scaffolding opens a pull request in a workload&apos;s consumer repo, so you need to be a builder or lead of a workload. Ask its team lead or a platform admin to add you.
        </EmptyState>
      ) : context.version.status === "withdrawn" ? null : (
        <NewScaffold
          workloads={context.workloads}
          initialWorkload={initialWorkload && context.workloads.some((w) => w.slug === initialWorkload) ? initialWorkload : undefined}
          versionId={context.version.id}
          version={context.version.version}
          form={context.form}
          defaultUnitName={context.defaultUnitName}
          preview={previewScaffoldAction}
          create={createScaffoldAction}
        />
      )}
    </>
  );
}
