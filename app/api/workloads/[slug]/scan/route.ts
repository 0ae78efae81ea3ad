// POST /api/workloads/:slug/scan – re-read the consumer repo and record what every unit uses
import { withRoute } from "@/lib/platform/http/with-route";
import { scanConsumerRepo } from "@/lib/scaffold/scan-consumer-repo";
import { viewerActor } from "@/lib/scaffold/scaffold-access";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ slug: string }>(
  async ({ params, viewer }) => scanConsumerRepo(getScaffoldDeps(), { workload: params.slug, actor: viewerActor(viewer) }),
  { require: (params) => ({ role: "builder", workload: params.slug }) },
);
