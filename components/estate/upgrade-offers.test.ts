import { describe, expect, it } from "vitest";
import { bulkUpgradeUnits, offersUpgrade } from "./upgrade-offers";

const pr = (number: number, targetVersion: string) => ({ number, url: `https://github.test/acme/infra/pull/${number}`, targetVersion });
const vpc = { id: "m-vpc", name: "vpc" };

function unit(name: string, options: { canUpgrade?: boolean; target?: string | null; openUpgrade?: ReturnType<typeof pr> | null; module?: typeof vpc | null } = {}) {
  const target = options.target === undefined ? "1.2.0" : options.target;
  return {
    name,
    canUpgrade: options.canUpgrade ?? true,
    module: options.module === undefined ? vpc : options.module,
    notice: target ? { id: `n-${name}`, kind: "update_available" as const, dueAt: new Date("2026-12-01T00:00:00Z"), targetVersion: target, requiredVersion: target, severity: null } : null,
    openUpgrade: options.openUpgrade ?? null,
  };
}

describe("bulkUpgradeUnits", () => {
  it("counts only the units that want a PR; those whose upgrade PR is open already are set apart", () => {
    const units = [unit("dev"), unit("stage", { openUpgrade: pr(12, "1.2.0") }), unit("prod"), unit("other-team", { canUpgrade: false }), unit("byo", { module: null })];
    const { selectable, alreadyOpen } = bulkUpgradeUnits(units);
    expect(selectable.map((u) => u.name)).toEqual(["dev", "prod"]);
    expect(alreadyOpen.map((u) => u.name)).toEqual(["stage"]);
  });

  it("counts a unit whose open PR goes to an older version than its notice's target", () => {
    const { selectable, alreadyOpen } = bulkUpgradeUnits([unit("stage", { openUpgrade: pr(12, "1.1.0"), target: "1.2.0" })]);
    expect(selectable.map((u) => u.name)).toEqual(["stage"]);
    expect(alreadyOpen).toEqual([]);
  });
});

describe("offersUpgrade", () => {
  it("offers the button while the unit has no open upgrade PR, or only one to an older version", () => {
    expect(offersUpgrade(unit("a"))).toBe(true);
    expect(offersUpgrade(unit("a", { openUpgrade: pr(12, "1.2.0") }))).toBe(false);
    expect(offersUpgrade(unit("a", { openUpgrade: pr(12, "1.1.0") }))).toBe(true);
  });

  it("never offers it to a viewer who may not upgrade the unit, or without a target", () => {
    expect(offersUpgrade(unit("a", { canUpgrade: false }))).toBe(false);
    expect(offersUpgrade(unit("a", { target: null }))).toBe(false);
  });
});
