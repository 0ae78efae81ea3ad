import { compareSemver } from "@/lib/modules/semver";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import type { DerivedModuleFields, ModuleVersionRow } from "./ports";

/**
 * The version of the rules below. Bump it when they change: the next sync of every source then
 * re-derives modules stored with an older one (2: identifiers keep their `_` in descriptions;
 * keywords, status and version counts).
 */
export const DERIVED_FIELDS_VERSION = 2;

/** Category per keyword in a module's name; the first rule that matches wins. */
const CATEGORY_RULES: Array<[RegExp, string]> = [
  [/(^|-)(vpc|subnet|alb|elb|nlb|route53|dns|cloudfront|transit|nat|endpoint|network)(-|$)/, "networking"],
  [/(^|-)(kms|iam|waf|guardduty|securityhub|secrets?|acm|cert|sso|scp|shield)(-|$)/, "security"],
  [/(^|-)(s3|efs|ebs|fsx|backup|bucket|storage|glacier)(-|$)/, "storage"],
  [/(^|-)(rds|aurora|dynamodb|elasticache|redis|postgres|mysql|documentdb|database|db)(-|$)/, "database"],
  [/(^|-)(sqs|sns|kinesis|eventbridge|msk|kafka|queue|topic|mq)(-|$)/, "messaging"],
  [/(^|-)(cloudwatch|alarms?|logs?|monitoring|dashboard|xray|grafana|prometheus)(-|$)/, "observability"],
  [/(^|-)(ecs|eks|lambda|ec2|asg|autoscaling|batch|fargate|cluster|function|service)(-|$)/, "compute"],
];

/** A module's category from its name, or null when no rule fits. */
export function guessModuleCategory(name: string): string | null {
  const lower = name.toLowerCase();
  return CATEGORY_RULES.find(([pattern]) => pattern.test(lower))?.[1] ?? null;
}

/**
 * The first prose paragraph of a README: headings, badges, HTML and code are skipped,
 * markdown links are reduced to their text.
 */
export function readFirstParagraph(markdown: string | null): string {
  if (!markdown) return "";
  let inFence = false;
  // CommonMark HTML blocks: <script>, <pre>, <style> and <textarea> run to their closing tag,
  // other HTML blocks to the next blank line. Their contents are never the description.
  let htmlUntil: RegExp | null = null;
  const paragraph: string[] = [];
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    if (htmlUntil) {
      if (htmlUntil.test(line)) htmlUntil = null;
      continue;
    }
    const rawBlock = /^<(script|pre|style|textarea)\b/i.exec(line);
    if (rawBlock && paragraph.length === 0) {
      const closing = new RegExp(`</${rawBlock[1]}>`, "i");
      if (!closing.test(line)) htmlUntil = closing;
      continue;
    }
    if (line.startsWith("<") && paragraph.length === 0) {
      htmlUntil = /^$/;
      continue;
    }
    if (line.startsWith("```") || line.startsWith("~~~")) {
      inFence = !inFence;
      if (paragraph.length > 0) break;
      continue;
    }
    if (inFence) continue;
    const skippable = line === "" || line.startsWith("#") || line.startsWith("<") || line.startsWith("[![") || line.startsWith("![") || line.startsWith("|") || line.startsWith(">") || /^[-=*_]{3,}$/.test(line);
    if (skippable) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line);
  }
  return stripInlineMarkdown(
    paragraph
      .join(" ")
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1"),
  )
    .slice(0, 500)
    .trim();
}

// A delimiter run only opens or closes emphasis next to something that is not a word character,
// so `permissions_boundary_arn`, `kms_key_arn` and `2*3*4` keep their `_` and `*`.
const WORD = String.raw`\p{L}\p{N}_*`;
const STRONG = new RegExp(String.raw`(^|[^${WORD}])(\*\*|__)(?=\S)(.+?)(?<=\S)\2(?![${WORD}])`, "gu");
const EMPHASIS = new RegExp(String.raw`(^|[^${WORD}])([*_])(?=\S)(.+?)(?<=\S)\2(?![${WORD}])`, "gu");

/**
 * Plain text from one line of inline markdown: code spans keep their text exactly (backticks
 * dropped), emphasis at word boundaries (`*x*`, `_x_`, `**x**`, `__x__`) loses its delimiters,
 * and `\_`-style escapes become the character. Identifiers such as `package.s3_key` stay whole.
 */
