// POST /api/workloads – register a workload and link its consumer repo (leads for their team, admins)
import { withRoute } from "@/lib/platform/http/with-route";
import { getWorkloadsDeps, registerWorkload, registerWorkloadInputSchema } from "@/lib/workloads";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async ({ request, viewer }) => {
    const workload = await registerWorkload(getWorkloadsDeps(), viewer, registerWorkloadInputSchema.parse(await request.json()));
    return Response.json(workload, { status: 201 });
  },
  { require: { role: "lead" } },
);
