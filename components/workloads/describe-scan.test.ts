import { describe, expect, it } from "vitest";
import { describeScan } from "./describe-scan";

const base = { workload: "payments", commitSha: "abcdef0123456789abcdef0123456789abcdef01", units: 5, references: 6, bringYourOwn: 0, started: 0, ended: 0, unreadableFiles: [], notices: { opened: 0, updated: 0, resolved: 0 } };

describe("describeScan", () => {
  it("says what the scan found and that nothing changed", () => {
    expect(describeScan(base)).toBe("Scanned abcdef0: 5 units, 6 module references; nothing changed since the last scan; no notice opened or resolved.");
  });

  it("counts bring-your-own references, changed consumptions, notices and unparsable files", () => {
    expect(describeScan({ ...base, units: 1, references: 1, bringYourOwn: 1, started: 1, ended: 1, notices: { opened: 0, updated: 2, resolved: 1 }, unreadableFiles: ["dev/eu-west-1/broken/terragrunt.hcl"] })).toBe(
      "Scanned abcdef0: 1 unit, 1 module reference (1 bring-your-own); 1 consumption started, 1 ended; notices: 0 opened, 1 resolved. 1 file could not be parsed: dev/eu-west-1/broken/terragrunt.hcl.",
    );
  });
});
