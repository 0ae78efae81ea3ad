"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import type { UserSessionView } from "@/lib/platform/auth/list-user-sessions";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { formatDateTime } from "@/lib/platform/format-date-time";

/** The server actions the page passes in. */
export type RevokeSession = (input: { sessionId: string }) => Promise<ActionResult<{ ended: boolean }>>;
export type RevokeUserSessions = (input: { userId: string }) => Promise<ActionResult<{ ended: number }>>;

// The portal's one time format: fixed zone, so the server and the browser render the same.
const when = (iso: string) => formatDateTime(iso);

const reasonText: Record<string, string> = {
  sign_out: "signed out",
  admin: "revoked",
  idp_denied: "refused by the identity provider",
  recheck_failed: "identity provider unreachable at the re-check",
  reauth_required: "re-check needed a new sign-in",
};

/** A destructive button that asks once more: the first click arms it for five seconds. */
function ConfirmButton({ label, confirmLabel, ariaLabel, onConfirm, disabled }: { label: string; confirmLabel: string; ariaLabel: string; onConfirm: () => void; disabled: boolean }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 5000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <Button
      type="button"
      variant={armed ? "danger" : "secondary"}
      disabled={disabled}
      aria-label={armed ? `${confirmLabel}: ${ariaLabel}` : ariaLabel}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? confirmLabel : label}
    </Button>
  );
}

/** Live sessions with per-session and per-user revoke; the admin's own session is marked. */
export function SessionsTable({
  sessions,
  currentSessionId,
  revokeSession,
  revokeUserSessions,
}: {
  sessions: UserSessionView[];
  currentSessionId: string | null;
  revokeSession: RevokeSession;
  revokeUserSessions: RevokeUserSessions;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<string | null>(null);
  const countByUser = new Map<string, number>();
  for (const s of sessions) countByUser.set(s.userId, (countByUser.get(s.userId) ?? 0) + 1);
  const ordered = [...sessions].sort((a, b) => a.username.localeCompare(b.username) || b.lastSeenAt.localeCompare(a.lastSeenAt));

  const run = <T,>(work: () => Promise<ActionResult<T>>, done: (data: T) => string) =>
    startTransition(async () => {
      const result = await work();
      setStatus(result.ok ? done(result.data) : result.error.message);
      router.refresh();
    });

  return (
    <div>
      <p role="status" aria-live="polite" className="px-4 pt-3 text-sm text-fg-muted empty:hidden">
        {status}
      </p>
      <Table label="Live sessions" frame={false} data-testid="live-sessions">
        <TableHead
          className="text-xs text-fg-subtle"
          cellClassName="px-4 py-2 font-medium"
          columns={["Person", "Session", "Signed in (UTC)", "Last seen", "Ends", "Roles read", ""]}
        />
        <tbody className="divide-y divide-line">
          {ordered.map((s, index) => {
            const firstOfUser = index === 0 || ordered[index - 1]?.userId !== s.userId;
            const count = countByUser.get(s.userId) ?? 1;
            return (
              <tr key={s.id} data-testid="session-row" data-username={s.username}>
                <td className="px-4 py-2">
                  <span className="font-medium">{s.name}</span> <span className="text-fg-subtle">@{s.username}</span>
                </td>
                <td className="px-4 py-2 whitespace-nowrap">
                  <span className="font-mono text-xs">{s.label}</span> <Badge>{s.provider}</Badge>
                  {s.id === currentSessionId ? <Badge tone="brand" className="ml-1">this session</Badge> : null}
                </td>
                <td className="px-4 py-2 whitespace-nowrap">{when(s.createdAt)}</td>
                <td className="px-4 py-2 whitespace-nowrap">{when(s.lastSeenAt)}</td>
                <td className="px-4 py-2 whitespace-nowrap">{when(s.expiresAt)}</td>
                <td className="px-4 py-2 whitespace-nowrap">
                  {when(s.groupsCheckedAt)}
                  {s.groupsCheckError ? (
                    <Badge tone="amber" className="ml-1">
                      <span title={s.groupsCheckError}>re-check failing</span>
                    </Badge>
                  ) : null}
                </td>
                <td className="px-4 py-2">
                  <div className="flex flex-wrap justify-end gap-2">
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel="Confirm revoke"
                      ariaLabel={`Revoke session ${s.label} of @${s.username}`}
                      disabled={pending}
                      onConfirm={() => run(() => revokeSession({ sessionId: s.id }), (d) => (d.ended ? `Session ${s.label} of @${s.username} revoked.` : `Session ${s.label} had already ended.`))}
                    />
                    {firstOfUser && count > 1 ? (
                      <ConfirmButton
                        label={`Revoke all ${count}`}
                        confirmLabel={`Confirm: all ${count}`}
                        ariaLabel={`Revoke all sessions of @${s.username}`}
                        disabled={pending}
                        onConfirm={() => run(() => revokeUserSessions({ userId: s.userId }), (d) => `${d.ended} session(s) of @${s.username} revoked.`)}
                      />
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}

/** Sessions that ended in the last day: how and by whom. */
export function EndedSessionsTable({ sessions }: { sessions: UserSessionView[] }) {
  return (
    <Table label="Ended sessions" frame={false} data-testid="ended-sessions">
        <TableHead className="text-xs text-fg-subtle" cellClassName="px-4 py-2 font-medium" columns={["Person", "Session", "Signed in (UTC)", "Ended", "How"]} />
        <tbody className="divide-y divide-line">
          {sessions.map((s) => (
            <tr key={s.id} data-testid="ended-session-row" data-username={s.username}>
              <td className="px-4 py-2">
                <span className="font-medium">{s.name}</span> <span className="text-fg-subtle">@{s.username}</span>
              </td>
              <td className="px-4 py-2 font-mono text-xs">{s.label}</td>
              <td className="px-4 py-2 whitespace-nowrap">{when(s.createdAt)}</td>
              <td className="px-4 py-2 whitespace-nowrap">{when(s.revokedAt ?? s.expiresAt)}</td>
              <td className="px-4 py-2">
                {s.revokeReason ? `${reasonText[s.revokeReason] ?? s.revokeReason}${s.revokedBy && s.revokeReason === "admin" ? ` by @${s.revokedBy}` : ""}` : "reached its absolute lifetime"}
              </td>
            </tr>
          ))}
        </tbody>
    </Table>
  );
}
