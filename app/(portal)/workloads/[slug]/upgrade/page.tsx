import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { openUpgradePullRequestAction } from "@/app/(portal)/estate/actions";
import { UpgradeButton } from "@/components/estate/notice-actions";
import { UpgradeInputsForm } from "@/components/estate/upgrade-inputs-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors/app-error";
import { getEstateDeps, getUpgradeForm, type UpgradeForm } from "@/lib/estate";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { formatDate } from "@/lib/platform/format-date-time";
import { getScaffoldDeps } from "@/lib/scaffold";

export const metadata = { title: "Upgrade a unit" };
export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// GET /workloads/<slug>/upgrade?unit=<consumption id>[&version=<id>] – the form for an upgrade's new required inputs, then the PR.
export default async function UpgradeUnitPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageViewer();
  const { slug } = await params;
  const query = await searchParams;
  const unit = first(query.unit);
  const version = first(query.version);
  if (!unit || !UUID.test(unit) || (version !== undefined && !UUID.test(version))) notFound();
  const back = (
    <Link href={`/workloads/${encodeURIComponent(slug)}`} className={buttonClasses("secondary")}>
      Back to the workload
    </Link>
  );
  let context: UpgradeForm;
  try {
    context = await getUpgradeForm(getEstateDeps(), getScaffoldDeps(), viewer, { consumptionId: unit, toVersionId: version ?? null });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "FORBIDDEN") forbidden();
    if (error instanceof AppError && (error.code === "CONFLICT" || error.code === "INVALID_INPUT")) {
      return (
        <>
          <PageHeader title="Upgrade a unit" actions={back} />
          <EmptyState title="This unit cannot be upgraded here">{error.message}</EmptyState>
        </>
      );
    }
    throw error;
  }
  if (context.workload.slug !== slug) notFound();

  const due = context.dueAt ? `, due ${formatDate(context.dueAt)}` : "";
  return (
    <>
      <PageHeader title={`Upgrade ${context.module} to ${context.to}`} description={`${context.file}: ${context.from} → ${context.to}${due}.`} actions={back} />
      {context.existing ? (
        <Alert tone="info" title="The upgrade PR is already open" data-testid="upgrade-existing">
          One PR per unit and version:{" "}
          {context.existing.prUrl ? (
            <a href={context.existing.prUrl} className="underline" target="_blank" rel="noreferrer">
              open it on GitHub
            </a>
          ) : (
            "it is being opened"
          )}
          .
        </Alert>
      ) : context.requiredInputs.length === 0 || !context.inputsWritable ? (
        <div className="space-y-4">
          {context.requiredInputs.length === 0 ? (
            <Alert tone="info" title="No new inputs needed">
              {context.to} requires no input this unit does not set already.
            </Alert>
          ) : (
            <Alert tone="warning" role="note" title="Add the new inputs by hand">
              The unit builds its inputs with an expression, so the portal does not write into them. The PR lists {context.requiredInputs.join(", ")} as to do.
            </Alert>
          )}
          <UpgradeButton consumptionId={context.consumptionId} run={openUpgradePullRequestAction} />
        </div>
      ) : (
        <div className="space-y-6">
          {context.actions.length > 0 ? (
            <Alert tone="warning" role="note" title="Also listed in the PR, to do by hand">
              <ul className="mt-1 list-disc pl-5">
                {context.actions.slice(0, 20).map((action) => (
                  <li key={`${action.kind}:${action.name}`}>
                    {action.kind === "remove_input" ? `Remove ${action.name}` : action.kind === "check_input_type" ? `Check ${action.name}: ${action.before} → ${action.after}` : `Set ${action.name}`}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <UpgradeInputsForm consumptionId={context.consumptionId} toVersionId={context.toVersionId} to={context.to} form={context.form} run={openUpgradePullRequestAction} />
        </div>
      )}
    </>
  );
}
