import type { AuditActor } from "@/lib/platform/audit";
import type { RoleRule } from "@/lib/platform/auth/role-mapping";
import type { RepoRef } from "@/lib/catalogue";

/*
 * What the workload use cases need from the outside world. Adapters in ./adapters implement
 * these on Prisma and the GitHub App; tests pass in-memory fakes.
 */

// One "owner/repo" type for every domain: the catalogue's, since module sources are repos too.
export type { RepoRef };

/**
 * Read access to a consumer repo through the GitHub App. What is read at a commit sha never
 * changes, so adapters may cache it by (repo, sha, path); the head is read every time.
 */
export interface ConsumerRepoReader {
  /**
   * The default branch and its head sha. Throws AppError NOT_FOUND when the repo does not
   * exist or the App cannot see it, which is also how registration checks visibility, and
   * AppError CONFLICT with `details.reason` "empty_repository" when nothing was pushed yet.
   */
  readHead(repo: RepoRef): Promise<{ defaultBranch: string; sha: string }>;
  /**
   * Every file path (blobs only) at `ref`, optionally only those under one of `prefixes`.
   * Throws UPSTREAM_FAILED when GitHub cuts the listing short (a partial list would make units
   * look deleted).
   */
  listFiles(repo: RepoRef, options: { ref: string; prefixes?: string[] }): Promise<string[]>;
  /** The file's text at `ref` (whatever its size), or null when there is no such file. */
  readFile(repo: RepoRef, options: { ref: string; path: string }): Promise<string | null>;
}

/** A membership of one person on one workload, with where it comes from. */
export interface WorkloadMembershipRecord {
  workloadSlug: string;
  role: "builder" | "lead";
  /** `idp`: derived from IdP groups at sign-in; `manual`: granted in the portal (and kept at sign-in). */
  source: "idp" | "manual";
}

/** A lead of a workload, as people looking for access see them. */
export interface WorkloadLeadRecord {
  workloadSlug: string;
  name: string;
  username: string;
}

export interface WorkloadRecord {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** `owner/repo`, or null while none is linked. */
  consumerRepo: string | null;
  team: { slug: string; name: string; githubTeam: string | null };
}

export interface NewWorkloadRecord {
  slug: string;
  name: string;
  description: string;
  teamId: string;
  consumerRepo: string;
}

/** What one unit of a consumer repo uses, as a merge or a scan records it. */
export interface ConsumptionInput {
  env: string;
  region: string;
  unitPath: string;
  /** Null for bring-your-own IaC: a source that is not a catalogue version. */
  moduleVersionId: string | null;
  source: string;
  ref: string | null;
  commitSha: string;
}

export interface ConsumptionRecord extends ConsumptionInput {
  id: string;
  recordedBy: "scaffold" | "scan";
  scaffoldRequestId: string | null;
  recordedAt: Date;
}

/** A module of the catalogue with the versions a unit's source may point at. */
export interface CatalogueModuleRecord {
  id: string;
  name: string;
  path: string;
  latestVersion: string | null;
  source: RepoRef;
  /** Newest first. */
  versions: Array<{ id: string; version: string; tag: string; status: "active" | "deprecated" | "vulnerable" | "withdrawn" }>;
}

/**
 * Persistence of workloads and what their units consume. Each method that changes state
 * records its audit event in the same transaction.
 */
export interface WorkloadStore {
  findWorkload(slug: string): Promise<WorkloadRecord | null>;
  /** By slug, ordered by slug. */
  listWorkloads(slugs: string[] | "all"): Promise<WorkloadRecord[]>;
  /** The workload whose consumer repo is `repo`, compared case-insensitively as GitHub does. */
  findWorkloadByRepo(repo: RepoRef): Promise<WorkloadRecord | null>;
  findTeam(slug: string): Promise<{ id: string; slug: string } | null>;
  /**
   * Creates a workload with its `workload.create` audit event and, with `leadUserId`, a manual
   * lead membership of that person with its `membership.grant` event, in one transaction.
   * CONFLICT when the slug is taken or the consumer repo belongs to another workload (the
   * database enforces both).
   */
  createWorkload(data: NewWorkloadRecord, actor: AuditActor, options?: { leadUserId?: string }): Promise<WorkloadRecord>;
  /** The person's builder and lead memberships, with their source. */
  listMemberships(userId: string): Promise<WorkloadMembershipRecord[]>;
  /** Every workload's leads (IdP or manual), by workload slug then name: whom to ask for access. */
  listLeads(): Promise<WorkloadLeadRecord[]>;

  /** Modules whose source repo is one of `repos` (case-insensitive), with their versions. */
  listCatalogueModules(repos: RepoRef[]): Promise<CatalogueModuleRecord[]>;

  listConsumptions(workloadId: string): Promise<ConsumptionRecord[]>;
}

/** Everything the workload use cases take; built by `getWorkloadsDeps()` in the app, by hand in tests. */
export interface WorkloadsDeps {
  store: WorkloadStore;
  repos: ConsumerRepoReader;
  /** The IdP group → role mapping (BULKHEAD_ROLE_MAPPING), to name the group that grants a role; the defaults when absent. */
  roleRules?: readonly RoleRule[];
}
