import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeWorkloadsDeps } from "@/test/fake-workloads-deps";
import { findModuleVersionId } from "./find-module-version-id";
import { getScaffoldFormContext } from "./get-scaffold-form-context";
import type { ModuleVersionLink } from "./core/scaffold-links";
import type { ModuleVersionReader, ModuleVersionRecord, ScaffoldDeps } from "./ports";

const VERSION_ID = "11111111-2222-4333-8444-555555555555";
const version: ModuleVersionRecord = {
  id: VERSION_ID,
  version: "1.2.0",
  tag: "sqs-queue/v1.2.0",
  status: "deprecated",
  statusReason: "Use 2.x",
  advisory: null,
  hasErrors: false,
  variables: [{ name: "name", type: "string", description: null, defaultJson: null, defaultText: null, required: true, sensitive: false, nullable: false, validations: [] }],
  module: { id: "m1", name: "terraform-aws-sqs-queue", path: "modules/sqs-queue", provider: "aws", latestVersion: "2.0.0", source: { owner: "acme", repo: "iac-modules" } },
};

/** The catalogue in memory; records every lookup so a test can prove there was no extra one. */
function fakeVersions() {
  const lookups: Array<string | ModuleVersionLink> = [];
  const versions: ModuleVersionReader = {
    async findModuleVersion(id) {
      lookups.push(id);
      return id === VERSION_ID ? structuredClone(version) : null;
    },
    async findModuleVersionId(link) {
      lookups.push(link);
      const named = "moduleId" in link ? link.moduleId === "aaaaaaaa-0000-4000-8000-000000000001" : link.source.owner === "acme" && link.module === "sqs-queue";
      return named && link.version === "1.2.0" ? VERSION_ID : null;
    },
  };
  return { versions, lookups };
}

function setup() {
  const workloads = fakeWorkloadsDeps({
    workloads: [
      { slug: "payments", name: "Payments", consumerRepo: "acme/payments-infra" },
      { slug: "ledger", name: "Ledger", consumerRepo: "acme/ledger-infra" },
      { slug: "drafts", name: "Drafts", consumerRepo: null },
    ],
    repos: {
      "acme/payments-infra": { files: { "dev/eu-west-1/region.hcl": "", "prod/eu-central-1/region.hcl": "", "prod/eu-west-1/region.hcl": "" } },
      "acme/ledger-infra": { files: {}, error: new AppError("FORBIDDEN", "The Bulkhead GitHub App lacks contents:read on acme/ledger-infra") },
    },
  });
  const { versions, lookups } = fakeVersions();
  const deps: ScaffoldDeps = { store: {} as never, versions, workloads: workloads.deps, publisher: {} as never, config: { gitUrl: "https://github.com", publicUrl: null } };
  return { deps, lookups };
}

const alice: Viewer = { id: "u-alice", username: "alice", name: "Alice", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: "u-carol", username: "carol", name: "Carol", email: null, role: "admin", workloads: [] };

describe("getScaffoldFormContext", () => {
  it("loads the form of a version by its id, in one catalogue lookup", async () => {
    const { deps, lookups } = setup();
    const context = await getScaffoldFormContext(deps, alice, { moduleVersionId: VERSION_ID });
    expect(lookups).toEqual([VERSION_ID]);
    expect(context.module).toEqual({ id: "m1", name: "terraform-aws-sqs-queue", source: "acme/iac-modules", path: "modules/sqs-queue", provider: "aws" });
    expect(context.version).toEqual({ id: VERSION_ID, version: "1.2.0", tag: "sqs-queue/v1.2.0", status: "deprecated", statusReason: "Use 2.x", advisory: null });
    expect(context.vulnerableProdAllowed).toBe(false);
    expect(context.form.fields.map((f) => f.name)).toEqual(["name"]);
    expect(context.defaultUnitName).toBe("sqs-queue");
    expect(context.workloads).toEqual([
      {
        slug: "payments",
        name: "Payments",
        consumerRepo: "acme/payments-infra",
        envs: ["dev", "stage", "prod"],
        regions: ["eu-central-1", "eu-west-1"],
        regionsByEnv: { dev: ["eu-west-1"], stage: [], prod: ["eu-central-1", "eu-west-1"] },
        repoError: null,
      },
    ]);
  });

  it("offers admins every workload, with the reason a repo cannot be read", async () => {
    const { deps } = setup();
    const context = await getScaffoldFormContext(deps, carol, { moduleVersionId: VERSION_ID });
    expect(context.vulnerableProdAllowed).toBe(true);
    expect(context.workloads.map((w) => [w.slug, w.repoError, w.regions])).toEqual([
      ["drafts", "No consumer repo linked", ["eu-west-1"]],
      ["ledger", "The Bulkhead GitHub App lacks contents:read on acme/ledger-infra", ["eu-west-1"]],
      ["payments", null, ["eu-central-1", "eu-west-1"]],
    ]);
  });

  it("answers NOT_FOUND for an unknown or malformed id without querying malformed ones", async () => {
    const { deps, lookups } = setup();
    await expect(getScaffoldFormContext(deps, alice, { moduleVersionId: "22222222-2222-4333-8444-555555555555" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getScaffoldFormContext(deps, alice, { moduleVersionId: "1; drop table" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(lookups).toEqual(["22222222-2222-4333-8444-555555555555"]);
  });
});

describe("findModuleVersionId", () => {
  it("resolves an older link by module id or by source and name, with or without a leading v", async () => {
    const { deps } = setup();
    expect(await findModuleVersionId(deps, { moduleId: "aaaaaaaa-0000-4000-8000-000000000001", version: "v1.2.0" })).toBe(VERSION_ID);
    expect(await findModuleVersionId(deps, { source: { owner: "acme", repo: "iac-modules" }, module: "sqs-queue", version: "1.2.0" })).toBe(VERSION_ID);
    expect(await findModuleVersionId(deps, { source: { owner: "acme", repo: "iac-modules" }, module: "sqs-queue", version: "9.9.9" })).toBeNull();
  });

  it("does not query for a malformed module id or source", async () => {
    const { deps, lookups } = setup();
    expect(await findModuleVersionId(deps, { moduleId: "vpc", version: "1.2.0" })).toBeNull();
    expect(await findModuleVersionId(deps, { source: { owner: "acme", repo: "" }, module: "sqs-queue", version: "1.2.0" })).toBeNull();
    expect(lookups).toEqual([]);
  });
});
