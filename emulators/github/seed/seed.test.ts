import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "@cdktn/hcl2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { demoUsers } from "../../oidc/users";
import { DIRECTORY_FILE, findTeam, ownerDirectorySchema, teamPermission, userPermission } from "../directory-store";
import { consumerRepos } from "./consumers/consumer-repos";
import { readRepoSettings } from "../git-store";
import { moduleCatalogHints, seedDemoDirectory, seedGithubRepos, seedVendingRepos, type SeedGithubReposResult } from "./index";

const execFileAsync = promisify(execFile);
const org = "acme-platform";
const now = new Date("2026-11-20T00:00:00Z");

let reposDir: string;
let firstRun: SeedGithubReposResult;

beforeAll(async () => {
  reposDir = await mkdtemp(join(tmpdir(), "bulkhead-seed-"));
  firstRun = await seedGithubRepos({ reposDir, org, now });
}, 60_000);

afterAll(async () => {
  await rm(reposDir, { recursive: true, force: true });
});

const gitDir = (repo: string) => join(reposDir, org, `${repo}.git`);

async function git(repo: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--git-dir", gitDir(repo), ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Every blob under `prefix` at `treeish`, read with one `git cat-file --batch`. */
async function readTree(repo: string, treeish: string, prefix = ""): Promise<Map<string, Buffer>> {
  const listing = await git(repo, ["ls-tree", "-r", "-z", treeish, ...(prefix ? ["--", prefix] : [])]);
  const entries = listing
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split("\t") as [string, string];
      return { sha: meta.split(" ")[2] as string, path };
    });
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn("git", ["--git-dir", gitDir(repo), "cat-file", "--batch"]);
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`cat-file ${code}`))));
    child.stdin.end(entries.map((e) => `${e.sha}\n`).join(""));
  });
  const files = new Map<string, Buffer>();
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.subarray(offset, headerEnd).toString().split(" ")[2]);
    files.set(entry.path, output.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}

// Parsing is the slow part of these tests, and many files are identical across tags.
const parsed = new Map<string, Promise<unknown>>();
function parseHcl(path: string, text: string): Promise<unknown> {
  const key = `${path.endsWith(".tf") ? "tf" : "hcl"}\0${text}`;
  let result = parsed.get(key);
  if (!result) {
    result = parse(path, text);
    parsed.set(key, result);
  }
  return result;
}

const dirOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

interface Variable {
  required: boolean;
  type: string;
}

async function readVariables(files: Map<string, Buffer>, dir: string): Promise<Map<string, Variable>> {
  const variables = new Map<string, Variable>();
  for (const [path, content] of files) {
    if (!path.endsWith(".tf") || dirOf(path) !== dir) continue;
    const json = (await parseHcl(path, content.toString())) as { variable?: Record<string, Array<Record<string, unknown>>> };
    for (const [name, [body]] of Object.entries(json.variable ?? {}) as Array<[string, Array<Record<string, unknown>>]>) {
      variables.set(name, { required: !("default" in (body ?? {})), type: String(body?.type ?? "any") });
    }
  }
  return variables;
}

