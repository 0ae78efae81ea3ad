// Test and benchmark support (never imported by the app): puts module versions from a bare
// repo of the GitHub emulator into the catalogue tables, with docs extracted at each tag, so
// scaffold and workload tests run on real module variables without depending on the catalogue sync.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { extractModuleDocs } from "@/lib/catalogue/core/extract-module-docs";
import type { Db } from "@/lib/platform/create-prisma-client";
import type { Prisma } from "@/lib/generated/prisma/client";

const run = promisify(execFile);

async function git(repoDir: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", ["-C", repoDir, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface SeedCatalogueFixtureOptions {
  db: Db;
  /** `<stateDir>/repos/<owner>/<repo>.git` */
  repoDir: string;
  owner: string;
  repo: string;
  /** Monorepo modules: name → versions, tags `<name>/v<version>` under `modules/<name>`. */
  modules: Record<string, string[]>;
}

/** Upserts source, modules and versions; returns version ids keyed `<module>@<version>`. */
export async function seedCatalogueFixture(options: SeedCatalogueFixtureOptions): Promise<Record<string, string>> {
  const { db } = options;
  const source = await db.moduleSource.upsert({
    where: { owner_repo: { owner: options.owner, repo: options.repo } },
    create: { owner: options.owner, repo: options.repo, layout: "monorepo" },
    update: {},
  });
  const ids: Record<string, string> = {};
  for (const [name, versions] of Object.entries(options.modules)) {
    const path = `modules/${name}`;
    const latest = versions.at(-1) ?? null;
    const catalogueModule = await db.module.upsert({
      where: { sourceId_name: { sourceId: source.id, name } },
      create: { sourceId: source.id, name, path, latestVersion: latest },
      update: { latestVersion: latest },
    });
    for (const version of versions) {
      const tag = `${name}/v${version}`;
      const commitSha = (await git(options.repoDir, ["rev-parse", `${tag}^{commit}`])).trim();
      const paths = (await git(options.repoDir, ["ls-tree", "-r", "--name-only", tag, "--", path])).split("\n").filter(Boolean);
      const files = await Promise.all(paths.map(async (p) => ({ path: p.slice(path.length + 1), content: await git(options.repoDir, ["show", `${tag}:${p}`]) })));
      const docs = await extractModuleDocs({ files, version });
      const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
      const row = await db.moduleVersion.upsert({
        where: { moduleId_version: { moduleId: catalogueModule.id, version } },
        create: { moduleId: catalogueModule.id, version, tag, commitSha, major, minor, patch, docs: docs as unknown as Prisma.InputJsonValue },
        update: { docs: docs as unknown as Prisma.InputJsonValue },
      });
      ids[`${name}@${version}`] = row.id;
    }
  }
  return ids;
}
