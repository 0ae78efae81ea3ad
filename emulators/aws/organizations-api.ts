import { z } from "zod";
import type { Operation, OperationHandler } from "./aws-context.js";
import { invalidInput, organizationsError, type AwsError } from "./aws-error.js";
import type { AwsState, OrgAccount, OrgUnit, TagEntry } from "./aws-state.js";
import { paginateItems } from "./paginate-items.js";
import { parseInput, type InputProblem } from "./parse-input.js";

/**
 * Organizations pages hold 10 items unless MaxResults (1–20) says otherwise, so a client that ignores
 * NextToken misses accounts as soon as the estate grows, as it would on AWS ("the service might return
 * fewer results than the maximum even when there are more").
 */
export const ORGANIZATIONS_PAGE_SIZE = 10;
const MAX_TAGS_PER_RESOURCE = 50;

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

function toInputError(problem: InputProblem): AwsError {
  return invalidInput(problem.missing ? "INPUT_REQUIRED" : "INVALID_PATTERN", problem.message);
}

const maxResults = z.number().int().optional();
const listSchema = z.object({ NextToken: z.string().optional(), MaxResults: maxResults });

function pageSize(requested: number | undefined): number {
  if (requested === undefined) return ORGANIZATIONS_PAGE_SIZE;
  if (requested < 1) throw invalidInput("MIN_VALUE_EXCEEDED", "MaxResults must be at least 1.");
  if (requested > 20) throw invalidInput("MAX_VALUE_EXCEEDED", "MaxResults must be at most 20.");
  return requested;
}

function page<T>(items: readonly T[], input: { NextToken?: string; MaxResults?: number }, scope: string): { page: T[]; nextToken: string | undefined } {
  return paginateItems(items, {
    token: input.NextToken,
    pageSize: pageSize(input.MaxResults),
    scope,
    invalidToken: () => invalidInput("INVALID_NEXT_TOKEN", "The specified NextToken is not valid."),
  });
}

const seconds = (ms: number): number => ms / 1000;

function arnPrefix(state: AwsState): string {
  return `arn:aws:organizations::${state.organization.managementAccountId}`;
}

/** `o-…/r-…/ou-…/`: the path of a root or OU, as Organizations writes it. */
function pathOf(state: AwsState, parentId: string): string {
  const chain: string[] = [];
  let current: string | undefined = parentId;
  while (current) {
    chain.unshift(current);
    const id: string = current;
    current = state.ous.find((ou) => ou.id === id)?.parentId;
  }
  return `${state.organization.id}/${chain.join("/")}/`;
}

export function describeAccountShape(state: AwsState, account: OrgAccount): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: `${arnPrefix(state)}:account/${state.organization.id}/${account.id}`,
    Email: account.email,
    Name: account.name,
    // Status is being retired in favour of State; both are sent, as AWS does during the transition.
    Status: account.state === "CLOSED" ? "SUSPENDED" : account.state,
    State: account.state,
    Paths: [`${pathOf(state, account.parentId)}${account.id}/`],
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: seconds(account.joinedAt),
  };
}

function ouShape(state: AwsState, ou: OrgUnit): Record<string, unknown> {
  return { Id: ou.id, Arn: `${arnPrefix(state)}:ou/${state.organization.id}/${ou.id}`, Name: ou.name, Path: pathOf(state, ou.id) };
}

function findParent(state: AwsState, parentId: string): { type: "ROOT" | "ORGANIZATIONAL_UNIT" } | null {
  if (state.roots.some((root) => root.id === parentId)) return { type: "ROOT" };
  if (state.ous.some((ou) => ou.id === parentId)) return { type: "ORGANIZATIONAL_UNIT" };
  return null;
}

/** Tags live on accounts, OUs and roots; anything else is TargetNotFoundException. */
function requireTaggable(state: AwsState, resourceId: string): void {
  if (!ROOT_ID.test(resourceId) && !OU_ID.test(resourceId) && !ACCOUNT_ID.test(resourceId) && !/^p-[0-9a-z_]{8,128}$/.test(resourceId)) {
    throw invalidInput("INVALID_PATTERN_TARGET_ID", `You specified a target ID (${resourceId}) that does not match the required pattern.`);
  }
  const exists = state.accounts.some((a) => a.id === resourceId) || state.ous.some((ou) => ou.id === resourceId) || state.roots.some((root) => root.id === resourceId);
  if (!exists) throw organizationsError("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
}

const tagSchema = z.object({ Key: z.string(), Value: z.string() });

/** Validates tag keys and values the way Organizations does; used by TagResource and the drift control route. */
export function validateTags(tags: readonly TagEntry[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128) throw invalidInput(tag.Key.length < 1 ? "MIN_LENGTH_EXCEEDED" : "MAX_LENGTH_EXCEEDED", "A tag key must be 1 to 128 characters long.");
    if (tag.Value.length > 256) throw invalidInput("MAX_LENGTH_EXCEEDED", "A tag value must be at most 256 characters long.");
    if (tag.Key.toLowerCase().startsWith("aws:")) throw invalidInput("INVALID_SYSTEM_TAGS_PARAMETER", "You can't add, edit or delete tags whose key begins with aws:.");
    if (seen.has(tag.Key)) throw invalidInput("DUPLICATE_TAG_KEY", `Tag key ${tag.Key} appears more than once in the request.`);
    seen.add(tag.Key);
  }
}

