// POST /api/tag-changes/:id/retry – an admin applies the failed accounts of a failed or partially failed change again
import { getGovernanceDeps, retryTagChangeAs } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(
  async ({ params, viewer }) => {
    const view = await retryTagChangeAs(getGovernanceDeps(), viewer, { id: params.id });
    return { id: view.id, state: view.state };
  },
  { require: { role: "admin" } },
);
