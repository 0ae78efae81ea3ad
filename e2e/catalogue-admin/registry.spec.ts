import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";
import { e2eUrls } from "../support/stack-config";
import { ensureSyncedSource } from "./ensure-source";

const run = promisify(execFile);
const terraform = "/usr/local/bin/terraform";

test("terraform resolves a catalogue module through the registry protocol, offline", async ({ page, request }) => {
  test.setTimeout(180_000);
  await signInAs(page, "carol", "/admin/catalogue");
  await ensureSyncedSource(page, "acme-platform/iac-modules", "monorepo");
  await expectAccessible(page, { name: "/admin/catalogue (registry journey)" });

  // The registry is public, like a registry: no session is sent from here.
  const discovery = await (await fetch(`${e2eUrls.app}/.well-known/terraform.json`)).json();
  expect(discovery).toEqual({ "modules.v1": "/v1/modules/" });
  const listing = await (await fetch(`${e2eUrls.app}/v1/modules/acme-platform/vpc/aws/versions`)).json();
  const versions: string[] = listing.modules[0].versions.map((v: { version: string }) => v.version);
  const ones = versions.filter((v) => v.startsWith("1.")).sort((a, b) => b.localeCompare(a, "en", { numeric: true }));
  expect(ones.length).toBeGreaterThan(0);
  expect((await fetch(`${e2eUrls.app}/v1/modules/acme-platform/no-such-module/aws/versions`)).status).toBe(404);

  const dir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-tf-"));
  try {
    if (existsSync(terraform)) {
      await writeFile(path.join(dir, "cli.tfrc"), `host "portal.example" {\n  services = {\n    "modules.v1" = "${e2eUrls.app}/v1/modules/"\n  }\n}\n`);
      await writeFile(path.join(dir, "main.tf"), `module "vpc" {\n  source  = "portal.example/acme-platform/vpc/aws"\n  version = "~> 1.0"\n}\n`);
      const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, "cli.tfrc"), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
      delete env.TF_PLUGIN_CACHE_DIR;
      // `terraform get` fetches modules only: init would also need the aws provider, which is not available offline.
      await run(terraform, ["get", "-no-color"], { cwd: dir, env });
      const manifest = JSON.parse(await readFile(path.join(dir, ".terraform/modules/modules.json"), "utf8")) as { Modules: Array<{ Key: string; Source: string; Version?: string; Dir: string }> };
      const vpc = manifest.Modules.find((m) => m.Key === "vpc");
      expect(vpc).toMatchObject({ Source: "portal.example/acme-platform/vpc/aws", Version: ones[0] });
      expect(await readdir(path.join(dir, vpc!.Dir))).toContain("variables.tf");
    } else {
      // No terraform binary: walk the same protocol steps and clone what X-Terraform-Get names.
      const download = await request.get(`${e2eUrls.app}/v1/modules/acme-platform/vpc/aws/${ones[0]}/download`, { maxRedirects: 0 });
      expect(download.status()).toBe(204);
      const get = download.headers()["x-terraform-get"] ?? "";
      const match = /^git::(.+\.git)\/\/(.+)\?ref=(.+)$/.exec(get);
      expect(match, get).not.toBeNull();
      await run("git", ["clone", "-q", "--depth", "1", "--branch", match![3]!, match![1]!, path.join(dir, "clone")]);
      expect(await readdir(path.join(dir, "clone", match![2]!))).toContain("variables.tf");
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const download = await request.get(`${e2eUrls.app}/v1/modules/acme-platform/vpc/aws/${ones[0]}/download`, { maxRedirects: 0 });
  expect(download.status()).toBe(204);
  expect(download.headers()["x-terraform-get"]).toBe(`git::${e2eUrls.github}/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v${ones[0]}`);
});
