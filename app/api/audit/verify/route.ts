// GET /api/audit/verify – recomputes the audit log's hash chain; `broken` names the first row that does not verify (admins)
import { getGovernanceDeps, verifyAuditChainAs } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ viewer }) => verifyAuditChainAs(getGovernanceDeps(), viewer), { require: { role: "admin" } });
