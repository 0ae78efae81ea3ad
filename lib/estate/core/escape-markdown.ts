import { AppError } from "@/lib/errors/app-error";

/*
 * Every value that comes from a user or a repo (module names, versions, paths, input names and
 * types, changelogs, advisories) is hostile markdown in a PR body or an issue: it could add a
 * heading, an @mention that pings people, a link, an image that phones home, or raw HTML. These
 * helpers are the only way such values enter markdown: inline as a code span on one line, or as a
 * fenced block at the start of a line with a fence no run of backticks inside can close.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidi controls of "Trojan Source".
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Line ends made `\n`, and control and bidi characters removed. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARACTERS, "");
}

function longestBacktickRun(value: string): number {
  let longest = 0;
  for (const match of value.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/**
 * A code span showing `value` on one line (line breaks become spaces; longer values are cut with
 * `…`). Inside a code span nothing is markdown: no mention, link, emphasis or HTML. The delimiter
 * is longer than any backtick run in the value. Callers must not start a line with it, since a
 * line that starts with three backticks opens a fence.
 */
export function inlineCode(value: string, maxLength = 200): string {
  let text = cleanText(value).replace(/[\n\t]+/g, " ");
  if (text.length > maxLength) text = `${text.slice(0, maxLength - 1)}…`;
  if (text.trim() === "") return "_(empty)_";
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  // CommonMark strips one space on each side when both are there; pad so the value's own edges survive.
  const padded = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" ")) ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/**
 * A fenced code block holding `value` verbatim (cleaned of control characters), to be placed
 * at the start of a line. The fence is longer than any backtick run inside, so no line of the
 * value can close it, and the info string is ours.
 */
export function fencedBlock(value: string, info: "text" | "markdown" | "hcl" | "diff" = "text"): string {
  const text = cleanText(value).replace(/\n+$/, "");
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/**
 * A markdown link with our own label to an http(s) URL. The URL goes in angle brackets with
 * every character that could end it percent-encoded; anything but http(s) is refused.
 */
export function markdownLink(label: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("INVALID_INPUT", "The link is not a valid URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new AppError("INVALID_INPUT", "Only http and https links are allowed");
  const href = parsed.href.replace(/[<>()[\]\s"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  const text = cleanText(label).replace(/[\n\t]+/g, " ").replace(/[\\`*_{}[\]<>()#+!|~@&]/g, "\\$&");
  return `[${text}](<${href}>)`;
}

/** A single line of plain text for a PR or issue title: no line breaks or control characters, capped. */
export function plainTitle(value: string, maxLength = 200): string {
  const text = cleanText(value).replace(/\s+/g, " ").trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
