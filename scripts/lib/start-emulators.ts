import path from "node:path";
import { startAwsEmulator, type AwsEmulator } from "../../emulators/aws/server";
import { startGithubEmulator, type GithubEmulator } from "../../emulators/github/server";
import { startOidcEmulator, type OidcEmulator } from "../../emulators/oidc/server";
import { ensureGithubSeed } from "./seed-github";

export interface Emulators {
  oidc: OidcEmulator;
  github: GithubEmulator;
  aws: AwsEmulator;
  close(): Promise<void>;
}

/**
 * The OIDC, GitHub and AWS emulators, with the GitHub demo org seeded on first start and its
 * webhooks pointed at the portal. Shared by `npm run dev`, `npm run emulators` and e2e.
 */
export async function startEmulators(options: {
  stateDir: string;
  appUrl: string;
  oidcPort: number;
  githubPort: number;
  awsPort: number;
  /** How long an Account Factory provision takes in the AWS emulator (dev ~20 s, e2e ~1.5 s). */
  awsProvisionMs: number;
  log?: (line: string) => void;
}): Promise<Emulators> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const oidc = await startOidcEmulator({ port: options.oidcPort, allowAnyLocalhostRedirect: true });
    started.push(oidc);
    const githubStateDir = path.join(options.stateDir, "github");
    if (await ensureGithubSeed(githubStateDir)) options.log?.("seeded the GitHub emulator's demo org");
    const github = await startGithubEmulator({
      port: options.githubPort,
      stateDir: githubStateDir,
      webhookUrl: `${options.appUrl}/api/github/webhooks`,
    });
    started.push(github);
    const aws = await startAwsEmulator({
      port: options.awsPort,
      stateDir: path.join(options.stateDir, "aws"),
      provisionMs: options.awsProvisionMs,
    });
    return {
      oidc,
      github,
      aws,
      close: async () => {
        await Promise.allSettled([aws.close(), github.close(), oidc.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((emulator) => emulator.close()));
    throw error;
  }
}
