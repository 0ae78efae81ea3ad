import { describe, expect, it } from "vitest";
import { buildUnifiedDiff } from "./build-unified-diff";

describe("buildUnifiedDiff", () => {
  it("shows a new file as all additions from /dev/null", () => {
    expect(buildUnifiedDiff({ path: "a.hcl", before: null, after: "x\ny\n" })).toBe("--- /dev/null\n+++ b/a.hcl\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  });

  it("returns nothing for identical content", () => {
    expect(buildUnifiedDiff({ path: "a", before: "same\n", after: "same\n" })).toBe("");
  });

  it("keeps three lines of context and splits distant changes into hunks", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 2\n", "line two\n").replace("line 18\n", "");
    expect(buildUnifiedDiff({ path: "f", before, after })).toBe(
      [
        "--- a/f",
        "+++ b/f",
        "@@ -1,5 +1,5 @@",
        " line 1",
        "-line 2",
        "+line two",
        " line 3",
        " line 4",
        " line 5",
        "@@ -15,6 +15,5 @@",
        " line 15",
        " line 16",
        " line 17",
        "-line 18",
        " line 19",
        " line 20",
        "",
      ].join("\n"),
    );
  });
});
