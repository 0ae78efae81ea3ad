import { compareSemver, parseSemver, type Semver } from "./semver";

export interface ChangelogEntry {
  /** Canonical version text, e.g. `1.2.0`. */
  version: string;
  /** The heading line's text without the `#`s, e.g. `[1.2.0] - 2024-05-01`. */
  heading: string;
  /** The whole section, heading included, trimmed. */
  markdown: string;
}

interface Section extends ChangelogEntry {
  semver: Semver;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
// `[1.2.0] - date`, `1.2.0`, `v1.2.0 (date)`, `[v1.2.0](https://...) (date)`, `Version 1.2.0`.
const VERSION_IN_HEADING = /^(?:version\s+)?\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?(?:$|[\s(:—–-])/i;

/** The section for `version` (with or without a `v`), heading included; null if absent. */
export function extractChangelogSection(changelog: string, version: string): string | null {
  const target = parseSemver(version);
  if (!target) return null;
  const section = readSections(changelog).find((s) => compareSemver(s.semver, target) === 0);
  return section ? section.markdown : null;
}

/**
 * The sections for versions after `fromExclusive` up to and including `toInclusive`,
 * newest first: what changed when upgrading from one version to another.
 */
export function extractChangelogRange(changelog: string, fromExclusive: string, toInclusive: string): ChangelogEntry[] {
  const from = parseSemver(fromExclusive);
  const to = parseSemver(toInclusive);
  if (!from || !to) return [];
  return readSections(changelog)
    .filter((s) => compareSemver(s.semver, from) > 0 && compareSemver(s.semver, to) <= 0)
    .sort((a, b) => compareSemver(b.semver, a.semver))
    .map(({ version, heading, markdown }) => ({ version, heading, markdown }));
}

function readSections(changelog: string): Section[] {
  const lines = changelog.replace(/\r\n/g, "\n").split("\n");
  const headings: Array<{ index: number; level: number; text: string; semver: Semver | null; raw: string }> = [];
  let inFence = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    const match = HEADING.exec(line);
    if (!match) return;
    const text = match[2]!;
    const versionMatch = VERSION_IN_HEADING.exec(text);
    headings.push({
      index,
      level: match[1]!.length,
      text,
      semver: versionMatch ? parseSemver(versionMatch[1]!) : null,
      raw: versionMatch?.[1] ?? "",
    });
  });
  // The level of the first version heading is the level of every version section.
  const versionLevel = headings.find((h) => h.semver)?.level;
  if (versionLevel === undefined) return [];
  const sections: Section[] = [];
  headings.forEach((h, k) => {
    if (!h.semver || h.level !== versionLevel) return;
    const end = headings.slice(k + 1).find((n) => n.level <= versionLevel)?.index ?? lines.length;
    sections.push({
      version: h.raw.replace(/\+.*$/, ""),
      heading: h.text,
      markdown: trimLinkDefinitions(lines.slice(h.index, end).join("\n")).trim(),
      semver: h.semver,
    });
  });
  return sections;
}

/** Keep-a-Changelog puts `[1.2.0]: https://...compare/...` link lines at the end; they belong to no section. */
function trimLinkDefinitions(section: string): string {
  const lines = section.trimEnd().split("\n");
  while (lines.length > 1 && /^\[[^\]]+\]:\s*\S+/.test(lines[lines.length - 1]!)) lines.pop();
  return lines.join("\n");
}
