/*
 * lib/markdown: writing user text into markdown that GitHub renders, safely. A shared library
 * like lib/hcl: pure, no domain, imported as `@/lib/markdown` by any domain's core.
 */
export { cleanUserText, escapeMarkdownText, markdownFencedBlock, markdownInlineCode, markdownLink, plainTitle } from "./markdown-safe";
export type { MarkdownInlineCodeOptions } from "./markdown-safe";
