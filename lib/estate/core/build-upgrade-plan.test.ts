import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { extractChangelogRange } from "@/lib/modules/changelog";
import type { ModuleDocs, ModuleInput, ModuleOutput } from "@/lib/modules/module-docs";
import { buildUpgradePlan, type BuildUpgradePlanOptions } from "./build-upgrade-plan";
import { findModuleReferences, type ModuleReference } from "./find-module-references";

function input(name: string, extra: Partial<ModuleInput> = {}): ModuleInput {
  return {
    name,
    type: "string",
    typeDeclared: true,
    description: null,
    defaultJson: null,
    defaultText: null,
    defaultIsExpression: false,
    required: true,
    sensitive: false,
    nullable: true,
    validations: [],
    docsIgnored: false,
    file: "variables.tf",
    line: 1,
    ...extra,
  };
}

function output(name: string): ModuleOutput {
  return { name, description: null, sensitive: false, docsIgnored: false, file: "outputs.tf", line: 1 };
}

function docs(inputs: ModuleInput[], outputs: ModuleOutput[], requiredVersion: string | null = ">= 1.5"): ModuleDocs {
  return { inputs, outputs, providers: [], requiredVersion, resources: [], modules: [], submodules: [], examples: [], readme: null, changelog: null, header: null, errors: [] };
}

const FROM_DOCS = docs(
  [input("name"), input("cidr"), input("tags", { type: "map(string)", required: false, defaultText: "{}" }), input("legacy_mode", { type: "bool", required: false, defaultText: "false" }), input("azs", { type: "list(string)", required: false, defaultText: "[]" })],
  [output("vpc_id"), output("nat_ids")],
);
const TO_DOCS = docs(
  [
    input("name"),
    input("cidr"),
    input("tags", { type: "map(any)", required: false, defaultText: "{}" }),
    input("azs", { type: "list(string)", required: true }),
    input("flow_log_bucket", { description: "Bucket for VPC flow logs" }),
    input("enable_ipv6", { type: "bool", required: false, defaultText: "false" }),
  ],
  [output("vpc_id"), output("flow_log_id")],
  ">= 1.6",
);

const CHANGELOG = `# Changelog

## [1.4.0] - 2026-10-01
### Added
- Flow logs (\`flow_log_bucket\` is required).

## [1.3.0] - 2026-09-01
### Changed
- \`tags\` accepts any values.
- \`azs\` is required.

## [1.2.0] - 2026-08-01
- Initial release.
`;

// A Terragrunt unit with CRLF line ends, comments, odd spacing, a heredoc and a second `ref=` inside it.
const UNIT = [
  "# Managed by the payments team — do not reformat ✓",
  'include "root" {',
  '  path = find_in_parent_folders("root.hcl")',
  "}",
  "",
  "terraform {",
  "    # pinned by hand",
  '    source   =   "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?depth=1&ref=vpc/v1.2.0"   # trailing',
  "}",
  "",
  "inputs = {",
  '  name  =    "payments"  # why: legacy name',
  '  cidr = "10.10.0.0/16"',
  '  legacy_mode = true',
  '  tags = { team = "payments" }',
  "  note = <<-EOT",
  '    source = "git::https://example.com/other.git?ref=vpc/v1.2.0"',
  "  EOT",
  "}",
  "",
].join("\r\n");

async function referenceIn(path: string, content: string, address: string, registryHosts: string[] = []): Promise<ModuleReference> {
  const { references, errors } = await findModuleReferences([{ path, content }], { registryHosts });
  expect(errors).toEqual([]);
  const found = references.find((r) => r.address === address);
  if (!found) throw new Error(`no ${address} in ${path}`);
  return found;
}

