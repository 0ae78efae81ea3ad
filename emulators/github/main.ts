import { readdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startGithubEmulator } from "./server.js";
import { closeOnSignal } from "../close-on-signal.js";

// CLI: npx tsx emulators/github/main.ts --port 4020 --state-dir .bulkhead/github [--seed] [--webhook-url URL]

async function hasRepos(reposDir: string): Promise<boolean> {
  try {
    for (const owner of await readdir(reposDir)) {
      if ((await readdir(path.join(reposDir, owner))).some((entry) => entry.endsWith(".git"))) return true;
    }
  } catch {
    // no repos dir yet
  }
  return false;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4020" },
      host: { type: "string", default: "127.0.0.1" },
      "state-dir": { type: "string", default: ".bulkhead/github" },
      seed: { type: "boolean", default: false },
      "webhook-url": { type: "string" },
      org: { type: "string", default: "acme-platform" },
      "app-id": { type: "string", default: "1" },
    },
  });
  const stateDir = path.resolve(values["state-dir"]);
  const reposDir = path.join(stateDir, "repos");
  const org = values.org;
  if (values.seed) {
    const started = Date.now();
    const { seedDemoDirectory, seedGithubRepos } = await import("./seed/index.js");
    if (!(await hasRepos(reposDir))) {
      await seedGithubRepos({ reposDir, org });
      console.log(`[github-emulator] seeded ${reposDir} in ${Date.now() - started} ms`);
    } else if (seedDemoDirectory({ reposDir, org })) {
      console.log(`[github-emulator] seeded the members and teams of ${org}`);
    }
  }
  const emulator = await startGithubEmulator({
    port: Number(values.port),
    host: values.host,
    stateDir,
    org,
    appId: Number(values["app-id"]),
    webhookUrl: values["webhook-url"] ?? process.env.GITHUB_EMULATOR_WEBHOOK_URL,
    webhookSecret: process.env.GITHUB_WEBHOOK_SECRET,
  });
  console.log(`[github-emulator] listening on ${emulator.url}`);
  console.log(`[github-emulator]   api:   ${emulator.apiUrl}`);
  console.log(`[github-emulator]   git:   ${emulator.gitUrl}/<owner>/<repo>.git`);
  console.log(`[github-emulator]   app:   id ${emulator.appId}, key ${path.join(stateDir, "app-private-key.pem")}`);
  console.log(`[github-emulator]   control: ${emulator.url}/__emulator/health`);
  closeOnSignal(emulator, { label: "[github-emulator]" });
}

main().catch((error: unknown) => {
  console.error("[github-emulator] failed to start:", error);
  process.exit(1);
});
