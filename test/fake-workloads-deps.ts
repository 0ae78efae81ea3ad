// Test support (never imported by the app): the workloads domain's ports in memory, so use-case
// tests run without PostgreSQL or GitHub. The store keeps the audit trail as a list of actions.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import type {
  CatalogueModuleRecord,
  ConsumerRepoReader,
  ConsumptionRecord,
  RepoRef,
  WorkloadRecord,
  WorkloadMembershipRecord,
  WorkloadStore,
  WorkloadsDeps,
} from "@/lib/workloads";

export interface FakeRepo {
  defaultBranch?: string;
  sha?: string;
  files: Record<string, string>;
  /** Reading the repo fails with this error (e.g. the App lost access). */
  error?: AppError;
}

export interface FakeWorkloadsOptions {
  workloads?: Array<Partial<WorkloadRecord> & { slug: string }>;
  teams?: Array<{ slug: string; name: string; githubTeam?: string | null }>;
  modules?: CatalogueModuleRecord[];
  /** Consumer repos by `owner/repo`. */
  repos?: Record<string, FakeRepo>;
  /** Memberships by user id. */
  memberships?: Record<string, WorkloadMembershipRecord[]>;
  /** Names of the users in `memberships`, by user id (the id stands in for both when absent). */
  users?: Record<string, { name: string; username: string }>;
}

export function fakeWorkloadsDeps(options: FakeWorkloadsOptions = {}) {
  const teams = new Map((options.teams ?? []).map((t) => [t.slug, { id: randomUUID(), slug: t.slug, name: t.name, githubTeam: t.githubTeam ?? null }]));
  const teamOf = (slug: string) => {
    const team = teams.get(slug) ?? { id: randomUUID(), slug, name: `${slug} team`, githubTeam: null };
    teams.set(slug, team);
    return team;
  };
  const workloads: WorkloadRecord[] = (options.workloads ?? []).map((w) => ({
    id: w.id ?? randomUUID(),
    slug: w.slug,
    name: w.name ?? w.slug,
    description: w.description ?? "",
    consumerRepo: w.consumerRepo === undefined ? null : w.consumerRepo,
    team: w.team ?? (({ slug, name, githubTeam }) => ({ slug, name, githubTeam }))(teamOf(w.slug)),
  }));
  const consumptions: Array<ConsumptionRecord & { workloadId: string }> = [];
  const audit: string[] = [];
  const repos = options.repos ?? {};
  const reads: string[] = [];
  const memberships = new Map(Object.entries(options.memberships ?? {}).map(([id, list]) => [id, [...list]]));

  const store: WorkloadStore = {
    async findWorkload(slug) {
      return structuredClone(workloads.find((w) => w.slug === slug) ?? null);
    },
    async listWorkloads(slugs) {
      return structuredClone(workloads.filter((w) => slugs === "all" || slugs.includes(w.slug)).sort((a, b) => a.slug.localeCompare(b.slug)));
    },
    async findWorkloadByRepo(repo) {
      const wanted = `${repo.owner}/${repo.repo}`.toLowerCase();
      return structuredClone(workloads.find((w) => w.consumerRepo?.toLowerCase() === wanted) ?? null);
    },
    async listMemberships(userId) {
      return structuredClone(memberships.get(userId) ?? []);
    },
    async listLeads() {
      return [...memberships.entries()]
        .flatMap(([userId, list]) =>
          list.filter((m) => m.role === "lead").map((m) => ({ workloadSlug: m.workloadSlug, ...(options.users?.[userId] ?? { name: userId, username: userId }) })),
        )
        .sort((a, b) => a.workloadSlug.localeCompare(b.workloadSlug) || a.name.localeCompare(b.name));
    },
    async findTeam(slug) {
      const team = teams.get(slug);
      return team ? { id: team.id, slug: team.slug } : null;
    },
    async createWorkload(data, _actor, createOptions = {}) {
      if (workloads.some((w) => w.slug === data.slug)) throw new AppError("CONFLICT", `A workload "${data.slug}" already exists`);
      // As the database's unique index on lower(consumer_repo) does.
      if (workloads.some((w) => w.consumerRepo?.toLowerCase() === data.consumerRepo.toLowerCase())) {
        throw new AppError("CONFLICT", `${data.consumerRepo} already belongs to another workload`, { fieldErrors: [{ path: "consumerRepo", message: "Taken" }] });
      }
      const team = [...teams.values()].find((t) => t.id === data.teamId)!;
      const record: WorkloadRecord = { id: randomUUID(), slug: data.slug, name: data.name, description: data.description, consumerRepo: data.consumerRepo, team: { slug: team.slug, name: team.name, githubTeam: team.githubTeam } };
      workloads.push(record);
      audit.push("workload.create");
      if (createOptions.leadUserId) {
        memberships.set(createOptions.leadUserId, [...(memberships.get(createOptions.leadUserId) ?? []), { workloadSlug: data.slug, role: "lead", source: "manual" }]);
        audit.push("membership.grant");
      }
      return structuredClone(record);
    },
    async listCatalogueModules(wanted) {
      const keys = new Set(wanted.map((r) => `${r.owner}/${r.repo}`.toLowerCase()));
      return structuredClone((options.modules ?? []).filter((m) => keys.has(`${m.source.owner}/${m.source.repo}`.toLowerCase())));
    },
    async listConsumptions(workloadId) {
      return structuredClone(consumptions.filter((c) => c.workloadId === workloadId).sort((a, b) => a.unitPath.localeCompare(b.unitPath)));
    },
  };

  const repoOf = (repo: RepoRef): FakeRepo => {
    const found = repos[`${repo.owner}/${repo.repo}`];
    if (!found) throw new AppError("NOT_FOUND", `GitHub could not find ${repo.owner}/${repo.repo}`);
    if (found.error) throw found.error;
    return found;
  };
  const reader: ConsumerRepoReader = {
    async readHead(repo) {
      reads.push(`head ${repo.owner}/${repo.repo}`);
      const found = repoOf(repo);
      return { defaultBranch: found.defaultBranch ?? "main", sha: found.sha ?? "a".repeat(40) };
    },
    async listFiles(repo, { prefixes }) {
      const found = repoOf(repo);
      return Object.keys(found.files)
        .filter((path) => !prefixes || prefixes.some((p) => path.startsWith(p)))
        .sort();
    },
    async readFile(repo, { path }) {
      reads.push(`file ${repo.owner}/${repo.repo}:${path}`);
      return repoOf(repo).files[path] ?? null;
    },
  };

  const deps: WorkloadsDeps = { store, repos: reader };
  /** Puts a consumption row in place, as a merged scaffold PR would have recorded it. */
  const addConsumption = (row: Omit<ConsumptionRecord, "id"> & { workloadId: string }) => consumptions.push({ ...row, id: randomUUID() });
  return { deps, workloads, consumptions, audit, reads, memberships, addConsumption };
}

/** A Terragrunt unit file using `source`, with the given inputs written as HCL numbers or strings. */
export function unitFile(source: string, inputs: Record<string, string | number> = {}): string {
  const lines = Object.entries(inputs).map(([k, v]) => `  ${k} = ${typeof v === "number" ? v : JSON.stringify(v)}`);
  return `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "${source}"\n}\n\ninputs = {\n${lines.join("\n")}\n}\n`;
}
