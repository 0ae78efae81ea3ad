import type { DbTx } from "../lib/platform/create-prisma-client";

/** The demo org's module sources (the GitHub emulator's seed). */
export const demoCatalogueSources = [
  { owner: "acme-platform", repo: "iac-modules", layout: "monorepo", modulesDir: "modules" },
  { owner: "acme-platform", repo: "terraform-aws-eks-cluster", layout: "repo", modulesDir: "" },
  { owner: "acme-platform", repo: "terraform-aws-waf-acl", layout: "repo", modulesDir: "" },
] as const;

/**
 * Demo data for the dev and e2e stacks, like seed-demo-data.ts: configures the demo sources
 * if they are missing; existing rows (and an admin's changes to them) are left alone. The job
 * worker syncs never-synced sources on start. Returns the `owner/repo` of the sources it created.
 */
export async function seedCatalogueSources(db: DbTx): Promise<string[]> {
  const created: string[] = [];
  for (const source of demoCatalogueSources) {
    const existing = await db.moduleSource.findUnique({ where: { owner_repo: { owner: source.owner, repo: source.repo } }, select: { id: true } });
    if (existing) continue;
    await db.moduleSource.create({ data: { ...source } });
    created.push(`${source.owner}/${source.repo}`);
  }
  return created;
}