async function optionsFor(overrides: Partial<BuildUpgradePlanOptions> = {}): Promise<BuildUpgradePlanOptions> {
  const path = "dev/eu-west-1/vpc/terragrunt.hcl";
  return {
    file: { path, content: UNIT },
    reference: await referenceIn(path, UNIT, "terraform.source"),
    module: { name: "vpc" },
    workload: "payments",
    from: { version: "1.2.0", tag: "vpc/v1.2.0", docs: FROM_DOCS },
    to: { version: "1.4.0", tag: "vpc/v1.4.0", docs: TO_DOCS },
    changelog: extractChangelogRange(CHANGELOG, "1.2.0", "1.4.0"),
    notice: { kind: "update_available", dueAt: new Date("2026-12-24T00:00:00Z"), url: "https://bulkhead.example.com/estate/notices/7f1c", advisory: null },
    ...overrides,
  };
}

/** Asserts that `after` equals `before` but for `oldValue` → `newValue` at the first index of `anchor + oldValue`. */
function expectOnlyReplaced(before: string, after: string, anchor: string, oldValue: string, newValue: string): void {
  const at = before.indexOf(anchor + oldValue) + anchor.length;
  expect(at).toBeGreaterThanOrEqual(anchor.length);
  expect(after.slice(0, at)).toBe(before.slice(0, at));
  expect(after.slice(at, at + newValue.length)).toBe(newValue);
  expect(after.slice(at + newValue.length)).toBe(before.slice(at + oldValue.length));
}

describe("buildUpgradePlan: the file edit", () => {
  it("bumps only the ref of a Terragrunt source; every other byte (CRLF, comments, spacing, heredoc) is unchanged", async () => {
    const plan = await buildUpgradePlan(await optionsFor());
    expect(plan.changed).toBe(true);
    expect(plan.edit).toEqual({ kind: "ref", before: "vpc/v1.2.0", after: "vpc/v1.4.0" });
    expectOnlyReplaced(UNIT, plan.content, "depth=1&ref=", "vpc/v1.2.0", "vpc/v1.4.0");
    // the same text inside the heredoc is not touched
    expect(plan.content).toContain('source = "git::https://example.com/other.git?ref=vpc/v1.2.0"');
    expect(plan.content.split("\r\n")).toHaveLength(UNIT.split("\r\n").length);
    expect(plan.content.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("bumps the named module block's git ref in a .tf file with several modules", async () => {
    const tf = 'module "vpc" {\n  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0"\n  name   = "a"\n}\n\nmodule "vpc_b" {\n  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0" // keep\n}\n';
    const reference = await referenceIn("prod/us-east-1/net/main.tf", tf, "module.vpc_b");
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "prod/us-east-1/net/main.tf", content: tf }, reference }));
    const anchor = 'vpc?ref=vpc/v1.2.0" // keep';
    const at = tf.indexOf(anchor) + "vpc?ref=".length;
    expect(plan.content.slice(0, at)).toBe(tf.slice(0, at));
    expect(plan.content.slice(at)).toBe(tf.slice(at).replace("vpc/v1.2.0", "vpc/v1.4.0"));
    expect(plan.body).toContain("module `vpc_b` in `prod/us-east-1/net/main.tf`");
  });

  it("keeps a refs/tags/ spelling of the ref", async () => {
    const text = 'terraform {\n  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=refs/tags/vpc/v1.2.0"\n}\n';
    const reference = await referenceIn("dev/a/b/terragrunt.hcl", text, "terraform.source");
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "dev/a/b/terragrunt.hcl", content: text }, reference }));
    expect(plan.content).toBe(text.replace("refs/tags/vpc/v1.2.0", "refs/tags/vpc/v1.4.0"));
  });

  it("bumps a registry module's version constraint in place, keeping its style", async () => {
    const tf = '# edge\nmodule "vpc" {\n  source     = "bulkhead.example.com/acme-platform/vpc/aws"\n  version    = "~>1.2"   # minor updates only\n\n  name = "edge"\n}\n';
    const reference = await referenceIn("prod/us-east-1/edge/main.tf", tf, "module.vpc", ["bulkhead.example.com"]);
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "prod/us-east-1/edge/main.tf", content: tf }, reference, from: { version: "1.2.0", tag: "vpc/v1.2.0", docs: FROM_DOCS }, to: { version: "2.0.0", tag: "vpc/v2.0.0", docs: TO_DOCS } }));
    expect(plan.edit).toEqual({ kind: "version", before: "~>1.2", after: "~>2.0" });
    expectOnlyReplaced(tf, plan.content, 'version    = "', "~>1.2", "~>2.0");
  });

  it("bumps a Terragrunt tfr:// source's version", async () => {
    const text = 'terraform {\r\n  source = "tfr://bulkhead.example.com/acme-platform/vpc/aws?version=1.2.0"\r\n}\r\n';
    const reference = await referenceIn("dev/a/vpc/terragrunt.hcl", text, "terraform.source", ["bulkhead.example.com"]);
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "dev/a/vpc/terragrunt.hcl", content: text }, reference }));
    expect(plan.content).toBe(text.replace("version=1.2.0", "version=1.4.0"));
  });

  it("bumps a literal source that contains an escaped $${ sequence", async () => {
    const text = 'terraform {\n  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0&x=$${y}"\n}\n';
    const reference = await referenceIn("dev/a/b/terragrunt.hcl", text, "terraform.source");
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "dev/a/b/terragrunt.hcl", content: text }, reference }));
    expect(plan.content).toBe(text.replace("ref=vpc/v1.2.0", "ref=vpc/v1.4.0"));
  });

  it("refuses what it cannot bump in place, saying why", async () => {
    const base = await optionsFor();
    const withReference = (patch: Partial<ModuleReference>) => buildUpgradePlan({ ...base, reference: { ...base.reference, ...patch } });
    await expect(withReference({ inheritedFrom: { file: "_envcommon/vpc.hcl", line: 2 } })).rejects.toThrow(/_envcommon\/vpc.hcl/);
    await expect(withReference({ source: "${local.src}", resolvedSource: base.reference.resolvedSource })).rejects.toThrow(/built from locals/);
    await expect(withReference({ normalized: null, resolvedSource: null, unresolved: { expressions: ["x"] } })).rejects.toThrow(/cannot read/);
    await expect(withReference({ ref: "vpc/v1.1.0" })).rejects.toThrow(/not "vpc\/v1.1.0"/);
    await expect(buildUpgradePlan({ ...base, to: { ...base.to, version: "1.2.0", tag: "vpc/v1.2.0" } })).rejects.toThrow(/not newer/);
  });
});

