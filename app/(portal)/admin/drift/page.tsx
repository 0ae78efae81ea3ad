import Link from "next/link";
import { DetectDriftButton, DriftFindings } from "@/components/governance/drift-findings";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getGovernanceDeps, listDriftFindingViews, listDriftInputSchema } from "@/lib/governance";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { detectDriftAction, settleDriftFindingAction } from "../governance/actions";

export const metadata = { title: "Drift" };

const filters = [
  { status: "unsettled", label: "Unsettled" },
  { status: "reverted", label: "Reverted" },
  { status: "adopted", label: "Adopted" },
  { status: "dismissed", label: "Dismissed" },
  { status: "all", label: "All" },
] as const;

export default async function DriftPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageViewer({ role: "admin" });
  const params = await searchParams;
  const parsed = listDriftInputSchema.safeParse({ status: typeof params.status === "string" ? params.status : undefined, page: typeof params.page === "string" ? params.page : undefined });
  const input = parsed.success ? parsed.data : listDriftInputSchema.parse({});
  const list = await listDriftFindingViews(getGovernanceDeps(), viewer, input);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <>
      <PageHeader
        title="Drift"
        description="Mandatory tags changed in AWS behind the portal's back. A scheduled scan compares every active account with what the portal recorded. Revert writes the recorded value back; adopting the new value needs another admin's approval."
        actions={<DetectDriftButton detect={detectDriftAction} />}
      />
      <nav aria-label="Drift findings by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {filters.map((f) => (
          <Link key={f.status} href={`/admin/drift?status=${f.status}`} aria-current={input.status === f.status ? "page" : undefined} className={`rounded-md border px-3 py-1.5 ${input.status === f.status ? "border-accent-line bg-accent-soft text-accent" : "border-line-strong"}`}>
            {f.label}
          </Link>
        ))}
      </nav>
      {list.rows.length === 0 ? (
        <EmptyState title={input.status === "unsettled" ? "No drift" : "No findings here"}>
          {input.status === "unsettled" ? "Every scanned account's mandatory tags in AWS match what the portal recorded." : "No drift finding has this status."}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-fg-muted">
            {list.total} finding{list.total === 1 ? "" : "s"}
            {pages > 1 ? `, page ${list.page} of ${pages}` : ""}.
          </p>
          <DriftFindings findings={list.rows} settle={settleDriftFindingAction} />
          {pages > 1 ? (
            <nav aria-label="Pages" className="mt-4 flex gap-2 text-sm">
              {list.page > 1 ? (
                <Link href={`/admin/drift?status=${input.status}&page=${list.page - 1}`} rel="prev" className="rounded-md border border-line-strong px-3 py-1.5">
                  Previous
                </Link>
              ) : null}
              {list.page < pages ? (
                <Link href={`/admin/drift?status=${input.status}&page=${list.page + 1}`} rel="next" className="rounded-md border border-line-strong px-3 py-1.5">
                  Next
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
