// `npm run emulators`: the GitHub and OIDC emulators alone, with their URLs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startGithubEmulator } from "../emulators/github/server";
import { startOidcEmulator } from "../emulators/oidc/server";
import { ensureGithubSeed } from "./lib/seed-github";

const root = fileURLToPath(new URL("..", import.meta.url));

async function main(): Promise<void> {
  const appUrl = process.env.BULKHEAD_APP_URL ?? "http://localhost:3000";
  const oidc = await startOidcEmulator({ port: Number(process.env.BULKHEAD_OIDC_PORT ?? 4010), allowAnyLocalhostRedirect: true });
  const stateDir = path.join(root, ".bulkhead", "github");
  await ensureGithubSeed(stateDir);
  const github = await startGithubEmulator({
    port: Number(process.env.BULKHEAD_GITHUB_PORT ?? 4020),
    stateDir,
    webhookUrl: `${appUrl}/api/github/webhooks`,
  });
  console.log(`OIDC    ${oidc.url}  (issuer ${oidc.issuer})`);
  console.log(`GitHub  ${github.apiUrl}  (git ${github.gitUrl}, app id ${github.appId})`);
  console.log("Ctrl-C to stop.");
  const stop = async () => {
    await Promise.allSettled([oidc.close(), github.close()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`emulators could not start: ${(error as Error).message}`);
  process.exit(1);
});
