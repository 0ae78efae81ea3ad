// The stack the estate's upgrade integration tests share: a GitHub emulator seeded with the demo
// org's repos, a receiver that verifies its signed webhooks and dispatches them to the scaffold
// and the estate as the webhook route does, and the two domains' deps on a test database.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startGithubEmulator, type GithubEmulator } from "../emulators/github/server";
import { seedGithubRepos } from "../emulators/github/seed/index";
import { createDisabledNoticeChannels } from "../lib/estate/adapters/disabled-notice-channels";
import { createPrismaEstateStore } from "../lib/estate/adapters/prisma-estate-store";
import { createWorkloadsRepoFiles } from "../lib/estate/adapters/workloads-repo-files";
import { handleEstateWebhook } from "../lib/estate/estate-webhooks";
import type { EstateDeps } from "../lib/estate/ports";
import type { Db } from "../lib/platform/create-prisma-client";
import { createGithubApp, getRepoOctokit } from "../lib/platform/github/github-app";
import { verifyWebhook } from "../lib/platform/github/verify-webhook";
import type { ScaffoldDeps } from "../lib/scaffold";
import { createGithubPullRequestPublisher } from "../lib/scaffold/adapters/github-pull-request-publisher";
import { createPrismaModuleVersionReader } from "../lib/scaffold/adapters/prisma-module-version-reader";
import { createPrismaScaffoldStore } from "../lib/scaffold/adapters/prisma-scaffold-store";
import { handlePullRequestWebhook } from "../lib/scaffold/handle-pull-request-webhook";
import { createGithubConsumerRepoReader } from "../lib/workloads/adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "../lib/workloads/adapters/prisma-workload-store";

const exec = promisify(execFile);
export const ORG = "acme-platform";

export interface EstateUpgradeStack {
  stateDir: string;
  emulator: GithubEmulator;
  scaffold: ScaffoldDeps;
  deps: EstateDeps;
  /** What each webhook delivery did: `scaffold: …`, `estate: …`, or `failed: …`. */
  handled: string[];
  /** A call to the emulator's control API; throws on an error answer. */
  control(route: string, init?: { method?: string }): Promise<unknown>;
  /** A file of payments-infra at a ref, read with git from the emulator's bare repo. */
  gitShow(ref: string, file: string): Promise<string>;
  close(): Promise<void>;
}

export async function startEstateUpgradeStack(db: Db, tmpPrefix: string): Promise<EstateUpgradeStack> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), tmpPrefix));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  const handled: string[] = [];
  // Filled in below, before the emulator can send a webhook.
  const started: { stack?: EstateUpgradeStack } = {};
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      // As the platform dispatches: each domain's handler for the event, in registration order.
      const stack = started.stack;
      if (!stack) return void res.writeHead(503).end();
      verifyWebhook({ secret: stack.emulator.webhookSecret, headers, rawBody: Buffer.concat(chunks).toString("utf8") })
        .then(async (event) => {
          if (event.name === "pull_request") handled.push(`scaffold: ${await handlePullRequestWebhook(stack.scaffold, event)}`);
          handled.push(`estate: ${await handleEstateWebhook(stack.deps, event)}`);
        })
        .then(
          () => res.writeHead(202).end(),
          (error: unknown) => {
            handled.push(`failed: ${String(error)}`);
            res.writeHead(500).end();
          },
        );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const emulator = await startGithubEmulator({ port: 0, stateDir, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks` });
  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(app, owner, repo);
  const reader = createGithubConsumerRepoReader({ getOctokit });
  const stack: EstateUpgradeStack = {
    stateDir,
    emulator,
    handled,
    scaffold: {
      store: createPrismaScaffoldStore(db),
      versions: createPrismaModuleVersionReader(db),
      workloads: { store: createPrismaWorkloadStore(db), repos: reader },
      publisher: createGithubPullRequestPublisher({ getOctokit }),
      config: { gitUrl: emulator.gitUrl, publicUrl: "http://portal.test" },
    },
    deps: {
      store: createPrismaEstateStore(db),
      repos: createWorkloadsRepoFiles(reader),
      channels: createDisabledNoticeChannels(),
      now: () => new Date(),
      config: { publicUrl: "http://portal.test", registryHosts: ["portal.test"], envs: ["dev", "stage", "prod"] },
    },
    async control(route, init = {}) {
      const response = await fetch(`${emulator.url}/__emulator${route}`, { method: init.method ?? "GET", headers: { "content-type": "application/json" } });
      if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? null : response.json();
    },
    async gitShow(ref, file) {
      const { stdout } = await exec("git", ["-C", path.join(stateDir, "repos", ORG, "payments-infra.git"), "show", `${ref}:${file}`]);
      return stdout;
    },
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  started.stack = stack;
  return stack;
}