describe("buildUpgradePlan: what the user must do", () => {
  it("lists new required inputs, inputs turned required, removed inputs the unit sets and retyped inputs it sets", async () => {
    const plan = await buildUpgradePlan(await optionsFor());
    expect(plan.actions).toEqual([
      { kind: "add_required_input", name: "flow_log_bucket", type: "string", description: "Bucket for VPC flow logs" },
      { kind: "input_now_required", name: "azs", type: "" },
      { kind: "remove_input", name: "legacy_mode" },
      { kind: "check_input_type", name: "tags", before: "map(string)", after: "map(any)" },
    ]);
  });

  it("leaves out inputs the unit already sets or does not use", async () => {
    const text = UNIT.replace('  legacy_mode = true\r\n', '  azs = ["a"]\r\n  flow_log_bucket = "logs"\r\n').replace('  tags = { team = "payments" }\r\n', "");
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "dev/eu-west-1/vpc/terragrunt.hcl", content: text } }));
    expect(plan.actions).toEqual([]);
    expect(plan.body).toContain("Nothing by hand");
  });

  it("reads a module block's arguments as its inputs", async () => {
    const tf = 'module "vpc" {\n  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0"\n  name   = "a"\n  cidr   = "10.0.0.0/16"\n  count  = 1\n}\n';
    const reference = await referenceIn("a/main.tf", tf, "module.vpc");
    const plan = await buildUpgradePlan(await optionsFor({ file: { path: "a/main.tf", content: tf }, reference }));
    expect(plan.actions.map((a) => `${a.kind}:${a.name}`)).toEqual(["add_required_input:flow_log_bucket", "input_now_required:azs"]);
  });

  it("says so when the docs of a version are missing", async () => {
    const plan = await buildUpgradePlan(await optionsFor({ to: { version: "1.4.0", tag: "vpc/v1.4.0", docs: null } }));
    expect(plan.diff).toBeNull();
    expect(plan.body).toContain("could not read the inputs");
  });
});

