/*
 * lib/markdown: writing user text into markdown that GitHub renders, safely. A shared library
 * like lib/hcl: pure, no domain, imported as `@/lib/markdown` by any domain's core.
 */
export { escapeMarkdownText, markdownFencedBlock, markdownInlineCode, markdownLink } from "./markdown-safe";
