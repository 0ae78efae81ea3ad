import { describe, expect, it } from "vitest";
import { computeCompliance, formatIsoWeek, startOfIsoWeek, type ConsumptionInterval, type VersionStatusChange } from "./compute-compliance";
import { DEFAULT_NOTICE_POLICY } from "./notice-policy";

const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00.000Z` : iso);

describe("ISO weeks", () => {
  it.each([
    ["2026-11-30", "2026-W49", "2026-11-30"],
    ["2026-12-06", "2026-W49", "2026-11-30"],
    ["2021-01-03", "2020-W53", "2020-12-28"],
    ["2024-12-30", "2025-W01", "2024-12-30"],
    ["2026-01-01", "2026-W01", "2025-12-29"],
    ["2027-01-03", "2026-W53", "2026-12-28"],
  ])("%s is in %s, starting %s", (date, week, monday) => {
    expect(formatIsoWeek(at(date))).toBe(week);
    expect(startOfIsoWeek(at(`${date}T23:59:59.999Z`))).toEqual(at(monday));
  });
});

describe("computeCompliance", () => {
  const versions = [
    { moduleId: "vpc", version: "1.0.0", availableAt: at("2026-01-01") },
    { moduleId: "vpc", version: "1.1.0", availableAt: at("2026-01-01") },
    { moduleId: "vpc", version: "2.0.0", availableAt: at("2026-01-14") },
  ];
  // 1.0.0 is flagged vulnerable on Wednesday of W03 and fixed by moving units to 1.1.0.
  const statusHistory: VersionStatusChange[] = [{ moduleId: "vpc", version: "1.0.0", status: "vulnerable", at: at("2026-01-14T12:00:00Z") }];
  const intervals: ConsumptionInterval[] = [
    { moduleId: "vpc", version: "1.0.0", startedAt: at("2026-01-05"), endedAt: at("2026-01-20") }, // unit a, upgraded in W04
    { moduleId: "vpc", version: "1.1.0", startedAt: at("2026-01-20"), endedAt: null }, // unit a after the upgrade
    { moduleId: "vpc", version: "1.0.0", startedAt: at("2026-01-05"), endedAt: null }, // unit b, never upgraded
    { moduleId: "vpc", version: "1.1.0", startedAt: at("2026-01-12"), endedAt: at("2026-01-28") }, // unit c, removed in W05
    { moduleId: "vpc", version: null, startedAt: at("2026-01-05"), endedAt: null }, // unit d on a branch
    { moduleId: null, version: null, startedAt: at("2026-01-05"), endedAt: null }, // bring-your-own
  ];

  it("counts, per week, the units live at its end and whether their version was supported then", () => {
    const weeks = computeCompliance({ intervals, versions, statusHistory, from: at("2026-01-05"), to: at("2026-02-03T10:00:00Z") });
    expect(weeks.map((w) => [w.week, w.units, w.supported, w.share === null ? null : Number(w.share.toFixed(3)), w.bringYourOwn])).toEqual([
      ["2026-W02", 3, 2, 0.667, 1], // a (1.0.0, still active), b, d(branch)
      ["2026-W03", 4, 1, 0.25, 1], // 1.0.0 vulnerable since Wednesday: only c counts
      ["2026-W04", 4, 2, 0.5, 1], // a moved to 1.1.0 on Tuesday
      ["2026-W05", 3, 1, 0.333, 1], // c removed
      ["2026-W06", 3, 1, 0.333, 1], // the week in progress, sampled at `to`
    ]);
    expect(weeks.at(-1)!.sampledAt).toEqual(at("2026-02-03T10:00:00Z"));
    expect(weeks[0]!.sampledAt).toEqual(at("2026-01-11T23:59:59.999Z"));
  });

  it("reads history as it was: a later flag does not rewrite earlier weeks", () => {
    const later = computeCompliance({ intervals, versions, statusHistory: [...statusHistory, { moduleId: "vpc", version: "1.1.0", status: "deprecated", at: at("2026-02-02") }], from: at("2026-01-05"), to: at("2026-02-03") });
    expect(later.map((w) => w.supported)).toEqual([2, 1, 2, 1, 0]);
  });

  it("a version restored to active counts as supported again from then", () => {
    const restored = computeCompliance({
      intervals,
      versions,
      statusHistory: [...statusHistory, { moduleId: "vpc", version: "1.0.0", status: "active", at: at("2026-01-21") }],
      from: at("2026-01-05"),
      to: at("2026-01-25"),
    });
    expect(restored.map((w) => w.supported)).toEqual([2, 1, 3]);
  });

  it("with a policy, counts units whose notice was overdue that week", () => {
    const weeks = computeCompliance({ intervals, versions, statusHistory, from: at("2026-01-05"), to: at("2026-02-03"), policy: DEFAULT_NOTICE_POLICY });
    // unit b on vulnerable 1.0.0: due 2026-01-21T12:00Z (7 days after the flag), overdue from W04 on.
    expect(weeks.map((w) => w.overdue)).toEqual([0, 0, 1, 1, 1]);
  });

  it("reports weeks without units as having no share, and refuses a backwards range", () => {
    expect(computeCompliance({ intervals: [], versions, statusHistory, from: at("2026-01-05"), to: at("2026-01-06") })).toEqual([
      expect.objectContaining({ week: "2026-W02", units: 0, share: null }),
    ]);
    expect(() => computeCompliance({ intervals, versions, statusHistory, from: at("2026-02-01"), to: at("2026-01-01") })).toThrow(/starts after it ends/);
  });

  // Its speed is the estate bench's to measure (npm run bench -- estate), not a timed test's.
  it("counts 5,000 units over a year, week by week", () => {
    const many: ConsumptionInterval[] = Array.from({ length: 5000 }, (_, i) => ({ moduleId: "vpc", version: i % 2 ? "1.0.0" : "1.1.0", startedAt: at("2026-01-05"), endedAt: null }));
    const weeks = computeCompliance({ intervals: many, versions, statusHistory, from: at("2026-01-05"), to: at("2026-12-28"), policy: DEFAULT_NOTICE_POLICY });
    expect(weeks).toHaveLength(52);
    expect(weeks.at(-1)).toMatchObject({ units: 5000, supported: 2500, overdue: 5000 });
    expect(weeks.every((w) => w.units === 5000)).toBe(true);
  });
});
