import { AppError } from "@/lib/errors/app-error";
import { escapeMarkdownText, markdownInlineCode, markdownLink } from "@/lib/markdown";
import type { VendingEnv } from "./environments";
import type { OuRef } from "./organizational-unit";
import type { TagMap } from "./tag-policy";

/*
 * Titles, bodies, branches and labels of the two pull requests a vended set opens: one in the
 * provider repo (registering the accounts for the baselines) and one in the workload's consumer
 * repo (one folder per account). Every value reaches Markdown through lib/markdown: free text
 * (workload, people and OU names) escaped, identifiers as code spans, links only to http(s) URLs
 * or portal paths.
 */

export interface VendedAccountSummary {
  env: VendingEnv;
  accountName: string;
  accountId: string;
  ou: OuRef;
  tags: TagMap;
}

export interface VendingPullRequestInput {
  requestId: string;
  workload: { slug: string; name: string };
  requestedBy: string;
  approvedBy: string | null;
  /** Link back to the request in the portal; dropped unless it is an http(s) URL or a path. */
  requestUrl: string;
  accounts: VendedAccountSummary[];
}

export interface PullRequestText {
  branch: string;
  title: string;
  body: string;
  commitMessage: string;
  labels: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertRequestId(id: string): void {
  if (!UUID.test(id)) throw new AppError("INVALID_INPUT", `"${id}" is not a request id`);
}

/** The branch both pull requests of a set use (each in its own repo). */
export function vendingBranchName(requestId: string): string {
  assertRequestId(requestId);
  return `bulkhead/accounts-${requestId}`;
}

const envList = (accounts: VendedAccountSummary[]) => accounts.map((a) => a.env).join(", ");

function footer(input: VendingPullRequestInput): string[] {
  const approved = input.approvedBy ? `, approved by ${escapeMarkdownText(input.approvedBy)}` : "";
  return [
    "",
    `Requested by ${escapeMarkdownText(input.requestedBy)}${approved}.`,
    `Account set request: ${markdownLink(input.requestId, input.requestUrl)}`,
    "",
    "_Opened by Bulkhead. Re-running the request never opens a second pull request._",
  ];
}

/** The provider-repo pull request: `accounts/<name>/account.hcl` for each account of the set. */
export function renderProviderPullRequest(input: VendingPullRequestInput): PullRequestText {
  const branch = vendingBranchName(input.requestId);
  const workload = escapeMarkdownText(input.workload.name);
  const rows = input.accounts.map(
    (a) => `| ${a.env} | ${markdownInlineCode(a.accountName)} | ${markdownInlineCode(a.accountId)} | ${escapeMarkdownText(a.ou.name)} (${markdownInlineCode(a.ou.id)}) | ${markdownInlineCode(`accounts/${a.accountName}/account.hcl`)} |`,
  );
  const title = `Register the ${envList(input.accounts)} accounts of ${input.workload.slug}`;
  return {
    branch,
    title,
    commitMessage: `${title}\n\nAccount set request ${input.requestId}, vended through Account Factory by Bulkhead.`,
    labels: ["bulkhead", "account-vending"],
    body: [
      `Registers the accounts Account Factory vended for **${workload}** (${markdownInlineCode(input.workload.slug)}), so that the provider pipeline applies the baselines (reference VPC, AWS Config, security baseline, mandatory tags) to each.`,
      "",
      "| Environment | Account | Id | OU | File |",
      "|---|---|---|---|---|",
      ...rows,
      ...footer(input),
    ].join("\n"),
  };
}

/** The consumer-repo pull request: `<env>/account.hcl` for each account of the set. */
export function renderConsumerPullRequest(input: VendingPullRequestInput): PullRequestText {
  const branch = vendingBranchName(input.requestId);
  const rows = input.accounts.map((a) => `| ${a.env} | ${markdownInlineCode(a.accountName)} | ${markdownInlineCode(a.accountId)} | ${markdownInlineCode(`${a.env}/account.hcl`)} |`);
  const title = `Add the ${envList(input.accounts)} account folders`;
  return {
    branch,
    title,
    commitMessage: `${title}\n\nAccount set request ${input.requestId}, vended by Bulkhead.`,
    labels: ["bulkhead", "account-vending"],
    body: [
      `Adds one folder per new AWS account of **${escapeMarkdownText(input.workload.name)}**, with the \`account.hcl\` that \`root.hcl\` and the units read.`,
      "",
      "| Environment | Account | Id | File |",
      "|---|---|---|---|",
      ...rows,
      ...footer(input),
    ].join("\n"),
  };
}
