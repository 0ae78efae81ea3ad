// GET /api/tag-changes/:id – a request with each account's status and error (the requester, its workloads' members, admins)
import { getGovernanceDeps, getTagChangeRequest } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ id: string }>(async ({ params, viewer }) => getTagChangeRequest(getGovernanceDeps(), viewer, { id: params.id }));
