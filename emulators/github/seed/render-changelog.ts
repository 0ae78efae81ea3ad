import type { ChangelogEntry, ModuleVersionSpec } from "./module-definition";

export interface RenderChangelogOptions {
  title: string;
  /** Versions released so far, oldest first, with their release dates. */
  versions: Array<ModuleVersionSpec & { date: Date }>;
  /** `https://github.com/<org>/<repo>`, for the link references at the bottom. */
  repoUrl: string;
  tagName: (version: string) => string;
}

const sectionTitles: Array<[keyof ChangelogEntry, string]> = [
  ["added", "Added"],
  ["changed", "Changed"],
  ["deprecated", "Deprecated"],
  ["removed", "Removed"],
  ["fixed", "Fixed"],
  ["security", "Security"],
];

/** Renders a Keep a Changelog file whose sections describe what each version really changed. */
export function renderChangelog(options: RenderChangelogOptions): string {
  const newestFirst = [...options.versions].reverse();
  const lines = [
    `# Changelog — ${options.title}`,
    "",
    "All notable changes to this module are documented in this file.",
    "",
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),",
    "and this module adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).",
    "",
    "## [Unreleased]",
    "",
  ];
  for (const spec of newestFirst) {
    lines.push(`## [${spec.version}] - ${spec.date.toISOString().slice(0, 10)}`, "");
    for (const [key, heading] of sectionTitles) {
      const items = spec.changes[key];
      if (!items || items.length === 0) continue;
      lines.push(`### ${heading}`, "", ...items.map((item) => `- ${item}`), "");
    }
  }
  const { repoUrl, tagName } = options;
  const latest = newestFirst[0];
  if (latest) lines.push(`[Unreleased]: ${repoUrl}/compare/${tagName(latest.version)}...HEAD`);
  newestFirst.forEach((spec, index) => {
    const previous = newestFirst[index + 1];
    lines.push(
      previous
        ? `[${spec.version}]: ${repoUrl}/compare/${tagName(previous.version)}...${tagName(spec.version)}`
        : `[${spec.version}]: ${repoUrl}/releases/tag/${tagName(spec.version)}`,
    );
  });
  return lines.join("\n") + "\n";
}
