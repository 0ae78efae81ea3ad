import "server-only";
import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Account,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AppError } from "@/lib/errors/app-error";
import { callAws, isAwsOperationError } from "../core/aws-error";
import type { TagMap } from "../core/tag-policy";
import type { AccountState, OrganizationAccount, OrganizationAccountDetail, OrganizationalUnit, OrganizationsDirectory } from "../ports";
import { defaultAwsCallTimeoutMs } from "@/lib/platform/aws-client-config";

const MAX_PAGES = 1_000;
// Organizations allows a few requests per second per account; the SDK retries its throttling.
const DEFAULT_CONCURRENCY = 4;
const ACCOUNT_STATES: readonly AccountState[] = ["ACTIVE", "SUSPENDED", "PENDING_ACTIVATION", "PENDING_CLOSURE", "CLOSED"];

// Organizations' account shape becomes the domain's here and nowhere else. `Status` is being
// retired (2026-09) in favour of `State`; older answers only have `Status`.
function reshapeAccount(account: Account): OrganizationAccount {
  if (!account.Id) throw new AppError("UPSTREAM_FAILED", "Organizations listed an account without an id");
  const raw = account.State ?? account.Status;
  const state = (ACCOUNT_STATES as readonly string[]).includes(String(raw)) ? (raw as AccountState) : "ACTIVE";
  return {
    id: account.Id,
    name: account.Name ?? account.Id,
    email: account.Email ?? "",
    arn: account.Arn ?? "",
    state,
    joinedAt: account.JoinedTimestamp ?? null,
  };
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of results. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface OrganizationsDirectoryOptions {
  client: OrganizationsClient;
  /** Overall deadline per call, SDK retries included. */
  callTimeoutMs?: number;
  /** Accounts read in parallel by `listAccounts`. */
  concurrency?: number;
}

/** The Organizations directory over `@aws-sdk/client-organizations`. */
export function createOrganizationsDirectory({ client, callTimeoutMs, concurrency = DEFAULT_CONCURRENCY }: OrganizationsDirectoryOptions): OrganizationsDirectory {
  const call = <T>(operation: string, send: (options: { abortSignal: AbortSignal }) => Promise<T>) =>
    callAws({ service: "organizations", operation, timeoutMs: callTimeoutMs ?? defaultAwsCallTimeoutMs }, send);

  async function listTags(accountId: string): Promise<TagMap> {
    const tags: TagMap = {};
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await call("ListTagsForResource", (o) => client.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken: nextToken }), o));
      for (const tag of out.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
    return tags;
  }

  async function listAccountSummaries(): Promise<OrganizationAccount[]> {
    const accounts: OrganizationAccount[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await call("ListAccounts", (o) => client.send(new ListAccountsCommand({ NextToken: nextToken }), o));
      for (const account of out.Accounts ?? []) accounts.push(reshapeAccount(account));
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
    return accounts;
  }

  async function listParent(accountId: string): Promise<OrganizationAccountDetail["parent"]> {
    const out = await call("ListParents", (o) => client.send(new ListParentsCommand({ ChildId: accountId }), o));
    const parent = out.Parents?.[0];
    return parent?.Id && (parent.Type === "ROOT" || parent.Type === "ORGANIZATIONAL_UNIT") ? { id: parent.Id, type: parent.Type } : null;
  }

  return {
    async listOrganizationalUnits() {
      const roots: Array<{ id: string }> = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await call("ListRoots", (o) => client.send(new ListRootsCommand({ NextToken: nextToken }), o));
        for (const root of out.Roots ?? []) if (root.Id) roots.push({ id: root.Id });
        nextToken = out.NextToken;
        if (!nextToken) break;
      }
      const units: OrganizationalUnit[] = [];
      // Breadth first, so that parents come before their children in the result.
      let level: Array<{ id: string; path: string[] }> = roots.map((r) => ({ id: r.id, path: [] }));
      while (level.length > 0) {
        const children = await mapWithConcurrency(level, concurrency, async (parent) => {
          const found: OrganizationalUnit[] = [];
          let token: string | undefined;
          for (let page = 0; page < MAX_PAGES; page++) {
            const out = await call("ListOrganizationalUnitsForParent", (o) => client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent.id, NextToken: token }), o));
            for (const ou of out.OrganizationalUnits ?? []) {
              if (ou.Id) found.push({ id: ou.Id, name: ou.Name ?? ou.Id, parentId: parent.id, path: [...parent.path, ou.Name ?? ou.Id] });
            }
            token = out.NextToken;
            if (!token) break;
          }
          return found;
        });
        const next = children.flat();
        units.push(...next);
        level = next.map((ou) => ({ id: ou.id, path: ou.path }));
      }
      return units;
    },

    async listAccounts() {
      const accounts = await listAccountSummaries();
      return mapWithConcurrency(accounts, concurrency, async (account) => ({ ...account, parent: await listParent(account.id), tags: await listTags(account.id) }));
    },

    listAccountSummaries,

    async describeAccount(accountId) {
      try {
        const out = await call("DescribeAccount", (o) => client.send(new DescribeAccountCommand({ AccountId: accountId }), o));
        return out.Account ? reshapeAccount(out.Account) : null;
      } catch (error) {
        if (isAwsOperationError(error) && error.reason === "not_found") return null;
        throw error;
      }
    },

    listTags,

    async tagAccount(accountId, tags) {
      const entries = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      if (entries.length === 0) return;
      await call("TagResource", (o) => client.send(new TagResourceCommand({ ResourceId: accountId, Tags: entries }), o));
    },

    async untagAccount(accountId, keys) {
      if (keys.length === 0) return;
      await call("UntagResource", (o) => client.send(new UntagResourceCommand({ ResourceId: accountId, TagKeys: keys }), o));
    },
  };
}