/** Problems with passing `inputs` to a module with `variables`: missing required, unknown, wrong primitive. */
function checkInputs(inputs: Record<string, unknown>, variables: Map<string, Variable>): string[] {
  const problems: string[] = [];
  for (const [name, v] of variables) if (v.required && !(name in inputs)) problems.push(`missing required ${name}`);
  for (const [name, value] of Object.entries(inputs)) {
    const variable = variables.get(name);
    if (!variable) {
      problems.push(`unknown input ${name}`);
      continue;
    }
    const isExpression = typeof value === "string" && value.startsWith("${");
    const primitive = { "${string}": "string", "${number}": "number", "${bool}": "boolean" }[variable.type];
    if (primitive && !isExpression && typeof value !== primitive) problems.push(`${name} should be a ${primitive}`);
    if (/^\$\{(list|set|map|object)\(/.test(variable.type) && !isExpression && (typeof value !== "object" || value === null)) {
      problems.push(`${name} should be a collection or object`);
    }
  }
  return problems;
}

describe("seedGithubRepos", () => {
  it("creates the module sources and consumer repos as bare repos", () => {
    expect([...firstRun.repos].sort()).toEqual(
      [
        "aws-accounts",
        "checkout-infra",
        "consumer-template",
        "iac-modules",
        "ledger-infra",
        "payments-infra",
        "terraform-aws-eks-cluster",
        "terraform-aws-waf-acl",
      ].map((r) => `${org}/${r}`),
    );
    expect([...firstRun.created].sort()).toEqual([...firstRun.repos].sort());
  });

  it("writes bare repos whose HEAD is main", async () => {
    expect((await git("iac-modules", ["rev-parse", "--is-bare-repository"])).trim()).toBe("true");
    expect((await git("iac-modules", ["symbolic-ref", "HEAD"])).trim()).toBe("refs/heads/main");
    const authors = (await git("iac-modules", ["log", "--format=%an <%ae>"])).trim().split("\n");
    expect(new Set(authors)).toEqual(new Set(["Acme Platform <platform@acme.example>"]));
  });

  it("tags every module version of the monorepo as <name>/vX.Y.Z", async () => {
    const tags = (await git("iac-modules", ["tag", "-l"])).trim().split("\n");
    for (const tag of [
      "vpc/v1.0.0",
      "vpc/v1.1.0",
      "vpc/v1.2.0",
      "vpc/v2.0.0",
      "s3-bucket/v1.3.2",
      "kms-key/v2.0.0",
      "sqs-queue/v1.1.0",
      "sqs-queue/v1.1.1",
      "cloudwatch-alarms/v2.0.0",
    ]) {
      expect(tags).toContain(tag);
    }
    const modules = new Set(tags.map((t) => t.split("/")[0]));
    expect(modules.size).toBeGreaterThanOrEqual(12);
    for (const name of modules) {
      const versions = tags.filter((t) => t.startsWith(`${name}/`));
      expect(versions.length, name).toBeGreaterThanOrEqual(3);
      expect(versions.every((t) => /^[a-z0-9-]+\/v\d+\.\d+\.\d+$/.test(t))).toBe(true);
      expect(moduleCatalogHints[name as string]?.category).toMatch(/^(networking|storage|security|compute|database|messaging|observability)$/);
    }
  });

  it("parses every .tf file at every monorepo tag, except the deliberately broken sqs-queue/v1.1.0", async () => {
    const tags = (await git("iac-modules", ["tag", "-l"])).trim().split("\n");
    const failures: string[] = [];
    for (const tag of tags) {
      const [name, version] = tag.split("/v") as [string, string];
      const files = await readTree("iac-modules", tag, `modules/${name}`);
      expect(files.has(`modules/${name}/variables.tf`), tag).toBe(true);
      expect(files.has(`modules/${name}/outputs.tf`), tag).toBe(true);
      expect(files.has(`modules/${name}/versions.tf`), tag).toBe(true);
      expect(files.has(`modules/${name}/examples/basic/main.tf`), tag).toBe(true);
      // The tag must point at a commit where the module folder is at that version.
      const changelog = files.get(`modules/${name}/CHANGELOG.md`)?.toString() ?? "";
      expect(changelog.match(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/m)?.[1], tag).toBe(version);
      // Parses in flight together: the wasm parser is much faster that way.
      await Promise.all(
        [...files]
          .filter(([path]) => path.endsWith(".tf"))
          .map(([path, content]) => parseHcl(path, content.toString()).catch(() => failures.push(`${tag}:${path}`))),
      );
    }
    expect(failures).toEqual(["sqs-queue/v1.1.0:modules/sqs-queue/variables.tf"]);
  }, 60_000);

  it("declares every var.* a module references, and its examples pass valid inputs", async () => {
    const tags = (await git("iac-modules", ["tag", "-l"])).trim().split("\n").filter((t) => t !== "sqs-queue/v1.1.0");
    const problems: string[] = [];
    for (const tag of tags) {
      const name = tag.split("/v")[0] as string;
      const files = await readTree("iac-modules", tag, `modules/${name}`);
      const dirs = new Set([...files.keys()].filter((p) => p.endsWith(".tf")).map(dirOf));
      for (const dir of dirs) {
        const declared = await readVariables(files, dir);
        for (const [path, content] of files) {
          if (!path.endsWith(".tf") || dirOf(path) !== dir) continue;
          for (const match of content.toString().matchAll(/\bvar\.([a-z0-9_]+)/g)) {
            if (!declared.has(match[1] as string)) problems.push(`${tag}:${path} var.${match[1]}`);
          }
        }
      }
      const rootVariables = await readVariables(files, `modules/${name}`);
      for (const [path, content] of files) {
        if (!/\/examples\/[^/]+\/main\.tf$/.test(path)) continue;
        const json = (await parseHcl(path, content.toString())) as { module?: Record<string, Array<Record<string, unknown>>> };
        for (const [, [block]] of Object.entries(json.module ?? {}) as Array<[string, Array<Record<string, unknown>>]>) {
          const { source, ...inputs } = block ?? {};
          expect(source).toBe("../..");
          problems.push(...checkInputs(inputs, rootVariables).map((p) => `${tag}:${path} ${p}`));
        }
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it("gives version diffs something to show: added, removed, changed and newly required inputs", async () => {
    const vpc = async (tag: string) => readVariables(await readTree("iac-modules", tag, "modules/vpc"), "modules/vpc");
    const [v1, v12, v2] = await Promise.all([vpc("vpc/v1.0.0"), vpc("vpc/v1.2.0"), vpc("vpc/v2.0.0")]);
    expect(v1.has("database_subnets")).toBe(false);
    expect(v12.has("database_subnets")).toBe(true);
    expect(v2.has("azs")).toBe(false);
    expect(v2.get("subnets")?.required).toBe(true);
    expect(v2.get("subnets")?.type).toContain("map(object(");

    const kms = async (tag: string) =>
      readVariables(await readTree("iac-modules", tag, "modules/kms-key"), "modules/kms-key");
    const [k1, k2] = await Promise.all([kms("kms-key/v1.1.0"), kms("kms-key/v2.0.0")]);
    expect(k1.get("key_administrators")).toEqual({ required: false, type: "${list(string)}" });
    expect(k2.get("key_administrators")).toEqual({ required: true, type: "${set(string)}" });

    const vpcTree = await readTree("iac-modules", "vpc/v1.1.0", "modules/vpc/modules/flow-logs");
    expect(vpcTree.has("modules/vpc/modules/flow-logs/main.tf")).toBe(true);
  });

  it("ships READMEs that exercise the renderer: a relative image that exists, and a script tag", async () => {
    const s3 = await readTree("iac-modules", "s3-bucket/v1.3.2", "modules/s3-bucket");
    expect(s3.get("modules/s3-bucket/README.md")?.toString()).toContain("![How requests reach the bucket](docs/diagram.png)");
    expect(s3.get("modules/s3-bucket/docs/diagram.png")?.subarray(1, 4).toString()).toBe("PNG");
    const lambda = await readTree("iac-modules", "lambda-function/v1.3.0", "modules/lambda-function/README.md");
    expect(lambda.get("modules/lambda-function/README.md")?.toString()).toMatch(/<script>[\s\S]*<\/script>/);
  });

  it("tags the repo-per-module sources with and without a v prefix, and their HCL parses", async () => {
    expect((await git("terraform-aws-eks-cluster", ["tag", "-l"])).trim().split("\n")).toEqual([
      "v1.0.0",
      "v1.1.0",
      "v1.2.0",
      "v2.0.0",
    ]);
    expect((await git("terraform-aws-waf-acl", ["tag", "-l"])).trim().split("\n")).toEqual(["1.0.0", "1.1.0"]);
    for (const [repo, tag] of [
      ["terraform-aws-eks-cluster", "v2.0.0"],
      ["terraform-aws-waf-acl", "1.0.0"],
    ] as const) {
      const files = await readTree(repo, tag);
      expect([...files.keys()]).toEqual(expect.arrayContaining(["main.tf", "variables.tf", "outputs.tf", "README.md", "CHANGELOG.md"]));
      for (const [path, content] of files) if (path.endsWith(".tf")) await parseHcl(path, content.toString());
    }
  });

  it("lays out consumer repos the Terragrunt way, with units valid for the module versions they pin", async () => {
    const units: string[] = [];
    for (const repo of ["payments-infra", "ledger-infra", "checkout-infra"]) {
      const files = await readTree(repo, "HEAD");
      expect(files.get("root.hcl")?.toString()).toMatch(/remote_state \{[\s\S]*backend = "s3"[\s\S]*generate "provider"/);
      for (const env of ["dev", "stage", "prod"]) {
        const account = (await parseHcl("account.hcl", files.get(`${env}/account.hcl`)?.toString() ?? "")) as {
          locals: Array<Record<string, string>>;
        };
        expect(account.locals[0]?.environment).toBe(env);
        expect(account.locals[0]?.account_id).toMatch(/^\d{12}$/);
        expect(files.get(`${env}/eu-west-1/region.hcl`)?.toString()).toContain('aws_region = "eu-west-1"');
      }
      for (const [path, content] of files) {
        if (!path.endsWith("/terragrunt.hcl")) continue;
        units.push(`${repo}/${path}`);
        const text = content.toString();
        expect(text.split("\n")).toContain("terraform {");
        const sourceLine = text.split("\n").find((line) => /^\s*source\s*=/.test(line));
        expect(sourceLine, path).toBeDefined();
        const unit = (await parseHcl(path, text)) as {
          terraform: Array<{ source: string }>;
          inputs: Record<string, unknown>;
        };
        const source = unit.terraform[0]?.source ?? "";
        const catalogue = source.match(/^git::https:\/\/github\.com\/acme-platform\/([^/]+)\.git\/\/([^?]+)\?ref=([^&]+)$/);
        if (!catalogue) continue; // bring-your-own and third-party units
        expect(sourceLine).toMatch(/^ {2}source = "git::https:\/\/[^"]+\?ref=[^"&]+"$/);
        const [, moduleRepo, modulePath, ref] = catalogue as unknown as [string, string, string, string];
        const moduleFiles = await readTree(moduleRepo, ref, modulePath === "." ? "" : modulePath);
        const variables = await readVariables(moduleFiles, modulePath === "." ? "" : modulePath);
        expect(variables.size, `${path} -> ${ref}`).toBeGreaterThan(0);
        expect(checkInputs(unit.inputs, variables), `${repo}/${path} -> ${ref}`).toEqual([]);
      }
    }
    expect(units).toEqual(
      expect.arrayContaining([
        "payments-infra/dev/eu-west-1/vpc/terragrunt.hcl",
        "payments-infra/stage/eu-west-1/vpc/terragrunt.hcl",
        "payments-infra/prod/eu-west-1/vpc/terragrunt.hcl",
        "payments-infra/dev/eu-west-1/orders-queue/terragrunt.hcl",
        "ledger-infra/dev/eu-west-1/eks/terragrunt.hcl",
        "checkout-infra/dev/eu-west-1/feature-flags/terragrunt.hcl",
      ]),
    );
    const paymentsStageVpc = (await readTree("payments-infra", "HEAD", "stage/eu-west-1/vpc")).get(
      "stage/eu-west-1/vpc/terragrunt.hcl",
    );
    expect(paymentsStageVpc?.toString()).toContain(
      'source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.1.0"',
    );
  });

  it("seeds the provider repo and the consumer template that vending writes to", async () => {
    expect((await readRepoSettings(gitDir("consumer-template"))).isTemplate).toBe(true);
    expect((await readRepoSettings(gitDir("aws-accounts"))).isTemplate).toBe(false);
    const template = await readTree("consumer-template", "main");
    expect(template.get("root.hcl")?.toString()).toContain('find_in_parent_folders("account.hcl")');
    await expect(parse("root.hcl", template.get("root.hcl")?.toString() ?? "")).resolves.toBeTruthy();
    expect([...(await readTree("aws-accounts", "main")).keys()].sort()).toEqual(["README.md", "accounts/.gitkeep", "baselines/README.md"]);

    // A state dir seeded before vending existed gets both repos on its next start, once.
    const olderDir = await mkdtemp(join(tmpdir(), "bulkhead-seed-older-"));
    try {
      expect(await seedVendingRepos({ reposDir: olderDir, org, now })).toBe(true);
      expect(await seedVendingRepos({ reposDir: olderDir, org, now })).toBe(false);
      expect((await readRepoSettings(join(olderDir, org, "consumer-template.git"))).isTemplate).toBe(true);
    } finally {
      await rm(olderDir, { recursive: true, force: true });
    }
  });

  it("is idempotent, and reproducible for the same anchor date", async () => {
    const refsBefore = await git("iac-modules", ["for-each-ref"]);
    const second = await seedGithubRepos({ reposDir, org, now });
    expect(second.created).toEqual([]);
    expect(second.repos).toEqual(firstRun.repos);
    expect(await git("iac-modules", ["for-each-ref"])).toBe(refsBefore);

    const otherDir = await mkdtemp(join(tmpdir(), "bulkhead-seed-again-"));
    try {
      await seedGithubRepos({ reposDir: otherDir, org, now });
      const { stdout } = await execFileAsync("git", ["--git-dir", join(otherDir, org, "iac-modules.git"), "for-each-ref"]);
      expect(stdout).toBe(refsBefore);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("gives every module source a CODEOWNERS file where GitHub looks, naming teams of the org", async () => {
    const directory = ownerDirectorySchema.parse(JSON.parse(readFileSync(join(reposDir, org, DIRECTORY_FILE), "utf8")));
    const expected: Array<[string, string, string]> = [
      ["iac-modules", ".github/CODEOWNERS", "/modules/vpc/"],
      ["terraform-aws-eks-cluster", "CODEOWNERS", "*"],
      ["terraform-aws-waf-acl", "docs/CODEOWNERS", "*"],
    ];
    for (const [repo, path, pattern] of expected) {
      const text = (await git(repo, ["show", `HEAD:${path}`])).toString();
      const rule = text.split("\n").find((line) => line.split(/\s+/)[0] === pattern);
      expect(rule, `${repo}/${path}`).toBeDefined();
      for (const owner of text.matchAll(/@acme-platform\/([a-z0-9-]+)/g)) {
        const team = findTeam(directory, owner[1]!);
        expect(team && teamPermission(team, repo), `${repo}: ${owner[0]}`).toBe("push");
      }
    }
  });

  it("seeds the org's people: the OIDC users, each workload's reviewer team, and the sign-in groups as teams", () => {
    const file = join(reposDir, org, DIRECTORY_FILE);
    const directory = ownerDirectorySchema.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(Object.keys(directory.members).sort()).toEqual(demoUsers.map((u) => u.username).sort());
    expect(directory.members.carol).toBe("admin");
    for (const consumer of consumerRepos) {
      const team = findTeam(directory, consumer.team);
      expect(team && teamPermission(team, consumer.repo), consumer.team).toBe("push");
    }
    expect(findTeam(directory, "payments-team")?.members).toEqual({ alice: "member", bob: "maintainer" });
    for (const group of new Set(demoUsers.flatMap((u) => u.groups))) expect(findTeam(directory, group), group).toBeDefined();
    expect(userPermission(directory, "iac-modules", "carol")).toBe("admin");
    expect(userPermission(directory, "payments-infra", "alice")).toBe("push");
    expect(userPermission(directory, "payments-infra", "mallory")).toBeNull();

    // An existing directory (edited through control routes) is never overwritten.
    writeFileSync(file, JSON.stringify({ ...directory, basePermission: "none" }));
    expect(seedDemoDirectory({ reposDir, org })).toBe(false);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ basePermission: "none" });
  });
});
