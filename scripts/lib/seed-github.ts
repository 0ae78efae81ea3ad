import { readdir } from "node:fs/promises";
import path from "node:path";
import { seedGithubRepos } from "../../emulators/github/seed/index";

async function hasRepos(reposDir: string): Promise<boolean> {
  try {
    return (await readdir(reposDir)).length > 0;
  } catch {
    return false;
  }
}

/** Seeds the GitHub emulator's demo org the first time; later starts keep what is on disk. */
export async function ensureGithubSeed(githubStateDir: string): Promise<boolean> {
  const reposDir = path.join(githubStateDir, "repos");
  if (await hasRepos(reposDir)) return false;
  await seedGithubRepos({ reposDir, org: "acme-platform" });
  return true;
}
