import { readdir } from "node:fs/promises";
import path from "node:path";
import { seedDemoDirectory, seedGithubRepos, seedVendingRepos } from "../../emulators/github/seed/index";

async function hasRepos(reposDir: string): Promise<boolean> {
  try {
    return (await readdir(reposDir)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Seeds the GitHub emulator's demo org the first time; later starts keep what is on disk, only adding
 * the org's members and teams, and vending's provider and template repos, to state dirs seeded
 * before the emulator knew about them.
 */
export async function ensureGithubSeed(githubStateDir: string): Promise<boolean> {
  const reposDir = path.join(githubStateDir, "repos");
  if (await hasRepos(reposDir)) {
    seedDemoDirectory({ reposDir, org: "acme-platform" });
    // Repos added to the demo since this state dir was seeded.
    return seedVendingRepos({ reposDir, org: "acme-platform" });
  }
  await seedGithubRepos({ reposDir, org: "acme-platform" });
  return true;
}
