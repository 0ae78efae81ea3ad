import { describe, expect, it } from "vitest";
import { findCodeOwners, findModuleOwners, parseCodeOwners } from "./codeowners";

const file = `# Platform modules
*                       @acme/platform
/modules/vpc/           @acme/networking
/modules/kms-key/       @acme/security @acme/platform   # two teams
modules/rds-*/          @acme/data
*.md                    docs@acme.example
/modules/legacy/
/docs/*                 @acme/writers
apps/**/deploy.tf       @acme/deployers
\\#odd                  @acme/hash
!negated                @acme/never
[abc].tf                @acme/never
/modules/waf-acl/       not-an-owner
`;

describe("CODEOWNERS", () => {
  const rules = parseCodeOwners(file);

  it("reads rules with their owners, skipping comments and lines GitHub rejects", () => {
    expect(rules.map((r) => [r.pattern, r.owners])).toEqual([
      ["*", ["@acme/platform"]],
      ["/modules/vpc/", ["@acme/networking"]],
      ["/modules/kms-key/", ["@acme/security", "@acme/platform"]],
      ["modules/rds-*/", ["@acme/data"]],
      ["*.md", ["docs@acme.example"]],
      ["/modules/legacy/", []],
      ["/docs/*", ["@acme/writers"]],
      ["apps/**/deploy.tf", ["@acme/deployers"]],
      ["#odd", ["@acme/hash"]],
    ]);
  });

  it("gives a path the owners of the last rule that matches it", () => {
    expect(findCodeOwners(rules, "modules/vpc/main.tf").owners).toEqual(["@acme/networking"]);
    expect(findCodeOwners(rules, "modules/vpc/README.md").owners).toEqual(["docs@acme.example"]);
    expect(findCodeOwners(rules, "modules/rds-postgres/main.tf").owners).toEqual(["@acme/data"]);
    expect(findCodeOwners(rules, "modules/s3-bucket/main.tf").owners).toEqual(["@acme/platform"]);
    // A rule with no owners makes the path unowned.
    expect(findCodeOwners(rules, "modules/legacy/main.tf").owners).toEqual([]);
    // `/docs/*` covers the folder's direct files only.
    expect(findCodeOwners(rules, "docs/intro.txt").owners).toEqual(["@acme/writers"]);
    expect(findCodeOwners(rules, "docs/deep/intro.txt").owners).toEqual(["@acme/platform"]);
    expect(findCodeOwners(rules, "apps/a/b/deploy.tf").owners).toEqual(["@acme/deployers"]);
    expect(findCodeOwners(rules, "apps/deploy.tf").owners).toEqual(["@acme/deployers"]);
    expect(findCodeOwners(rules, "#odd").owners).toEqual(["@acme/hash"]);
  });

  it("resolves a module folder's owners as those of its main.tf, the repo root included", () => {
    expect(findModuleOwners(rules, "modules/kms-key")).toEqual(["@acme/security", "@acme/platform"]);
    expect(findModuleOwners(rules, "modules/vpc/")).toEqual(["@acme/networking"]);
    expect(findModuleOwners(rules, "")).toEqual(["@acme/platform"]);
    expect(findModuleOwners(parseCodeOwners("/modules/ @acme/mods\n"), "modules/vpc")).toEqual(["@acme/mods"]);
    expect(findModuleOwners(parseCodeOwners("vpc @acme/net\n"), "modules/vpc")).toEqual(["@acme/net"]);
    expect(findModuleOwners(parseCodeOwners("/vpc @acme/net\n"), "modules/vpc")).toEqual([]);
    expect(findModuleOwners(parseCodeOwners("*.tf @acme/tf\n*.md @acme/docs\n"), "")).toEqual(["@acme/tf"]);
    expect(findModuleOwners([], "modules/vpc")).toEqual([]);
  });

  it("matches a repo's hostile globs in linear time and skips ones with too many **", () => {
    // On a backtracking engine `*a*a…*b` against a long run of a's is polynomial of degree 12.
    const hostile = parseCodeOwners(`${"*a".repeat(12)}*b @acme/slow\n`);
    expect(hostile).toHaveLength(1);
    expect(findCodeOwners(hostile, "a".repeat(5000)).owners).toEqual([]);
    expect(findCodeOwners(hostile, `${"a".repeat(20)}b`).owners).toEqual(["@acme/slow"]);
    // A run of `**/` means one `**/`; more than eight `**` and the line is skipped.
    const repeated = parseCodeOwners(`${"**/".repeat(50)}deploy.tf @acme/deployers\n`);
    expect(findCodeOwners(repeated, "apps/x/deploy.tf").owners).toEqual(["@acme/deployers"]);
    expect(parseCodeOwners(`${"a/**/".repeat(9)}x.tf @acme/deep\n`)).toEqual([]);
    expect(parseCodeOwners(`${"a/**/".repeat(8)}x.tf @acme/deep\n`)).toHaveLength(1);
  });
});
