// The authorization matrix (test/authorization-matrix.ts), checked for real: every route handler
// and server action found on disk is called in-process as six people against this run's database,
// and each outcome must be the one the matrix gives. Only the session is stubbed (the viewer is
// read from the database as getViewer reads it); the wrappers' checks and the use cases' scoping
// run as they do in production.
import { createHmac, generateKeyPairSync, randomInt, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Requirement, Viewer } from "@/lib/platform/auth/roles";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { connectTestDb } from "./db";
import { moduleDocs } from "./fixtures/catalogue/module-docs";
import { setInProcessPortalEnv } from "./in-process-portal-env";
import {
  actionMatrix,
  expectedOutcome,
  personas,
  routeMatrix,
  type MatrixFixtures,
  type Outcome,
  type Persona,
  type RouteCall,
} from "./authorization-matrix";
import { testDatabaseUrl } from "@/test/db";

const root = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

// Who is calling: set before each call, read by the stubbed getViewer.
const session = vi.hoisted(() => ({ userId: null as string | null }));

vi.mock("@/lib/platform/auth/get-viewer", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/platform/auth/get-viewer")>();
  const { satisfies, highestRole } = await import("@/lib/platform/auth/roles");
  const { AppError } = await import("@/lib/errors/app-error");
  const { getDb } = await import("@/lib/platform/db");
  // The session names a user; roles come from the database, as in getViewer.
  const getViewer = async (): Promise<Viewer | null> => {
    if (!session.userId) return null;
    const user = await getDb().user.findUnique({
      where: { id: session.userId },
      include: { memberships: { include: { workload: { select: { slug: true, name: true } } } } },
    });
    if (!user) return null;
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      email: user.email,
      role: highestRole(user.memberships),
      workloads: user.memberships
        .filter((m) => m.workload && m.role !== "admin")
        .map((m) => ({ slug: m.workload!.slug, name: m.workload!.name, role: m.role as "builder" | "lead" })),
    };
  };
  const requireViewer = async (requirement?: Requirement): Promise<Viewer> => {
    const viewer = await getViewer();
    if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    if (requirement && !satisfies(viewer, requirement)) throw new AppError("FORBIDDEN", `This needs the ${requirement.role} role.`);
    return viewer;
  };
  return { ...original, getViewer, requireViewer, requirePageViewer: requireViewer };
});

// Auth.js itself is not under test (and next-auth does not load outside Next): its endpoints
// answer, and sign-in and sign-out succeed.
vi.mock("@/lib/platform/auth/auth", () => ({
  configuredProviders: () => [{ id: "oidc", name: "Single sign-on" }],
  auth: async () => null,
  handlers: { GET: async () => Response.json({ oidc: { id: "oidc" } }), POST: async () => Response.json({ url: "/signin" }) },
  signIn: async () => undefined,
  signOut: async () => undefined,
}));

// Outside Next's request scope revalidatePath has nothing to revalidate.
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<object>()), revalidatePath: () => undefined, revalidateTag: () => undefined }));

const WEBHOOK_SECRET = "matrix-webhook-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
setInProcessPortalEnv(testDatabaseUrl());
Object.assign(process.env, { GITHUB_APP_ID: "1", GITHUB_APP_PRIVATE_KEY: privateKey, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET });

/** Files under app/ with this name, as paths relative to app/. */
function findAppFiles(name: string, dir = path.join(root, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findAppFiles(name, full);
    return entry.name === name ? [path.relative(path.join(root, "app"), full).split(path.sep).join("/")] : [];
  });
}

