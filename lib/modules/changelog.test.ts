import { describe, expect, it } from "vitest";

import { extractChangelogRange, extractChangelogSection } from "./changelog";

const KEEP_A_CHANGELOG = `# Changelog

All notable changes to this project will be documented in this file.

## [Unreleased]

- Work in progress

## [1.2.0] - 2024-03-01

### Added

- \`tags\` input

\`\`\`hcl
## 9.9.9 inside a code fence is not a heading
\`\`\`

## [1.1.1] - 2024-02-10

### Fixed

- Typo

## [1.1.0] - 2024-02-01

- Outputs

## [1.0.0] - 2024-01-01

- First release

[1.2.0]: https://example.com/compare/v1.1.1...v1.2.0
[1.1.1]: https://example.com/compare/v1.1.0...v1.1.1
`;

describe("extractChangelogSection", () => {
  it("returns the Keep-a-Changelog section with its heading and sub-headings", () => {
    expect(extractChangelogSection(KEEP_A_CHANGELOG, "1.2.0")).toBe(
      "## [1.2.0] - 2024-03-01\n\n### Added\n\n- `tags` input\n\n```hcl\n## 9.9.9 inside a code fence is not a heading\n```",
    );
  });

  it("accepts a v prefix on the requested version and drops trailing link definitions", () => {
    expect(extractChangelogSection(KEEP_A_CHANGELOG, "v1.0.0")).toBe("## [1.0.0] - 2024-01-01\n\n- First release");
  });

  it("reads `## 1.2.0` and `## v1.2.0 (date)` headings", () => {
    expect(extractChangelogSection("## 1.2.0\n\n- a\n\n## 1.1.0\n\n- b\n", "1.2.0")).toBe("## 1.2.0\n\n- a");
    expect(extractChangelogSection("# History\n\n## v1.2.0 (2024-01-01)\n- a\n## v1.1.0\n- b\n", "1.1.0")).toBe("## v1.1.0\n- b");
    expect(extractChangelogSection("## [v2.0.0-rc.1](https://x/compare) (2024-05-05)\n- rc\n", "2.0.0-rc.1")).toContain("- rc");
  });

  it("returns null for a missing version or a changelog without versions", () => {
    expect(extractChangelogSection(KEEP_A_CHANGELOG, "3.0.0")).toBeNull();
    expect(extractChangelogSection("# Nothing here\n", "1.0.0")).toBeNull();
    expect(extractChangelogSection(KEEP_A_CHANGELOG, "not-a-version")).toBeNull();
  });

  it("handles CRLF files", () => {
    expect(extractChangelogSection("## 1.0.0\r\n- a\r\n## 0.9.0\r\n- b\r\n", "1.0.0")).toBe("## 1.0.0\n- a");
  });
});

describe("extractChangelogRange", () => {
  it("returns versions after `from` up to and including `to`, newest first", () => {
    const range = extractChangelogRange(KEEP_A_CHANGELOG, "1.0.0", "1.2.0");
    expect(range.map((e) => e.version)).toEqual(["1.2.0", "1.1.1", "1.1.0"]);
    expect(range[1]).toEqual({ version: "1.1.1", heading: "[1.1.1] - 2024-02-10", markdown: "## [1.1.1] - 2024-02-10\n\n### Fixed\n\n- Typo" });
  });

  it("is empty when nothing lies in the range", () => {
    expect(extractChangelogRange(KEEP_A_CHANGELOG, "1.2.0", "1.2.0")).toEqual([]);
    expect(extractChangelogRange(KEEP_A_CHANGELOG, "x", "1.2.0")).toEqual([]);
  });
});
