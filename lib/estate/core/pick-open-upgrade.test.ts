import { describe, expect, it } from "vitest";
import { needsUpgradePullRequest, pickOpenUpgrade } from "./pick-open-upgrade";

const pr = (number: number, targetVersion: string) => ({ number, url: `https://github.test/acme/infra/pull/${number}`, targetVersion });

describe("pickOpenUpgrade", () => {
  it("shows the open PR to the newest version newer than the unit's", () => {
    expect(pickOpenUpgrade([pr(12, "1.1.0")], "1.0.0")).toEqual(pr(12, "1.1.0"));
    expect(pickOpenUpgrade([pr(12, "1.1.0"), pr(14, "1.10.0"), pr(13, "1.2.0")], "1.0.0")).toEqual(pr(14, "1.10.0"));
  });

  it("leaves out PRs to the unit's version or an older one: the unit moved past them", () => {
    expect(pickOpenUpgrade([pr(12, "1.1.0"), pr(13, "1.2.0")], "1.2.0")).toBeNull();
    expect(pickOpenUpgrade([pr(12, "1.1.0"), pr(13, "1.3.0")], "1.2.0")).toEqual(pr(13, "1.3.0"));
  });

  it("shows none without PRs, for a unit whose version is unknown, or for versions that are not semantic", () => {
    expect(pickOpenUpgrade([], "1.0.0")).toBeNull();
    expect(pickOpenUpgrade([pr(12, "1.1.0")], null)).toBeNull();
    expect(pickOpenUpgrade([pr(12, "main")], "1.0.0")).toBeNull();
  });
});

describe("needsUpgradePullRequest", () => {
  const notice = (targetVersion: string | null) => ({ targetVersion });

  it("wants a PR when none is open", () => {
    expect(needsUpgradePullRequest({ openUpgrade: null, notice: notice("1.2.0") })).toBe(true);
    expect(needsUpgradePullRequest({ openUpgrade: null, notice: null })).toBe(true);
  });

  it("wants none while the open PR goes to the notice's target, or there is no target to compare with", () => {
    expect(needsUpgradePullRequest({ openUpgrade: pr(12, "1.2.0"), notice: notice("1.2.0") })).toBe(false);
    expect(needsUpgradePullRequest({ openUpgrade: pr(12, "1.2.0"), notice: null })).toBe(false);
    expect(needsUpgradePullRequest({ openUpgrade: pr(12, "1.2.0"), notice: notice(null) })).toBe(false);
  });

  it("wants a PR to the newer version when a release came since the open PR", () => {
    expect(needsUpgradePullRequest({ openUpgrade: pr(12, "1.1.0"), notice: notice("1.2.0") })).toBe(true);
    expect(needsUpgradePullRequest({ openUpgrade: pr(12, "1.9.0"), notice: notice("1.10.0") })).toBe(true);
  });
});
