// POST /api/workloads/:slug/scan – scan the consumer repo now (the estate scan the job runs): record what every unit uses and reconcile its notices
import { withRoute } from "@/lib/platform/http/with-route";
import { getEstateDeps, scanWorkloadNow } from "@/lib/estate";
import { viewerActor } from "@/lib/workloads";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ slug: string }>(
  async ({ params, viewer }) => scanWorkloadNow(getEstateDeps(), { slug: params.slug, actor: viewerActor(viewer) }),
  { require: (params) => ({ role: "builder", workload: params.slug }) },
);
