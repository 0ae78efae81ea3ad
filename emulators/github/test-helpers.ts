import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { writeOwnerDirectory } from "./directory-store.js";
import { commitFiles, createBareRepo, createTag } from "./git-store.js";
import { startGithubEmulator, type GithubEmulator } from "./server.js";

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  event: string;
  payload: Record<string, unknown>;
}

/** A local HTTP server that records every webhook POSTed to it, answering 202. */
export async function startWebhookReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, rawBody, event: String(req.headers["x-github-event"]), payload: JSON.parse(rawBody) as Record<string, unknown> });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const ORG = "acme-platform";

/**
 * Builds a small monorepo (two vpc versions, one annotated), a consumer repo, and the org's people:
 * alice (member, in team `payments`, which may push to payments-infra) and carol (owner).
 */
export async function seedFixtureRepos(reposDir: string): Promise<{ monorepoDir: string; consumerDir: string }> {
  const monorepoDir = path.join(reposDir, ORG, "iac-modules.git");
  await createBareRepo({ repoDir: monorepoDir, description: "Platform modules", topics: ["terraform"], private: true });
  const v1 = await commitFiles({
    repoDir: monorepoDir,
    branch: "main",
    message: "vpc: first version",
    files: {
      "modules/vpc/main.tf": 'resource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
      "modules/vpc/variables.tf": 'variable "cidr" {\n  type = string\n}\n',
      "README.md": "# Modules\n",
    },
  });
  await createTag({ repoDir: monorepoDir, tag: "vpc/v1.0.0", ref: v1 });
  const v11 = await commitFiles({
    repoDir: monorepoDir,
    branch: "main",
    message: "vpc: add name",
    files: { "modules/vpc/variables.tf": 'variable "cidr" {\n  type = string\n}\n\nvariable "name" {\n  type    = string\n  default = "main"\n}\n' },
  });
  await createTag({ repoDir: monorepoDir, tag: "vpc/v1.1.0", ref: v11, message: "vpc 1.1.0" });
  const consumerDir = path.join(reposDir, ORG, "payments-infra.git");
  await createBareRepo({ repoDir: consumerDir, description: "Payments workload" });
  await commitFiles({
    repoDir: consumerDir,
    branch: "main",
    message: "Initial layout",
    files: { "root.hcl": "# root\n", "dev/account.hcl": "locals {}\n", "dev/eu-west-1/region.hcl": "locals {}\n" },
  });
  writeOwnerDirectory(path.join(reposDir, ORG), {
    basePermission: "read",
    members: { alice: "member", carol: "admin" },
    teams: [{ slug: "payments", name: "Payments", description: null, privacy: "closed", members: { alice: "member" }, repos: { "payments-infra": "push" } }],
    collaborators: {},
  });
  return { monorepoDir, consumerDir };
}

/** A fresh emulator in a temp state dir with the fixture repos and a webhook receiver. */
export async function startFixtureEmulator(): Promise<{
  emulator: GithubEmulator;
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  stateDir: string;
  monorepoDir: string;
  consumerDir: string;
  close(): Promise<void>;
}> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "github-emulator-"));
  const repos = await seedFixtureRepos(path.join(stateDir, "repos"));
  const receiver = await startWebhookReceiver();
  const emulator = await startGithubEmulator({ port: 0, stateDir, webhookUrl: receiver.url });
  return {
    emulator,
    receiver,
    stateDir,
    ...repos,
    async close() {
      await emulator.close();
      await receiver.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
