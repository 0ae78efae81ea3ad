"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
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
        <label className="text-sm">
          <span className="block text-zinc-600 dark:text-zinc-400">Filter by action</span>
          <input
            type="search"
            value={action}
            onChange={(e) => setAction(e.target.value.trim())}
            placeholder="e.g. auth."
            className="mt-1 w-56 rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
      </form>
      {query.isError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-200">
          {query.error.message}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm" data-testid="audit-log">
          <caption className="sr-only">Audit log, newest first</caption>
          <TableHead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800" cellClassName="px-3 py-2" columns={["When", "Who", "Action", "Subject", "Change"]} />
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {query.isPending ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-zinc-500">Loading…</td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-zinc-500">No events match.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-3 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
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
        </table>
      </div>
      {query.hasNextPage ? (
        <Button variant="secondary" className="mt-3" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? "Loading…" : "Load older events"}
        </Button>
      ) : null}
    </div>
  );
}
