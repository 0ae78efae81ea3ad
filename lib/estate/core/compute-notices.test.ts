import { describe, expect, it } from "vitest";
import { computeNotices, escalationOf, isNoticeSatisfied, type VersionState } from "./compute-notices";
import { DEFAULT_NOTICE_POLICY, parseNoticePolicy } from "./notice-policy";
import { reconcileNotice } from "./reconcile-notice";

const policy = DEFAULT_NOTICE_POLICY;
const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

function v(version: string, availableAt: string, extra: Partial<VersionState> = {}): VersionState {
  return { version, availableAt: at(availableAt), status: "active", statusSince: null, ...extra };
}

const BASE = [v("1.0.0", "2026-01-01"), v("1.0.1", "2026-02-01"), v("1.1.0", "2026-03-01"), v("2.0.0", "2026-04-01")];

describe("computeNotices", () => {
  it("gives no notice to a unit on the newest supported version", () => {
    expect(computeNotices({ version: "2.0.0", versions: BASE, policy, now: at("2026-05-01") })).toEqual({ notice: null, obligations: [] });
  });

  it("dates each newer release by its change level from the day it appeared, and the notice by the earliest", () => {
    const { notice, obligations } = computeNotices({ version: "1.0.0", versions: BASE, policy, now: at("2026-05-01") });
    expect(obligations.map((o) => [o.version, o.level, o.dueAt.toISOString().slice(0, 10)])).toEqual([
      ["1.0.1", "patch", "2026-03-03"], // 2026-02-01 + 30
      ["1.1.0", "minor", "2026-04-30"], // 2026-03-01 + 60
      ["2.0.0", "major", "2026-06-30"], // 2026-04-01 + 90
    ]);
    expect(notice).toMatchObject({ kind: "update_available", fromVersion: "1.0.0", requiredVersion: "1.0.1", targetVersion: "2.0.0", level: "major", severity: null });
    expect(notice!.dueAt).toEqual(at("2026-03-03"));
    expect(notice!.triggeredAt).toEqual(at("2026-02-01"));
  });

  it("takes the policy's days for each level", () => {
    const custom = parseNoticePolicy({ major: 120, minor: 45 });
    const { obligations } = computeNotices({ version: "1.0.1", versions: BASE, policy: custom, now: at("2026-05-01") });
    expect(obligations.map((o) => o.dueAt.toISOString().slice(0, 10))).toEqual(["2026-04-15", "2026-07-30"]);
  });

  it("ignores releases that are newer only as prereleases, withdrawn, deprecated or vulnerable, and events after now", () => {
    const versions = [
      v("1.0.0", "2026-01-01"),
      v("1.1.0-rc.1", "2026-02-01"),
      v("1.2.0", "2026-02-01", { status: "withdrawn", statusSince: at("2026-02-05") }),
      v("1.3.0", "2026-02-01", { status: "deprecated", statusSince: at("2026-02-05") }),
      v("1.4.0", "2026-02-01", { status: "vulnerable", statusSince: at("2026-02-05") }),
      v("1.5.0", "2026-06-01"),
    ];
    expect(computeNotices({ version: "1.0.0", versions, policy, now: at("2026-05-01") }).notice).toBeNull();
  });

  it("sends a unit on a prerelease to its release as a patch", () => {
    const { notice } = computeNotices({ version: "v2.0.0-rc.1", versions: [v("2.0.0-rc.1", "2026-01-01"), v("2.0.0", "2026-01-10")], policy, now: at("2026-01-11") });
    expect(notice).toMatchObject({ requiredVersion: "2.0.0", level: "patch" });
    expect(notice!.dueAt).toEqual(at("2026-02-09"));
  });

  it("accepts monorepo tags and v-prefixed versions for the unit's version", () => {
    expect(computeNotices({ version: "vpc/v1.0.0", versions: BASE, policy, now: at("2026-05-01") }).notice?.fromVersion).toBe("1.0.0");
    expect(() => computeNotices({ version: "main", versions: BASE, policy, now: at("2026-05-01") })).toThrow(/"main" is not a semantic version/);
  });

  describe("flags on the unit's own version", () => {
    const advisory = { severity: "critical" as const, summary: "Public S3 ACL", reference: "CVE-2026-1234", fixedIn: "1.0.1" };

    it("a vulnerable flag tightens the due date to the flag plus the vulnerable days, and names the fix", () => {
      const versions = BASE.map((x) => (x.version === "1.0.0" ? { ...x, status: "vulnerable" as const, statusSince: at("2026-02-20"), advisory } : x));
      const { notice } = computeNotices({ version: "1.0.0", versions, policy, now: at("2026-02-21") });
      expect(notice).toMatchObject({ kind: "vulnerable", severity: "critical", requiredVersion: "1.0.1", advisory });
      expect(notice!.dueAt).toEqual(at("2026-02-27"));
      expect(notice!.triggeredAt).toEqual(at("2026-02-20"));
    });

    it("never loosens: a flag whose deadline falls after an existing obligation keeps the earlier date", () => {
      const versions = BASE.map((x) => (x.version === "1.0.0" ? { ...x, status: "vulnerable" as const, statusSince: at("2026-03-01"), advisory } : x));
      const { notice } = computeNotices({ version: "1.0.0", versions, policy, now: at("2026-03-02") });
      // the 1.0.1 patch release was due on 2026-03-03; the flag would give 2026-03-08
      expect(notice).toMatchObject({ kind: "vulnerable" });
      expect(notice!.dueAt).toEqual(at("2026-03-03"));
      // an explicit, later deadline on the flag does not loosen it either
      const lenient = versions.map((x) => (x.version === "1.0.0" ? { ...x, deadline: at("2026-12-31") } : x));
      expect(computeNotices({ version: "1.0.0", versions: lenient, policy, now: at("2026-03-02") }).notice!.dueAt).toEqual(at("2026-03-03"));
    });

    it("an explicit, earlier deadline set with the flag wins over the policy", () => {
      const versions = BASE.map((x) => (x.version === "1.1.0" ? { ...x, status: "vulnerable" as const, statusSince: at("2026-04-10"), deadline: at("2026-04-12"), advisory: { ...advisory, fixedIn: null } } : x));
      const { notice } = computeNotices({ version: "1.1.0", versions, policy, now: at("2026-04-11") });
      expect(notice).toMatchObject({ kind: "vulnerable", requiredVersion: "2.0.0", targetVersion: "2.0.0" });
      expect(notice!.dueAt).toEqual(at("2026-04-12"));
    });

    it("a vulnerable version with no fix released yet still carries a notice with no required version", () => {
      const versions = [v("1.0.0", "2026-01-01", { status: "vulnerable", statusSince: at("2026-02-01"), advisory: { ...advisory, fixedIn: null } })];
      const { notice } = computeNotices({ version: "1.0.0", versions, policy, now: at("2026-02-02") });
      expect(notice).toMatchObject({ kind: "vulnerable", requiredVersion: null, targetVersion: null, level: null });
      expect(notice!.dueAt).toEqual(at("2026-02-08"));
    });

    it("a fix named by the advisory but later than the next release raises the required version", () => {
      const versions = BASE.map((x) => (x.version === "1.0.1" ? { ...x, status: "vulnerable" as const, statusSince: at("2026-03-10"), advisory: { ...advisory, fixedIn: "v1.1.0" } } : x));
      const { notice } = computeNotices({ version: "1.0.1", versions, policy, now: at("2026-03-11") });
      expect(notice).toMatchObject({ kind: "vulnerable", requiredVersion: "1.1.0" });
      expect(notice!.dueAt).toEqual(at("2026-03-17"));
    });

    it("deprecated and withdrawn versions take the deprecated days", () => {
      const deprecated = BASE.map((x) => (x.version === "2.0.0" ? { ...x, status: "deprecated" as const, statusSince: at("2026-04-10") } : x));
      const dep = computeNotices({ version: "2.0.0", versions: deprecated, policy, now: at("2026-04-11") }).notice;
      expect(dep).toMatchObject({ kind: "deprecated", requiredVersion: null, targetVersion: null });
      expect(dep!.dueAt).toEqual(at("2026-05-10"));
      const withdrawn = BASE.map((x) => (x.version === "1.1.0" ? { ...x, status: "withdrawn" as const, statusSince: at("2026-04-10") } : x));
      const wd = computeNotices({ version: "1.1.0", versions: withdrawn, policy, now: at("2026-04-11") });
      expect(wd.notice).toMatchObject({ kind: "deprecated", requiredVersion: "2.0.0" });
      expect(wd.obligations.map((o) => o.reason)).toEqual(["withdrawn", "newer_version"]);
    });
  });
});

