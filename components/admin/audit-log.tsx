"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import type { AuditEventView } from "@/lib/platform/audit";
import type { AuditEventPage } from "@/lib/platform/list-audit-events";

/** An audit event as it crosses the wire from `/api/audit` or the admin page: the date is an ISO string. */
export type AuditRow = Omit<AuditEventView, "at"> & { at: string };

type Page = Omit<AuditEventPage, "events"> & { events: AuditRow[] };

async function fetchPage(cursor: string | null, action: string): Promise<Page> {
  const params = new URLSearchParams({ limit: "25" });
  if (cursor) params.set("cursor", cursor);
  if (action) params.set("action", action);
  const response = await fetch(`/api/audit?${params}`);
  const body = (await response.json()) as Page & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `The audit log could not be loaded (${response.status}).`);
  return body;
}

function summarise(value: unknown): string {
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

/** The append-only audit log, newest first, with a filter by action prefix and "load more". */
export function AuditLog({ initial }: { initial: Page }) {
  const [action, setAction] = useState("");
  const query = useInfiniteQuery({
    queryKey: ["audit", action],
    queryFn: ({ pageParam }) => fetchPage(pageParam, action),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...(action === "" ? { initialData: { pages: [initial], pageParams: [null] } } : {}),
  });
  const rows = query.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <div>
      <form role="search" className="mb-3 flex items-end gap-2" onSubmit={(e) => e.preventDefault()}>
        <Field label="Filter by action">
          {(control) => (
            <Input type="search" compact width="auto" className="w-56" value={action} onChange={(e) => setAction(e.target.value.trim())} placeholder="e.g. auth." {...control} />
          )}
        </Field>
      </form>
      {query.isError ? (
        <Alert tone="error" className="mb-3">
          {query.error.message}
        </Alert>
      ) : null}
      <Table label="Audit log, newest first" data-testid="audit-log">
        <TableHead className="border-b border-line text-xs text-fg-subtle uppercase" cellClassName="px-3 py-2" columns={["When", "Who", "Action", "Subject", "Change"]} />
        <tbody className="divide-y divide-line">
          {query.isPending ? (
            <tr>
              <td colSpan={5} className="px-3 py-6 text-center text-fg-subtle">Loading…</td>
            </tr>
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="px-3 py-6 text-center text-fg-subtle">No events match.</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                <td className="px-3 py-2 whitespace-nowrap text-fg-muted">
                  <time dateTime={row.at}>{new Date(row.at).toLocaleString()}</time>
                </td>
                <td className="px-3 py-2">{row.actorLabel}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.action}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {row.subjectType}:{row.subjectId.slice(0, 8)}
                </td>
                <td className="max-w-md truncate px-3 py-2 font-mono text-xs" title={summarise(row.after)}>
                  {summarise(row.before) ? `${summarise(row.before)} → ` : ""}
                  {summarise(row.after)}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
      {query.hasNextPage ? (
        <Button variant="secondary" className="mt-3" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? "Loading…" : "Load older events"}
        </Button>
      ) : null}
    </div>
  );
}
