import Link from "next/link";
import { notFound } from "next/navigation";
import { WorkloadOverview } from "@/components/workloads/workload-overview";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { AppError } from "@/lib/errors/app-error";
import { getWorkloadDetail } from "@/lib/scaffold/get-workload-detail";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

export const metadata = { title: "Workload" };

export default async function WorkloadPage({ params }: { params: Promise<{ slug: string }> }) {
  const viewer = await requirePageViewer();
  const { slug } = await params;
  const detail = await getWorkloadDetail(getScaffoldDeps(), viewer, { slug }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <>
      <PageHeader
        title={detail.workload.name}
        description={`Units, consumption and scaffold requests of the ${detail.workload.slug} workload.`}
        actions={
          detail.canEdit ? (
            <Link href="/catalogue" className={buttonClasses("primary")}>
              Scaffold a module
            </Link>
          ) : undefined
        }
      />
      <WorkloadOverview detail={detail} />
    </>
  );
}
