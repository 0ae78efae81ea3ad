import Link from "next/link";
import { notFound } from "next/navigation";
import { PromotionEditor } from "@/components/workloads/promotion-editor";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { AppError } from "@/lib/errors/app-error";
import { getPromotionContext, getScaffoldDeps, getScaffoldFormContext, type PromotionContext } from "@/lib/scaffold";
import { loadVersionFormAction, previewPromotionAction, promoteUnitAction } from "./actions";

export const metadata = { title: "Promote a unit" };

export default async function PromoteUnitPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePageViewer();
  const { slug } = await params;
  const unit = (await searchParams).unit;
  const unitPath = Array.isArray(unit) ? unit[0] : unit;
  if (!unitPath) notFound();
  const deps = getScaffoldDeps();
  const context = await getPromotionContext(deps, viewer, { workload: slug, unitPath }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const back = (
    <Link href={`/workloads/${slug}`} className={buttonClasses("secondary")}>
      Back to the workload
    </Link>
  );
  const header = (
    <PageHeader
      title={`Promote ${context.from.unitName} to ${context.toEnv}`}
      description={promotionSubtitle(context)}
      actions={back}
    />
  );
  if (!context.form || !context.from.moduleVersionId) {
    return (
      <>
        {header}
        <EmptyState title="This unit cannot be promoted here">
          {context.from.unitPath} does not use a module version from the catalogue ({context.from.source ?? "no source"}). Copy it to {context.toEnv} by hand.
        </EmptyState>
      </>
    );
  }
  const formContext = await getScaffoldFormContext(deps, viewer, { moduleVersionId: context.from.moduleVersionId });
  const target = formContext.workloads.find((w) => w.slug === slug);
  const regions = target?.regionsByEnv[context.toEnv]?.length ? target.regionsByEnv[context.toEnv]! : [context.from.region];
  const current = context.versions.find((v) => v.id === context.from.moduleVersionId);
  return (
    <>
      {header}
      <PromotionEditor
        workload={slug}
        from={{ ...context.from, moduleVersionId: context.from.moduleVersionId, version: current?.version ?? formContext.version.version }}
        toEnv={context.toEnv}
        regions={regions}
        versions={current ? context.versions : [{ id: formContext.version.id, version: formContext.version.version, status: formContext.version.status }, ...context.versions]}
        form={context.form}
        preview={previewPromotionAction}
        promote={promoteUnitAction}
        loadForm={loadVersionFormAction}
        moduleName={formContext.module.name}
        advisory={formContext.version.advisory}
        vulnerableProdAllowed={formContext.vulnerableProdAllowed}
      />
    </>
  );
}

/** "vpc 2.0.0 in dev/eu-west-1/edge/terragrunt.hcl": the module by name and version, not its tag ("vpc vpc/v2.0.0"). */
function promotionSubtitle(context: PromotionContext): string {
  const { module, moduleVersionId, ref, unitPath } = context.from;
  if (!module) return unitPath;
  const version = context.versions.find((v) => v.id === moduleVersionId)?.version ?? ref;
  return `${module.name}${version ? ` ${version}` : ""} in ${unitPath}`;
}