/** "api/workloads/[slug]/route.ts" → "/api/workloads/[slug]": the URL path, route groups left out. */
const routePath = (file: string) => `/${file.split("/").slice(0, -1).filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;

interface Found {
  key: string;
  run: (call: RouteCall | unknown[]) => Promise<Result>;
}

type Result = { outcome: Outcome | "error"; detail: string };

function classifyStatus(status: number, body: string): Result {
  if (status === 401 || status === 403) return { outcome: "deny", detail: `${status}` };
  if (status === 404) return { outcome: "hide", detail: "404" };
  if (status >= 500 && status !== 502 && status !== 503) return { outcome: "error", detail: `${status} ${body.slice(0, 300)}` };
  return { outcome: "allow", detail: `${status}` };
}

function classifyAction(result: unknown): Result {
  const error = (result as { ok?: boolean; error?: { code: string; message: string } } | undefined)?.error;
  if (!error) return { outcome: "allow", detail: "ok" };
  if (error.code === "UNAUTHENTICATED" || error.code === "FORBIDDEN") return { outcome: "deny", detail: error.code };
  if (error.code === "NOT_FOUND") return { outcome: "hide", detail: `NOT_FOUND ${error.message}` };
  if (error.code === "INTERNAL") return { outcome: "error", detail: `INTERNAL ${error.message}` };
  return { outcome: "allow", detail: error.code };
}

async function discoverRoutes(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of findAppFiles("route.ts")) {
    const mod = (await import(path.join(root, "app", file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const urlPath = routePath(file);
      found.push({
        key: `${method} ${urlPath}`,
        run: async (raw) => {
          const call = raw as RouteCall;
          const concrete =
            call.path ??
            urlPath.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
              const value = call.params?.[name];
              return Array.isArray(value) ? value.map(encodeURIComponent).join("/") : encodeURIComponent(value ?? name);
            });
          const url = `http://portal.test${concrete}${call.query ? `?${call.query}` : ""}`;
          const init = call.raw
            ? { method, body: call.raw.body, headers: call.raw.headers }
            : call.body !== undefined
              ? { method, body: JSON.stringify(call.body), headers: { "content-type": "application/json" } }
              : { method };
          const response = (await (handler as (r: NextRequest, s: unknown) => Promise<Response>)(new NextRequest(url, init), {
            params: Promise.resolve(call.params ?? {}),
          })) as Response;
          const body = await response.text();
          return classifyStatus(response.status, body);
        },
      });
    }
  }
  return found;
}

async function discoverActions(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of [...findAppFiles("actions.ts"), ...findAppFiles("form-actions.ts")]) {
    const mod = (await import(path.join(root, "app", file))) as Record<string, unknown>;
    for (const [name, action] of Object.entries(mod)) {
      if (typeof action !== "function") continue;
      found.push({
        key: `${file}#${name}`,
        run: async (args) => {
          try {
            return classifyAction(await (action as (...a: unknown[]) => Promise<unknown>)(...(args as unknown[])));
          } catch (error) {
            return { outcome: "error", detail: `threw ${error instanceof Error ? error.message : String(error)}` };
          }
        },
      });
    }
  }
  return found;
}

const db = connectTestDb();
const RUN = Date.now().toString(36);
const users = {} as Record<Exclude<Persona, "anonymous">, string>;
let fixtures: MatrixFixtures;

