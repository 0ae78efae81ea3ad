import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false });

/**
 * Renders a PR body as GitHub does on its pages: GitHub-flavoured markdown (tables, task lists,
 * strikethrough, autolinks) through `marked`, then `sanitize-html` with an allow-list close to
 * GitHub's own (no script, style, iframe, event handlers, or URLs other than http(s) and mailto),
 * so a hostile body shows as text, never runs. Task-list boxes stay read-only, as on GitHub.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "h1", "h2", "del", "input", "details", "summary", "sub", "sup", "kbd"],
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
      input: ["type", "checked", "disabled"],
      ol: ["start"],
      details: ["open"],
    },
    allowedClasses: { code: ["language-*"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    exclusiveFilter: (frame) => frame.tag === "input" && (frame.attribs.type !== "checkbox" || frame.attribs.disabled === undefined),
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "nofollow noopener noreferrer" } }),
    },
  });
}
