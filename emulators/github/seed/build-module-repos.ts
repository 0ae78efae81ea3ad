import { formatHclFiles } from "./format-hcl-files";
import type { FileContent, ModuleDefinition, ModuleVersionSpec } from "./module-definition";
import { renderChangelog } from "./render-changelog";
import type { SeedCommit } from "./write-bare-repo";

export interface SeedClock {
  /** The date of something that happened `daysAgo` days before the anchor, at a fixed time of day. */
  dayDate(daysAgo: number): Date;
}

interface Release {
  module: ModuleDefinition;
  spec: ModuleVersionSpec;
  date: Date;
}

export interface BuildMonorepoCommitsOptions {
  org: string;
  repo: string;
  modules: ModuleDefinition[];
  clock: SeedClock;
}

/** The history of a module monorepo: one commit and one `<name>/vX.Y.Z` tag per module release. */
export async function buildMonorepoCommits(options: BuildMonorepoCommitsOptions): Promise<SeedCommit[]> {
  const { org, repo, modules, clock } = options;
  const releases = scheduleReleases(
    modules.flatMap((module) => module.versions.map((spec) => ({ module, spec }))),
    clock,
  );
  const firstRelease = releases[0];
  if (!firstRelease) throw new Error("a monorepo needs at least one module release");
  const repoUrl = `https://github.com/${org}/${repo}`;
  const commits: SeedCommit[] = [
    {
      message: "chore: repository layout, CODEOWNERS and lint config",
      date: new Date(firstRelease.date.getTime() - 3 * 86_400_000),
      files: {
        ...monorepoRootFiles(org),
        "README.md": renderMonorepoReadme({ org, repo, modules: [] }),
      },
    },
  ];
  const released = new Map<string, Release[]>();
  const pending = releases.map((release) => {
    const { module, spec } = release;
    const history = [...(released.get(module.name) ?? []), release];
    const isNewModule = !released.has(module.name);
    released.set(module.name, history);
    const tag = `${module.name}/v${spec.version}`;
    const readme = isNewModule
      ? renderMonorepoReadme({ org, repo, modules: modules.filter((m) => released.has(m.name)) })
      : null;
    // Rendering starts for every release at once: the formatter is much faster with calls in flight together.
    const files = renderModuleVersion({
      module,
      version: spec.version,
      repo: `${org}/${repo}`,
      source: `git::https://github.com/${org}/${repo}.git//modules/${module.name}?ref=${tag}`,
      changelog: renderChangelog({
        title: module.name,
        versions: history.map((r) => ({ ...r.spec, date: r.date })),
        repoUrl,
        tagName: (version) => `${module.name}/v${version}`,
      }),
    });
    return { release, tag, isNewModule, readme, files };
  });
  for (const { release, tag, isNewModule, readme, files } of pending) {
    const commitFiles = prefixPaths(`modules/${release.module.name}/`, await files);
    if (readme !== null) commitFiles["README.md"] = readme;
    commits.push({
      message: `${release.spec.summary}\n\nRelease ${tag}.\n`,
      date: release.date,
      deletions: isNewModule ? [] : [`modules/${release.module.name}`],
      files: commitFiles,
      tags: [tag],
    });
  }
  return commits;
}

export interface BuildSingleModuleCommitsOptions {
  org: string;
  repo: string;
  module: ModuleDefinition;
  clock: SeedClock;
  /** `"v"` for tags like v1.2.0, `""` for 1.2.0. */
  tagPrefix: string;
  /** The repo's CODEOWNERS: where it lives (GitHub reads `.github/`, the root, then `docs/`) and who owns the module. */
  codeOwners?: { path: ".github/CODEOWNERS" | "CODEOWNERS" | "docs/CODEOWNERS"; owners: string[] };
}

/** The history of a repo holding one module at its root, tagged `vX.Y.Z` or `X.Y.Z`. */
export async function buildSingleModuleCommits(options: BuildSingleModuleCommitsOptions): Promise<SeedCommit[]> {
  const { org, repo, module, clock, tagPrefix, codeOwners } = options;
  const ownersFile = codeOwners ? { [codeOwners.path]: `# Owners of this module.\n* ${codeOwners.owners.join(" ")}\n` } : {};
  const releases = scheduleReleases(
    module.versions.map((spec) => ({ module, spec })),
    clock,
  );
  const rendered = releases.map((release, index) =>
    renderModuleVersion({
      module,
      version: release.spec.version,
      repo: `${org}/${repo}`,
      source: `git::https://github.com/${org}/${repo}.git//.?ref=${tagPrefix}${release.spec.version}`,
      changelog: renderChangelog({
        title: repo,
        versions: releases.slice(0, index + 1).map((r) => ({ ...r.spec, date: r.date })),
        repoUrl: `https://github.com/${org}/${repo}`,
        tagName: (version) => `${tagPrefix}${version}`,
      }),
    }),
  );
  const commits: SeedCommit[] = [];
  for (const [index, release] of releases.entries()) {
    const tag = `${tagPrefix}${release.spec.version}`;
    commits.push({
      message: `${release.spec.summary}\n\nRelease ${tag}.\n`,
      date: release.date,
      replaceTree: true,
      files: { ...(await rendered[index]), ".gitignore": terraformGitignore, LICENSE: proprietaryLicense(org), ...ownersFile },
      tags: [tag],
    });
  }
  return commits;
}

