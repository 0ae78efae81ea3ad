/*
 * Writing user text into markdown that GitHub renders (pull request bodies). User text is
 * hostile: a value holding a code fence closed the block it sat in, and the rest rendered as a
 * fake "Security review: approved" heading, an @mention of a team and a phishing link. The rules
 * here keep every piece of user text inert, whatever it holds:
 *
 *  - a multi-line value goes in a fenced code block whose fence is longer than any run of
 *    backticks inside it, at the top level of the document (not inside a list, where a line
 *    indented too little would end the list item and the block with it);
 *  - a short value goes in an inline code span, with the same rule for its backticks and its
 *    line breaks turned into spaces;
 *  - prose (names, labels) is escaped: every ASCII punctuation character is backslash-escaped
 *    (CommonMark allows that for all of them), line breaks become spaces, and the patterns
 *    GitHub links on its own after rendering (@mentions, #references, bare URLs and emails)
 *    are broken with a zero-width space;
 *  - so user text never starts a line of the body outside a fence;
 *  - control characters and the bidi controls of "Trojan Source" are removed from every value,
 *    so what a reviewer reads is what the text says.
 *
 * Pure and domain-free: the scaffold's, vending's and the estate's PR bodies use it.
 */

// Line endings in CommonMark (\r\n, \r, \n) plus the ones other renderers and editors honour.
const LINE_BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ZERO_WIDTH_SPACE = "\u200b";
// C0 controls but tab and newline, DEL, C1 controls, and the bidi controls of "Trojan Source".
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Line ends made `\n`, and control and bidi characters removed. Every helper here applies it. */
export function cleanUserText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARACTERS, "");
}

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** One line: every line break (and tab, which could indent a line into a code block) as a space. */
function toOneLine(text: string): string {
  return cleanUserText(text.replace(LINE_BREAKS, " ")).replace(/\t/g, " ");
}

/**
 * Prose for a paragraph or list item: inert, on one line. Markdown punctuation and HTML are
 * escaped, and @mentions, #123 references, URLs and emails are broken so that GitHub does not
 * link them (it does so on the rendered text, where backslash escapes are gone).
 */
export function escapeMarkdownText(text: string): string {
  return toOneLine(text)
    .replace(ASCII_PUNCTUATION, (c) => `\\${c}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/:\\\/\\\//g, `:${ZERO_WIDTH_SPACE}\\/\\/`)
    .replace(/\b(www)\\\./gi, `$1${ZERO_WIDTH_SPACE}\\.`);
}

export interface MarkdownInlineCodeOptions {
  /** Longer values are cut to this many characters, the last one `…`. Unlimited when left out. */
  maxLength?: number;
}

/**
 * A value as an inline code span: nothing inside is markdown, HTML, a mention or a link. The
 * fence is one backtick longer than the longest run inside, and line breaks become spaces (a
 * line inside a span can still start a heading, since blocks are read before spans). Callers
 * must not start a line with it, since a line that starts with three backticks opens a fence.
 */
export function markdownInlineCode(text: string, options: MarkdownInlineCodeOptions = {}): string {
  let line = toOneLine(text);
  const { maxLength } = options;
  if (maxLength !== undefined && line.length > maxLength) line = `${line.slice(0, Math.max(maxLength - 1, 0))}…`;
  if (line.trim() === "") return `\`${"\u00a0".repeat(Math.max(line.length, 1))}\``;
  const fence = "`".repeat(longestRun(line, "`") + 1);
  // CommonMark strips one space on each side when both are there: pad only when the value's own
  // edges would otherwise be lost (a backtick would join the fence, or both spaces be stripped).
  const padded = line.startsWith("`") || line.endsWith("`") || (line.startsWith(" ") && line.endsWith(" ")) ? ` ${line} ` : line;
  return `${fence}${padded}${fence}`;
}

/**
 * A multi-line value as a fenced code block, for the top level of a document (never inside a
 * list item). The fence is at least three backticks and longer than any run of backticks in the
 * text, so no line of the text can close it; every line ending becomes "\n" and control and
 * bidi characters are removed. The block starts and ends on lines of its own.
 */
export function markdownFencedBlock(text: string, language = ""): string {
  const body = cleanUserText(text).replace(/\n+$/, "");
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  const info = language.replace(/[^A-Za-z0-9_+-]/g, "");
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * A link whose label is user text and whose target the caller built. Only http(s) URLs and
 * portal-relative paths are linked; anything else (`javascript:`, `data:`) is shown as text.
 */
export function markdownLink(label: string, url: string): string {
  const text = escapeMarkdownText(label);
  if (!/^(https?:\/\/|\/(?!\/))/i.test(url)) return text;
  // Angle brackets hold any destination; only <, >, line breaks and the backslash (which would
  // escape the closing >) need encoding inside them.
  const target = url.replace(/[<>\s\\]/g, (c) => encodeURIComponent(c));
  return `[${text}](<${target}>)`;
}

/** A single line of plain text for a PR or issue title: no line breaks or control characters, capped. */
export function plainTitle(text: string, maxLength = 200): string {
  const line = cleanUserText(text).replace(/\s+/g, " ").trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