describe("isNoticeSatisfied", () => {
  const versions = [...BASE, v("2.0.1", "2026-04-05", { status: "vulnerable", statusSince: at("2026-04-06") })];

  it("is met by the required version or a newer supported one", () => {
    const notice = { fromVersion: "1.0.0", requiredVersion: "1.1.0" };
    expect(isNoticeSatisfied(notice, "1.1.0", versions)).toBe(true);
    expect(isNoticeSatisfied(notice, "v2.0.0", versions)).toBe(true);
    expect(isNoticeSatisfied(notice, "1.0.1", versions)).toBe(false);
    expect(isNoticeSatisfied(notice, "2.0.1", versions)).toBe(false);
    expect(isNoticeSatisfied(notice, "main", versions)).toBe(false);
  });

  it("with no required version, is met by any newer supported version", () => {
    expect(isNoticeSatisfied({ fromVersion: "1.0.0", requiredVersion: null }, "1.0.1", versions)).toBe(true);
    expect(isNoticeSatisfied({ fromVersion: "1.0.0", requiredVersion: null }, "1.0.0", versions)).toBe(false);
  });
});

describe("escalationOf", () => {
  const notice = { dueAt: at("2026-03-10") };
  it.each([
    ["2026-02-01", "update_available"],
    ["2026-03-02", "update_available"],
    ["2026-03-03", "due_soon"],
    ["2026-03-10", "due_soon"],
    ["2026-03-11", "overdue"],
  ])("at %s → %s", (now, expected) => {
    expect(escalationOf(notice, at(now))).toBe(expected);
  });

  it("is current without a notice or once resolved, and honours the policy's due-soon window", () => {
    expect(escalationOf(null, at("2026-03-11"))).toBe("current");
    expect(escalationOf({ ...notice, resolvedAt: at("2026-03-09") }, at("2026-03-11"))).toBe("current");
    expect(escalationOf(notice, at("2026-02-25"), 14)).toBe("due_soon");
  });
});

