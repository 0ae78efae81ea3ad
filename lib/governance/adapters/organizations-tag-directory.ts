import "server-only";
import { ListTagsForResourceCommand, OrganizationsClient, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-organizations";
import { toAwsOperationError, type TagMap } from "@/lib/vending";
import type { TagDirectory } from "../ports";

/*
 * Governance's tags in AWS Organizations: ListTagsForResource (every page), TagResource and
 * UntagResource, each with an overall deadline, every failure an `AwsOperationError` (vending's
 * classification: throttling, 5xx and timeouts are retryable). Endpoint, region and credentials
 * come from the SDK's standard chain (AWS_ENDPOINT_URL_ORGANIZATIONS points it at the emulator).
 */

const MAX_PAGES = 100;

export interface OrganizationsTagDirectoryOptions {
  client?: OrganizationsClient;
  /** Overall deadline per call, the SDK's own retries included. */
  callTimeoutMs?: number;
}

/** The SDK client as governance uses it: per-attempt timeouts that throw, three attempts. */
export function createGovernanceOrganizationsClient(): OrganizationsClient {
  return new OrganizationsClient({
    maxAttempts: 3,
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
  });
}

export function createOrganizationsTagDirectory(options: OrganizationsTagDirectoryOptions = {}): TagDirectory {
  const client = options.client ?? createGovernanceOrganizationsClient();
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  async function call<T>(operation: string, send: (o: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    try {
      return await send({ abortSignal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw toAwsOperationError(error, { service: "organizations", operation });
    }
  }
  return {
    async listTags(accountId) {
      const tags: TagMap = {};
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await call("ListTagsForResource", (o) => client.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken: nextToken }), o));
        for (const tag of out.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
        nextToken = out.NextToken;
        if (!nextToken) break;
      }
      return tags;
    },
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
