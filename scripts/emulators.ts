// `npm run emulators`: the OIDC, GitHub and AWS emulators alone, with their URLs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulators } from "./lib/start-emulators";

const root = fileURLToPath(new URL("..", import.meta.url));

async function main(): Promise<void> {
  const { oidc, github, aws, close } = await startEmulators({
    stateDir: path.join(root, ".bulkhead"),
    appUrl: process.env.BULKHEAD_APP_URL ?? "http://localhost:3000",
    oidcPort: Number(process.env.BULKHEAD_OIDC_PORT ?? 4010),
    githubPort: Number(process.env.BULKHEAD_GITHUB_PORT ?? 4020),
    awsPort: Number(process.env.BULKHEAD_AWS_PORT ?? 4030),
    awsProvisionMs: Number(process.env.BULKHEAD_AWS_PROVISION_MS ?? 20_000),
    log: (line) => console.log(line),
  });
  console.log(`OIDC    ${oidc.url}  (issuer ${oidc.issuer})`);
  console.log(`GitHub  ${github.apiUrl}  (git ${github.gitUrl}, app id ${github.appId})`);
  console.log(`AWS     ${aws.url}  (Service Catalog, Organizations, EventBridge; control ${aws.url}/__emulator/state)`);
  for (const [key, value] of Object.entries(aws.clientEnv)) console.log(`          ${key}=${value}`);
  console.log("Ctrl-C to stop.");
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`emulators could not start: ${(error as Error).message}`);
  process.exit(1);
});
