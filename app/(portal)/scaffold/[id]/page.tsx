import { forbidden, notFound } from "next/navigation";
import { ScaffoldStatus } from "@/components/scaffold/scaffold-status";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { AppError } from "@/lib/errors/app-error";
import { getScaffold, getScaffoldDeps } from "@/lib/scaffold";
import { getScaffoldAction, retryScaffoldAction } from "../actions";

export const metadata = { title: "Scaffold request" };

export default async function ScaffoldStatusPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer();
  const { id } = await params;
  const scaffold = await getScaffold(getScaffoldDeps(), viewer, { id }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    // Requests are visible to the workload's members and admins (README, "Who can see what").
    if (error instanceof AppError && error.code === "FORBIDDEN") forbidden();
    throw error;
  });
  const verb = scaffold.kind === "promote" ? "Promote" : scaffold.kind === "update" ? "Update" : "Scaffold";
  return (
    <>
      <PageHeader
        title={`${verb} ${scaffold.module.name} ${scaffold.version}`}
        description={`${scaffold.workload.name} · ${scaffold.unitPath}`}
      />
      <ScaffoldStatus initial={scaffold} load={getScaffoldAction} retry={retryScaffoldAction} />
    </>
  );
}
