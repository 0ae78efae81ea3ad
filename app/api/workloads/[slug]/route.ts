// GET /api/workloads/:slug – units in the consumer repo, consumptions and recent scaffolds
import { withRoute } from "@/lib/platform/http/with-route";
import { getWorkloadDetail } from "@/lib/scaffold/get-workload-detail";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ slug: string }>(async ({ params, viewer }) => getWorkloadDetail(getScaffoldDeps(), viewer, { slug: params.slug }));
