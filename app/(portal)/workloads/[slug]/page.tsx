import Link from "next/link";
import { notFound } from "next/navigation";
import { openUpgradePullRequestAction, openUpgradePullRequestsAction, setNoticeIssuesAction } from "@/app/(portal)/estate/actions";
import { NoticeIssuesToggle } from "@/components/estate/notice-issues-toggle";
import { WorkloadUnits } from "@/components/estate/workload-units";
import { WorkloadOverview } from "@/components/workloads/workload-overview";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { satisfies } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { getEstateDeps, getWorkloadNoticeIssues, getWorkloadUnits, MAX_BULK_UPGRADES } from "@/lib/estate";
import { getScaffoldDeps, listScaffolds } from "@/lib/scaffold";
import { getWorkloadDetail, getWorkloadsDeps } from "@/lib/workloads";

export const metadata = { title: "Workload" };

export default async function WorkloadPage({ params }: { params: Promise<{ slug: string }> }) {
  const viewer = await requirePageViewer();
  const { slug } = await params;
  const [detail, recent, units, noticeIssues] = await Promise.all([
    getWorkloadDetail(getWorkloadsDeps(), viewer, { slug }),
    listScaffolds(getScaffoldDeps(), viewer, { workload: slug, pageSize: 10 }),
    getWorkloadUnits(getEstateDeps(), viewer, { slug }),
    getWorkloadNoticeIssues(getEstateDeps(), viewer, { workload: slug }),
  ]).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  // Its leads (and admins) see the workload's audit trail.
  const canAudit = satisfies(viewer, { role: "lead", workload: slug });
  return (
    <>
      <PageHeader
        title={detail.workload.name}
        description={`Units, consumption and scaffold requests of the ${detail.workload.slug} workload.`}
        actions={
          detail.canEdit || canAudit ? (
            <>
              {canAudit ? (
                <Link href={`/audit?workload=${encodeURIComponent(slug)}`} className={buttonClasses("secondary")}>
                  Audit trail
                </Link>
              ) : null}
              {detail.canEdit ? (
                <Link href="/catalogue" className={buttonClasses("primary")}>
                  Scaffold a module
                </Link>
              ) : null}
            </>
          ) : undefined
        }
      />
      <WorkloadOverview detail={detail} scaffolds={recent.scaffolds} />
      <WorkloadUnits units={units} upgrade={openUpgradePullRequestAction} upgradeMany={openUpgradePullRequestsAction} maxBatch={MAX_BULK_UPGRADES} />
      {noticeIssues ? <NoticeIssuesToggle workload={slug} enabled={noticeIssues.enabled} canChange={noticeIssues.canChange} repoLinked={noticeIssues.repoLinked} set={setNoticeIssuesAction} /> : null}
    </>
  );
}
