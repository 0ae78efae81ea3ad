// GET /api/workloads/:slug – units in the consumer repo, consumptions and recent scaffolds
import { withRoute } from "@/lib/platform/http/with-route";
import { getScaffoldDeps, listScaffolds } from "@/lib/scaffold";
import { getWorkloadDetail, getWorkloadsDeps } from "@/lib/workloads";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ slug: string }>(async ({ params, viewer }) => {
  const [detail, recent] = await Promise.all([
    getWorkloadDetail(getWorkloadsDeps(), viewer, { slug: params.slug }),
    listScaffolds(getScaffoldDeps(), viewer, { workload: params.slug, pageSize: 10 }),
  ]);
  return { ...detail, scaffolds: recent.scaffolds };
});
