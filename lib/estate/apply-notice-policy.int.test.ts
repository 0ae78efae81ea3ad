import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { systemActor } from "@/lib/platform/audit";
import { connectTestDb } from "@/test/db";
import { createDisabledNoticeChannels } from "./adapters/disabled-notice-channels";
import { createPrismaEstateStore } from "./adapters/prisma-estate-store";
import { applyNoticePolicy } from "./apply-notice-policy";
import { DAY_MS, DEFAULT_NOTICE_POLICY, type NoticePolicy } from "./core/notice-policy";
import { getEstateSettings, saveEstateSettings } from "./manage-estate-settings";
import type { EstateDeps, EstateStore } from "./ports";
import { reconcileNotices } from "./reconcile-notices";
import { sweepNotices } from "./sweep-notices";

/*
 * Saving the notice policy and applying it to the open notices are two steps. Against real
 * PostgreSQL: a save whose apply fails leaves the policy pending (marked in the same write) and
 * the sweep applies it, later due dates included; a save made during an apply is not marked
 * applied by it; and an apply computed under an older policy writes nothing once a newer one is
 * saved.
 */

const db = connectTestDb();
const run = randomUUID().slice(0, 8);
const store = createPrismaEstateStore(db);
const deps: EstateDeps = {
  store,
  repos: { readHead: vi.fn(), listFiles: vi.fn(), readFiles: vi.fn() },
  channels: createDisabledNoticeChannels(),
  now: () => new Date(),
  config: { publicUrl: "http://portal.test", registryHosts: ["portal.test"], envs: ["dev", "stage", "prod"] },
};
const policyWith = (minor: number): NoticePolicy => ({ ...DEFAULT_NOTICE_POLICY, minor });
let carol: Viewer;
let workloadId: string;
/** When 1.1.0 came out: the unit on 1.0.0 has a minor-update notice due this many policy days later. */
let triggeredAt: number;

/** The unit's one open notice's due date, as days after 1.1.0 came out. */
async function dueInDays(): Promise<number> {
  const notice = await db.estateNotice.findFirstOrThrow({ where: { workloadId, resolvedAt: null } });
  return (notice.dueAt.getTime() - triggeredAt) / DAY_MS;
}

/** The deps with `applyNoticeChanges` wrapped; `around` decides what happens around the real call. */
function withApply(around: (apply: EstateStore["applyNoticeChanges"], ...args: Parameters<EstateStore["applyNoticeChanges"]>) => ReturnType<EstateStore["applyNoticeChanges"]>): EstateDeps {
  return { ...deps, store: { ...store, applyNoticeChanges: (...args) => around(store.applyNoticeChanges, ...args) } };
}

