import { existsSync } from "node:fs";
import { join } from "node:path";
import { DIRECTORY_FILE, writeOwnerDirectory } from "../directory-store";
import { buildMonorepoCommits, buildSingleModuleCommits, type SeedClock } from "./build-module-repos";
import { buildConsumerCommits, consumerRepos } from "./consumers/consumer-repos";
import type { ModuleCategory, ModuleDefinition } from "./module-definition";
import { buildDemoDirectory } from "./demo-directory";
import { monorepoModules, singleModuleRepos } from "./modules/catalogue";
import { vendingRepoPlans } from "./vending/vending-repos";
import { writeBareRepo, type SeedCommit } from "./write-bare-repo";
import { readRepoSettings, writeRepoSettings } from "../git-store";

export type { ModuleCategory } from "./module-definition";

export interface SeedGithubReposOptions {
  /** Bare repos are written to `<reposDir>/<owner>/<repo>.git`. */
  reposDir: string;
  /** The GitHub org, `acme-platform` in the demo. */
  org: string;
  /**
   * The anchor of the seeded history: the newest commit is a few days before it. Defaults to a fixed
   * date so that the same seed always gives the same commit ids.
   */
  now?: Date;
}

export interface SeedGithubReposResult {
  /** Every repo the seed manages, as `<owner>/<repo>`, whether created now or already present. */
  repos: string[];
  /** The repos this call created; the others already existed and were left alone. */
  created: string[];
}

/** The anchor used when the caller gives none: fixed, so seeded commit ids are reproducible. */
export const defaultSeedAnchor = new Date("2026-11-20T00:00:00Z");

export const monorepoName = "iac-modules";

/**
 * Seeds the demo org as real bare git repos: the module monorepo, two repo-per-module sources and the
 * workloads' Terragrunt consumer repos, plus the org's members and teams (`<org>/directory.json`).
 * A repo whose bare directory exists, or a directory file that exists, is left alone, so this is safe
 * to call on every emulator start.
 */
export async function seedGithubRepos(options: SeedGithubReposOptions): Promise<SeedGithubReposResult> {
  const { reposDir, org } = options;
  const clock = createSeedClock(options.now ?? defaultSeedAnchor);
  const plans: Array<{ repo: string; description: string; isTemplate?: boolean; build: () => Promise<SeedCommit[]> }> = [
    {
      repo: monorepoName,
      description: "Terraform modules kept by the platform team, one folder per module, tagged <module>/vX.Y.Z.",
      build: () => buildMonorepoCommits({ org, repo: monorepoName, modules: monorepoModules, clock }),
    },
    ...singleModuleRepos.map((source) => ({
      repo: source.repo,
      description: source.module.description,
      build: () =>
        buildSingleModuleCommits({
          org,
          repo: source.repo,
          module: source.module,
          clock,
          tagPrefix: source.tagPrefix,
          codeOwners: { path: source.codeOwners.path, owners: [`@${org}/${source.codeOwners.team}`] },
        }),
    })),
    ...consumerRepos.map((consumer) => ({
      repo: consumer.repo,
      description: consumer.description,
      build: async () => buildConsumerCommits({ org, consumer, clock }),
    })),
    ...vendingRepoPlans.map((plan) => ({ repo: plan.repo, description: plan.description, isTemplate: plan.isTemplate, build: async () => plan.build(clock) })),
  ];
  const results = await Promise.all(
    plans.map(async (plan) => {
      const bareDir = join(reposDir, org, `${plan.repo}.git`);
      const { created } = await writeBareRepo({
        bareDir,
        description: plan.description,
        buildCommits: plan.build,
      });
      if (created && plan.isTemplate) await markTemplate(bareDir);
      return { name: `${org}/${plan.repo}`, created };
    }),
  );
  seedDemoDirectory({ reposDir, org });
  return { repos: results.map((r) => r.name), created: results.filter((r) => r.created).map((r) => r.name) };
}

async function markTemplate(bareDir: string): Promise<void> {
  await writeRepoSettings(bareDir, { ...(await readRepoSettings(bareDir)), isTemplate: true });
}

/**
 * Adds the provider repo and the consumer template that account vending writes to, when missing:
 * state dirs seeded before vending existed get them on their next start. True when one was created.
 */
export async function seedVendingRepos(options: { reposDir: string; org: string; now?: Date }): Promise<boolean> {
  const clock = createSeedClock(options.now ?? defaultSeedAnchor);
  let createdAny = false;
  for (const plan of vendingRepoPlans) {
    const bareDir = join(options.reposDir, options.org, `${plan.repo}.git`);
    const { created } = await writeBareRepo({ bareDir, description: plan.description, buildCommits: async () => plan.build(clock) });
    if (created && plan.isTemplate) await markTemplate(bareDir);
    createdAny ||= created;
  }
  return createdAny;
}

/**
 * Writes the demo org's members and teams unless the org already has a directory file; state dirs
 * seeded before teams existed get them on their next start.
 */
export function seedDemoDirectory(options: { reposDir: string; org: string }): boolean {
  const orgDir = join(options.reposDir, options.org);
  if (existsSync(join(orgDir, DIRECTORY_FILE))) return false;
  writeOwnerDirectory(orgDir, buildDemoDirectory({ monorepo: monorepoName }));
  return true;
}

/** Category per seeded module name, for the demo database seed's catalogue filters. */
export const moduleCatalogHints: Record<string, { category: ModuleCategory }> = Object.fromEntries(
  [...monorepoModules, ...singleModuleRepos.map((s) => s.module)].map((m: ModuleDefinition) => [
    m.name,
    { category: m.category },
  ]),
);

/** The module sources the seed creates, with their layout, for the demo database seed. */
export function listSeededModuleSources(org: string): Array<
  | { repo: string; layout: "monorepo"; modulesPath: string; tagPattern: string }
  | { repo: string; layout: "single"; moduleName: string; tagPattern: string }
> {
  return [
    { repo: `${org}/${monorepoName}`, layout: "monorepo", modulesPath: "modules", tagPattern: "<name>/vX.Y.Z" },
    ...singleModuleRepos.map((s) => ({
      repo: `${org}/${s.repo}`,
      layout: "single" as const,
      moduleName: s.module.name,
      tagPattern: `${s.tagPrefix}X.Y.Z`,
    })),
  ];
}

/** The workloads whose consumer repos the seed creates, for the demo database seed. */
export function listSeededWorkloads(org: string): Array<{ name: string; repo: string; team: string; regions: string[] }> {
  return consumerRepos.map((c) => ({ name: c.workload, repo: `${org}/${c.repo}`, team: c.team, regions: ["eu-west-1"] }));
}

function createSeedClock(anchor: Date): SeedClock {
  const midnight = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
  return { dayDate: (daysAgo) => new Date(midnight - daysAgo * 86_400_000 + 9 * 3_600_000) };
}