export function stripInlineMarkdown(text: string): string {
  // Code spans first, parked behind private-use placeholders so emphasis never reaches inside them.
  const spans: string[] = [];
  let plain = text.replace(/(`+)([^`]*?)\1/g, (_match, _ticks: string, code: string) => {
    spans.push(code.trim() === "" ? code : code.replace(/^ (.*) $/, "$1"));
    return `\uE000${spans.length - 1}\uE001`;
  });
  // Escaped characters (`\_`) are literal: parked the same way.
  plain = plain.replace(/\\([\\`*_{}\[\]()#+\-.!|])/g, (_match, char: string) => {
    spans.push(char);
    return `\uE000${spans.length - 1}\uE001`;
  });
  for (let pass = 0; pass < 3; pass++) {
    const next = plain.replace(STRONG, "$1$3").replace(EMPHASIS, "$1$3");
    if (next === plain) break;
    plain = next;
  }
  return plain.replace(/\uE000(\d+)\uE001/g, (_match, k: string) => spans[Number(k)] ?? "");
}

/** The newest active release (prereleases and withdrawn, deprecated or vulnerable versions do not count). */
export function pickLatestVersion(versions: Array<Pick<ModuleVersionRow, "version" | "status" | "prerelease">>): string | null {
  const candidates = versions.filter((v) => v.status === "active" && v.prerelease === null);
  candidates.sort((a, b) => compareSemver(b.version, a.version));
  return candidates[0]?.version ?? null;
}

/** The version whose docs describe the module: the latest release, else the newest version still listed. */
export function pickDocsVersion(versions: ModuleVersionRow[]): string | null {
  const latest = pickLatestVersion(versions);
  if (latest) return latest;
  const listed = versions.filter((v) => v.status !== "withdrawn");
  listed.sort((a, b) => compareSemver(b.version, a.version));
  return listed[0]?.version ?? null;
}

/** The provider a module targets: the first required provider, else the fallback. */
export function guessModuleProvider(docs: ModuleDocs | null, fallback: string): string {
  const provider = docs?.providers[0];
  if (!provider) return fallback;
  const fromSource = provider.source?.split("/").pop();
  return (fromSource || provider.name).toLowerCase();
}

export interface DeriveModuleFieldsOptions {
  name: string;
  versions: ModuleVersionRow[];
  /** Docs of `pickDocsVersion(versions)`, or null when the module has no listed version. */
  docs: ModuleDocs | null;
  /** The provider named by a `terraform-<provider>-<name>` repo; wins over the docs so registry addresses stay stable. */
  providerHint: string | null;
}

/**
 * The fields of a module derived from its versions: latest version, description (README's
 * first paragraph), category, provider, the text the full-text index searches and the
 * keywords ranking weighs, the version counts, and the module's status: deprecated once no
 * listed version is active (each one deprecated or vulnerable).
 */
export function deriveModuleFields(options: DeriveModuleFieldsOptions): DerivedModuleFields {
  const { docs, name, versions } = options;
  const description = readFirstParagraph(docs?.readme ?? null) || stripInlineMarkdown((docs?.header ?? "").trim()).slice(0, 500);
  const inputText = (docs?.inputs ?? []).map((input) => `${input.name} ${input.description ?? ""}`.trim());
  const outputText = (docs?.outputs ?? []).map((output) => output.name);
  const searchText = [name, name.replace(/[-_]/g, " "), description, ...inputText, ...outputText, docs?.readme ?? ""]
    .filter(Boolean)
    .join("\n");
  const keywords = [...(docs?.inputs ?? []).map((input) => input.name), ...outputText].join(" ");
  return {
    description,
    searchText,
    keywords,
    category: guessModuleCategory(name),
    provider: options.providerHint ?? guessModuleProvider(docs, "aws"),
    ...deriveVersionFields(versions),
    derivedVersion: DERIVED_FIELDS_VERSION,
  };
}

/**
 * What a module's versions alone decide: the latest release, the listed (not withdrawn)
 * version counts, and the module's status, deprecated once none of them is active. A status
 * change recomputes just these.
 */
export function deriveVersionFields(
  versions: Array<Pick<ModuleVersionRow, "version" | "status" | "prerelease">>,
): Pick<DerivedModuleFields, "latestVersion" | "status" | "versionCount" | "deprecatedCount" | "vulnerableCount"> {
  const listed = versions.filter((v) => v.status !== "withdrawn");
  const count = (status: ModuleVersionRow["status"]) => listed.filter((v) => v.status === status).length;
  return {
    latestVersion: pickLatestVersion(versions),
    status: listed.length > 0 && count("active") === 0 ? "deprecated" : "active",
    versionCount: listed.length,
    deprecatedCount: count("deprecated"),
    vulnerableCount: count("vulnerable"),
  };
}