describe("buildUpgradePlan: new required inputs filled in through the portal", () => {
  it("names the inputs the form must ask for", async () => {
    const plan = await buildUpgradePlan(await optionsFor());
    expect(plan.requiredInputs).toEqual(["flow_log_bucket", "azs"]);
    expect(plan.inputsWritable).toBe(true);
    expect(plan.filledInputs).toEqual([]);
  });

  it("writes them before the inputs block's closing brace, keeping CRLF; every other byte but the ref is unchanged", async () => {
    const plan = await buildUpgradePlan(await optionsFor({ newInputs: { flow_log_bucket: "payments-flow-logs", azs: ["eu-west-1a", "eu-west-1b"] } }));
    const refBumped = UNIT.replace("ref=vpc/v1.2.0\"", "ref=vpc/v1.4.0\"");
    const at = refBumped.lastIndexOf("}\r\n");
    const inserted = '  flow_log_bucket = "payments-flow-logs"\r\n  azs = ["eu-west-1a", "eu-west-1b"]\r\n';
    expect(plan.content).toBe(refBumped.slice(0, at) + inserted + refBumped.slice(at));
    expect(plan.requiredInputs).toEqual([]);
    expect(plan.filledInputs).toEqual(["flow_log_bucket", "azs"]);
    expect(plan.actions.map((a) => `${a.kind}:${a.name}`)).not.toContain("add_required_input:flow_log_bucket");
    expect(plan.body).toContain("filled in through the portal");
  });

  it("refuses a value for any other input, so the form cannot rewrite the unit's own inputs", async () => {
    await expect(buildUpgradePlan(await optionsFor({ newInputs: { flow_log_bucket: "x", name: "hijacked" } }))).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "name", message: "Not a new required input" }] });
  });
});