function scheduleReleases(items: Array<Omit<Release, "date">>, clock: SeedClock): Release[] {
  const sorted = [...items].sort(
    (a, b) => b.spec.daysAgo - a.spec.daysAgo || a.module.name.localeCompare(b.module.name),
  );
  let previous = -Infinity;
  return sorted.map((item) => {
    // Releases on the same day are spaced an hour apart so commit dates strictly increase.
    const time = Math.max(clock.dayDate(item.spec.daysAgo).getTime(), previous + 3_600_000);
    previous = time;
    return { ...item, date: new Date(time) };
  });
}

async function renderModuleVersion(options: {
  module: ModuleDefinition;
  version: string;
  repo: string;
  source: string;
  changelog: string;
}): Promise<Record<string, FileContent>> {
  const files = options.module.renderFiles({ version: options.version, source: options.source, repo: options.repo });
  return formatHclFiles({ ...files, "CHANGELOG.md": options.changelog });
}

function prefixPaths(prefix: string, files: Record<string, FileContent>): Record<string, FileContent> {
  return Object.fromEntries(Object.entries(files).map(([path, content]) => [`${prefix}${path}`, content]));
}

const terraformGitignore = `.terraform/
.terraform.lock.hcl
*.tfstate
*.tfstate.*
crash.log
*.tfvars
!examples/**/*.tfvars
.terragrunt-cache/
`;

function proprietaryLicense(org: string): string {
  return `Copyright (c) ${org}. All rights reserved.

This code is internal to ${org} and may be used by its teams to build and run their infrastructure.
`;
}

/**
 * Who owns which module of the monorepo. GitHub (and the catalogue) take the last rule that
 * matches: the platform team owns every module no later rule names.
 */
export function monorepoCodeOwners(org: string): string {
  return `# Module owners: the last matching rule wins, so the platform team owns what no rule below names.
*                         @${org}/platform
/modules/vpc/             @${org}/networking
/modules/alb/             @${org}/networking
/modules/kms-key/         @${org}/security @${org}/platform
/modules/iam-role/        @${org}/security
/modules/rds-postgres/    @${org}/data
/modules/dynamodb-table/  @${org}/data
# Docs changes only need a platform review.
*.md                      @${org}/platform
`;
}

function monorepoRootFiles(org: string): Record<string, string> {
  return {
    ".gitignore": terraformGitignore,
    ".editorconfig": `root = true

[*]
end_of_line = lf
insert_final_newline = true
indent_style = space
indent_size = 2
`,
    ".github/CODEOWNERS": monorepoCodeOwners(org),
    ".tflint.hcl": `plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.31.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
`,
    "LICENSE": proprietaryLicense(org),
  };
}

function renderMonorepoReadme(options: { org: string; repo: string; modules: ModuleDefinition[] }): string {
  const rows = [...options.modules]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => `| [\`${m.name}\`](modules/${m.name}) | ${m.category} | ${m.description} |`);
  return `# ${options.repo}

Terraform modules kept by the Acme Platform team. Each module lives in \`modules/<name>/\` and is
released on its own, with tags like \`vpc/v1.2.0\`. Consume a module by its tag, never by a branch:

\`\`\`hcl
terraform {
  source = "git::https://github.com/${options.org}/${options.repo}.git//modules/vpc?ref=vpc/v1.2.0"
}
\`\`\`

The module catalogue in Bulkhead shows every released version with its inputs, outputs and changelog.

## Modules

| Module | Category | Description |
|---|---|---|
${rows.length > 0 ? rows.join("\n") : "| _none yet_ | | |"}

## Releasing a module

1. Change the module in \`modules/<name>/\` and add an entry to its \`CHANGELOG.md\`.
2. Follow semantic versioning: removing or renaming an input or output is a major release.
3. After merge, tag the merge commit \`<name>/vX.Y.Z\` and push the tag. Bulkhead picks it up from the webhook.
`;
}
