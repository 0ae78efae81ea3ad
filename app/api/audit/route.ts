// GET /api/audit – newest audit events, keyset-paginated (admins only)
import { z } from "zod";
import { withRoute } from "@/lib/platform/http/with-route";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

const query = z.object({
  cursor: z
    .string()
    .regex(/^\d+$/, { message: "cursor must be the numeric id of an audit event" })
    .transform((v) => BigInt(v))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
});

export const GET = withRoute(
  async ({ request }) => {
    const input = query.parse(Object.fromEntries(request.nextUrl.searchParams));
    return listAuditEvents(input);
  },
  { require: { role: "admin" } },
);
