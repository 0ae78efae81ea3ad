import type { Severity } from "./types";

/** One overdue notice as the chat message lists it; every field is plain text from the portal's data. */
export interface ChatNoticeLine {
  workload: string;
  module: string;
  fromVersion: string;
  unitPath: string;
  dueAt: Date;
  severity: Severity | null;
  url: string;
}

// Slack's limits: 50 blocks per message, 3,000 characters per section text.
export const CHAT_MAX_NOTICES = 20;

/**
 * Slack mrkdwn of a plain value: `&`, `<` and `>` are HTML-escaped (so no `<!channel>`,
 * `<@U123>` or `<url|label>` can be smuggled in), the formatting characters are neutralised with
 * a zero-width space, and line breaks become spaces.
 */
export function escapeMrkdwn(value: string, max = 200): string {
  const text = value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([*_~`@#])/g, "$1\u200b");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A link in Slack's `<url|label>` form, only for http(s) URLs (with `|` and `>` encoded). */
function mrkdwnLink(url: string, label: string): string {
  if (!/^https?:\/\//.test(url)) return escapeMrkdwn(label);
  return `<${url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c))}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`;
}

/**
 * The Slack-compatible incoming-webhook body (`{ text, blocks }`) for overdue notices: a plain
 * `text` fallback for notifications, a header and one section per notice (at most
 * `CHAT_MAX_NOTICES`, the rest counted).
 */
export function buildChatPayload(options: { notices: readonly ChatNoticeLine[]; inboxUrl: string }): { text: string; blocks: Array<Record<string, unknown>> } {
  const { notices } = options;
  const shown = notices.slice(0, CHAT_MAX_NOTICES);
  const text = `${notices.length} module update notice${notices.length === 1 ? " is" : "s are"} overdue in Bulkhead.`;
  const blocks: Array<Record<string, unknown>> = [{ type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(text)}*` } }];
  for (const n of shown) {
    const severity = n.severity ? ` · severity ${escapeMrkdwn(n.severity)}` : "";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${mrkdwnLink(n.url, `${n.workload}: ${n.module} ${n.fromVersion}`)}\n${escapeMrkdwn(n.unitPath)} · was due ${n.dueAt.toISOString().slice(0, 10)}${severity}`,
      },
    });
  }
  if (notices.length > shown.length) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `${mrkdwnLink(options.inboxUrl, `and ${notices.length - shown.length} more in the portal`)}` }] });
  }
  return { text, blocks };
}
