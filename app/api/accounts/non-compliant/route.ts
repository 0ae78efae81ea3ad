// GET /api/accounts/non-compliant – active accounts whose recorded tags break the tag policy in force, with each broken key (admins)
import { getGovernanceDeps, listNonCompliantAs } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ viewer }) => listNonCompliantAs(getGovernanceDeps(), viewer), { require: { role: "admin" } });
