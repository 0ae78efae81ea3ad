import path from "node:path";
import { startGithubEmulator, type GithubEmulator } from "../../emulators/github/server";
import { startOidcEmulator, type OidcEmulator } from "../../emulators/oidc/server";
import { ensureGithubSeed } from "./seed-github";

export interface Emulators {
  oidc: OidcEmulator;
  github: GithubEmulator;
  close(): Promise<void>;
}

/**
 * The OIDC and GitHub emulators, with the GitHub demo org seeded on first start and its
 * webhooks pointed at the portal. Shared by `npm run dev`, `npm run emulators` and e2e.
 */
export async function startEmulators(options: {
  stateDir: string;
  appUrl: string;
  oidcPort: number;
  githubPort: number;
  log?: (line: string) => void;
}): Promise<Emulators> {
  const oidc = await startOidcEmulator({ port: options.oidcPort, allowAnyLocalhostRedirect: true });
  try {
    const githubStateDir = path.join(options.stateDir, "github");
    if (await ensureGithubSeed(githubStateDir)) options.log?.("seeded the GitHub emulator's demo org");
    const github = await startGithubEmulator({
      port: options.githubPort,
      stateDir: githubStateDir,
      webhookUrl: `${options.appUrl}/api/github/webhooks`,
    });
    return {
      oidc,
      github,
      close: async () => {
        await Promise.allSettled([github.close(), oidc.close()]);
      },
    };
  } catch (error) {
    await oidc.close();
    throw error;
  }
}
