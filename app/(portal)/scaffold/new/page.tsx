import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { NewScaffoldForm } from "@/components/scaffold/new-scaffold-form";
import { VulnerabilityAdvisory } from "@/components/scaffold/vulnerability-advisory";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClasses } from "@/components/ui/button";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { AppError } from "@/lib/errors/app-error";
import { buildNewScaffoldPath, findModuleVersionId, getScaffoldDeps, getScaffoldFormContext, readLegacyScaffoldLink } from "@/lib/scaffold";
import { createScaffoldAction, previewScaffoldAction } from "../actions";
import { AccessHelpPanel } from "@/components/workloads/access-help";
import { getAccessHelp, getWorkloadsDeps } from "@/lib/workloads";

export const metadata = { title: "Scaffold a module" };

type Search = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/**
 * `?versionId=<module version id>` (the catalogue's "Use this module") goes straight to the
 * form. Older links that name the module and version are redirected to that form once.
 */
async function redirectLegacyLink(search: Search): Promise<void> {
  const legacy = readLegacyScaffoldLink(search);
  if (!legacy) return;
  const versionId = "versionId" in legacy ? legacy.versionId : await findModuleVersionId(getScaffoldDeps(), legacy);
  if (!versionId) notFound();
  redirect(buildNewScaffoldPath({ versionId, workload: first(search.workload) }));
}

export default async function NewScaffoldPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requirePageViewer();
  const search = await searchParams;
  const versionId = first(search.versionId);
  if (!versionId) {
    await redirectLegacyLink(search);
    return (
      <>
        <PageHeader title="Scaffold a module" />
        <EmptyState title="Pick a module first" action={<Link className={buttonClasses("primary")} href="/catalogue">Open the catalogue</Link>}>
          Open a module in the catalogue and choose &ldquo;Use this module&rdquo;.
        </EmptyState>
      </>
    );
  }
  const context = await getScaffoldFormContext(getScaffoldDeps(), viewer, { moduleVersionId: versionId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const initialWorkload = first(search.workload);
  const advisory = context.version.advisory;
  const vulnerability = advisory
    ? {
        module: context.module.name,
        version: context.version.version,
        advisory,
        prodAllowed: context.vulnerableProdAllowed,
        fixedInHref: advisory.fixedInVersionId ? buildNewScaffoldPath({ versionId: advisory.fixedInVersionId, workload: initialWorkload }) : null,
      }
    : null;
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
      {context.version.status === "deprecated" || context.version.status === "withdrawn" ? (
        <Alert
          tone={context.version.status === "withdrawn" ? "error" : "warning"}
          role="alert"
          className="mb-6 p-4"
          title={
            <>
              {context.module.name} {context.version.version} is {context.version.status}.
            </>
          }
        >
          {context.version.statusReason ? <p className="mt-1">{context.version.statusReason}</p> : null}
          <p className="mt-1">
            {context.version.status === "withdrawn" ? "It cannot be scaffolded: pick another version in the catalogue." : "Prefer a newer version unless you have a reason to use this one."}
          </p>
        </Alert>
      ) : null}
      {vulnerability && context.workloads.length === 0 ? <VulnerabilityAdvisory info={vulnerability} fixedInHref={vulnerability.fixedInHref} /> : null}
      {context.workloads.length === 0 ? (
        // Why there is no form, and how to get a role: whom to ask, and the IdP groups.
        <AccessHelpPanel help={await getAccessHelp(getWorkloadsDeps(), viewer)} moduleName={`${context.module.name} ${context.version.version}`} />
      ) : context.version.status === "withdrawn" ? null : (
        <NewScaffoldForm
          workloads={context.workloads}
          initialWorkload={initialWorkload && context.workloads.some((w) => w.slug === initialWorkload) ? initialWorkload : undefined}
          versionId={context.version.id}
          version={context.version.version}
          status={context.version.status}
          vulnerability={vulnerability}
          form={context.form}
          defaultUnitName={context.defaultUnitName}
          preview={previewScaffoldAction}
          create={createScaffoldAction}
        />
      )}
    </>
  );
}