describe("reconcileNotice", () => {
  const now = at("2026-05-01");
  const computedFor = (version: string, versions = BASE, when = now) => computeNotices({ version, versions, policy, now: when }).notice;

  it("opens a notice when a newer version appears", () => {
    const computed = computedFor("1.1.0");
    expect(reconcileNotice({ existing: null, computed, version: "1.1.0", versions: BASE })).toEqual({ action: "open", notice: computed });
    expect(reconcileNotice({ existing: null, computed: null, version: "2.0.0", versions: BASE })).toEqual({ action: "none" });
  });

  it("keeps an unchanged notice as it is", () => {
    const computed = computedFor("1.1.0")!;
    expect(reconcileNotice({ existing: computed, computed, version: "1.1.0", versions: BASE })).toEqual({ action: "none" });
  });

  it("tightens an open notice when the unit's version is flagged vulnerable", () => {
    const existing = computedFor("1.1.0")!; // 2.0.0 due 2026-06-30
    const flagged = BASE.map((x) => (x.version === "1.1.0" ? { ...x, status: "vulnerable" as const, statusSince: at("2026-05-01"), advisory: { severity: "high" as const, summary: "x", reference: null, fixedIn: null } } : x));
    const change = reconcileNotice({ existing, computed: computedFor("1.1.0", flagged), version: "1.1.0", versions: flagged });
    expect(change).toMatchObject({ action: "update", tightened: true, notice: { kind: "vulnerable", severity: "high" } });
    if (change.action === "update") expect(change.notice.dueAt).toEqual(at("2026-05-08"));
  });

  it("never loosens an open notice's due date unless told to", () => {
    const existing = { ...computedFor("1.1.0")!, dueAt: at("2026-05-08") };
    const computed = computedFor("1.1.0")!; // due 2026-06-30
    expect(reconcileNotice({ existing, computed, version: "1.1.0", versions: BASE })).toEqual({ action: "none" });
    const lifted = reconcileNotice({ existing, computed, version: "1.1.0", versions: BASE, allowLaterDue: true });
    expect(lifted).toMatchObject({ action: "update", tightened: false });
    if (lifted.action === "update") expect(lifted.notice.dueAt).toEqual(at("2026-06-30"));
  });

  it("resolves a notice the unit's version meets, and hands over to the next one", () => {
    const existing = computedFor("1.0.0")!; // requires 1.0.1
    const afterPatch = reconcileNotice({ existing, computed: computedFor("1.0.1"), version: "1.0.1", versions: BASE });
    expect(afterPatch).toMatchObject({ action: "resolve", reason: "satisfied", next: { fromVersion: "1.0.1", requiredVersion: "1.1.0" } });
    expect(reconcileNotice({ existing, computed: null, version: "2.0.0", versions: BASE })).toEqual({ action: "resolve", reason: "satisfied", next: null });
  });

  it("moves a notice along when the unit upgrades only part of the way", () => {
    const existing = { ...computedFor("1.0.0")!, requiredVersion: "2.0.0" };
    const change = reconcileNotice({ existing, computed: computedFor("1.0.1"), version: "1.0.1", versions: BASE });
    expect(change).toMatchObject({ action: "update", notice: { fromVersion: "1.0.1", requiredVersion: "1.1.0" } });
  });

  it("resolves a notice that no longer applies (its only trigger is gone)", () => {
    const existing = computedFor("1.1.0")!;
    const withdrawnMajor = BASE.map((x) => (x.version === "2.0.0" ? { ...x, status: "withdrawn" as const, statusSince: at("2026-04-20") } : x));
    expect(reconcileNotice({ existing, computed: computedFor("1.1.0", withdrawnMajor), version: "1.1.0", versions: withdrawnMajor })).toEqual({ action: "resolve", reason: "no_longer_applies", next: null });
  });
});

describe("parseNoticePolicy", () => {
  it("fills defaults and names a bad field", () => {
    expect(parseNoticePolicy(undefined)).toEqual(DEFAULT_NOTICE_POLICY);
    expect(parseNoticePolicy({ deprecated: 14 })).toMatchObject({ deprecated: 14, major: 90 });
    expect(() => parseNoticePolicy({ vulnerable: -1 })).toThrow(/Vulnerable versions cannot be negative/);
    expect(() => parseNoticePolicy({ minor: 1.5 })).toThrow(/whole days/);
    expect(() => parseNoticePolicy({ major: "90" })).toThrow(/number of days/);
  });
});