beforeAll(async () => {
  await seedDemoData(db);
  const workload = async (slug: string) => (await db.workload.findUniqueOrThrow({ where: { slug } })).id;
  const [payments, ledger, checkout] = await Promise.all([workload("payments"), workload("ledger"), workload("checkout")]);
  const grants: Record<Exclude<Persona, "anonymous">, Array<{ role: "builder" | "lead" | "admin"; workloadId: string | null }>> = {
    dave: [],
    alice: [{ role: "builder", workloadId: payments }],
    lena: [{ role: "lead", workloadId: checkout }],
    bob: [
      { role: "lead", workloadId: payments },
      { role: "lead", workloadId: ledger },
    ],
    carol: [{ role: "admin", workloadId: null }],
  };
  for (const [name, memberships] of Object.entries(grants) as Array<[Exclude<Persona, "anonymous">, (typeof grants)["dave"]]>) {
    const user = await db.user.create({
      data: { externalId: `matrix:${RUN}:${name}`, username: name, name: `${name} (matrix)`, memberships: { create: memberships } },
    });
    users[name] = user.id;
  }

  const source = await db.moduleSource.create({ data: { owner: `matrix-${RUN}`, repo: "iac-modules", layout: "monorepo" } });
  const version = (moduleId: string, v: string) => {
    const [major, minor, patch] = v.split(".").map(Number) as [number, number, number];
    return db.moduleVersion.create({ data: { moduleId, version: v, tag: `vpc/v${v}`, commitSha: "c".repeat(40), major, minor, patch, docs: moduleDocs() as object } });
  };
  const vpc = await db.module.create({ data: { sourceId: source.id, name: "vpc", path: "modules/vpc", latestVersion: "1.1.0" } });
  const oldest = await version(vpc.id, "1.0.0");
  const latest = await version(vpc.id, "1.1.0");
  const sqs = await db.module.create({ data: { sourceId: source.id, name: "sqs", path: "modules/sqs", latestVersion: "1.0.0" } });
  const statusVersion = await version(sqs.id, "1.0.0");
  const scaffold = await db.scaffoldRequest.create({
    data: {
      idempotencyKey: `matrix-${RUN}`,
      workloadId: payments,
      moduleVersionId: latest.id,
      env: "dev",
      region: "eu-west-1",
      unitName: "vpc",
      unitPath: "dev/eu-west-1/vpc",
      inputs: {},
      files: [],
      branch: `bulkhead/matrix-${RUN}`,
      requestedById: users.alice,
      requestedByName: "alice",
      state: "failed",
      failedStep: "commit",
      failureMessage: "GitHub did not answer",
    },
  });
  const accountSet = await db.accountSetRequest.create({
    data: {
      idempotencyKey: `matrix-${RUN}-accounts`,
      workloadId: payments,
      tier: 3,
      requestedById: users.bob,
      requestedByName: "bob",
      tagPolicyVersion: 0,
      accounts: {
        create: [
          {
            env: "dev",
            accountName: `matrix-${RUN}-dev`,
            accountEmail: `aws+matrix-${RUN}-dev@acme.example`,
            ouId: "ou-7hq2-4nj7c1ye",
            ouName: "NonProd",
            ssoFirstName: "Bob",
            ssoLastName: "Lead",
            ssoEmail: "bob@acme.example",
            tags: { CostCode: "CC-1234" },
            provisionToken: `bulkhead-matrix-${RUN}`,
          },
        ],
      },
    },
  });
  // Governance: active accounts of payments with compliant recorded tags, bob's waiting tag
  // changes (one per account, so that their key locks do not collide) and an open drift finding.
  const tags = { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal", Environment: "dev", Workload: "payments" };
  const account = async (n: number) => {
    const awsAccountId = String(randomInt(100_000_000_000, 999_999_999_999));
    return db.account.create({ data: { awsAccountId, name: `matrix-${RUN}-${n}`, email: `aws+matrix-${RUN}-${n}@acme.example`, workloadId: payments, env: "dev", tags, observedTags: tags, source: "imported" } });
  };
  const [main, cancelRoute, cancelAction] = [await account(1), await account(2), await account(3)];
  const tagChange = (target: { id: string; awsAccountId: string }, suffix: string) =>
    db.tagChangeRequest.create({
      data: {
        idempotencyKey: `matrix-${RUN}-tags-${suffix}`,
        changes: { CostCode: "CC-2222" },
        reason: "matrix",
        requestedById: users.bob,
        requestedByName: "bob",
        tagPolicyVersion: 0,
        items: { create: [{ accountId: target.id, awsAccountId: target.awsAccountId, before: { CostCode: "CC-1234" }, after: { CostCode: "CC-2222" } }] },
      },
    });
  const [tagChangeMain, tagChangeCancelRoute, tagChangeCancelAction] = [await tagChange(main, "main"), await tagChange(cancelRoute, "cancel-route"), await tagChange(cancelAction, "cancel-action")];
  const finding = await db.driftFinding.create({
    data: { accountId: main.id, awsAccountId: main.awsAccountId, tagKey: "Owner", kind: "changed", recordedValue: "bob@acme.example", observedValue: "mallory@acme.example" },
  });
  const consumption = await db.consumption.create({
    data: {
      workloadId: payments,
      env: "dev",
      region: "eu-west-1",
      unitPath: `dev/eu-west-1/matrix-${RUN}`,
      file: `dev/eu-west-1/matrix-${RUN}/terragrunt.hcl`,
      moduleId: vpc.id,
      moduleVersionId: oldest.id,
      matchKind: "version",
      source: `git::https://github.com/${source.owner}/iac-modules.git//modules/vpc?ref=vpc/v1.0.0`,
      ref: "vpc/v1.0.0",
      commitSha: "d".repeat(40),
      recordedBy: "scan",
    },
  });
  fixtures = {
    workload: "payments",
    consumptionId: consumption.id,
    awsAccountId: main.awsAccountId,
    tagChangeId: tagChangeMain.id,
    cancelTagChangeIds: { route: tagChangeCancelRoute.id, action: tagChangeCancelAction.id },
    driftFindingId: finding.id,
    module: { owner: source.owner, repo: source.repo, name: "vpc", provider: "aws", versionId: latest.id, version: "1.1.0", olderVersion: "1.0.0" },
    statusVersionId: statusVersion.id,
    sourceId: source.id,
    scaffoldId: scaffold.id,
    accountSetId: accountSet.id,
    key: () => `matrix-${randomUUID()}`,
    webhook: () => {
      const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
      const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
      return { body, headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": randomUUID(), "x-hub-signature-256": signature } };
    },
  };
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  const app = (globalThis as { bulkheadDb?: { $disconnect(): Promise<void> } }).bulkheadDb;
  await app?.$disconnect();
});

describe("authorization matrix", () => {
  let routes: Found[];
  let actions: Found[];

  beforeAll(async () => {
    [routes, actions] = await Promise.all([discoverRoutes(), discoverActions()]);
  }, 120_000);

  it("has exactly one entry for every route handler and server action on disk", () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(actions.length).toBeGreaterThan(8);
    const onDisk = (found: Found[]) => found.map((f) => f.key).sort();
    expect({ missingFromMatrix: onDisk(routes).filter((k) => !(k in routeMatrix)), staleInMatrix: Object.keys(routeMatrix).filter((k) => !onDisk(routes).includes(k)) }).toEqual({
      missingFromMatrix: [],
      staleInMatrix: [],
    });
    expect({ missingFromMatrix: onDisk(actions).filter((k) => !(k in actionMatrix)), staleInMatrix: Object.keys(actionMatrix).filter((k) => !onDisk(actions).includes(k)) }).toEqual({
      missingFromMatrix: [],
      staleInMatrix: [],
    });
  });

  it("gives each person the outcome the matrix says, for every route and action", async () => {
    const mismatches: string[] = [];
    const table: string[] = [];
    const check = async (found: Found, entry: (typeof routeMatrix)[string] | (typeof actionMatrix)[string], args: () => RouteCall | unknown[]) => {
      const cells: string[] = [];
      for (const persona of personas) {
        session.userId = persona === "anonymous" ? null : users[persona];
        const result = await found.run(args());
        const expected = expectedOutcome(entry, persona);
        cells.push(`${persona}=${result.detail}`);
        if (result.outcome !== expected) mismatches.push(`${found.key} as ${persona}: expected ${expected}, got ${result.outcome} (${result.detail})`);
      }
      table.push(`${found.key}: ${cells.join(" ")}`);
    };
    for (const found of routes) {
      const entry = routeMatrix[found.key];
      if (entry) await check(found, entry, () => entry.call?.(fixtures) ?? {});
    }
    for (const found of actions) {
      const entry = actionMatrix[found.key];
      if (entry) await check(found, entry, () => entry.args?.(fixtures) ?? []);
    }
    session.userId = null;
    // Every status or code seen, so that a wrong expectation is easy to understand.
    console.info(`[authorization matrix]\n${table.join("\n")}`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
