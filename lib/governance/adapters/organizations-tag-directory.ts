import "server-only";
import { ListTagsForResourceCommand, OrganizationsClient, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-organizations";
import { buildAwsClientConfig, defaultAwsCallTimeoutMs } from "@/lib/platform/aws-client-config";
import { callAws, type TagMap } from "@/lib/vending";
import type { TagDirectory } from "../ports";

/*
 * Governance's tags in AWS Organizations: ListTagsForResource (every page), TagResource and
 * UntagResource. The client is built with the platform's shared AWS config (per-attempt timeouts
 * that throw, three attempts; endpoint, region and credentials from the SDK's standard chain, so
 * AWS_ENDPOINT_URL_ORGANIZATIONS points it at the emulator), and every call goes through vending's
 * `callAws`: an overall deadline, every failure an `AwsOperationError` (throttling, 5xx and
 * timeouts are retryable).
 */

const MAX_PAGES = 100;

export interface OrganizationsTagDirectoryOptions {
  client?: OrganizationsClient;
  /** Overall deadline per call, the SDK's own retries included. */
  callTimeoutMs?: number;
}

export function createOrganizationsTagDirectory(options: OrganizationsTagDirectoryOptions = {}): TagDirectory {
  const client = options.client ?? new OrganizationsClient(buildAwsClientConfig());
  const timeoutMs = options.callTimeoutMs ?? defaultAwsCallTimeoutMs;
  const call = <T>(operation: string, send: (o: { abortSignal: AbortSignal }) => Promise<T>) => callAws({ service: "organizations", operation, timeoutMs }, send);
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
