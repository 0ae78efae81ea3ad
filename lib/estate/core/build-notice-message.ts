import { escapeMarkdownText, markdownInlineCode, markdownLink } from "@/lib/markdown";
import type { Severity, VersionAdvisory } from "./types";
import type { NoticeKind } from "./compute-notices";

/** What a notice says outside the portal: the notice, and the names around it (all repo- or user-derived). */
export interface NoticeMessageInput {
  notice: {
    id: string;
    kind: NoticeKind;
    fromVersion: string;
    requiredVersion: string | null;
    targetVersion: string | null;
    dueAt: Date;
    severity: Severity | null;
    advisory: VersionAdvisory | null;
  };
  workload: { slug: string; name: string };
  module: { name: string };
  unitPath: string;
  file: string;
  /** The portal's public URL, without a trailing slash. */
  publicUrl: string;
}

export interface BuiltNoticeMessage {
  noticeId: string;
  title: string;
  body: string;
  severity: Severity | null;
  advisory: VersionAdvisory | null;
  dueAt: Date;
  url: string;
}

/** The hidden first line that finds a notice's issue again when its number was never recorded (matched at the start of the body only). */
export const noticeMarker = (noticeId: string) => `<!-- bulkhead-notice:${noticeId.replace(/[^0-9a-zA-Z-]/g, "")} -->`;

const KIND_LABEL: Record<NoticeKind, string> = { update_available: "Update available", deprecated: "Deprecated version", vulnerable: "Vulnerable version" };

/** A title is shown as plain text by GitHub: one line, no control characters, capped. */
function titleText(value: string, max = 60): string {
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The issue a notice opens on the consumer repo. Every workload, module, path, version and
 * advisory value is written through lib/markdown (escaped prose, code spans, checked links), so
 * a hostile name cannot mention a team, link elsewhere or fake a section of the body.
 */
export function buildNoticeMessage(input: NoticeMessageInput): BuiltNoticeMessage {
  const { notice } = input;
  const url = `${input.publicUrl}/inbox?notice=${encodeURIComponent(notice.id)}`;
  const target = notice.targetVersion ?? notice.requiredVersion;
  const title = `[Bulkhead] ${KIND_LABEL[notice.kind]}: ${titleText(input.module.name)} ${titleText(notice.fromVersion, 40)} in ${titleText(input.unitPath, 120)}`;
  const lines = [
    noticeMarker(notice.id),
    `**${KIND_LABEL[notice.kind]}** on workload ${escapeMarkdownText(input.workload.name)} (${markdownInlineCode(input.workload.slug)}).`,
    "",
    `- **Unit:** ${markdownInlineCode(input.unitPath)} (${markdownInlineCode(input.file)})`,
    `- **Module:** ${markdownInlineCode(input.module.name)}`,
    `- **Version in use:** ${markdownInlineCode(notice.fromVersion)}`,
    `- **Move to:** ${target ? markdownInlineCode(target) : "a supported version (none released yet)"}`,
    `- **Due:** ${day(notice.dueAt)}`,
  ];
  if (notice.severity) lines.push(`- **Severity:** ${escapeMarkdownText(notice.severity)}`);
  if (notice.advisory) {
    lines.push(`- **Advisory:** ${escapeMarkdownText(notice.advisory.summary)}`);
    const reference = notice.advisory.reference;
    if (reference) lines.push(`- **Reference:** ${/^https:\/\//.test(reference) ? markdownLink(reference, reference) : markdownInlineCode(reference)}`);
    if (notice.advisory.fixedIn) lines.push(`- **Fixed in:** ${markdownInlineCode(notice.advisory.fixedIn)}`);
  }
  lines.push("", `${markdownLink("Open the notice in Bulkhead", url)}: it offers an upgrade pull request that bumps the ref in place.`, "", "_This issue is kept up to date by Bulkhead and closed when the unit is on a version that satisfies the notice._");
  return { noticeId: notice.id, title: titleText(title, 250), body: lines.join("\n"), severity: notice.severity, advisory: notice.advisory, dueAt: notice.dueAt, url };
}

/** The comment left on the issue when its notice resolves. */
export function buildResolvedComment(resolution: "satisfied" | "no_longer_applies" | null): string {
  return resolution === "satisfied"
    ? "Resolved: the unit now runs a version that satisfies this notice. Closed by Bulkhead."
    : "Resolved: this notice no longer applies (the unit was removed or moved to another module). Closed by Bulkhead.";
}
