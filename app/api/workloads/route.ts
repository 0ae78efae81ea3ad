// POST /api/workloads – register a workload and link its consumer repo (leads for their team, admins)
import { withRoute } from "@/lib/platform/http/with-route";
import { registerWorkload } from "@/lib/scaffold/register-workload";
import { registerWorkloadInputSchema } from "@/lib/scaffold/scaffold-input";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async ({ request, viewer }) => {
    const workload = await registerWorkload(getScaffoldDeps(), viewer, registerWorkloadInputSchema.parse(await request.json()));
    return Response.json(workload, { status: 201 });
  },
  { require: { role: "lead" } },
);
