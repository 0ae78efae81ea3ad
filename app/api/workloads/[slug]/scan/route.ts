// POST /api/workloads/:slug/scan – re-read the consumer repo and record what every unit uses
import { withRoute } from "@/lib/platform/http/with-route";
import { getWorkloadsDeps, scanConsumerRepo, viewerActor } from "@/lib/workloads";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ slug: string }>(
  async ({ params, viewer }) => scanConsumerRepo(getWorkloadsDeps(), { workload: params.slug, actor: viewerActor(viewer) }),
  { require: (params) => ({ role: "builder", workload: params.slug }) },
);
