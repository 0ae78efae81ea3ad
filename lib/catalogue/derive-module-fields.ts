import { compareSemver } from "@/lib/modules/semver";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import type { DerivedModuleFields, ModuleVersionRow } from "./ports";

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
  return paragraph
    .join(" ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]/g, "")
    .slice(0, 500)
    .trim();
}

/** The newest active release (prereleases and withdrawn or deprecated versions do not count). */
export function pickLatestVersion(versions: ModuleVersionRow[]): string | null {
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
 * first paragraph), category, provider and the text the full-text index searches.
 */
export function deriveModuleFields(options: DeriveModuleFieldsOptions): DerivedModuleFields {
  const { docs, name } = options;
  const description = readFirstParagraph(docs?.readme ?? null) || (docs?.header ?? "").trim().slice(0, 500);
  const inputText = (docs?.inputs ?? []).map((input) => `${input.name} ${input.description ?? ""}`.trim());
  const outputText = (docs?.outputs ?? []).map((output) => output.name);
  const searchText = [name, name.replace(/[-_]/g, " "), description, ...inputText, ...outputText, docs?.readme ?? ""]
    .filter(Boolean)
    .join("\n");
  return {
    latestVersion: pickLatestVersion(options.versions),
    description,
    searchText,
    category: guessModuleCategory(name),
    provider: options.providerHint ?? guessModuleProvider(docs, "aws"),
  };
}
