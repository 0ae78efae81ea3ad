import type { AccountView } from "@/lib/vending/vending-views";
import { AccountStatusBadge } from "./vending-badges";

/**
 * The accounts of a set, one card each (readable at phone width): name, email, OU, tags, and
 * (with `progress`, once the set is decided) the status, the account ID and, on failure, what
 * went wrong in plain words.
 */
export function SetAccounts({ accounts, retry, progress = true }: { accounts: AccountView[]; retry?: (accountId: string) => React.ReactNode; progress?: boolean }) {
  return (
    <ul className="grid gap-3 md:grid-cols-3" aria-label="Accounts">
      {accounts.map((account) => (
        <li key={account.id} className="rounded-md border border-line p-3 text-sm" data-testid={`account-${account.env}`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-semibold uppercase tracking-wide">{account.env}</h3>
            {progress ? <AccountStatusBadge status={account.status} /> : null}
          </div>
          <dl className="mt-2 space-y-1">
            <div>
              <dt className="text-xs text-fg-subtle">Account</dt>
              <dd className="font-mono text-xs break-all">{account.accountName}</dd>
            </div>
            {progress ? (
              <div>
                <dt className="text-xs text-fg-subtle">Account ID</dt>
                <dd className="font-mono text-xs" data-testid={`account-id-${account.env}`}>
                  {account.accountId ?? "not known yet"}
                </dd>
              </div>
            ) : null}
            <div>
              <dt className="text-xs text-fg-subtle">Root email</dt>
              <dd className="text-xs break-all">{account.accountEmail}</dd>
            </div>
            <div>
              <dt className="text-xs text-fg-subtle">OU</dt>
              <dd className="text-xs break-all">{account.ou.label}</dd>
            </div>
            <div>
              <dt className="text-xs text-fg-subtle">SSO user</dt>
              <dd className="text-xs break-all">
                {account.sso.firstName} {account.sso.lastName} ({account.sso.email})
              </dd>
            </div>
            <div>
              <dt className="text-xs text-fg-subtle">Tags</dt>
              <dd>
                <ul className="flex flex-wrap gap-1">
                  {Object.entries(account.tags).map(([key, value]) => (
                    <li key={key} className="rounded bg-tint px-1.5 py-0.5 font-mono text-[11px]">
                      {key}={value}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            {account.attempt > 1 ? (
              <div>
                <dt className="text-xs text-fg-subtle">Attempt</dt>
                <dd className="text-xs">{account.attempt}</dd>
              </div>
            ) : null}
          </dl>
          {account.lastError ? (
            <p className={account.status === "failed" ? "mt-2 text-sm text-danger" : "mt-2 text-xs text-warning"} data-testid={`account-error-${account.env}`}>
              {account.status === "failed" ? "Failed: " : "Waiting: "}
              {account.lastError}
            </p>
          ) : null}
          {account.recordErrors.length > 0 && account.status === "failed" ? (
            <details className="mt-1 text-xs">
              <summary className="cursor-pointer">Account Factory&apos;s record errors</summary>
              <ul className="mt-1 list-disc pl-4">
                {account.recordErrors.map((error, i) => (
                  <li key={i}>
                    <span className="font-mono">{error.code}</span>: {error.description}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {retry && account.status === "failed" ? <div className="mt-2">{retry(account.id)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