/** Sets tags in place: an existing key keeps its position and takes the new value, a new key goes last. */
export function upsertTags(state: AwsState, resourceId: string, tags: readonly TagEntry[]): void {
  const current = [...(state.tags[resourceId] ?? [])];
  for (const tag of tags) {
    const existing = current.find((entry) => entry.Key === tag.Key);
    if (existing) existing.Value = tag.Value;
    else current.push({ Key: tag.Key, Value: tag.Value });
  }
  if (current.length > MAX_TAGS_PER_RESOURCE) {
    throw organizationsError("ConstraintViolationException", `You can't attach more than ${MAX_TAGS_PER_RESOURCE} tags to a resource.`, { Reason: "MAX_TAG_LIMIT_EXCEEDED" });
  }
  state.tags[resourceId] = current;
}

export function removeTags(state: AwsState, resourceId: string, keys: readonly string[]): void {
  const drop = new Set(keys);
  state.tags[resourceId] = (state.tags[resourceId] ?? []).filter((tag) => !drop.has(tag.Key));
}

const listRoots: OperationHandler = (ctx, input) => {
  const request = parseInput(listSchema, input, toInputError);
  const state = ctx.store.data;
  const result = page(state.roots, request, "ListRoots");
  return {
    Roots: result.page.map((root) => ({
      Id: root.id,
      Arn: `${arnPrefix(state)}:root/${state.organization.id}/${root.id}`,
      Name: root.name,
      PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
    })),
    NextToken: result.nextToken,
  };
};

const listOrganizationalUnitsForParent: OperationHandler = (ctx, input) => {
  const request = parseInput(listSchema.extend({ ParentId: z.string() }), input, toInputError);
  const state = ctx.store.data;
  if (!ROOT_ID.test(request.ParentId) && !OU_ID.test(request.ParentId)) throw invalidInput("INVALID_PATTERN", `ParentId ${request.ParentId} is not a valid root or OU id.`);
  if (!findParent(state, request.ParentId)) throw organizationsError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  const result = page(
    state.ous.filter((ou) => ou.parentId === request.ParentId),
    request,
    `ListOrganizationalUnitsForParent:${request.ParentId}`,
  );
  return { OrganizationalUnits: result.page.map((ou) => ouShape(state, ou)), NextToken: result.nextToken };
};

const listAccounts: OperationHandler = (ctx, input) => {
  const request = parseInput(listSchema, input, toInputError);
  const state = ctx.store.data;
  const result = page(state.accounts, request, "ListAccounts");
  return { Accounts: result.page.map((account) => describeAccountShape(state, account)), NextToken: result.nextToken };
};

const listParents: OperationHandler = (ctx, input) => {
  const request = parseInput(listSchema.extend({ ChildId: z.string() }), input, toInputError);
  const state = ctx.store.data;
  if (!ACCOUNT_ID.test(request.ChildId) && !OU_ID.test(request.ChildId)) throw invalidInput("INVALID_PATTERN", `ChildId ${request.ChildId} is not a valid account or OU id.`);
  const parentId = state.accounts.find((account) => account.id === request.ChildId)?.parentId ?? state.ous.find((ou) => ou.id === request.ChildId)?.parentId;
  if (!parentId) throw organizationsError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
  const result = page([parentId], request, `ListParents:${request.ChildId}`);
  return { Parents: result.page.map((id) => ({ Id: id, Type: findParent(state, id)?.type ?? "ROOT" })), NextToken: result.nextToken };
};

const describeAccount: OperationHandler = (ctx, input) => {
  const request = parseInput(z.object({ AccountId: z.string() }), input, toInputError);
  if (!ACCOUNT_ID.test(request.AccountId)) throw invalidInput("INVALID_PATTERN", `AccountId ${request.AccountId} must be 12 digits.`);
  const state = ctx.store.data;
  const account = state.accounts.find((candidate) => candidate.id === request.AccountId);
  if (!account) throw organizationsError("AccountNotFoundException", "You specified an account that doesn't exist.");
  return { Account: describeAccountShape(state, account) };
};

const tagResource: OperationHandler = (ctx, input) => {
  const request = parseInput(z.object({ ResourceId: z.string(), Tags: z.array(tagSchema) }), input, toInputError);
  const state = ctx.store.data;
  requireTaggable(state, request.ResourceId);
  validateTags(request.Tags);
  upsertTags(state, request.ResourceId, request.Tags);
  return {};
};

const untagResource: OperationHandler = (ctx, input) => {
  const request = parseInput(z.object({ ResourceId: z.string(), TagKeys: z.array(z.string()) }), input, toInputError);
  const state = ctx.store.data;
  requireTaggable(state, request.ResourceId);
  removeTags(state, request.ResourceId, request.TagKeys);
  return {};
};

const listTagsForResource: OperationHandler = (ctx, input) => {
  const request = parseInput(z.object({ ResourceId: z.string(), NextToken: z.string().optional() }), input, toInputError);
  const state = ctx.store.data;
  requireTaggable(state, request.ResourceId);
  const result = page(state.tags[request.ResourceId] ?? [], { NextToken: request.NextToken }, `ListTagsForResource:${request.ResourceId}`);
  return { Tags: result.page, NextToken: result.nextToken };
};

/** `AWSOrganizationsV20161128.<Operation>`. */
export const organizationsOperations: Record<string, Operation> = {
  ListRoots: { handle: listRoots, mutates: false },
  ListOrganizationalUnitsForParent: { handle: listOrganizationalUnitsForParent, mutates: false },
  ListAccounts: { handle: listAccounts, mutates: false },
  ListParents: { handle: listParents, mutates: false },
  DescribeAccount: { handle: describeAccount, mutates: false },
  TagResource: { handle: tagResource, mutates: true },
  UntagResource: { handle: untagResource, mutates: true },
  ListTagsForResource: { handle: listTagsForResource, mutates: false },
};