beforeAll(async () => {
  const source = await db.moduleSource.create({ data: { owner: `policy-${run}`, repo: "iac-modules", layout: "monorepo" } });
  const moduleId = (await db.module.create({ data: { sourceId: source.id, name: "vpc", path: "modules/vpc" } })).id;
  const versions: Record<string, string> = {};
  for (const [version, minor, at] of [
    ["1.0.0", 0, new Date(Date.now() - 10 * DAY_MS)],
    ["1.1.0", 1, new Date(Date.now() - DAY_MS)],
  ] as const) {
    versions[version] = (await db.moduleVersion.create({ data: { moduleId, version, tag: `vpc/v${version}`, commitSha: "c".repeat(40), major: 1, minor, patch: 0, docs: {}, ingestedAt: at } })).id;
    if (version === "1.1.0") triggeredAt = at.getTime();
  }
  const team = await db.team.create({ data: { slug: `policy-${run}`, name: "Policy team" } });
  workloadId = (await db.workload.create({ data: { slug: `policy-${run}`, name: "Policy", teamId: team.id } })).id;
  const user = await db.user.create({ data: { externalId: `test:carol-${run}`, username: `carol-${run}`, name: "Carol" } });
  carol = { id: user.id, username: user.username, name: "Carol", email: null, role: "admin", workloads: [] };
  await store.applyScan(
    {
      workloadId,
      commitSha: "a".repeat(40),
      startedAt: new Date(),
      unreadableFiles: [],
      references: [
        {
          env: "dev",
          region: "eu-west-1",
          unitPath: "dev/eu-west-1/vpc",
          file: "dev/eu-west-1/vpc/terragrunt.hcl",
          address: "terraform.source",
          kind: "terragrunt",
          source: `git::https://github.com/policy-${run}/iac-modules.git//modules/vpc?ref=vpc/v1.0.0`,
          normalizedSource: null,
          ref: "vpc/v1.0.0",
          versionConstraint: null,
          match: "version",
          moduleId,
          moduleVersionId: versions["1.0.0"]!,
          matchProblem: null,
          commitSha: "a".repeat(40),
        },
      ],
    },
    systemActor("test"),
  );
  await reconcileNotices(deps, { moduleId });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("applying a saved notice policy", () => {
  it("keeps a relaxed policy pending when its apply fails, and the sweep applies it, moving due dates later", async () => {
    expect(await dueInDays()).toBe(60);
    expect(await store.getPolicyState()).toMatchObject({ pending: false });

    let failures = 1;
    const flaky = withApply(async (apply, ...args) => {
      if (failures-- > 0) throw new Error("connection reset");
      return apply(...args);
    });
    // The save stands (it is committed and audited) and says honestly that the sweep applies it.
    expect(await saveEstateSettings(flaky, carol, { policy: policyWith(120) })).toEqual({ noticesUpdated: 0, policyPending: true });
    expect(await store.getPolicyState()).toMatchObject({ policy: { minor: 120 }, pending: true });
    expect(await getEstateSettings(deps, carol)).toMatchObject({ policyPending: true });
    expect(await dueInDays()).toBe(60);

    // An ordinary reconcile never moves a due date later: that is what the pending policy is for.
    await reconcileNotices(deps);
    expect(await dueInDays()).toBe(60);

    await sweepNotices(deps);
    expect(await dueInDays()).toBe(120);
    expect(await store.getPolicyState()).toMatchObject({ policy: { minor: 120 }, pending: false });
    expect(await getEstateSettings(deps, carol)).toMatchObject({ policyPending: false });
    // Nothing left to apply: the next sweep is an ordinary reconcile and changes nothing.
    expect(await applyNoticePolicy(deps, { actor: systemActor("test") })).toBeNull();
    await sweepNotices(deps);
    expect(await dueInDays()).toBe(120);
  });

  it("does not mark a save made during an apply as applied; the sweep applies it", async () => {
    let saved = false;
    const interleaved = withApply(async (apply, ...args) => {
      const result = await apply(...args);
      if (!saved) {
        saved = true;
        // Another admin's save lands after this apply's writes, before it records what it applied.
        await store.saveSettings({ policy: policyWith(45), chatWebhookUrl: null }, { id: null, label: "other-admin" });
      }
      return result;
    });
    expect(await saveEstateSettings(interleaved, carol, { policy: policyWith(30) })).toEqual({ noticesUpdated: 1, policyPending: true });
    expect(await dueInDays()).toBe(30);
    expect(await store.getPolicyState()).toMatchObject({ policy: { minor: 45 }, pending: true });

    await sweepNotices(deps);
    expect(await dueInDays()).toBe(45);
    expect(await store.getPolicyState()).toMatchObject({ policy: { minor: 45 }, pending: false });
  });

  it("writes no due date from an older policy after a newer one is saved and applied", async () => {
    let overtaken = false;
    const slow = withApply(async (apply, ...args) => {
      if (!overtaken) {
        overtaken = true;
        // This apply computed its due dates under 20 days; meanwhile 100 days is saved and applied in full.
        await store.saveSettings({ policy: policyWith(100), chatWebhookUrl: null }, { id: null, label: "other-admin" });
        expect(await applyNoticePolicy(deps, { actor: systemActor("other-admin") })).toEqual({ noticesUpdated: 1, applied: true });
        expect(await dueInDays()).toBe(100);
      }
      return apply(...args);
    });
    // Its writes are refused as stale and recomputed under 100 days: nothing left to change.
    expect(await saveEstateSettings(slow, carol, { policy: policyWith(20) })).toEqual({ noticesUpdated: 0, policyPending: false });
    expect(await dueInDays()).toBe(100);
    expect(await store.getPolicyState()).toMatchObject({ policy: { minor: 100 }, pending: false });
  });
});
