import { SessionsTable, EndedSessionsTable } from "@/components/admin/sessions-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentSessionId, requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { listUserSessions } from "@/lib/platform/auth/list-user-sessions";
import { getEnv } from "@/lib/platform/env";
import { revokeSessionAction, revokeUserSessionsAction } from "./actions";

export const metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

export default async function SessionsPage() {
  await requirePageViewer({ role: "admin" });
  const [{ live, ended }, currentSessionId] = await Promise.all([listUserSessions(), getCurrentSessionId()]);
  const env = getEnv();
  return (
    <>
      <PageHeader
        title="Sessions"
        description={`Who is signed in. A session lasts at most ${env.BULKHEAD_SESSION_MAX_HOURS} h from sign-in, and its roles are re-read from the identity provider at least every ${env.BULKHEAD_SESSION_RECHECK_MINUTES} minutes. Revoking ends it at the next request.`}
      />
      <section aria-labelledby="live-sessions-heading" className="mb-8">
        <h2 id="live-sessions-heading" className="mb-3 text-lg font-semibold">
          Live sessions <span className="text-sm font-normal text-fg-subtle">({live.length})</span>
        </h2>
        {live.length === 0 ? (
          <EmptyState title="Nobody is signed in">Sessions appear here at sign-in.</EmptyState>
        ) : (
          <Card className="p-0">
            <SessionsTable
              sessions={live}
              currentSessionId={currentSessionId}
              revokeSession={revokeSessionAction}
              revokeUserSessions={revokeUserSessionsAction}
            />
          </Card>
        )}
      </section>
      <section aria-labelledby="ended-sessions-heading">
        <h2 id="ended-sessions-heading" className="mb-3 text-lg font-semibold">Ended in the last day</h2>
        {ended.length === 0 ? (
          <p className="text-sm text-fg-subtle">No session ended in the last day.</p>
        ) : (
          <Card className="p-0">
            <EndedSessionsTable sessions={ended} />
          </Card>
        )}
      </section>
    </>
  );
}
