// POST /api/drift-findings/scan – runs the drift scan now and answers what it found (admins)
import { detectDriftAs, getGovernanceDeps } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ viewer }) => detectDriftAs(getGovernanceDeps(), viewer), { require: { role: "admin" } });
