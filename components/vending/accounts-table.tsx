import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DetailItem } from "@/components/ui/detail-item";
import { buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import type { AccountListView } from "@/lib/vending/vending-views";
import { formatDateTime } from "@/lib/platform/format-date-time";

export interface AccountFilters {
  q?: string;
  source?: string;
  env?: string;
  workload?: string;
}

const cell = "px-3 py-2 text-left align-top";

/** Query string of a page of accounts with the current filters. */
export function accountsHref(filters: AccountFilters, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/accounts?${query}#accounts-heading` : "/accounts#accounts-heading";
}

/**
 * The estate's accounts with a search and filters that work without JavaScript (a GET form),
 * and page links: real estates have hundreds of accounts.
 */
export function AccountsTable({ list, filters, workloads }: { list: AccountListView; filters: AccountFilters; workloads: string[] }) {
  return (
    <div className="space-y-4">
      <form method="get" action="/accounts" role="search" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-label="Filter accounts">
        <Field id="accounts-q" label="Search" className="sm:col-span-2">
          {(control) => <Input {...control} name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Name, email or account ID" />}
        </Field>
        <Field id="accounts-source" label="Source">
          {(control) => (
            <Select {...control} name="source" defaultValue={filters.source ?? ""}>
              <option value="">All</option>
              <option value="vended">Vended</option>
              <option value="imported">Imported</option>
            </Select>
          )}
        </Field>
        <Field id="accounts-env" label="Environment">
          {(control) => (
            <Select {...control} name="env" defaultValue={filters.env ?? ""}>
              <option value="">All</option>
              <option value="dev">dev</option>
              <option value="stage">stage</option>
              <option value="prod">prod</option>
              <option value="none">none</option>
            </Select>
          )}
        </Field>
        <Field id="accounts-workload" label="Workload">
          {(control) => (
            <Select {...control} name="workload" defaultValue={filters.workload ?? ""}>
              <option value="">All</option>
              <option value="none">No workload</option>
              {workloads.map((slug) => (
                <option key={slug} value={slug}>
                  {slug}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-5">
          <button type="submit" className={buttonClasses("primary")}>
            Apply
          </button>
          <Link href="/accounts#accounts-heading" className={buttonClasses("ghost")}>
            Clear
          </Link>
        </div>
      </form>
      <p className="text-sm text-fg-muted" aria-live="polite">
        {list.total === 0 ? "No accounts match." : `${list.total} account${list.total === 1 ? "" : "s"}${list.pages > 1 ? `, page ${list.page} of ${list.pages}` : ""}.`}
      </p>
      {list.rows.length > 0 ? (
        <>
          {/* Phones get one card per account; wider screens the table. */}
          <ul className="space-y-3 md:hidden" aria-label="Accounts" data-testid="account-cards">
            {list.rows.map((row) => (
              <li key={row.awsAccountId} className="rounded-lg border border-line bg-raised p-3 text-sm">
                <AccountName row={row} />
                <dl className="mt-2 grid grid-cols-2 gap-2">
                  <DetailItem term="Account ID" className="font-mono text-xs">
                    {row.awsAccountId}
                  </DetailItem>
                  <DetailItem term="Environment">{row.env ?? "none"}</DetailItem>
                  <DetailItem term="Workload">
                    <WorkloadLink slug={row.workload} />
                  </DetailItem>
                  <DetailItem term="Source">
                    <AccountSource row={row} />
                  </DetailItem>
                  <div className="col-span-2">
                    <dt className="text-fg-subtle">OU</dt>
                    <dd className="text-xs">{row.ou ? `${row.ou.name} (${row.ou.id})` : "root"}</dd>
                  </div>
                  <div className="col-span-2">
                    <dt className="text-fg-subtle">Tags</dt>
                    <dd>
                      <TagList tags={row.tags} />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <Table label="Accounts" className="min-w-[60rem] divide-y divide-line">
              <TableHead columns={["Account", "Account ID", "Workload", "Env", "OU", "Source", "Tags"]} cellClassName={`${cell} font-medium`} className="bg-sunken" />
              <tbody className="divide-y divide-line">
                {list.rows.map((row) => (
                  <tr key={row.awsAccountId} data-testid="account-row">
                    <td className={`${cell} min-w-52`}>
                      <AccountName row={row} />
                    </td>
                    <td className={`${cell} font-mono text-xs`}>{row.awsAccountId}</td>
                    <td className={cell}>
                      <WorkloadLink slug={row.workload} />
                    </td>
                    <td className={cell}>{row.env ?? <span className="text-fg-subtle">–</span>}</td>
                    <td className={`${cell} min-w-36 text-xs`}>{row.ou ? `${row.ou.name} (${row.ou.id})` : "root"}</td>
                    <td className={cell}>
                      <AccountSource row={row} />
                    </td>
                    <td className={`${cell} min-w-64 max-w-sm`}>
                      <TagList tags={row.tags} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </>
      ) : null}
      {list.pages > 1 ? (
        <nav aria-label="Account pages" className="flex flex-wrap items-center gap-2 text-sm">
          {list.page > 1 ? (
            <Link href={accountsHref(filters, list.page - 1)} className={buttonClasses("secondary")} rel="prev">
              Previous
            </Link>
          ) : null}
          <span>
            Page {list.page} of {list.pages}
          </span>
          {list.page < list.pages ? (
            <Link href={accountsHref(filters, list.page + 1)} className={buttonClasses("secondary")} rel="next">
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

type AccountRow = AccountListView["rows"][number];

function AccountName({ row }: { row: AccountRow }) {
  return (
    <>
      <Link prefetch={false} href={`/accounts/${row.awsAccountId}`} className="font-medium underline">
        {row.name}
      </Link>
      <div className="text-xs break-all text-fg-subtle">{row.email}</div>
      {row.state !== "ACTIVE" ? <Badge tone="amber">{row.state.toLowerCase()}</Badge> : null}
    </>
  );
}

function WorkloadLink({ slug }: { slug: string | null }) {
  return slug ? (
    <Link prefetch={false} href={`/workloads/${slug}`} className="underline">
      {slug}
    </Link>
  ) : (
    <span className="text-fg-subtle">none</span>
  );
}

function AccountSource({ row }: { row: AccountRow }) {
  return (
    <>
      <Badge tone={row.source === "vended" ? "brand" : "neutral"}>{row.source}</Badge>
      {row.lastSeenAt ? <div className="mt-1 text-xs text-fg-subtle">seen {formatDateTime(row.lastSeenAt)}</div> : null}
    </>
  );
}

function TagList({ tags }: { tags: Record<string, string> }) {
  return (
    <ul className="flex flex-wrap gap-1">
      {Object.entries(tags).map(([key, value]) => (
        <li key={key} className="rounded bg-tint px-1.5 py-0.5 font-mono text-xs">
          {key}={value}
        </li>
      ))}
    </ul>
  );
}
