import Link from "next/link";
import { AccountSetList } from "@/components/vending/account-set-list";
import { AccountsTable } from "@/components/vending/accounts-table";
import { ImportAccountsButton } from "@/components/vending/import-accounts-button";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getVendingDeps, listAccountSets, listAccounts, listAccountsInputSchema } from "@/lib/vending/server";
import { getWorkloadsDeps, listWorkloads } from "@/lib/workloads";
import { importAccountsAction } from "./actions";

export const metadata = { title: "Accounts" };

type Search = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requirePageViewer();
  const params = await searchParams;
  const raw = { q: one(params.q), source: one(params.source), env: one(params.env), workload: one(params.workload), page: one(params.page) };
  const parsed = listAccountsInputSchema.safeParse(raw);
  const filters = parsed.success ? parsed.data : listAccountsInputSchema.parse({});
  const deps = getVendingDeps();
  const [accounts, requests, workloads] = await Promise.all([
    listAccounts(deps, viewer, filters),
    listAccountSets(deps, viewer, { pageSize: 10 }),
    listWorkloads(getWorkloadsDeps(), viewer),
  ]);
  const mayRequest = viewer.role === "admin" || viewer.workloads.some((w) => w.role === "lead");
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Every AWS account of the organization, vended here or imported from AWS Organizations, and the account set requests you can follow."
        actions={
          mayRequest ? (
            <Link href="/accounts/request" className={buttonClasses("primary")}>
              Request accounts
            </Link>
          ) : undefined
        }
      />
      <section aria-labelledby="requests-heading" className="mb-10">
        <h2 id="requests-heading" className="mb-3 text-lg font-semibold">
          Requests
        </h2>
        {requests.rows.length > 0 ? (
          <AccountSetList rows={requests.rows} />
        ) : (
          <EmptyState title="No account set requests yet">
            {mayRequest ? "Request a workload's dev, stage and prod accounts; a platform admin approves before Account Factory vends them." : "Team leads request account sets for their workloads here."}
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="accounts-heading">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="accounts-heading" className="text-lg font-semibold">
            All accounts
          </h2>
          {viewer.role === "admin" ? <ImportAccountsButton run={importAccountsAction} /> : null}
        </div>
        <AccountsTable
          list={accounts}
          filters={{ q: filters.q, source: filters.source, env: filters.env, workload: filters.workload }}
          workloads={workloads.map((w) => w.slug)}
        />
      </section>
    </>
  );
}