describe("buildUpgradePlan: the PR body", () => {
  it("carries the change, the due date, the notice link, the input and output diff and the changelog between the versions", async () => {
    const plan = await buildUpgradePlan(await optionsFor());
    expect(plan.title).toBe("Upgrade vpc to 1.4.0 in dev/eu-west-1/vpc");
    expect(plan.body).toContain("Upgrades `vpc` from `1.2.0` to `1.4.0` (minor) in `dev/eu-west-1/vpc/terragrunt.hcl`, for the workload `payments`.");
    expect(plan.body).toContain("**Due:** 2026-12-24, see [the notice in Bulkhead](<https://bulkhead.example.com/estate/notices/7f1c>).");
    expect(plan.body).toContain("- Inputs added: `flow_log_bucket` (required), `enable_ipv6` (optional)");
    expect(plan.body).toContain("- Inputs removed: `legacy_mode`");
    expect(plan.body).toContain("`tags` (type `map(string)` → `map(any)`)");
    expect(plan.body).toContain("- Outputs removed: `nat_ids`");
    expect(plan.body).toContain("- Terraform version: `>= 1.5` becomes `>= 1.6`");
    const changelog = plan.body.slice(plan.body.indexOf("### Changelog"));
    expect(changelog.indexOf("[1.4.0] - 2026-10-01")).toBeLessThan(changelog.indexOf("[1.3.0] - 2026-09-01"));
    expect(changelog).not.toContain("[1.2.0]");
    const html = await marked.parse(plan.body);
    expect(html.match(/<h3[^>]*>[^<]*<\/h3>/g)).toEqual(["<h3>What you must do</h3>", "<h3>Inputs and outputs</h3>", "<h3>Changelog</h3>"]);
  });

  it("explains a vulnerable notice with its advisory", async () => {
    const plan = await buildUpgradePlan(
      await optionsFor({
        notice: { kind: "vulnerable", dueAt: new Date("2026-12-08T00:00:00Z"), url: "https://bulkhead.example.com/n/1", advisory: { severity: "critical", summary: "Default ACL makes the flow log bucket public.", reference: "CVE-2026-1234", fixedIn: "1.3.1" } },
      }),
    );
    expect(plan.body).toContain("**Why:** `1.2.0` is flagged vulnerable (severity critical, `CVE-2026-1234`, fixed in `1.3.1`).");
    expect(plan.body).toContain("```text\nDefault ACL makes the flow log bucket public.\n```");
  });

  it("treats every user- and repo-derived value as hostile markdown", async () => {
    const hostile = "x`\n# Injected heading\n@alice [click](https://evil.example/a) ![p](https://evil.example/p.png) <img src=x onerror=alert(1)> <script>alert(1)</script> #123";
    const hostileChangelog = `## 1.4.0\n\n\`\`\`\`\n</details>\n\n# Owned\n\n@org/security-team please approve\n[phish](https://evil.example)\n<script>alert(1)</script>\n\`\`\`\`\`\`\n\n## 1.3.0\n- fine`;
    const plan = await buildUpgradePlan(
      await optionsFor({
        module: { name: hostile },
        workload: hostile,
        from: { version: "1.2.0", tag: "vpc/v1.2.0", docs: docs([input("name")], [output("vpc_id")]) },
        to: { version: "1.4.0", tag: "vpc/v1.4.0", docs: docs([input("name"), input(hostile, { type: hostile, description: hostile })], [output(hostile)]) },
        changelog: extractChangelogRange(hostileChangelog, "1.2.0", "1.4.0"),
        notice: { kind: "vulnerable", dueAt: new Date("2026-12-08T00:00:00Z"), url: "https://bulkhead.example.com/n/1?x=)](https://evil.example)", advisory: { severity: "high", summary: hostile, reference: hostile, fixedIn: hostile } },
      }),
    );
    expectSafeMarkdown(plan.body);
    const html = await marked.parse(plan.body);
    expect(html).not.toMatch(/<h[1-6][^>]*>\s*(Injected heading|Owned)/);
    expect(html).not.toMatch(/<(img|script)\b/);
    expect(html.match(/<a\b[^>]*>/g)).toEqual(['<a href="https://bulkhead.example.com/n/1?x=)%5D(https://evil.example)">']);
    // Mentions and HTML survive only as code, where GitHub neither pings nor renders.
    const outsideCode = html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, "");
    expect(outsideCode).not.toContain("@alice");
    expect(outsideCode).not.toContain("@org/security-team");
    expect(outsideCode).not.toContain("evil.example/p.png");
    expect(plan.title).not.toContain("\n");
  });

  it("never links a notice URL that is not http(s): its label stays plain text", async () => {
    const plan = await buildUpgradePlan(await optionsFor({ notice: { kind: "update_available", dueAt: new Date(), url: "javascript:alert(1)", advisory: null } }));
    expect(plan.body).toContain(", see the notice in Bulkhead.");
    expect(plan.body).not.toContain("javascript:");
  });

  it("stays under GitHub's body limit with a huge changelog", async () => {
    const huge = Array.from({ length: 30 }, (_, i) => `## 1.3.${i}\n${"- change\n".repeat(400)}`).join("\n");
    const plan = await buildUpgradePlan(await optionsFor({ changelog: extractChangelogRange(huge, "1.2.0", "1.4.0") }));
    expect(plan.body.length).toBeLessThan(65_536);
    expect(plan.body).toMatch(/older entries left out/);
    expectSafeMarkdown(plan.body);
  });
});

/**
 * Outside fences, every line starts with the body's own text (never with a value); inside, no
 * line can close the fence early.
 */
function expectSafeMarkdown(body: string): void {
  const allowed = /^(Upgrades |\*\*|- |### |_|Nothing by hand|No change|Advisory:|<sub>Opened by the Bulkhead GitHub App\.|$)/;
  let fence: string | null = null;
  for (const line of body.split("\n")) {
    if (fence) {
      if (line === fence) fence = null;
      else expect(line.startsWith(fence)).toBe(false);
      continue;
    }
    const open = /^(`{3,})(text|markdown)$/.exec(line);
    if (open) {
      fence = open[1]!;
      continue;
    }
    expect(line, `line outside a fence: ${line}`).toMatch(allowed);
  }
  expect(fence).toBeNull();
}
